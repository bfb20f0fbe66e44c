"""The header, footer and print header around every page (config/chrome.py): the current section, the language
switch, each language's own words and addresses, whichever language a process rendered first."""

import re

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import resolve, set_script_prefix
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from tests.factories import CredentialFactory, GuideFactory, OccupationFactory, ProgramFactory


def header(response):
    return re.search(r'<header class="site-header">.*?</header>', response.content.decode(), re.S).group(0)


def current_links(response):
    """{link text: aria-current value} for the header's links that carry one."""
    found = re.findall(r'<a [^>]*aria-current="(\w+)"[^>]*>([^<]+)</a>', header(response))
    return {text: value for value, text in found}


@pytest.mark.django_db
def test_the_header_marks_the_section_of_every_kind_of_page(client):
    program = ProgramFactory()
    occupation = OccupationFactory()
    credential = CredentialFactory()
    guide = GuideFactory()
    expected = {
        "/": {"Medical Coding Catalog": "page"},
        "/programs/": {"Programs": "page"},
        program.get_absolute_url(): {"Programs": "true"},
        program.institution.get_absolute_url(): {"Programs": "true"},
        "/careers/": {"Careers and pay": "page"},
        occupation.get_absolute_url(): {"Careers and pay": "true"},
        "/certifications/": {"Certifications": "page"},
        credential.get_absolute_url(): {"Certifications": "true"},
        "/guides/": {"Guides": "page"},
        guide.get_absolute_url(): {"Guides": "true"},
        "/pathways/": {"Pathways": "page"},
    }
    for url, links in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert current_links(response) == links, url


@pytest.mark.django_db
def test_a_page_outside_every_section_marks_no_link(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert current_links(response) == {}
    assert 'href="/programs/">Programs</a>' in header(response)


@pytest.mark.django_db
def test_each_language_gets_its_own_header_and_footer_whichever_came_first(client):
    english = client.get("/careers/")
    spanish = client.get("/es/careers/")
    english_again = client.get("/careers/")
    assert english.content == english_again.content
    spanish_header = header(spanish)
    assert 'href="/es/careers/" aria-current="page">Carreras profesionales y salarios</a>' in spanish_header
    assert 'href="/es/programs/">Programas</a>' in spanish_header
    # The switch leads to the other language's version of the same page, named in that language.
    assert '<a href="/careers/" hreflang="en" lang="en">English</a>' in spanish_header
    assert '<a href="/es/careers/" hreflang="es" lang="es">Español</a>' in header(english)
    assert "De dónde provienen las cifras" in spanish.content.decode()
    assert "De dónde provienen las cifras" not in english_again.content.decode()
    assert "Where the figures come from" in english_again.content.decode()


@pytest.mark.django_db
def test_the_switch_keeps_the_query_string_escaped(client):
    response = client.get("/programs/", {"q": "coding", "state": "TX"})
    assert 'href="/es/programs/?q=coding&amp;state=TX" hreflang="es"' in header(response)


def test_header_addresses_follow_the_script_prefix(rf):
    # A site served under a path (SCRIPT_NAME) links its sections under it; the header's addresses are worked out
    # once per prefix, not once for all.
    request = rf.get("/careers/")
    request.resolver_match = resolve("/careers/")
    chrome = Template("{% load chrome %}{% site_header %}")
    before = chrome.render(Context({"request": request}))
    set_script_prefix("/catalog/")
    try:
        prefixed = chrome.render(Context({"request": request}))
    finally:
        set_script_prefix("/")
    after = chrome.render(Context({"request": request}))
    assert 'href="/catalog/programs/">Programs</a>' in prefixed
    assert 'href="/catalog/careers/" aria-current="page">Careers and pay</a>' in prefixed
    assert 'href="/programs/">Programs</a>' in before
    assert after == before


@pytest.mark.django_db
def test_the_print_header_names_the_page_and_todays_date_in_the_pages_language(client):
    html = client.get("/es/careers/?print=1").content.decode()
    with override("es"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f'<span class="print-url">http://testserver/es/careers/</span> · Impreso el {today}</p>' in html


@pytest.mark.django_db
def test_with_debug_on_the_footer_is_rendered_every_time(client, settings, tmp_path):
    # Under `make run` an edit to includes/footer.html shows on the next request.
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "footer.html").write_text("<footer>first</footer>")
    engine = settings.TEMPLATES[0]
    loaders = ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"]
    # Uncached loaders, so that the template engine itself reads the file again on each request.
    templates = [
        {
            **engine,
            "DIRS": [tmp_path, *engine["DIRS"]],
            "APP_DIRS": False,
            "OPTIONS": {**engine["OPTIONS"], "loaders": loaders},
        }
    ]
    with override_settings(DEBUG=True, TEMPLATES=templates):
        assert "<footer>first</footer>" in client.get("/careers/").content.decode()
        (tmp_path / "includes" / "footer.html").write_text("<footer>second</footer>")
        assert "<footer>second</footer>" in client.get("/careers/").content.decode()


@pytest.mark.django_db
def test_under_a_script_prefix_the_language_prefix_follows_it(client):
    english = client.get("/careers/", SCRIPT_NAME="/catalog")
    spanish = client.get("/es/careers/", SCRIPT_NAME="/catalog")
    set_script_prefix("/")
    assert '<a href="/catalog/es/careers/" hreflang="es" lang="es">Español</a>' in header(english)
    assert '<a href="/catalog/careers/" hreflang="en" lang="en">English</a>' in header(spanish)
    assert 'hreflang="es" href="http://testserver/catalog/es/careers/"' in english.content.decode()


def test_the_printed_date_follows_the_day_and_the_language(monkeypatch):
    import datetime

    from config import chrome

    days = iter([datetime.date(2026, 12, 7)] * 2 + [datetime.date(2026, 12, 8)] * 2)
    monkeypatch.setattr(chrome.timezone, "localdate", lambda: next(days))
    context = {"page_address": "http://testserver/careers/?a=1&b=2"}
    first, again, next_day = (chrome.print_header(context) for _ in range(3))
    assert first == again and "Dec. 7, 2026" in first and "a=1&amp;b=2" in first
    assert "Dec. 8, 2026" in next_day
    with override("es"):
        assert "Impreso el 8 de diciembre de 2026" in chrome.print_header({"page_address": ""})
