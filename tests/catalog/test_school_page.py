"""A school's page: its programs under a heading per credential level, and its directory facts with the source."""

import html
import io
import re

import pytest
from django.core.management import call_command

from catalog.models import Institution, Program
from tests.factories import InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def level_headings(response):
    return re.findall(r'<h3 class="level-heading" id="level-\d+">(.*?)</h3>', response.content.decode())


def test_programs_are_grouped_under_a_heading_per_credential_level_in_level_order(client):
    school = InstitutionFactory()
    ProgramFactory(institution=school, title="Health Information Management", credential_level=3)
    ProgramFactory(institution=school, title="Medical Coding Certificate", credential_level=1)
    ProgramFactory(institution=school, title="Billing Certificate", credential_level=1)
    ProgramFactory(institution=school, title="Draft Master", credential_level=5, status=Program.Status.DRAFT)

    response = client.get(school.get_absolute_url())

    assert level_headings(response) == ["Undergraduate certificate or diploma", "Bachelor&#x27;s degree"]
    text = page_text(response)
    assert text.index("Undergraduate certificate or diploma Billing Certificate") < text.index(
        "Medical Coding Certificate"
    )
    assert text.index("Medical Coding Certificate") < text.index("Bachelor's degree Health Information Management")
    assert "Draft Master" not in text
    assert '<h4 class="card-title">' in response.content.decode()


def test_school_facts_include_the_metro_area_and_its_college_scorecard_page(client):
    school = InstitutionFactory(name="Lakeshore Technical College", unitid=240170, cbsa_code="31820")
    response = client.get(school.get_absolute_url())
    text = page_text(response)
    assert "Metro area (CBSA) code 31820" in text
    assert "IPEDS ID 240170 (College Scorecard page of Lakeshore Technical College)" in text
    assert 'href="https://collegescorecard.ed.gov/school/?240170"' in response.content.decode()


def test_a_school_page_in_the_bundled_data_groups_its_real_programs(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    school = Institution.objects.get(unitid=100663)

    response = client.get(school.get_absolute_url())

    levels = [
        Program.CredentialLevel(level).label.replace("'", "&#x27;")
        for level in sorted(set(school.programs.published().values_list("credential_level", flat=True)))
    ]
    assert level_headings(response) == levels
    assert len(levels) >= 2
    text = page_text(response)
    assert "Metro area (CBSA) code 13820" in text
    assert "Source: Name: College Scorecard, 2026-06-10 release; directory facts: IPEDS HD2020 (NCES)" in text
    assert (
        "Tuition and fees per year $8,568 in-state, $19,704 out-of-state (College Scorecard, 2018-19) "
        "For a year of full-time undergraduate study" in text
    )
    # Its program cards carry the same figure, and say once what the school has not reported.
    assert text.count("School’s tuition and fees per year: $8,568 in-state") == len(school.programs.published())
    assert "Not yet reported by the school: delivery, length, program cost." in text
