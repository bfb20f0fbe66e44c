"""On a phone with JavaScript off, a student narrows the list with the facet form, sorts it, and removes a filter."""

from decimal import Decimal

import pytest

from tests.factories import InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facets_sort_and_chips_work_without_javascript_and_fit_a_phone(live_server, phone_page):
    texas = InstitutionFactory(
        name="Lone Star College", state="TX", latitude=Decimal("29.76"), longitude=Decimal("-95.36")
    )
    ohio = InstitutionFactory(name="Buckeye Career Institute", state="OH")
    for index, school in enumerate([texas, texas, ohio]):
        program = ProgramFactory(
            institution=school,
            title=f"Medical Coding Certificate with a long enough title to wrap on a phone {index}",
            delivery_mode="online",
            cost=Decimal(1000 * (index + 1)),
            cost_year=2025,
        )
        OutcomeFactory(program=program, median_earnings=40000 + index * 1000)

    phone_page.goto(live_server.url + "/programs/")
    phone_page.locator("summary", has_text="State").click()
    phone_page.get_by_label("Texas").check()
    phone_page.get_by_role("button", name="Apply filters").click()
    phone_page.wait_for_url("**/programs/?*state=TX*")
    main = phone_page.locator("main").inner_text()
    assert "2 programs" in main
    assert "Buckeye" not in main

    phone_page.get_by_label("Sort by").select_option("-earnings")
    phone_page.get_by_role("button", name="Sort", exact=True).click()
    phone_page.wait_for_url("**sort=-earnings*")
    assert "state=TX" in phone_page.url
    titles = phone_page.locator(".card-title").all_inner_texts()
    assert titles[0].endswith("1") and titles[1].endswith("0")

    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0

    phone_page.get_by_role("link", name="Remove filter State: Texas").click()
    phone_page.wait_for_url("**/programs/?sort=-earnings")
    assert "3 programs" in phone_page.locator("main").inner_text()
