"""Printing, server side: the Print control, the print-ready view (?print=1) and its print header (issue 7)."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import (
    CredentialFactory,
    GuideFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    ProjectionFactory,
    WageEstimateFactory,
)

pytestmark = pytest.mark.django_db


def _pages():
    program = ProgramFactory(last_reviewed=datetime.date(2026, 3, 2))
    OutcomeFactory(program=program)
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)
    return {
        "program": program.get_absolute_url(),
        "school": program.institution.get_absolute_url(),
        "occupation": occupation.get_absolute_url(),
        "credential": CredentialFactory().get_absolute_url(),
        "guide": GuideFactory().get_absolute_url(),
        "pathway": "/pathways/",
        "compare": f"/compare/?programs={program.slug}",
    }


def test_every_printable_page_has_a_print_control_linking_to_its_print_ready_view(client):
    for name, url in _pages().items():
        html = client.get(url).content.decode()
        expected = url.partition("?")[2].replace("&", "&amp;") + "&amp;print=1" if "?" in url else "print=1"
        assert f'href="?{expected}" data-print-control>' in html, name
        # The script that turns the link into the print dialog is a same-origin file, loaded deferred.
        assert 'js/print.js" defer></script>' in html, name


def test_print_ready_view_is_not_indexed_and_prints_the_page_address_and_date(client):
    for name, url in _pages().items():
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}print=1")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in html, name
        # The printed address is the page's own, without the print parameter.
        assert f'<span class="print-url">http://testserver{url.replace("&", "&amp;")}</span>' in html, name
        assert date_format(timezone.localdate(), "DATE_FORMAT") in html, name
        assert "Back to the full page" in html, name


def test_the_ordinary_page_is_indexable_and_keeps_its_print_header_for_paper_only(client):
    html = client.get(_pages()["program"]).content.decode()
    assert 'content="noindex"' not in html
    assert 'class="print-header"' in html
    assert 'class="print-view"' not in html


def test_a_print_value_other_than_1_gives_the_ordinary_page(client):
    url = _pages()["program"]
    for value in ["0", "yes", "<script>", "1" * 500]:
        response = client.get(url, {"print": value})
        assert response.status_code == 200
        assert 'content="noindex"' not in response.content.decode()


def test_program_handout_shows_the_school_website_and_checked_on_and_last_reviewed_dates(client):
    school = InstitutionFactory(website="https://www.lakeshore.edu/")
    program = ProgramFactory(institution=school, last_reviewed=datetime.date(2026, 3, 2))
    ProgramFactory(institution=school, title="Health Information Technology")
    html = client.get(program.get_absolute_url(), {"print": "1"}).content.decode()
    assert 'href="https://www.lakeshore.edu/">https://www.lakeshore.edu/</a>' in html
    assert "Checked on" in html and date_format(timezone.localdate(), "DATE_FORMAT") in html
    assert date_format(datetime.date(2026, 3, 2), "DATE_FORMAT") in html
    # The long list of the school's other programs stays online.
    assert "Health Information Technology" not in html
    assert "Health Information Technology" in client.get(program.get_absolute_url()).content.decode()


def test_occupation_handout_leaves_out_the_state_tables_and_says_where_they_are(client):
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)
    WageEstimateFactory(
        occupation=occupation, area_type="state", area_code="17", area_name="Illinois", annual_median=49000
    )
    url = occupation.get_absolute_url()
    full = client.get(url).content.decode()
    handout = client.get(url, {"print": "1"}).content.decode()
    assert "Jobs and median pay by state" in full
    assert "Jobs and median pay by state" not in handout
    assert f"metro tables, history and similar occupations online at http://testserver{url}" in handout


def test_program_print_view_query_count_is_constant(client, django_assert_max_num_queries):
    """Guards against N+1: the handout of a program with many outcomes runs a fixed number of queries."""
    program = ProgramFactory()
    for year in range(2018, 2026):
        OutcomeFactory(program=program, release_date=datetime.date(year, 6, 1))
    with django_assert_max_num_queries(20):
        assert client.get(program.get_absolute_url(), {"print": "1"}).status_code == 200


# The full occupation page on paper (Ctrl+P without ?print=1): its long tables give way to short ones.

STATES = [
    ("0600000", "California"),
    ("4800000", "Texas"),
    ("1200000", "Florida"),
    ("3600000", "New York"),
    ("3900000", "Ohio"),
    ("4200000", "Pennsylvania"),
    ("1700000", "Illinois"),
    ("3700000", "North Carolina"),
    ("1300000", "Georgia"),
    ("2600000", "Michigan"),
    ("5300000", "Washington"),
    ("5600000", "Wyoming"),
]


def _print_only_rows(html):
    """The first column of each short table of states or areas that only paper shows, table by table."""
    tables = re.findall(r'<div class="print-only(?: print-columns)?">(.*?)</div>', html, flags=re.S)
    rows = [re.findall(r'<th scope="row">([^<]*)</th>', table) for table in tables]
    # The pay percentiles' one row on paper has no row headings.
    return [names for names in rows if names]


def _state_row(occupation, code, name, employment, **fields):
    return WageEstimateFactory(
        occupation=occupation, area_type="state", area_code=code, area_name=name, employment=employment, **fields
    )


def test_on_paper_the_occupation_page_lists_the_ten_states_with_most_jobs_and_where_all_of_them_are(client):
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)
    # Created out of order, the fewest jobs first; Vermont's jobs were not published.
    for jobs, (code, name) in enumerate(reversed(STATES), start=1):
        _state_row(occupation, code, name, jobs * 100)
    _state_row(occupation, "5000000", "Vermont", None)
    url = occupation.get_absolute_url()

    html = client.get(url).content.decode()

    assert _print_only_rows(html) == [[name for _code, name in STATES[:10]]]
    # The full table, sortable and with every state, stays on screen.
    assert 'class="table-scroll screen-only" role="region" aria-labelledby="state-table-caption"' in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "The 10 states with the most jobs (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert f"All 13 states and territories, with a chart of their pay, are online at http://testserver{url}" in text


def test_on_paper_a_chosen_states_areas_are_its_ten_with_most_jobs(client):
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)
    _state_row(occupation, "3900000", "Ohio", 7440)
    for number in range(1, 13):
        WageEstimateFactory(
            occupation=occupation,
            area_type="metro",
            area_code=f"39000{number:02d}",
            area_name=f"Ohio area {number:02d}",
            employment=number * 10,
        )
    url = occupation.get_absolute_url()

    html = client.get(url, {"state": "OH"}).content.decode()

    # The chosen state's own figures stand in for the states' table; its areas come down to ten.
    assert _print_only_rows(html) == [[f"Ohio area {number:02d}" for number in range(12, 2, -1)]]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"All 12 areas in Ohio are online at http://testserver{url}?state=OH#metro" in text


def test_on_paper_a_chosen_states_figures_take_one_line_under_one_source(client):
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)
    _state_row(occupation, "3900000", "Ohio", 7440, annual_median=48210, hourly_median="23.18")
    WageEstimateFactory(occupation=occupation, area_type="metro", area_code="3900001", area_name="Ohio area")

    html = client.get(occupation.get_absolute_url(), {"state": "OH"}).content.decode()

    summary = html[html.index('id="chosen-state"') :]
    line = re.search(r'<p class="print-only">(.*?)</p>', summary, flags=re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", line).split()) == (
        "Jobs 7,440 · Median annual pay $48,210 · Median hourly pay $23.18 "
        "(BLS Occupational Employment and Wage Statistics, May 2025)"
    )
    # The list that repeats the source on each figure, and the national figure the quick facts hold, stay on screen.
    assert '<dl class="facts screen-only">' in summary
    # The areas' caption names them on paper, so their heading stays on screen.
    assert '<h3 id="metro" class="screen-only">' in html


def test_on_paper_only_the_two_newest_projections_print_and_the_rest_are_online(client):
    occupation = OccupationFactory()
    for base_year in [2016, 2021, 2023]:
        ProjectionFactory(occupation=occupation, base_year=base_year, target_year=base_year + 10)
    url = occupation.get_absolute_url()

    html = client.get(url).content.decode()

    rows = re.findall(r"<tr( class=\"[^\"]*\")?>\s*<th scope=\"row\">(\d{4}-\d\d)", html)
    assert rows == [("", "2023-33"), ("", "2021-31"), (' class="screen-only"', "2016-26")]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"The newest two of 3 projections; all of them are online at http://testserver{url}#job-outlook" in text
