"""Credential pages: exam, fees with their dates, what is unverified, and where the credential leads."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from catalog.models import Program
from tests.factories import (
    CertifyingBodyFactory,
    CredentialFactory,
    CredentialFeeFactory,
    EligibilityRuleFactory,
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


def ahima():
    return CertifyingBodyFactory(abbreviation="AHIMA", name="American Health Information Management Association")


def test_credential_list_groups_credentials_by_body(client):
    CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")
    CredentialFactory(abbreviation="CCS", name="Certified Coding Specialist", body=ahima())
    CredentialFactory(
        abbreviation="COC", name="Certified Outpatient Coder", former_abbreviation="CPC-H", status="active"
    )

    response = client.get("/certifications/")

    assert response.status_code == 200
    text = page_text(response)
    aapc_section = text.split("American Academy of Professional Coders (AAPC)")[1].split("American Health")[0]
    assert "CPC: Certified Professional Coder" in aapc_section
    assert "COC: Certified Outpatient Coder Formerly CPC-H" in aapc_section
    assert "CCS: Certified Coding Specialist" in text.split("American Health Information Management Association")[1]


def test_credential_list_shows_lowest_fee_with_date_and_unverified_label(client):
    credential = CredentialFactory(abbreviation="CPC")
    CredentialFeeFactory(credential=credential, amount=Decimal("499.00"), description="two attempts")
    CredentialFeeFactory(credential=credential, amount=Decimal("399.00"), description="one attempt", verified=False)

    text = page_text(client.get("/certifications/"))

    assert "Exam fee from $399 (AAPC, as of Jan. 1, 2025) unverified" in text


def test_credential_page_shows_exam_fees_eligibility_renewal_and_former_name(client):
    credential = CredentialFactory(
        abbreviation="COC",
        name="Certified Outpatient Coder",
        former_abbreviation="CPC-H",
        former_name="Certified Professional Coder-Hospital",
        exam_questions=100,
        exam_minutes=240,
        exam_open_book=True,
        exam_delivery="Online or in person at a testing center",
        eligibility="No formal prerequisite; two years of experience recommended.",
        renewal_ceus=36,
        renewal_cycle_years=2,
        membership_required=True,
        apprentice_designation="COC-A",
        apprentice_notes="Removed after two years of coding experience.",
        source_url="https://www.aapc.com/certifications/coc",
        as_of=datetime.date(2025, 3, 1),
    )
    CredentialFeeFactory(
        credential=credential, amount=Decimal("499.00"), description="two attempts, online", verified=True
    )

    response = client.get(credential.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "Formerly CPC-H (Certified Professional Coder-Hospital)." in text
    assert "Questions 100" in text
    assert "Time allowed 240 minutes" in text
    assert "Yes, open code book" in text
    assert "Online or in person at a testing center" in text
    assert "Exam facts from AAPC, as of March 1, 2025." in text
    assert "$499 (AAPC, as of Jan. 1, 2025): two attempts, online" in text
    assert "The exam unverified" not in text
    assert "two attempts, online unverified" not in text
    assert "two years of experience recommended" in text
    assert "36 CEUs every 2 years" in text
    assert "Required: you must stay a member of AAPC to keep it" in text
    assert "hold it as COC-A at first" in text
    assert "Removed after two years of coding experience." in text
    assert "facts as of March 1, 2025" in text
    assert 'href="https://www.aapc.com/certifications/coc"' in response.content.decode()


def test_unverified_exam_facts_and_fees_are_labelled(client):
    credential = CredentialFactory(exam_verified=False)
    CredentialFeeFactory(credential=credential, verified=False, source="open-exam-prep.com (secondary page)")

    text = page_text(client.get(credential.get_absolute_url()))

    assert "The exam unverified" in text
    assert "Unverified: these facts come from a secondary page" in text
    # The fee names the site it was found on, not the issuer it was not confirmed by.
    assert "$499 (open-exam-prep.com (secondary page), as of Jan. 1, 2025): two attempts, in person unverified" in text


def test_credential_page_lists_its_careers_with_pay_and_the_programs_preparing_for_it(client):
    credential = CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")
    occupation = OccupationFactory(title="Medical Records Specialists")
    WageEstimateFactory(occupation=occupation, annual_median=50250)
    credential.occupations.add(occupation)
    for index in range(7):
        program = ProgramFactory(title=f"Coding Program {index}")
        OutcomeFactory(program=program)
        program.prepares_for.add(credential)
    ProgramFactory(title="Draft Coding Program", status=Program.Status.DRAFT).prepares_for.add(credential)

    text = page_text(client.get(credential.get_absolute_url()))

    assert "Medical Records Specialists National median pay: $50,250 (BLS Occupational Employment" in text
    assert "7 programs in the catalog say they prepare for this credential. Here are the first 5." in text
    assert text.count("Coding Program") == 5
    assert "Draft Coding Program" not in text


def test_credential_without_programs_or_careers_says_so(client):
    text = page_text(client.get(CredentialFactory().get_absolute_url()))
    assert "No program in the catalog says it prepares for this credential yet." in text


def test_unknown_credential_is_not_found(client):
    response = client.get("/certifications/no-such-credential/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


@pytest.mark.parametrize("print_view", [{}, {"print": "1"}])
@pytest.mark.parametrize("count", [1, 25])
def test_credential_list_query_count_does_not_grow(client, django_assert_max_num_queries, count, print_view):
    """Guards against N+1 queries: 25 credentials with fees cost the same queries as one."""
    for _ in range(count):
        CredentialFeeFactory(credential=CredentialFactory(body=ahima() if count % 2 else None))
    with django_assert_max_num_queries(2):
        assert client.get("/certifications/", print_view).status_code == 200


@pytest.mark.parametrize("print_view", [False, True])
@pytest.mark.parametrize("count", [1, 25])
def test_credential_page_query_count_does_not_grow(client, django_assert_max_num_queries, count, print_view):
    """Guards against N+1 queries: many fees, careers, programs and rules cost the same queries as one of each.

    Six, once the program list's index is built: the credential with its body and the catalog's token (the index
    counts the programs that prepare for it and those each rule covers); its fees; its careers with their national
    pay (subqueries); its rules; the first programs and their outcomes.
    """
    credential = CredentialFactory()
    for index in range(count):
        CredentialFeeFactory(credential=credential, amount=Decimal(100 + index))
        occupation = OccupationFactory(soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        WageEstimateFactory(occupation=occupation)
        credential.occupations.add(occupation)
        program = ProgramFactory()
        OutcomeFactory(program=program)
        program.prepares_for.add(credential)
        EligibilityRuleFactory(
            credential=credential, key=f"rule-{index}", credential_levels=[index % 3 + 2], required_accreditation=""
        )
    ProgramFactory(status=Program.Status.DRAFT).prepares_for.add(credential)
    build_search_index()
    with django_assert_max_num_queries(6):
        response = client.get(credential.get_absolute_url(), {"print": "1"} if print_view else {})
    assert response.status_code == 200
    assert response.context["program_count"] == count
    rules = response.context["rules"]
    counted = [Program.objects.published().filter(rule.program_condition()).count() for rule in rules]
    assert [rule.program_count for rule in rules] == counted
    assert max(rule.program_count for rule in rules) == count  # the associate programs, under level 2's rules
