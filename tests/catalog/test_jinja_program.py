"""The program page in Jinja2 (config/jinja2.py) writes the markup its Django template wrote, byte for byte.

tests/fixtures/markup/program/ holds that Django template as it was when the page moved to Jinja2 (issue 15); it is
rendered here through Django's engine with the real base.html, next to the page as it is served (tests/
jinja_reference.py): for bundled programs of every level, for a listing that fills every fact with words that need
escaping, for one that says no to everything it can, for a staff preview of a draft, and for programs with IPEDS
fields imported from the NCES-layout fixtures; in English and Spanish, on screen and for print, with and without a
compare list. A deliberate change to the page's markup changes the Jinja2 template and its reference together (or
retires the reference)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from catalog.compare import COOKIE_NAME, COOKIE_SEPARATOR
from catalog.models import CIPCode, Program
from catalog.views import ProgramDetailView
from tests.catalog.test_import_ipeds import catalog as fixture_catalog  # noqa: F401 (a fixture)
from tests.catalog.test_program_fields import imported as ipeds_imported  # noqa: F401 (a fixture)
from tests.factories import (
    CourseFactory,
    CredentialFactory,
    EligibilityRuleFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    SchoolMembershipFactory,
    WageEstimateFactory,
)
from tests.jinja_reference import add_reference_engine, address, served_and_reference

pytestmark = pytest.mark.django_db

QUERIES = [{}, {"print": "1"}, {"print": "0", "utm": "<x>&'y'"}]
LANGUAGES = ["", "/es"]


@pytest.fixture
def reference_engine(settings):
    add_reference_engine(settings, "program")


def assert_same_markup(program, queries=QUERIES, client=None, extra=None):
    """The program's page as served is its reference's markup, in both languages and for each query."""
    pages = []
    for language in LANGUAGES:
        for query in queries:
            query = {**query, **(extra or {})}
            served, reference = served_and_reference(ProgramDetailView, address(program, language), query, client)
            assert served == reference, (program.slug, language, query)
            pages.append(served)
    return pages


def full_program():
    """A listing that fills every fact the page shows, whose words need escaping: quotes, ampersands, brackets."""
    cip = CIPCode.objects.create(
        code="51.0713", title="Medical <Insurance> Coding & Billing", definition='A "definition" & <more>.'
    )
    school = InstitutionFactory(
        name='St. Mary\'s "College" & <Sons>',
        city="O'Fallon",
        state="MO",
        website="https://example.edu/?a=1&b=<2>",
        tuition_in_state=4200,
        tuition_out_of_state=9800,
        tuition_year="2024-25",
        tuition_source="College Scorecard",
    )
    program = ProgramFactory(
        institution=school,
        cip_code=cip,
        title='Coding & "Billing" <Certificate>',
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
        delivery_mode=Program.DeliveryMode.HYBRID,
        length_months=11,
        credit_hours=Decimal("31.5"),
        cost=Decimal("12345.67"),
        cost_year=2025,
        admission_prerequisite=Program.Prerequisite.HIGH_SCHOOL,
        prerequisite_notes="Typing & <keyboarding> 'test'.",
        externship_offered=True,
        externship_hours=1,
        externship_description="160 hours at a clinic & <lab>.",
        accreditation=Program.Accreditation.CAHIIM,
        description="First <b>line</b> & more.\n\nSecond 'paragraph'.",
        last_reviewed=datetime.date(2026, 3, 9),
        source_url="https://example.edu/catalog?x=1&y=2",
        source_note='The school\'s "catalog" & <notes>',
    )
    CourseFactory(program=program, title="Anatomy & <Physiology>", credits=Decimal("4.5"))
    CourseFactory(program=program, title="ICD-10-CM 'Coding'", credits=None)
    OutcomeFactory(program=program)
    OutcomeFactory(
        program=program,
        earnings_horizon="",
        median_debt=None,
        release_date=datetime.date(2024, 10, 1),
        source="Scorecard & <friends>",
        source_url="https://collegescorecard.ed.gov/?a=1&b=2",
    )
    credential = CredentialFactory(name="Certified <Professional> Coder", abbreviation="C&C")
    program.prepares_for.add(credential)
    EligibilityRuleFactory(credential=credential, credential_levels=[Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE])
    occupation = OccupationFactory(title="Coders & <Billers>")
    WageEstimateFactory(occupation=occupation)
    cip.occupations.add(occupation)
    ProgramFactory(institution=school, title="Health <Information> & Records", credential_level=2)
    return program


def bare_program():
    """A listing that says no, nothing or zero wherever it can: no externship, a cost of $0 with no source named,
    no tuition, no website, no source, no figures."""
    school = InstitutionFactory(name="Plain & <School>", city="", state="", ownership="", website="")
    return ProgramFactory(
        institution=school,
        externship_offered=False,
        cost=Decimal("0"),
        cost_year=2025,
        credit_hours=Decimal("0"),
        delivery_mode=Program.DeliveryMode.ONLINE,
        admission_prerequisite=Program.Prerequisite.NONE,
    )


def test_a_program_with_every_fact_and_words_to_escape_is_its_django_templates_markup(reference_engine):
    program = full_program()
    for page in assert_same_markup(program):
        assert "<h1>Coding &amp; &quot;Billing&quot; &lt;Certificate&gt;</h1>" in page
        assert "Anatomy &amp; &lt;Physiology&gt;" in page
        assert "C&amp;C" in page


def test_a_program_in_a_visitors_compare_list_is_its_django_templates_markup(reference_engine):
    program = full_program()
    client = Client()
    client.cookies[COOKIE_NAME] = COOKIE_SEPARATOR.join([program.slug, "another-program"])
    for page in assert_same_markup(program, queries=[{}], client=client):
        assert f'id="compare-{program.slug}"' in page and "compare-link" in page


def test_a_program_that_reports_little_is_its_django_templates_markup(reference_engine):
    pages = assert_same_markup(bare_program())
    assert "Not yet reported by the school" in pages[0]
    assert "Plain &amp; &lt;School&gt;</a>" in pages[0]


def test_a_staff_preview_of_a_draft_is_its_django_templates_markup(reference_engine):
    draft = ProgramFactory(status=Program.Status.DRAFT, title="Draft & <coding>")
    client = Client()
    client.force_login(SchoolMembershipFactory(institution=draft.institution).user)
    for page in assert_same_markup(draft, queries=[{"preview": "1"}, {"preview": "1", "print": "1"}], client=client):
        assert 'class="notice" role="status"' in page


def test_programs_with_imported_ipeds_fields_are_their_django_templates_markup(reference_engine, request):
    shown = 0
    for program in request.getfixturevalue("ipeds_imported").values():
        for page in assert_same_markup(program):
            shown += 'id="fields"' in page
    assert shown, "no imported program showed its IPEDS fields"


def test_bundled_programs_of_every_level_are_their_django_templates_markup(reference_engine):
    call_command("load_bundled_data", stdout=io.StringIO())
    programs = [
        program
        for level in Program.CredentialLevel.values
        for program in Program.objects.published().filter(credential_level=level).order_by("slug")[:3]
    ]
    assert len({program.credential_level for program in programs}) >= 3
    for program in programs:
        assert_same_markup(program)
