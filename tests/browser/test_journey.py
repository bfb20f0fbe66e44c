"""Whole journeys through the site in a real browser: a student on a phone, and a school's staff member."""

import re
from urllib.parse import urljoin

import pytest

from catalog.models import Program
from tests.factories import (
    CredentialFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    SchoolMembershipFactory,
    WageEstimateFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unguessable test passphrase"  # UserFactory's


@pytest.fixture(params=[False, True], ids=["javascript off", "javascript on"])
def student_phone(chromium, request):
    """A phone-sized page, with JavaScript off and on: the journey must work both ways."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=request.param)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def catalog():
    credential = CredentialFactory(abbreviation="CPC", slug="cpc", name="Certified Professional Coder")
    ohio_certificate = ProgramFactory(
        title="Medical Coding Certificate",
        institution=InstitutionFactory(name="Lakeshore Technical College", city="Cleveland", state="OH"),
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
    )
    ohio_certificate.prepares_for.add(credential)
    OutcomeFactory(program=ohio_certificate, median_earnings=41000)
    ohio_degree = ProgramFactory(
        title="Medical Billing and Coding", institution=InstitutionFactory(name="Summit College", state="OH")
    )
    OutcomeFactory(program=ohio_degree, median_earnings=45000)
    ProgramFactory(title="Medical Coding Diploma", institution=InstitutionFactory(name="Alamo Institute", state="TX"))
    occupation = OccupationFactory(title="Medical Records Specialists")
    occupation.cip_codes.add(ohio_certificate.cip_code)
    WageEstimateFactory(occupation=occupation)
    return {"certificate": ohio_certificate, "degree": ohio_degree, "credential": credential, "occupation": occupation}


def test_a_student_on_a_phone_searches_filters_sorts_compares_and_follows_a_program(
    live_server, student_phone, catalog
):
    page = student_phone
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").first.fill("coding")
    page.keyboard.press("Enter")
    page.wait_for_url("**/programs/?*q=coding*")
    assert "Medical Coding Diploma" in page.locator("main").inner_text()

    # Filter: only Ohio.
    page.locator("summary", has_text="State").click()
    page.get_by_label("Ohio").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**state=OH*")
    main = page.locator("main").inner_text()
    assert "Medical Coding Diploma" not in main
    assert "Medical Coding Certificate" in main and "Medical Billing and Coding" in main

    # Sort: highest median earnings first.
    page.get_by_label("Sort by").select_option("-earnings")
    page.get_by_role("button", name="Sort", exact=True).click()
    page.wait_for_url("**sort=-earnings*")
    main = page.locator("main").inner_text()
    assert main.index("Medical Billing and Coding") < main.index("Medical Coding Certificate")
    assert "state=OH" in page.url

    # Add both to compare, then compare them.
    for _ in range(2):
        page.get_by_role("button", name="Add to compare").first.click()
        page.wait_for_load_state()
    page.get_by_role("link", name="Compare (2)").first.click()
    page.wait_for_url("**/compare/?programs=*")
    table = page.locator("table").inner_text()
    assert "$41,000" in table and "$45,000" in table

    # Open a program, then its credential and its occupation.
    page.get_by_role("link", name="Medical Coding Certificate").first.click()
    page.wait_for_url(f"**{catalog['certificate'].get_absolute_url()}")
    page.get_by_role("link", name="CPC: Certified Professional Coder").click()
    page.wait_for_url(f"**{catalog['credential'].get_absolute_url()}")
    assert "Certified Professional Coder" in page.get_by_role("heading", level=1).inner_text()
    page.go_back()
    page.get_by_role("link", name="Medical Records Specialists").first.click()
    page.wait_for_url(f"**{catalog['occupation'].get_absolute_url()}")
    assert "Medical Records Specialists" in page.get_by_role("heading", level=1).inner_text()


def test_a_school_staff_member_edits_their_program_sees_it_public_and_cannot_open_another_school(
    live_server, phone_page
):
    own = ProgramFactory(title="Medical Coding Certificate")
    other = ProgramFactory(title="Health Information Technology")
    staff = SchoolMembershipFactory(institution=own.institution).user
    page = phone_page

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    page.goto(f"{live_server.url}/admin/catalog/program/{own.pk}/change/")
    page.locator("#id_title").fill("Medical Coding and Billing Certificate")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/catalog/program/")
    assert "was changed successfully" in page.locator("body").inner_text()

    page.goto(live_server.url + own.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Medical Coding and Billing Certificate"

    response = page.goto(f"{live_server.url}/admin/catalog/program/{other.pk}/change/")
    assert response.status == 404
    assert other.title not in page.locator("body").inner_text()


def test_a_spanish_speaking_student_searches_compares_follows_a_program_and_prints_a_handout_all_in_spanish(
    live_server, student_phone, catalog
):
    """Issue 16's journey: from /es/, a Spanish search, a program, its credential and career page, a comparison of
    two programs and a printed handout, every page in Spanish under /es/."""
    page = student_phone

    def in_spanish():
        assert "/es/" in page.url, page.url
        assert page.locator("html").get_attribute("lang") == "es", page.url

    page.goto(live_server.url + "/es/")
    in_spanish()
    page.get_by_role("searchbox").first.fill("certificado de codificación médica")
    page.keyboard.press("Enter")
    page.wait_for_url("**/es/programs/?*q=certificado*")
    in_spanish()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Programas de certificado o diploma de pregrado que coinciden con “codificación médica”"
    )
    assert "Medical Coding Certificate" in page.locator("main").inner_text()

    # Compare the two Ohio programs, found by their state in Spanish.
    page.goto(live_server.url + "/es/programs/?q=codificación+médica+en+Ohio")
    for _ in range(2):
        page.get_by_role("button", name="Agregar a la comparación").first.click()
        page.wait_for_load_state()
    page.get_by_role("link", name="Comparar (2)").first.click()
    page.wait_for_url("**/es/compare/?programs=*")
    in_spanish()
    table = page.locator("table").inner_text()
    # Django's Spanish number format groups thousands with a (no-break) space.
    assert re.search(r"Ingresos medianos de los graduados.*\$41\s000.*\$45\s000", table), table

    # A program, its credential (with the Spanish gloss of its name) and its career page.
    page.get_by_role("link", name="Medical Coding Certificate").first.click()
    page.wait_for_url(f"**/es{catalog['certificate'].get_absolute_url()}")
    in_spanish()
    page.get_by_role("link", name="CPC: Certified Professional Coder (Codificador Profesional Certificado)").click()
    page.wait_for_url(f"**/es{catalog['credential'].get_absolute_url()}")
    in_spanish()
    assert "Codificador Profesional Certificado" in page.get_by_role("heading", level=1).inner_text()
    page.go_back()
    page.get_by_role("link", name="Medical Records Specialists").first.click()
    page.wait_for_url(f"**/es{catalog['occupation'].get_absolute_url()}")
    in_spanish()

    # The program's handout, in Spanish.
    page.goto(f"{live_server.url}/es{catalog['certificate'].get_absolute_url()}")
    # The Print control is a link to the print-ready view (with JavaScript on, it also opens the print dialog).
    page.goto(urljoin(page.url, page.get_by_role("link", name="Imprimir").first.get_attribute("href")))
    assert "print=1" in page.url
    in_spanish()
    assert "Medical Coding Certificate" in page.locator("main").inner_text()
