"""The Spanish edition (issue 16): every public page under /es/, in Spanish, linked to its English twin."""

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils.text import Truncator
from django.utils.translation import override

from careers.models import Occupation
from certifications import glosses
from certifications.models import Credential
from tests.search_helpers import build_search_index
from tests.test_page_size import page_urls

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")

# Words the site writes in English: none may be left on a Spanish page once the data's own words (names, titles,
# sources, descriptions, all in English as their publishers print them) are taken out of its text. Function words
# catch an untranslated sentence; the rest are the site's labels.
ENGLISH_UI_WORDS = [
    "the", "and", "of", "with", "for", "from", "to", "in", "is", "are", "or", "by", "at", "on", "not",
    "this", "these", "that", "what", "which", "how", "an",
    "Search", "Programs", "Program", "programs", "program", "Careers", "Certifications", "Guides", "Pathways",
    "Print", "print", "Skip", "Not reported", "Median", "median", "Jobs", "jobs", "Pay", "pay",
    "Source", "source", "Length", "months", "Cost", "cost", "Tuition", "tuition", "year", "Delivery", "Online",
    "online", "campus", "Hybrid", "Certificate", "certificate", "Associate", "associate", "Bachelor", "Master",
    "degree", "Credential", "credential", "Filter", "filter", "Sort", "sort", "results", "Show", "Next",
    "Previous", "page", "Page", "Eligibility", "Renewal", "Exam", "exam", "fee", "Fee", "school", "School",
    "State", "state", "states", "Home", "More", "information", "See", "all", "Browse", "found", "Not", "yet",
]  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Names the templates print as their publishers do (issue 16: a source's own name stays in English).
PROPER_NAMES = [
    "NCES Classification of Instructional Programs",
    "Classification of Instructional Programs",
    "U.S. Department of Education",
    "U.S. Department of Labor",
    "Department of Labor",
    "BLS Occupational Employment and Wage Statistics",
    "Occupational Employment and Wage Statistics",
    "Occupational Outlook Handbook",
    "Bureau of Labor Statistics",
    "Employment Projections",
    "O*NET OnLine",
    "College Scorecard",
]


def visible_text(content):
    """A page's text as a reader sees it, its title first: scripts, styles and tags dropped, entities decoded."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    title = re.search(r"<title>(.*?)</title>", content, flags=re.S)
    content = (title.group(1) if title else "") + " " + re.sub(r"<head>.*?</head>", " ", content, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", content))
    # An address printed on a handout is not words to translate.
    return " ".join(re.sub(r"https?://\S+", " ", text).split())


def bundle_texts(keep=lambda field: True):
    """Every non-empty text the bundled data holds, in the CharFields and TextFields `keep` accepts."""
    for app in ("catalog", "careers", "certifications"):
        for model in apps.get_app_config(app).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField) and keep(field)
            ]
            if not fields:
                continue
            for row in model.objects.values_list(*fields):
                yield from (value for value in row if value and isinstance(value, str))


def data_strings():
    """Every text the bundled data holds (names, titles, sources, descriptions), longest first, each also as its
    lines and sentences: they stay in English on a Spanish page."""
    texts = set()
    for value in bundle_texts():
        # As pages show it: whole, line by line, sentence by sentence, or cut short by truncatewords.
        shortened = [Truncator(value).words(count, truncate=" …") for count in (30, 40)]
        for part in [value, *shortened, *value.splitlines(), *re.split(r"(?<=[.;:])\s+", value)]:
            part = " ".join(part.split())
            if len(part) > 1:
                texts.add(part)
    return sorted(texts, key=len, reverse=True)


def without_data(text, strings):
    for string in sorted([*strings, *PROPER_NAMES], key=len, reverse=True):
        if string in text:  # a whole-word match only: "for" in a title must not cut "informado"
            text = re.sub(rf"(?<!\w){re.escape(string)}(?!\w)", " ", text)
    return text


def english_words_left(text, strings):
    text = without_data(text, strings)
    english = set(ENGLISH_UI_WORDS)
    return sorted({word for word in WORD.findall(text) if word in english})


# Data fields that hold names and codes (proper names keep their language without a mark, WCAG 3.1.2); every
# other text field holds English prose or phrases as their publishers wrote them.
NAME_FIELDS = re.compile(
    r"name|title|source|abbreviation|code|url|slug|city|state|postal|zip|phone|release|token|word|year|external"
    r"|opeid|unitid|email|website|horizon"
)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ENGLISH_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)


class _TextOutsideEnglish(HTMLParser):
    """The text of a page outside any element marked lang="en" (and outside head, script and style)."""

    def __init__(self):
        super().__init__()
        self.marked = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.marked.append(dict(attrs).get("lang") == "en" or tag in ("head", "script", "style"))

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self.marked:
            self.marked.pop()

    def handle_data(self, data):
        if not any(self.marked):
            self.text.append(data)


def text_outside_english(content):
    parser = _TextOutsideEnglish()
    parser.feed(content)
    return " ".join(" ".join(parser.text).split())


def english_prose():
    """Every phrase of three words or more the bundled data holds outside its name fields, whole and sentence
    by sentence."""
    phrases = set()
    for value in bundle_texts(lambda field: not field.choices and not NAME_FIELDS.search(field.name)):
        for part in [value, *re.split(r"(?<=[.;:])\s+", value)]:
            part = " ".join(part.split())
            if len(part.split()) >= 3:
                phrases.add(part)
    return phrases


def spanish(url):
    return "/es" + url


@pytest.fixture
def bundle(db):
    call_command("load_bundled_data", stdout=io.StringIO())


# The catalogue


def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_the_spanish_catalogue_is_complete_with_no_fuzzy_entry():
    po = catalogue()
    assert po.percent_translated() == 100
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []


def test_every_translation_keeps_the_placeholders_of_its_english():
    for entry in catalogue():
        english = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for translation in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            # A singular may leave out the count, as English "one program" does.
            assert set(PLACEHOLDER.findall(translation)) <= set(english), entry.msgid
        if not entry.msgid_plural:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == english, entry.msgid


def test_the_compiled_catalogue_is_the_catalogue():
    """django.mo is committed so that `make run` needs no gettext; it must say what django.po says."""
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in polib.mofile(str(COMPILED))}
    for entry in catalogue():
        found = compiled.pop((entry.msgctxt, entry.msgid), None)
        assert found is not None, f"{entry.msgid!r} is not in django.mo: run `make messages`"
        assert (found.msgstr, found.msgstr_plural) == (entry.msgstr, entry.msgstr_plural), entry.msgid
    assert [key for key in compiled if key[1]] == []


def test_msgfmt_checks_the_catalogue():
    if not shutil.which("msgfmt"):
        if os.environ.get("REQUIRE_QUALITY_TOOLS"):
            pytest.fail("msgfmt is required (REQUIRE_QUALITY_TOOLS=1): apt-get install -y gettext")
        pytest.skip("gettext's msgfmt is not installed (apt-get install -y gettext)")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.", result.stderr.strip()), result.stderr


def test_every_string_marked_for_translation_is_in_the_catalogue(tmp_path):
    """`make messages` run on a copy of the code finds no string the committed catalogue lacks, and keeps every
    one it holds. Catches a string xgettext cannot see (a gettext() call inside an f-string) and one marked but
    never collected."""
    if not shutil.which("xgettext"):
        if os.environ.get("REQUIRE_QUALITY_TOOLS"):
            pytest.fail("xgettext is required (REQUIRE_QUALITY_TOOLS=1): apt-get install -y gettext")
        pytest.skip("gettext's xgettext is not installed (apt-get install -y gettext)")
    root = Path(settings.BASE_DIR)
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc", "static")
    for name in ("catalog", "careers", "certifications", "config", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=ignored)
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr

    collected = polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    committed = {(entry.msgctxt, entry.msgid) for entry in catalogue()}
    assert sorted({(entry.msgctxt, entry.msgid) for entry in collected} - committed) == []
    assert sorted(committed - {(entry.msgctxt, entry.msgid) for entry in collected}) == []


# Addresses and links


@pytest.mark.django_db
def test_english_addresses_stay_english_even_for_a_spanish_browser(client):
    response = client.get("/", headers={"accept-language": "es"})
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_spanish_home_is_in_spanish_under_es(client):
    response = client.get("/es/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in content
    assert "Codificación Médica" in content


def alternates(content):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', content))


@pytest.mark.django_db
def test_hreflang_links_pair_each_page_with_its_twin_and_name_english_the_default(client):
    for url in ["/", "/programs/", "/careers/", "/certifications/", "/guides/", "/pathways/", "/no-such-page/"]:
        english = alternates(client.get(url).content.decode())
        other = alternates(client.get(spanish(url)).content.decode())
        assert english == other, url
        assert english == {
            "en": f"http://testserver{url}",
            "es": f"http://testserver/es{url}",
            "x-default": f"http://testserver{url}",
        }


@pytest.mark.django_db
def test_the_language_switch_keeps_the_page_and_its_query_string(client):
    query = "q=medical+coding&state=TX&sort=cost"
    english = client.get(f"/programs/?{query}").content.decode()
    switch = re.search(r'<p class="language-switch">(.*?)</p>', english).group(1)
    assert switch == f'<a href="/es/programs/?{query.replace("&", "&amp;")}" hreflang="es" lang="es">Español</a>'
    back = client.get(f"/es/programs/?{query}").content.decode()
    switch = re.search(r'<p class="language-switch">(.*?)</p>', back).group(1)
    assert switch == f'<a href="/programs/?{query.replace("&", "&amp;")}" hreflang="en" lang="en">English</a>'


def test_the_sitemap_lists_every_page_in_both_languages_each_naming_the_other(client, bundle):
    content = client.get("/sitemap-certifications.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", content)
    assert "http://testserver/certifications/cpc/" in locations
    assert "http://testserver/es/certifications/cpc/" in locations
    assert len(locations) % 2 == 0
    assert content.count('hreflang="x-default" href="http://testserver/certifications/cpc/"') == 2
    assert content.count('hreflang="es" href="http://testserver/es/certifications/cpc/"') == 2


@pytest.mark.django_db
def test_the_admin_stays_in_english(client):
    assert client.get("/es/admin/login/").status_code == 404
    response = client.get("/admin/login/", headers={"accept-language": "es"})
    assert '<html lang="en"' in response.content.decode()


# Every page type, on the real bundle


def test_every_page_type_renders_in_spanish_with_no_english_ui_text_left(client, bundle):
    strings = data_strings()
    urls = [*page_urls(), "/no-such-page/"]
    leftovers = {}
    for url in urls:
        english = client.get(url)
        response = client.get(spanish(url))
        assert response.status_code == english.status_code, url
        content = response.content.decode()
        assert '<html lang="es">' in content, url
        # The check can fail: the English page shows the site's English words.
        assert english_words_left(visible_text(english.content.decode()), strings), url
        left = english_words_left(visible_text(content), strings)
        if left:
            leftovers[url] = left
    assert leftovers == {}


def test_a_spanish_page_makes_the_queries_its_english_twin_makes(client, bundle):
    build_search_index()
    for url in page_urls():
        client.get(url)  # the first request of a page type loads what every later one reuses
        with CaptureQueriesContext(connection) as english:
            client.get(url)
        client.get(spanish(url))
        with CaptureQueriesContext(connection) as queries:
            client.get(spanish(url))
        assert len(queries) == len(english), url
        assert len(queries) <= 6, url


def test_english_data_text_on_a_spanish_page_is_marked_as_english(client, bundle):
    """WCAG 3.1.2: descriptions, eligibility, notes and BLS's phrases stay in English on a Spanish page, and a
    screen reader must read them as English."""
    phrases = english_prose()
    unmarked, shown = {}, 0
    for url in page_urls():
        content = client.get(spanish(url)).content.decode()
        shown += sum(phrase in visible_text(content) for phrase in phrases)
        left = sorted(phrase for phrase in phrases if phrase in text_outside_english(content))
        if left:
            unmarked[url] = left
    assert shown > 100  # the pages do show the data's English text, so the check can fail
    assert unmarked == {}


def test_bls_release_months_read_in_spanish(client, bundle):
    """BLS names its wage releases "May 2025"; a Spanish page says "mayo de 2025", in figures, headings, charts and
    the citation. The English page keeps "May 2025"."""
    # Addresses first: reverse() follows the language the last request left active in this thread.
    addresses = [occupation.get_absolute_url() for occupation in Occupation.objects.all()]
    assert addresses
    for address in addresses:
        for url in (address, f"{address}?state=CA"):
            english = client.get(url).content.decode()
            assert "May 2025" in visible_text(english), url
            content = client.get(spanish(url)).content.decode()
            text = text_outside_english(content)
            assert ENGLISH_MONTH_YEAR.findall(text) == [], url
            assert "mayo de 2025" in text, url
            assert "(BLS Occupational Employment and Wage Statistics (OEWS), mayo de 2025)" in text, url
    listing = text_outside_english(client.get(spanish("/careers/")).content.decode())
    assert "mayo de 2025" in listing
    assert ENGLISH_MONTH_YEAR.findall(listing) == []


@pytest.mark.django_db
def test_distances_are_in_miles_in_each_language(client):
    assert ">25 miles</option>" in client.get("/programs/").content.decode()
    assert ">25 millas</option>" in client.get("/es/programs/").content.decode()


def test_a_credential_name_stays_english_with_a_spanish_gloss_beside_it(client, bundle):
    """ "Certified Professional Coder (Codificador Profesional Certificado)": the name as the publisher prints it,
    and what it means. Every credential in the bundle has its gloss; English pages show the name alone."""
    credentials = list(Credential.objects.all())
    addresses = {credential.name: credential.get_absolute_url() for credential in credentials}
    assert len(addresses) >= 9
    for name, address in addresses.items():
        with override("es"):
            gloss = glosses.gloss(name)
        assert gloss and gloss != name, name
        spanish_page = client.get(spanish(address)).content.decode()
        assert f'{html.escape(name)} <span class="gloss">({html.escape(gloss)})</span></h1>' in spanish_page
        assert 'class="gloss"' not in client.get(address).content.decode()
    listing = client.get(spanish("/certifications/")).content.decode()
    assert listing.count('class="gloss"') == len(addresses)
    assert 'Certified Professional Coder <span class="gloss">(Codificador Profesional Certificado)</span>' in listing


def test_structured_data_names_the_language_of_the_page_it_describes(client, bundle):
    """JSON-LD inLanguage (issue 16), on the WebPage each entity is the main entity of: the program, school,
    occupation and credential pages, in each language, with the page's own address."""
    urls = [url for url in page_urls() if re.fullmatch(r"/(programs|schools|careers|certifications)/[\w-]+/", url)]
    assert {url.split("/")[1] for url in urls} == {"programs", "schools", "careers", "certifications"}
    for url in urls:
        for language, address in (("en", url), ("es", spanish(url))):
            content = client.get(address).content.decode()
            scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
            assert len(scripts) == 1, address
            page = json.loads(scripts[0])["mainEntityOfPage"]
            assert page == {"@type": "WebPage", "@id": f"http://testserver{address}", "inLanguage": language}
