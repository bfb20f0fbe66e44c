"""Every public page type is valid HTML by the Nu HTML Checker (vnu-jar from npm, run with Java).

The pages are rendered with the test client, saved, and checked in one run of the checker (it starts a
JVM, so one batch is much faster than one run per page).
"""

import json
import subprocess

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from config import errors
from tests.quality.site import build_site
from tests.quality.tools import VNU_JAR, only_in_the_sqlite_pass, require, require_java

pytestmark = pytest.mark.django_db


def vnu_errors(pages, directory):
    """{page name: [messages]} for the pages (name -> HTML text) with errors; {} when all are valid."""
    java = require_java()
    jar = require(VNU_JAR, "The Nu HTML Checker (npm vnu-jar)")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = directory / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        [java, "-jar", jar, "--errors-only", "--format", "json", *[str(directory / file) for file in files]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        url = message.get("url", "")
        name = files.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_every_public_page_type_is_valid_html(client, tmp_path):
    only_in_the_sqlite_pass()
    pages = {}
    for name, path in build_site().items():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages[f"{name} ({path})"] = response.content.decode()
    assert vnu_errors(pages, tmp_path) == {}


def test_the_error_pages_are_valid_html(tmp_path):
    """Rendered as a visitor gets them when something fails: the 503 page for a database outage, the 500 page."""
    only_in_the_sqlite_pass()
    request = RequestFactory().get("/programs/")
    pages = {
        "database unavailable (503)": errors.service_unavailable(request).content.decode(),
        "server error (500)": server_error(request).content.decode(),
    }
    assert vnu_errors(pages, tmp_path) == {}


def test_the_html_gate_fails_on_an_unclosed_element(tmp_path):
    """The gate itself: a page with an unclosed <div> and a stray </p> is reported, not waved through."""
    broken = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>'
        "<body><main><div><p>Unclosed</main></p></body></html>"
    )
    errors = vnu_errors({"broken": broken}, tmp_path)
    assert "broken" in errors and errors["broken"]
