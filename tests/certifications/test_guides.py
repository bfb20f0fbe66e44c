"""Program guides: the article's levels of study, each with its live program count and search link."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.models import Program
from certifications.models import Guide
from tests.factories import (
    CIPCodeFactory,
    EligibilityRuleFactory,
    GuideFactory,
    OccupationFactory,
    ProgramFactory,
    WageEstimateFactory,
)

pytestmark = pytest.mark.django_db


def search_total(client, url):
    """The total the program search shows for a link."""
    return client.get(url).context["page_obj"].paginator.count


def test_a_guide_lists_its_courses_admission_and_the_no_masters_in_coding_note_as_editorial_text(client):
    guide = GuideFactory(note="There is no master's degree in medical billing and coding itself.")

    text = client.get(guide.get_absolute_url()).content.decode()

    assert "Medical terminology" in text and "Diagnosis codes" in text
    assert "A high school diploma or GED." in text
    assert "English, Keyboarding" in text
    assert "no master&#x27;s degree in medical billing and coding itself" in text
    assert "editorial guidance, not a figure" in text


def test_a_guides_program_count_equals_the_total_of_its_filtered_search(client):
    ProgramFactory.create_batch(3, credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE)
    ProgramFactory(credential_level=Program.CredentialLevel.ASSOCIATE)
    ProgramFactory(credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE, status=Program.Status.DRAFT)
    ProgramFactory(
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE, cip_code=CIPCodeFactory(code="51.0713")
    )
    guide = GuideFactory()

    response = client.get(guide.get_absolute_url())

    assert response.context["guide"].program_count == 4
    assert search_total(client, guide.search_url()) == 4
    assert f'href="{guide.search_url().replace("&", "&amp;")}"' in response.content.decode()


def test_a_guide_shows_the_credentials_its_level_leads_to_and_its_occupations_with_pay(client):
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)
    guide = GuideFactory(credential_levels=[Program.CredentialLevel.ASSOCIATE])
    guide.occupations.add(occupation)
    rule = EligibilityRuleFactory(credential__abbreviation="RHIT")
    EligibilityRuleFactory(credential__abbreviation="RHIA", credential_levels=[Program.CredentialLevel.BACHELOR])

    text = client.get(guide.get_absolute_url()).content.decode()

    assert f"RHIT: {rule.credential.name}" in text and "only from a program that is CAHIIM-accredited" in text
    assert "RHIA" not in text
    assert "Medical Records Specialists" in text and "$51,140" in text


@pytest.mark.parametrize("print_view", [{}, {"print": "1"}])
@pytest.mark.parametrize("count", [1, 25])
def test_guide_pages_cost_the_same_queries_however_many_rules_and_occupations(
    client, django_assert_max_num_queries, count, print_view
):
    """Guards against N+1 queries: rules, credentials and occupations are read in a fixed number of queries.

    A guide: the guide, its occupations with their national pay (subqueries), the count of its programs, and
    the rules. The list: the guides and one count of their programs.
    """
    guide = GuideFactory()
    for index in range(count):
        occupation = OccupationFactory(soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        WageEstimateFactory(occupation=occupation)
        guide.occupations.add(occupation)
        EligibilityRuleFactory(credential_levels=[1], required_accreditation="")
        GuideFactory(order=10 + index)
    with django_assert_max_num_queries(4):
        response = client.get(guide.get_absolute_url(), print_view)
    assert response.status_code == 200
    assert len(response.context["rules"]) == count
    with django_assert_max_num_queries(2):
        assert client.get("/guides/", print_view).status_code == 200


def test_an_unknown_guide_is_a_404(client):
    assert client.get("/guides/no-such-guide/").status_code == 404


def test_in_the_bundled_data_every_guide_count_matches_its_search_and_its_page_renders(client):
    call_command("load_bundled_data", stdout=io.StringIO())

    guides = list(Guide.objects.all())
    assert [guide.slug for guide in guides] == [
        "certificate",
        "associate-medical-billing-coding",
        "bachelors-health-information-management",
        "ms-health-information-management",
        "ms-healthcare-management",
    ]
    listing = client.get("/guides/").context["guides"]
    for guide in listing:
        assert guide.program_count == search_total(client, guide.search_url()), guide.slug
        assert guide.program_count > 0
        page = client.get(guide.get_absolute_url()).content.decode()
        assert "National median pay" in page
    note = client.get("/guides/ms-health-information-management/").content.decode()
    assert "no master&#x27;s degree in medical billing and coding itself" in note


# certifications/guides/rule.html as it was before {% eligibility_rule %} (issue 15), for the markup the tag keeps.
MARKUP = Path(__file__).resolve().parent.parent / "fixtures" / "markup"
RULE_INCLUDE = (MARKUP / "eligibility_rule.html").read_text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_eligibility_rule_is_the_markup_its_include_gave(language):
    import datetime

    from django.template import engines
    from django.utils import translation

    from tests.factories import CredentialFactory

    rules = [
        EligibilityRuleFactory(),
        EligibilityRuleFactory(
            kind="prepares",
            required_accreditation="",
            source_url="",
            source='AAPC <exam> & "handbook"',
            experience_note="Two years of coding experience & more.",
            as_of=datetime.date(2024, 12, 31),
            credential=CredentialFactory(name="Certified Professional Coder", abbreviation="CPC"),
        ),
    ]
    engine = engines["django"]
    include = engine.from_string(RULE_INCLUDE)
    tag = engine.from_string("{% load credentials %}{% eligibility_rule rule %}")
    with translation.override(language):
        for rule in rules:
            assert tag.render({"rule": rule}) == include.render({"rule": rule})
    with translation.override(language):
        shown = tag.render({"rule": rules[1]})
    assert "&lt;exam&gt; &amp;" in shown and "coding experience &amp; more" in shown


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_credentials_source_note_is_the_markup_its_include_gave(language):
    import datetime

    from django.template import engines
    from django.utils import translation

    from tests.factories import CredentialFactory

    markup = MARKUP / "source_note.html"
    include = engines["django"].from_string(markup.read_text())
    tag = engines["django"].from_string("{% load credentials %}{% credential_source_note credential %}")
    credentials = [
        CredentialFactory(source_url="https://www.aapc.com/?a=1&b=2", as_of=datetime.date(2025, 3, 1)),
        CredentialFactory(source_url=""),
    ]
    for credential in credentials:
        with translation.override(language):
            assert tag.render({"credential": credential}) == include.render({"credential": credential})
