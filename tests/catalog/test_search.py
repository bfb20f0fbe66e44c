"""Program search: words, states and credential levels narrow the list; bad input never breaks the page."""

import datetime
import html
import re

import pytest

from catalog.models import Program
from tests.factories import CIPCodeFactory, InstitutionFactory, OutcomeFactory, ProgramFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def titles_found(client, query_string):
    response = client.get("/programs/" + query_string)
    assert response.status_code == 200
    return sorted(program.title for program in response.context["page_obj"].object_list)


@pytest.fixture
def catalog():
    ohio = InstitutionFactory(name="Buckeye Career Institute", city="Columbus", state="OH")
    texas = InstitutionFactory(name="Lone Star College", city="Houston", state="TX")
    indiana = InstitutionFactory(name="Hoosier Tech", city="Gary", state="IN")
    ProgramFactory(institution=ohio, title="Medical Coding Certificate", credential_level=1)
    ProgramFactory(institution=ohio, title="Health Information Technology", credential_level=2)
    ProgramFactory(institution=texas, title="Medical Billing and Coding", credential_level=2)
    ProgramFactory(institution=indiana, title="Health Information Management", credential_level=3)
    ProgramFactory(institution=texas, title="Draft Coding Program", status=Program.Status.DRAFT)


def test_results_show_title_school_place_level_and_newest_earnings_with_source(client):
    school = InstitutionFactory(name="Lakeshore Technical College", city="Cleveland", state="WI")
    program = ProgramFactory(institution=school, title="Medical Coding Certificate", credential_level=1)
    OutcomeFactory(program=program, median_earnings=36000, release_date=datetime.date(2024, 6, 1))
    OutcomeFactory(program=program, median_earnings=41000, release_date=datetime.date(2026, 6, 10))
    # The newest release without an earnings figure does not hide the newest one that has it.
    OutcomeFactory(program=program, median_earnings=None, release_date=datetime.date(2026, 12, 1))

    response = client.get("/programs/")

    text = page_text(response)
    assert "Medical Coding Certificate" in text
    assert "Lakeshore Technical College, Cleveland, WI" in text
    assert "Undergraduate certificate or diploma" in text
    assert "$41,000 (College Scorecard field of study data, June 10, 2026)" in text
    assert "$36,000" not in text
    assert "1 program" in text


@pytest.mark.usefixtures("catalog")
def test_drafts_are_never_listed(client):
    assert "Draft Coding Program" not in titles_found(client, "?q=coding")
    assert len(titles_found(client, "")) == 4


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "query,expected",
    [
        ("coding", ["Medical Billing and Coding", "Medical Coding Certificate"]),
        ("buckeye", ["Health Information Technology", "Medical Coding Certificate"]),
        ("houston", ["Medical Billing and Coding"]),
        ("TX", ["Medical Billing and Coding"]),
        ("oh", ["Health Information Technology", "Medical Coding Certificate"]),
        ("Ohio", ["Health Information Technology", "Medical Coding Certificate"]),
        ("health information indiana", ["Health Information Management"]),
        ("coding in texas", ["Medical Billing and Coding"]),
        ("IN", ["Health Information Management"]),
        ("coding near me", ["Medical Billing and Coding", "Medical Coding Certificate"]),
        ("biller", ["Medical Billing and Coding"]),
        ("billing in texas", ["Medical Billing and Coding"]),
    ],
)
def test_search_matches_title_school_city_and_state(client, query, expected):
    assert titles_found(client, f"?q={query}") == expected


@pytest.mark.usefixtures("catalog")
def test_a_word_no_program_has_relaxes_the_search_and_says_so(client):
    """No listing mentions nursing: rather than an empty page, the coding programs come back with a note."""
    response = client.get("/programs/?q=coding+nursing")
    assert titles_found(client, "?q=coding+nursing") == ["Medical Billing and Coding", "Medical Coding Certificate"]
    assert "No program matched every word" in page_text(response)


@pytest.mark.usefixtures("catalog")
def test_two_letter_state_code_does_not_match_inside_words(client):
    """ "IL" is Illinois, not every title containing "Billing"."""
    assert titles_found(client, "?q=il") == []


def test_a_word_from_a_program_in_the_series_finds_listings_filed_under_the_series(client):
    """Scorecard files every listing under 51.07, so "coding" must find them through 51.0713's title."""
    CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    CIPCodeFactory(code="51.0714", title="Medical Insurance Specialist/Medical Biller")
    series = CIPCodeFactory(code="51.07", title="Health and Medical Administrative Services")
    management = CIPCodeFactory(code="51.0701", title="Health/Health Care Administration/Management")
    ProgramFactory(title="Health and Medical Administrative Services — Associate's Degree", cip_code=series)
    ProgramFactory(title="Health Care Administration", cip_code=management)

    assert titles_found(client, "?q=coding") == ["Health and Medical Administrative Services — Associate's Degree"]
    assert titles_found(client, "?q=insurance+coder") == [
        "Health and Medical Administrative Services — Associate's Degree"
    ]
    # A listing filed under the series may be any program in it; one filed under 51.0701 is management only.
    assert titles_found(client, "?q=medical+billing") == [
        "Health and Medical Administrative Services — Associate's Degree"
    ]
    assert titles_found(client, "?q=management") == [
        "Health Care Administration",
        "Health and Medical Administrative Services — Associate's Degree",
    ]


