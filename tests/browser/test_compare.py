"""A student with JavaScript off adds programs to compare from the results, compares them, and removes one."""

import pytest

from tests.factories import InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_two_programs_to_compare_and_remove_one_without_javascript(live_server, phone_page):
    lakeshore = ProgramFactory(
        title="Medical Coding Certificate", institution=InstitutionFactory(name="Lakeshore Technical College")
    )
    OutcomeFactory(program=lakeshore, median_earnings=41000)
    summit = ProgramFactory(title="Medical Billing and Coding", institution=InstitutionFactory(name="Summit College"))
    OutcomeFactory(program=summit, median_earnings=45000)

    phone_page.goto(live_server.url + "/programs/")
    for _ in range(2):
        phone_page.get_by_role("button", name="Add", exact=False).first.click()
        phone_page.wait_for_load_state()
    phone_page.get_by_role("link", name="Compare (2)").first.click()
    phone_page.wait_for_url("**/compare/?programs=*")
    table = phone_page.locator("table").inner_text()
    assert "Lakeshore Technical College" in table and "Summit College" in table
    assert "$45,000" in table and "$41,000" in table

    phone_page.get_by_role("button", name="Remove", exact=False).first.click()
    phone_page.wait_for_load_state()
    assert phone_page.url.endswith(f"/compare/?programs={summit.slug}")
    main = phone_page.locator("main").inner_text()
    assert "1 program side by side" in main
    assert "Lakeshore Technical College" not in main
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
