"""Every program page shows the credentials the issuers' rules tie to it, with the rule's source, and its careers."""

import io
import random

import pytest
from django.core.management import call_command

from catalog.models import Program
from certifications.models import EligibilityRule
from tests.factories import CIPCodeFactory, CredentialFactory, EligibilityRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def rules_section(response):
    page = response.content.decode()
    return page[page.index('id="credentials-rules"') : page.index('id="careers"')]


def test_a_cahiim_associate_program_shows_rhit_by_the_rules_with_the_rules_source(client):
    EligibilityRuleFactory(credential__abbreviation="RHIT", source="AHIMA certification pages")
    accredited = ProgramFactory(accreditation=Program.Accreditation.CAHIIM, cip_code=CIPCodeFactory(code="51.0707"))
    plain = ProgramFactory()

    section = rules_section(client.get(accredited.get_absolute_url()))
    assert "RHIT:" in section and "eligible to sit the exam" in section and "AHIMA certification pages" in section
    assert "RHIT:" not in rules_section(client.get(plain.get_absolute_url()))


def test_the_schools_own_prepares_for_list_and_the_rules_list_are_both_shown(client):
    program = ProgramFactory(credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE)
    program.prepares_for.add(CredentialFactory(abbreviation="CRC", name="Certified Risk Adjustment Coder"))
    EligibilityRuleFactory(
        credential__abbreviation="CPC", kind="prepares", credential_levels=[1, 2], required_accreditation=""
    )

    page = client.get(program.get_absolute_url()).content.decode()

    school = page[page.index('id="credentials-school"') : page.index('id="credentials-rules"')]
    assert "CRC: Certified Risk Adjustment Coder" in school
    assert "CPC:" in rules_section(client.get(program.get_absolute_url()))


def test_eligible_for_gives_the_programs_a_school_names_and_those_the_rules_cover(client):
    rhit = EligibilityRuleFactory().credential
    accredited = ProgramFactory(accreditation=Program.Accreditation.CAHIIM)
    named = ProgramFactory(credential_level=Program.CredentialLevel.BACHELOR)
    named.prepares_for.add(rhit)
    ProgramFactory()

    assert set(Program.objects.eligible_for(rhit)) == {accredited, named}
    rule = rhit.rules.get()
    search = client.get(rule.search_url()).context["page_obj"].paginator.count
    assert search == Program.objects.published().filter(rule.program_condition()).count() == 1


def test_in_the_bundled_data_certificate_and_associate_pages_show_cpc_cca_and_an_occupation_with_pay(
    client, django_assert_max_num_queries
):
    """Guards against N+1 queries too: each sampled page costs the same fixed number of queries."""
    call_command("load_bundled_data", stdout=io.StringIO())
    covered = Program.objects.published().filter(credential_level__in=[1, 2]).order_by("pk")
    levels_with_rules = {level for rule in EligibilityRule.objects.all() for level in rule.credential_levels}
    assert {1, 2} <= levels_with_rules
    sample = random.Random(5).sample(list(covered), 40)
    for program in sample:
        with django_assert_max_num_queries(6):
            response = client.get(program.get_absolute_url())
        section = rules_section(response)
        assert "CPC: Certified Professional Coder" in section, program.slug
        assert "CCA: Certified Coding Associate" in section, program.slug
        assert "aapc.com" in section
        careers = response.content.decode().split('id="careers"')[1]
        assert "Medical Records Specialists" in careers and "National median pay" in careers
    # Bachelor's and master's pages in the bundle have no accreditation reported, so RHIA is not claimed.
    bachelor = Program.objects.published().filter(credential_level=3).first()
    assert "RHIA" not in rules_section(client.get(bachelor.get_absolute_url()))
