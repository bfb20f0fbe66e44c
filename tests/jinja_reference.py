"""The pages written in Jinja2 against the Django templates they were made from (config/jinja2.py, issue 15).

Each such page's old Django templates are kept in tests/fixtures/markup/<page>/ as the reference: a test renders the
page as it is served and again through a Django engine named "reference" that finds those templates first, and
requires the same bytes."""

import copy
from pathlib import Path

from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

MARKUP = Path(__file__).resolve().parent / "fixtures" / "markup"


def add_reference_engine(settings, page):
    """A Django template engine named "reference" that finds tests/fixtures/markup/<page>/'s templates first."""
    django_engine = next(engine for engine in settings.TEMPLATES if engine["NAME"] == "django")
    reference = copy.deepcopy(django_engine)
    reference.update(NAME="reference", DIRS=[MARKUP / page, *django_engine["DIRS"]])
    settings.TEMPLATES = [*settings.TEMPLATES, reference]


def address(thing, language):
    """A page's address in a language ("" or "/es"); reverse() after a Spanish request would give /es/ already."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return language + thing.get_absolute_url()


def served_and_reference(view_class, path, query, client=None):
    """(the page as served, the page through the reference templates): each response's body, both answering 200."""
    client = client or Client()
    served = client.get(path, query)
    engine = view_class.template_engine
    view_class.template_engine = "reference"
    try:
        reference = client.get(path, query)
    finally:
        view_class.template_engine = engine
    assert served.status_code == reference.status_code == 200, (path, query, served.status_code)
    return served.content.decode(), reference.content.decode()
