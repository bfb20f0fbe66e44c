"""The pathway page: from what a reader holds, the next programs, credentials and careers, in order."""

import pytest

from catalog.models import Program
from certifications.models import EligibilityRule
from tests.factories import EligibilityRuleFactory, GuideFactory, OccupationFactory, ProgramFactory, WageEstimateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder():
    """Certificate -> CPC -> medical records specialist; associate CAHIIM -> RHIT; master's (bachelor's to enter)."""
    specialists = OccupationFactory()
    WageEstimateFactory(occupation=specialists)
    managers = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    WageEstimateFactory(occupation=managers, annual_median=123860, annual_p75=150000, annual_p90=200000)
    certificate = GuideFactory(slug="certificate", title="Certificate in coding", order=1)
    certificate.occupations.add(specialists)
    GuideFactory(slug="associate", title="Associate in coding", order=2, credential_levels=[2])
    master = GuideFactory(
        slug="master", title="Master in HIM", order=3, credential_levels=[5], admission_prerequisite="bachelor"
    )
    master.occupations.add(managers)
    cpc = EligibilityRuleFactory(
        key="cpc", credential__abbreviation="CPC", kind="prepares", credential_levels=[1, 2], required_accreditation=""
    )
    cpc.credential.occupations.add(specialists)
    EligibilityRuleFactory(key="rhit", credential__abbreviation="RHIT", credential__name="Registered HIT")
    ProgramFactory.create_batch(2, credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE)
    return {"cpc": cpc}


def text(response):
    return " ".join(response.content.decode().split())


def test_from_a_high_school_diploma_the_steps_go_program_then_credential_then_career_in_order(client, ladder):
    page = text(client.get("/pathways/", {"have": "high_school"}))

    certificate = page.index("Certificate in coding")
    assert certificate < page.index("Associate in coding")
    assert "Master in HIM" not in page  # a master's needs a bachelor's
    step = page[certificate : page.index("Associate in coding")]
    assert "2 programs in the catalog" in step
    assert step.index("Study:") < step.index("CPC:") < step.index("Medical Records Specialists") < step.index("$51,140")


def test_an_associate_from_a_cahiim_program_is_told_it_is_rhit_eligible_now_and_a_bachelor_sees_masters(client, ladder):
    now = text(client.get("/pathways/", {"have": "associate", "field": "him_cahiim"})).split("Option 1")[0]
    assert "RHIT: Registered HIT" in now and "eligible to sit the exam" in now

    other = text(client.get("/pathways/", {"have": "associate", "field": "other"})).split("Option 1")[0]
    assert "RHIT" not in other

    bachelor = text(client.get("/pathways/", {"have": "bachelor"}))
    assert "Master in HIM" in bachelor and "$123,860" in bachelor
    assert "Certificate in coding" not in bachelor


def test_changing_a_rule_in_the_admin_changes_the_pathway(admin_client, client, ladder):
    rule = ladder["cpc"]
    assert "CPC:" in text(client.get("/pathways/", {"have": "high_school"})).split("Associate in coding")[0]

    response = admin_client.post(
        f"/admin/certifications/eligibilityrule/{rule.pk}/change/",
        {
            "key": rule.key,
            "credential": rule.credential.pk,
            "kind": "prepares",
            "credential_levels": ["2"],
            "cip_code": "51.07",
            "required_accreditation": "",
            "requirement": rule.requirement,
            "experience_note": "",
            "source": rule.source,
            "source_url": rule.source_url,
            "as_of": "2025-01-01",
        },
    )

    assert response.status_code == 302
    assert EligibilityRule.objects.get(pk=rule.pk).credential_levels == [2]
    page = text(client.get("/pathways/", {"have": "high_school"}))
    assert "CPC:" not in page.split("Associate in coding")[0]
    assert "CPC:" in page.split("Associate in coding")[1]


@pytest.mark.parametrize(
    "query",
    [{"have": "phd"}, {"have": "high_school", "field": "<script>"}, {"have": ["associate", "bachelor"]}, {"x": "1"}],
)
def test_values_the_form_does_not_know_show_the_form_again_never_an_error(client, ladder, query):
    response = client.get("/pathways/", query)

    assert response.status_code == 200
    assert response.context["pathway"] is None or query.get("have") == ["associate", "bachelor"]


def test_the_result_is_a_shareable_get_url_that_works_without_javascript(client, ladder):
    page = client.get("/pathways/").content.decode()

    assert '<form method="get" action="/pathways/"' in page
    assert 'name="have"' in page and 'type="submit"' in page


def test_the_pathway_costs_the_same_queries_however_many_rules_and_guides(
    client, ladder, django_assert_max_num_queries
):
    """Guards against N+1 queries: rules, guides, occupations and counts are read in a fixed number of queries.

    Five: the rules with their credentials, the credentials' occupations (with their national pay, as
    subqueries), the guides, the guides' occupations, and one count of the guides' programs.
    """
    for index in range(25):
        occupation = OccupationFactory(soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        WageEstimateFactory(occupation=occupation)
        GuideFactory(order=10 + index, credential_levels=[3]).occupations.add(occupation)
        EligibilityRuleFactory(credential_levels=[3]).credential.occupations.add(occupation)
    for query in ({"have": "high_school"}, {"have": "associate", "field": "him_cahiim", "print": "1"}):
        with django_assert_max_num_queries(5):
            response = client.get("/pathways/", query)
        assert response.status_code == 200
        assert len(response.context["pathway"].steps) >= 25