@pytest.mark.usefixtures("catalog")
def test_filter_by_credential_level_alone_and_with_search(client):
    assert titles_found(client, "?credential_level=2") == [
        "Health Information Technology",
        "Medical Billing and Coding",
    ]
    assert titles_found(client, "?credential_level=2&q=ohio") == ["Health Information Technology"]
    response = client.get("/programs/?credential_level=2")
    assert "<h1>Associate&#x27;s degree programs</h1>" in response.content.decode()
    assert "2 programs" in page_text(response)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("level", ["abc", "9", "100", "0", "-1", "2.5"])
def test_unknown_credential_level_is_ignored_with_a_note(client, level):
    response = client.get(f"/programs/?credential_level={level}&q=coding")
    assert response.status_code == 200
    text = page_text(response)
    assert f"Credential level: “{level}” is not one of the choices, so it was ignored." in text
    # The valid part of the request still applies.
    assert sorted(p.title for p in response.context["page_obj"]) == [
        "Medical Billing and Coding",
        "Medical Coding Certificate",
    ]


@pytest.mark.usefixtures("catalog")
def test_overlong_search_is_ignored_with_a_note(client):
    response = client.get("/programs/", {"q": "coding " * 1500})
    assert response.status_code == 200
    assert "Your search text could not be used, so all programs are shown" in page_text(response)
    assert len(response.context["page_obj"].object_list) == 4
    # The 10,000 characters are not echoed back into the page.
    assert "coding coding coding" not in response.content.decode()


@pytest.mark.usefixtures("catalog")
def test_search_with_a_null_character_is_ignored_with_a_note(client):
    response = client.get("/programs/?q=cod%00ing")
    assert response.status_code == 200
    assert "Your search text could not be used" in page_text(response)


@pytest.mark.usefixtures("catalog")
def test_repeated_parameters_use_the_last_value(client):
    assert titles_found(client, "?credential_level=abc&credential_level=3&q=zzz&q=health") == [
        "Health Information Management"
    ]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("query", ["%", "_", "'; DROP TABLE catalog_program; --", "\\", "é", "<script>"])
def test_odd_characters_are_searched_as_text(client, query):
    response = client.get("/programs/", {"q": query})
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []
    assert "<script>" not in response.content.decode()


def test_results_are_paginated_20_to_a_page_with_accessible_links(client):
    for index in range(30):
        ProgramFactory(title=f"Coding Program {index:02d}")

    response = client.get("/programs/?q=coding&page=2")

    assert len(response.context["page_obj"].object_list) == 10
    content = response.content.decode()
    assert '<nav class="pagination" aria-label="Pages of programs">' in content
    assert '<a href="?q=coding&amp;page=2" aria-current="page"><span class="visually-hidden">Page </span>2</a>' in (
        content
    )
    assert 'href="?q=coding&amp;page=1" rel="prev">Previous<span class="visually-hidden"> page</span>' in content
    assert "Programs matching “coding”" in page_text(response)
    assert "30 programs. Page 2 of 2." in page_text(response)


def test_one_page_of_results_has_no_pagination(client):
    ProgramFactory()
    assert "pagination" not in client.get("/programs/").content.decode()


@pytest.mark.parametrize(
    "page,shown,note",
    [
        ("abc", 1, "“abc” is not a page number, so the first page is shown."),
        ("99999", 2, "There is no page 99999, so page 2 is shown."),
        ("0", 2, "There is no page 0, so page 2 is shown."),
        ("9" * 5000, 2, "There is no page 99999999999999999999…, so page 2 is shown."),
    ],
)
def test_bad_page_numbers_show_a_real_page_with_a_note(client, page, shown, note):
    for index in range(30):
        ProgramFactory(title=f"Program {index:02d}")
    response = client.get("/programs/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert note in page_text(response)


def test_no_results_say_what_to_try(client):
    ProgramFactory()
    text = page_text(client.get("/programs/?q=dentistry"))
    assert "0 programs" in text
    assert "No programs match. Try fewer words" in text


@pytest.mark.parametrize("count", [3, 30])
def test_program_list_query_count_does_not_grow_with_results(client, django_assert_max_num_queries, count):
    """Guards against N+1 queries: a page of 3 results and a page of 20 (of 30) cost the same queries.

    Three once the search index is built: the catalog's token with the matches of "coding", the page, and the
    outcomes with earnings or debt (one prefetch).
    """
    for _ in range(count):
        OutcomeFactory(program=ProgramFactory())
    build_search_index()
    with django_assert_max_num_queries(3):
        response = client.get("/programs/?q=coding&credential_level=2")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(count, 20)
