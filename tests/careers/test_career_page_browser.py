"""The occupation page in a real browser on a phone, JavaScript off: state picker, sort links, no sideways scroll."""

import os
import threading

import pytest
from django.conf import settings
from django.db import transaction

from careers.importers import load
from catalog.importing import LoadReport
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_own_thread(steps):
    """Run Playwright in a thread of its own: the browser tests' session-wide Playwright owns this thread's loop."""
    failures = []

    def run():
        try:
            steps()
        except BaseException as exc:  # re-raised in the test's thread below
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.fixture
def browser_path():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required (REQUIRE_BROWSER=1) but {CHROMIUM} does not exist")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    return CHROMIUM


def test_a_student_on_a_phone_finds_ohio_pay_and_the_2014_comparison_without_javascript(live_server, browser_path):
    with transaction.atomic():
        load(settings.BASE_DIR / "careers" / "data", LoadReport())

    def steps():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=LAUNCH_ARGS)
            context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
            page = context.new_page()
            page.goto(live_server.url + "/careers/")
            page.get_by_role("link", name="Medical Records Specialists").first.click()
            page.wait_for_url("**/careers/medical-records-specialists/")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390

            page.get_by_label("Choose a state to see its figures and its metropolitan areas").select_option("OH")
            page.get_by_role("button", name="Show").click()
            page.wait_for_url("**/careers/medical-records-specialists/?state=OH*")
            summary = page.locator("#chosen-state").inner_text()
            assert "Median annual pay in Ohio" in summary and "$50,990" in summary
            assert "the May 2014 figures are national only" in summary and "$35,900" in summary
            assert "Cleveland, OH" in page.locator("section[aria-labelledby=metro]").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390

            page.get_by_role("link", name="Median annual pay (sort, highest first)").click()
            page.wait_for_url("**state_sort=median*")
            header = page.locator("#state-table th[aria-sort]")
            assert header.get_attribute("aria-sort") == "descending"
            assert "Median annual pay" in header.inner_text()
            assert page.locator("#chosen-state").count() == 1  # the chosen state is kept while sorting
            browser.close()

    in_own_thread(steps)
