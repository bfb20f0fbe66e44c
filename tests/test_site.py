"""What every page shares: the base template, the error pages, and the health check."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError, connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error

from config import errors


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


@pytest.mark.django_db
def test_base_template_has_skip_link_language_labelled_nav_and_sources(client):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content
    # The skip link is the first thing in the body and points at the main landmark.
    body = content.split("<body>", 1)[1].lstrip()
    assert body.startswith('<a class="skip-link" href="#main-content">Skip to main content</a>')
    assert '<main id="main-content"' in content
    assert '<nav class="site-nav" aria-label="Main">' in content
    footer = page_text(response).split("Where the figures come from", 1)[1]
    for source in [
        "CIP 2020",
        "IPEDS",
        "College Scorecard",
        "Occupational Employment and Wage Statistics",
        "Employment Projections",
        "O*NET",
        "AAPC",
        "AHIMA",
    ]:
        assert source in footer


@pytest.mark.parametrize(
    "value,kind,source,release,expected",
    [
        (51140, "usd", "BLS OEWS", "May 2025", "$51,140 (BLS OEWS, May 2025)"),
        (Decimal("24.5"), "usd_cents", "BLS OEWS", "May 2025", "$24.50 (BLS OEWS, May 2025)"),
        (194720, "count", "BLS OEWS", "May 2025", "194,720 (BLS OEWS, May 2025)"),
        (Decimal("6.6"), "percent", "BLS EP", "2021-31", "6.6% (BLS EP, 2021-31)"),
        (41000, "usd", "Scorecard", datetime.date(2026, 6, 10), "$41,000 (Scorecard, June 10, 2026)"),
        # A source that already names its release does not repeat it.
        (51140, "usd", "BLS OEWS, May 2025", "May 2025", "$51,140 (BLS OEWS, May 2025)"),
        (None, "usd", "BLS OEWS", "May 2025", "Not reported (BLS OEWS, May 2025)"),
    ],
)
def test_the_figure_tag_shows_value_source_and_release(value, kind, source, release, expected):
    rendered = Template("{% load figures %}{% figure value=value kind=kind source=source release=release %}").render(
        Context({"value": value, "kind": kind, "source": source, "release": release})
    )
    assert " ".join(re.sub(r"<[^>]+>", "", rendered).split()) == expected


def test_the_figure_tag_shows_an_as_of_date_instead_of_a_release():
    rendered = Template('{% load figures %}{% figure value=499 kind="usd" source="AAPC" as_of=day %}').render(
        Context({"day": datetime.date(2025, 1, 1)})
    )
    assert " ".join(re.sub(r"<[^>]+>", "", rendered).split()) == "$499 (AAPC, as of Jan. 1, 2025)"


def test_the_figure_tag_escapes_what_it_is_given():
    rendered = Template("{% load figures %}{% figure value=value source=source url=url %}").render(
        Context({"value": "<b>", "source": "A & B", "url": "https://example.org/?a=1&b=2"})
    )
    assert rendered == (
        '<span class="figure"><span class="figure-value">&lt;b&gt;</span> <span class="figure-source">'
        '(<a href="https://example.org/?a=1&amp;b=2">A &amp; B</a>)</span></span>'
    )


@pytest.mark.django_db
def test_nav_marks_the_current_section(client):
    content = client.get("/careers/").content.decode()
    assert 'href="/careers/" aria-current="page"' in content
    assert 'href="/programs/" aria-current' not in content


@pytest.mark.django_db
def test_unknown_address_gets_the_404_page_with_ways_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    text = page_text(response)
    assert "Page not found" in text
    assert "Search all programs" in text
    assert "Skip to main content" in text


def test_500_page_renders_without_a_request_or_the_database():
    """No db fixture: any query while rendering would fail this test."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert '<html lang="en">' in content
    assert "Something went wrong" in render_to_string("500.html")


def test_503_page_answers_a_database_outage_without_the_database():
    """No db fixture: any query while rendering would fail this test."""
    try:
        raise OperationalError("could not connect to server: Connection refused")
    except OperationalError:
        response = errors.server_error(RequestFactory().get("/programs/?q=coding"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "no-cache" in response["Cache-Control"]
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "<title>Temporarily unavailable | Medical Coding Catalog</title>" in content
    assert '<a href="">Try this page again</a>' in content
    assert "Something went wrong" not in content


def test_any_other_error_is_still_a_500():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    # Stands in for a database that is down: Django's own connection, not our code, is replaced. The real outage,
    # through a cut connection to PostgreSQL, is in tests/test_resilience.py.
    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database: unavailable\ncache: ok\n"
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)


def test_stylesheet_hides_navigation_search_and_pagination_in_print():
    with open(finders.find("css/site.css"), encoding="utf-8") as handle:
        css = handle.read()
    print_rules = css.split("@media print", 1)[1]
    for selector in [".site-nav", ".search-form", ".filter-form", ".pagination"]:
        assert selector in print_rules
    assert ":focus-visible" in css
