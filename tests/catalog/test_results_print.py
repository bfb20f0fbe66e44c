"""A counselor prints a filtered result list: the first 50 as one table, with the filters listed at the top."""

import datetime

import pytest

from catalog.models import Program
from tests.factories import InstitutionFactory, OutcomeFactory, ProgramFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db


def test_the_print_view_lists_the_first_50_results_as_a_table_with_filters_and_sources(client):
    texas = InstitutionFactory(name="Lone Star College", city="Houston", state="TX")
    for index in range(55):
        program = ProgramFactory(institution=texas, title=f"Coding Program {index:02d}")
        OutcomeFactory(
            program=program, median_earnings=40000 + index, median_debt=9000, release_date=datetime.date(2026, 6, 10)
        )
    ProgramFactory(title="Ohio Coding Program", institution=InstitutionFactory(state="OH"))

    response = client.get("/programs/?state=TX&sort=name&page=2&print=1")

    assert response.status_code == 200
    content = response.content.decode()
    table = content.split('<table class="print-results">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].count("<tr>")
    assert rows == 50  # the first 50 whatever page the screen was on, not 20 from page 2
    assert "Coding Program 00" in table and "Coding Program 49" in table and "Coding Program 50" not in table
    assert "Ohio Coding Program" not in table
    assert "Filters in use" in content and "State: Texas" in content
    assert "$40,000 (2026)" in table and "$9,000 (2026)" in table
    assert "Source: College Scorecard field of study data." in content
    assert "The first 50 programs of 55" in content
    assert 'aria-label="Pages of programs"' not in content
    assert "ignored" not in content  # `print` is a known parameter, not an unknown one to warn about
    assert "Remove filter" not in content  # the filters are listed as text, not as screen chips


def test_the_screen_list_keeps_20_cards_a_page(client):
    ProgramFactory.create_batch(25, status=Program.Status.PUBLISHED)
    content = client.get("/programs/").content.decode()
    assert content.count('<article class="card">') == 20
    assert "print-results" not in content


def test_the_print_view_says_when_no_program_matches(client):
    ProgramFactory(institution=InstitutionFactory(state="OH"))
    content = client.get("/programs/?state=TX&print=1").content.decode()
    assert "No programs match these filters." in content
    assert "print-results" not in content


def test_the_print_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    """Guards against N+1 queries in the print table: 50 rows cost what 3 rows cost.

    Three once the search index is built, as on screen: the catalog's token, the rows and their outcomes.
    """
    for index in range(50):
        OutcomeFactory(program=ProgramFactory(title=f"Program {index}"))
    build_search_index()
    with django_assert_max_num_queries(3):
        assert client.get("/programs/?print=1").status_code == 200
