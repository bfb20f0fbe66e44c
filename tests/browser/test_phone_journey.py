"""A student on a phone, with JavaScript off, finds a program and reaches its school."""

import pytest

from catalog.models import Program
from tests.factories import InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_to_program_page_works_without_javascript(live_server, phone_page):
    school = InstitutionFactory(
        name="Lakeshore Technical College", slug="lakeshore-technical-college", city="Cleveland"
    )
    program = ProgramFactory(
        institution=school,
        title="Medical Coding Certificate",
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
    )
    OutcomeFactory(program=program, median_earnings=41000)
    ProgramFactory(title="Health Information Management")

    phone_page.goto(live_server.url + "/")
    phone_page.get_by_role("searchbox").first.fill("coding")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url("**/programs/?*q=coding*")
    results = phone_page.locator("main")
    assert "Medical Coding Certificate" in results.inner_text()
    assert "Health Information Management" not in results.inner_text()

    phone_page.get_by_role("link", name="Medical Coding Certificate").first.click()
    phone_page.wait_for_url(f"**/programs/{program.slug}/")
    assert "$41,000" in phone_page.locator("main").inner_text()

    phone_page.get_by_role("link", name="Lakeshore Technical College").first.click()
    phone_page.wait_for_url(f"**/schools/{school.slug}/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Lakeshore Technical College"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main-content"
    # The focused skip link must be visible on screen, not just present for screen readers.
    box = phone_page.locator("a[href='#main-content']").bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("location.hash") == "#main-content"


def test_pages_fit_a_phone_screen_without_sideways_scrolling(live_server, phone_page):
    program = ProgramFactory(title="Associate of Applied Science in Medical Billing and Coding")
    for path in ["/", "/programs/", program.get_absolute_url(), program.institution.get_absolute_url()]:
        phone_page.goto(live_server.url + path)
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a 390px-wide screen"
