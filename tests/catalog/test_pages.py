"""The home page, a program's page and a school's page show real facts, each figure with its source."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from catalog.models import Program
from tests.factories import (
    CIPCodeFactory,
    CourseFactory,
    CredentialFactory,
    EligibilityRuleFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    WageEstimateFactory,
)
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def linked_occupation(cip_code, soc_code="29-2072", title="Medical Records Specialists", **wage):
    occupation = OccupationFactory(soc_code=soc_code, title=title)
    cip_code.occupations.add(occupation)
    WageEstimateFactory(occupation=occupation, **wage)
    return occupation


# Home


def test_home_explains_the_site_and_offers_three_ways_in(client):
    ProgramFactory(credential_level=Program.CredentialLevel.ASSOCIATE)
    ProgramFactory(credential_level=Program.CredentialLevel.ASSOCIATE)
    ProgramFactory(credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE)
    ProgramFactory(credential_level=Program.CredentialLevel.BACHELOR, status=Program.Status.DRAFT)
    occupation = OccupationFactory(title="Medical Records Specialists")
    WageEstimateFactory(occupation=occupation, annual_median=50250, release="May 2025")
    CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")

    response = client.get("/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Associate's degree (2 programs)" in text
    assert "Undergraduate certificate or diploma (1 program)" in text
    assert "Bachelor" not in text  # drafts are not counted
    assert "$50,250 (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert "Certified Professional Coder (AAPC)" in text
    content = response.content.decode()
    assert f'href="/programs/?credential_level={Program.CredentialLevel.ASSOCIATE}"' in content


def test_home_has_one_search_box_with_a_visually_hidden_label(client):
    content = client.get("/").content.decode()
    assert content.count('type="search"') == 1
    assert '<form class="search-form" role="search" method="get" action="/programs/">' in content
    assert '<label class="visually-hidden" for="home-search">Search programs</label>' in content


@pytest.mark.parametrize("print_view", [False, True])
def test_home_query_count_does_not_grow_with_the_catalog(client, django_assert_max_num_queries, print_view):
    """Guards against N+1 queries: many programs, careers and credentials cost the same queries as one.

    Three once the program list's index is built: the catalog's token (the index counts the programs by level);
    the careers with their newest national pay (subqueries of the same query); the credentials with their body.
    """
    for index in range(25):
        ProgramFactory(credential_level=index % 3 + 1)
        occupation = OccupationFactory(soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        WageEstimateFactory(occupation=occupation)
        may_2014 = datetime.date(2014, 5, 1)
        WageEstimateFactory(occupation=occupation, release="May 2014", reference_date=may_2014)
        CredentialFactory()
    build_search_index()
    with django_assert_max_num_queries(3):
        assert client.get("/", {"print": "1"} if print_view else {}).status_code == 200


# Program page


def test_program_page_names_what_the_school_has_not_reported_once(client):
    program = ProgramFactory()
    response = client.get(program.get_absolute_url())
    text = page_text(response)
    assert (
        "Not yet reported by the school Delivery, length, credit hours, program cost, admission prerequisite, "
        "externship, programmatic accreditation, courses, certifications it prepares for." in text
    )
    # No fact has a "not reported" line of its own: the facts list holds only what is known.
    assert "Not reported by the school yet" not in text
    facts = text[text.index("Program facts") : text.index("Not yet reported by the school")]
    assert "Delivery" not in facts and "Length" not in facts and "Courses" not in text
    # The way staff add what is missing.
    assert f'href="/admin/catalog/program/{program.pk}/change/"' in response.content.decode()
    assert "No earnings or debt figures have been published for this program yet." in text
    assert "Not yet verified by the school." in text and "Last verified by the school Not yet" in text
    assert "reviewed" not in text.lower()  # one word for one date


def test_program_page_shows_the_facts_the_school_added(client):
    cip = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder.")
    program = ProgramFactory(
        title="Medical Coding Certificate",
        cip_code=cip,
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
        delivery_mode=Program.DeliveryMode.ONLINE,
        length_months=9,
        credit_hours=Decimal("30.0"),
        cost=Decimal("4200.00"),
        cost_year=2025,
        source_note="School catalog",
        admission_prerequisite=Program.Prerequisite.HIGH_SCHOOL,
        externship_offered=True,
        externship_hours=80,
        accreditation=Program.Accreditation.AHIMA_PCAP,
        last_reviewed=datetime.date(2026, 1, 15),
        source_url="https://www.example.edu/coding",
    )
    CourseFactory(program=program, title="ICD-10-CM Coding", order=2)
    CourseFactory(program=program, title="Medical Terminology", order=1)
    program.prepares_for.add(CredentialFactory())

    response = client.get(program.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "Not reported by the school yet" not in text
    assert "Undergraduate certificate or diploma" in text
    assert "51.0713 Medical Insurance Coding Specialist/Coder." in text
    assert "Online" in text
    assert "9 months" in text
    assert "$4,200 (School catalog, 2025)" in text
    assert "High school diploma or GED" in text
    assert "Yes, 80 hours" in text
    assert "AHIMA-approved coding program (PCAP)" in text
    assert text.index("Medical Terminology") < text.index("ICD-10-CM Coding")
    assert "Last verified on Jan. 15, 2026 by the school." in text
    assert "Last verified by the school Jan. 15, 2026" in text
    assert 'href="https://www.example.edu/coding">School catalog</a>' in response.content.decode()


def test_program_page_lists_outcomes_with_source_release_and_the_premium_test(client):
    program = ProgramFactory()
    OutcomeFactory(program=program, median_earnings=41000, release_date=datetime.date(2026, 6, 10))
    OutcomeFactory(
        program=program,
        median_earnings=30000,
        state_hs_earnings_threshold=32000,
        earns_more_than_hs_graduates=False,
        release_date=datetime.date(2025, 1, 15),
    )

    text = page_text(client.get(program.get_absolute_url()))

    assert (
        "Graduates’ median earnings 4 years after completing "
        "$41,000 (College Scorecard field of study data, June 10, 2026)" in text
    )
    assert "College Scorecard field of study data, Jan. 15, 2025" in text
    assert "Passes" in text and "Does not pass" in text
    assert "state threshold $32,000" in text
    assert "The earnings-premium test asks whether a program’s graduates earn more than" in text
    assert text.index("June 10, 2026") < text.index("Jan. 15, 2025")


def test_program_page_links_credentials_and_the_occupations_of_its_cip_code(client):
    cip = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder.")
    program = ProgramFactory(cip_code=cip)
    program.prepares_for.add(CredentialFactory(abbreviation="CPC", name="Certified Professional Coder"))
    occupation = linked_occupation(cip, annual_median=50250, release="May 2025")
    unrelated = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    CIPCodeFactory(code="51.0701", title="Health/Health Care Administration/Management.").occupations.add(unrelated)

    response = client.get(program.get_absolute_url())

    text = page_text(response)
    assert "CPC: Certified Professional Coder (AAPC)" in text
    assert "Medical Records Specialists" in text
    assert "National median pay: $50,250 (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert "Medical and Health Services Managers" not in text
    assert f'href="{occupation.get_absolute_url()}"' in response.content.decode()


def test_program_page_says_when_it_was_derived_from_college_scorecard(client):
    derived = ProgramFactory(external_id="scorecard:100654:51.0713:1")
    added_by_school = ProgramFactory()
    assert "derived from College Scorecard" in page_text(client.get(derived.get_absolute_url()))
    assert "derived from College Scorecard" not in page_text(client.get(added_by_school.get_absolute_url()))


def test_program_page_links_its_school(client):
    school = InstitutionFactory(name="Lakeshore Technical College", city="Cleveland", state="WI")
    program = ProgramFactory(institution=school)
    response = client.get(program.get_absolute_url())
    assert f'<a href="{school.get_absolute_url()}">Lakeshore Technical College</a>, Cleveland, WI' in (
        response.content.decode()
    )


def test_draft_and_unknown_programs_are_not_found(client):
    draft = ProgramFactory(status=Program.Status.DRAFT)
    for url in [draft.get_absolute_url(), "/programs/no-such-program/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in page_text(response)


@pytest.mark.parametrize("print_view", [False, True])
@pytest.mark.parametrize("many", [1, 25])
def test_program_page_query_count_does_not_grow_with_its_content(
    client, django_assert_max_num_queries, many, print_view
):
    """Guards against N+1 queries: 25 courses, outcomes, credentials, rules, careers and other programs at the
    school cost the same queries as 1.

    Six: the program with its school's other programs; its courses, outcomes and credentials; its careers with
    their newest national pay (subqueries of the same query); the eligibility rules.
    """
    cip = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder.")
    program = ProgramFactory(cip_code=cip)
    for index in range(many):
        CourseFactory(program=program)
        OutcomeFactory(program=program, release_date=datetime.date(2010 + index, 1, 1))
        credential = CredentialFactory()
        program.prepares_for.add(credential)
        EligibilityRuleFactory(credential=credential, credential_levels=[], required_accreditation="")
        linked_occupation(cip, soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        OutcomeFactory(program=ProgramFactory(institution=program.institution))
    with django_assert_max_num_queries(6):
        response = client.get(program.get_absolute_url(), {"print": "1"} if print_view else {})
    assert response.status_code == 200
    context = response.context_data  # the Jinja2 page sends no template_rendered signal
    assert len(context["occupations"]) == len(context["other_programs"]) == len(context["credential_rules"]) == many


# School page


def test_school_page_shows_ipeds_facts_with_source_and_only_published_programs(client):
    school = InstitutionFactory(
        name="Lakeshore Technical College",
        city="Cleveland",
        state="WI",
        zip_code="53015",
        ownership="public",
        locale="rural",
        website="https://gotoltc.edu/",
        net_price_calculator_url="https://gotoltc.edu/npc",
        financial_aid_url="https://gotoltc.edu/aid",
        source="IPEDS HD2020",
    )
    published = ProgramFactory(institution=school, title="Medical Coding Certificate")
    OutcomeFactory(program=published, median_earnings=38500)
    ProgramFactory(institution=school, title="Secret Draft Program", status=Program.Status.DRAFT)

    response = client.get(school.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    content = response.content.decode()
    assert "<h1>Lakeshore Technical College</h1>" in content
    for fact in ["Cleveland", "WI", "53015", "Public", "Rural", "https://gotoltc.edu/", "Source: IPEDS HD2020"]:
        assert fact in text
    assert 'href="https://gotoltc.edu/npc"' in content
    assert 'href="https://gotoltc.edu/aid"' in content
    assert "Medical Coding Certificate" in text
    assert "$38,500 (College Scorecard field of study data, June 10, 2026)" in text
    assert "Secret Draft Program" not in text


def test_school_page_says_not_reported_for_missing_directory_facts(client):
    school = InstitutionFactory(zip_code="", website="", ownership="", locale="")
    text = page_text(client.get(school.get_absolute_url()))
    assert text.count("Not reported") >= 6
    assert "This school has no published programs in the catalog yet." in text


def test_unknown_school_is_not_found(client):
    assert client.get("/schools/no-such-school/").status_code == 404


@pytest.mark.parametrize("many", [1, 20])
def test_school_page_query_count_does_not_grow_with_its_programs(client, django_assert_max_num_queries, many):
    """Guards against N+1 queries: a school with 20 programs costs the same queries as one with 1."""
    school = InstitutionFactory()
    for _ in range(many):
        OutcomeFactory(program=ProgramFactory(institution=school))
    for print_view in ({}, {"print": "1"}):
        with django_assert_max_num_queries(3):
            assert client.get(school.get_absolute_url(), print_view).status_code == 200
