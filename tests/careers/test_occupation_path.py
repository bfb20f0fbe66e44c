"""The occupation page's path: the program levels (with live counts and search links) and credentials leading there."""

import html
import re

import pytest
from django.core.management import call_command

from catalog.models import CIPCode, Program
from tests.factories import (
    CIPCodeFactory,
    CredentialFactory,
    EligibilityRuleFactory,
    OccupationFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

LEVEL_ROW = re.compile(r'<th scope="row">([^<]+)</th>\s*<td><a href="([^"]+)">([\d,]+) programs?</a>')
RESULT_COUNT = re.compile(r'id="result-count">\s*([\d,]+) programs?')


def level_rows(client, occupation):
    """{level label: (count, search url)} as the occupation page lists them."""
    response = client.get(occupation.get_absolute_url())
    assert response.status_code == 200
    return {
        html.unescape(label): (int(count.replace(",", "")), html.unescape(url))
        for label, url, count in LEVEL_ROW.findall(response.content.decode())
    }


def result_total(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return int(RESULT_COUNT.search(response.content.decode()).group(1).replace(",", ""))


def linked_occupation(code="51.0713"):
    occupation = OccupationFactory()
    CIPCodeFactory(code=code, title="Medical Insurance Coding Specialist/Coder").occupations.add(occupation)
    return occupation


def test_each_level_is_listed_with_its_count_and_a_link_giving_that_count(client):
    occupation = linked_occupation()
    series = CIPCodeFactory()  # 51.07: where College Scorecard files programs
    coder = CIPCode.objects.get(code="51.0713")
    certificate = Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE
    for _ in range(3):
        ProgramFactory(cip_code=series, credential_level=certificate)
    ProgramFactory(cip_code=coder, credential_level=certificate)
    ProgramFactory.create_batch(2, cip_code=series, credential_level=Program.CredentialLevel.ASSOCIATE)
    ProgramFactory(cip_code=series, credential_level=Program.CredentialLevel.BACHELOR)
    # A field the crosswalk does not link to this occupation: not counted, and the link leaves it out.
    ProgramFactory(cip_code=CIPCodeFactory(code="51.0701", title="Health Care Administration"))

    rows = level_rows(client, occupation)

    assert {label: count for label, (count, _) in rows.items()} == {
        "Undergraduate certificate or diploma": 4,
        "Associate's degree": 2,
        "Bachelor's degree": 1,
    }
    for count, url in rows.values():
        assert "credential_level=" in url
        assert result_total(client, url) == count


def test_drafts_and_archived_programs_are_not_counted(client):
    occupation = linked_occupation()
    series = CIPCodeFactory()
    ProgramFactory.create_batch(2, cip_code=series)
    ProgramFactory(cip_code=series, status=Program.Status.DRAFT)
    ProgramFactory(cip_code=series, status=Program.Status.ARCHIVED)
    ProgramFactory(cip_code=series, credential_level=Program.CredentialLevel.MASTER, status=Program.Status.DRAFT)

    rows = level_rows(client, occupation)

    assert list(rows) == ["Associate's degree"]
    count, url = rows["Associate's degree"]
    assert count == 2 == result_total(client, url)


def test_an_occupation_no_program_leads_to_says_so(client):
    occupation = linked_occupation()
    ProgramFactory(cip_code=CIPCodeFactory(code="51.0701", title="Health Care Administration"))
    unlinked = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")

    assert level_rows(client, occupation) == {}
    assert "No published program in the catalog leads to this occupation yet." in (
        client.get(occupation.get_absolute_url()).content.decode()
    )
    assert "no published program in the catalog leads to it" in (
        client.get(unlinked.get_absolute_url()).content.decode()
    )


def test_credentials_show_the_levels_their_eligibility_rules_name(client):
    occupation = linked_occupation()
    rhit = CredentialFactory(abbreviation="RHIT", name="Registered Health Information Technician")
    rhit.occupations.add(occupation)
    EligibilityRuleFactory(credential=rhit)
    cpc = CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")
    cpc.occupations.add(occupation)

    content = html.unescape(client.get(occupation.get_absolute_url()).content.decode())

    assert "Graduates are eligible to sit the exam: Associate's degree (CAHIIM-accredited)" in content
    assert "credential_level=2" in content
    assert "No eligibility rule naming program levels is recorded for it." in content


def test_bundled_medical_records_specialists_lists_certificate_and_associate_levels(client):
    call_command("load_bundled_data", verbosity=0)
    occupation = OccupationFactory._meta.model.objects.get(slug="medical-records-specialists")

    rows = level_rows(client, occupation)

    assert "Undergraduate certificate or diploma" in rows
    assert "Associate's degree" in rows
    for label in ("Undergraduate certificate or diploma", "Associate's degree"):
        count, url = rows[label]
        assert count > 0
        assert result_total(client, url) == count
