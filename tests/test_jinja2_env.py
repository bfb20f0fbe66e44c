"""The Jinja2 environment's stand-ins for Django's tags and filters (config/jinja2.py) give what Django's give."""

import datetime
import functools

import pytest
from django.http import QueryDict
from django.template.defaultfilters import date as django_date
from django.template.defaulttags import querystring as django_querystring
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from catalog.templatetags.figures import kept_date
from config import jinja2 as env
from config.addresses import copied_query

QUERIES = ["", "a=1", "a=1&a=2&b=%3Cx%3E", "state=TX&state_sort=median&print=1", "q=caf%C3%A9+%26+co&empty="]


class _Context(dict):
    """Enough of a Jinja2 context for a function that takes one: its variables."""


@pytest.mark.parametrize("query", QUERIES)
def test_a_copied_query_is_the_query_dicts_own_copy(query):
    original = QueryDict(query)
    copy = copied_query(original)
    assert copy == original.copy() and copy.lists() and list(copy.lists()) == list(original.copy().lists())
    assert copy._mutable and copy.encoding == original.encoding
    copy.setlist("a", ["changed"])
    assert original == QueryDict(query)  # the original is untouched


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(
    "changes",
    [{}, {"state_sort": "name"}, {"print": 1}, {"a": None}, {"state": None, "b": ["1", "2"]}, {"new": "x y&z"}],
)
def test_querystring_is_djangos(query, changes):
    request = RequestFactory().get(f"/careers/x/?{query}")
    context = _Context(request=request)
    django_context = type("Context", (), {"request": request})()
    assert env.querystring_(context, **changes) == django_querystring(django_context, **changes)
    other = QueryDict("x=1&x=2")
    assert env.querystring_(context, other, y=3) == django_querystring(django_context, other, y=3)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_date_filter_is_djangos_for_dates_and_datetimes(language, settings):
    settings.USE_TZ = True
    with translation.override(language):
        for value in [datetime.date(2026, 12, 7), datetime.date(2025, 5, 1), timezone.now(), None, "not a date"]:
            for format_string in ["F j, Y", None, "Y"]:
                assert kept_date(value, format_string) == django_date(value, format_string), (value, format_string)
                assert kept_date(value, format_string) == django_date(value, format_string)  # kept, the same


def test_static_and_url_are_djangos(settings):
    assert env.static_("css/site.css") == static("css/site.css")
    assert env.static_("js/print.js") == static("js/print.js")
    settings.STATIC_URL = "/elsewhere/"  # a changed setting is not answered from what was kept
    assert env.static_("css/site.css") == static("css/site.css")
    assert env.static_("css/site.css").startswith("/elsewhere/")
    assert env.url("catalog:program_list") == reverse("catalog:program_list")
    assert env.url("careers:occupation_detail", "x") == reverse("careers:occupation_detail", args=["x"])
    with translation.override("es"):
        assert env.url("catalog:program_list") == reverse("catalog:program_list") == "/es/programs/"


def test_template_calls_give_what_jinja2s_own_call_gives():
    """The context's quicker call() (plain functions and methods called at once) against Jinja2's, on a template
    that calls every kind of callable, inside a loop and a block: same output."""
    from jinja2 import Environment, pass_context, pass_environment

    @pass_context
    def sees(context, name):
        return context.get(name)

    @pass_environment
    def environment_name(environment):
        return type(environment).__name__

    class Greeter:
        def hello(self, name, punctuation="!"):
            return f"hello {name}{punctuation}"

        hello_dot = functools.partialmethod(hello, punctuation=".")  # as a model's get_<field>_display()

        @pass_context
        def __call__(self, context):
            return f"called with {context.get('item')}"

    def stops():
        raise StopIteration

    marked_partial = functools.partial(sees)
    marked_partial.jinja_pass_arg = sees.jinja_pass_arg  # as Jinja2 reads a partial's own attribute

    source = (
        "{% for item in items %}[{{ plain(item) }} {{ sees('item') }} {{ greeter.hello(item, punctuation='?') }} "
        "{{ greeter() }} {{ environment_name() }} {{ stops() }}|{{ items.index(item) }} {{ shout(item) }} "
        "{{ greet(item) }} {{ sees_later('item') }}]{% endfor %}"
        "{% block b %}{% set local = 3 %}{{ sees('local') }}{% endblock %}"
    )
    values = {
        "items": ["a", "b"],
        "plain": lambda value: value.upper(),
        "sees": sees,
        "greeter": Greeter(),
        "environment_name": environment_name,
        "stops": stops,
        # Partials: of a function, of a method (a model's get_<field>_display()), and one marked itself.
        "shout": functools.partial(lambda value, end: value.upper() + end, end="!"),
        "greet": Greeter().hello_dot,
        "sees_later": marked_partial,
    }
    theirs = Environment().from_string(source).render(values)
    ours = env.environment().from_string(source).render(values)
    assert ours == theirs
    # As Jinja2 gives it:
    assert ours.startswith("[A None hello a? called with None Environment |0 A! hello a. None][B ")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_bound_translations_are_djangos_gettext_and_ngettext(language):
    """`_` is {% translate %} (a literal, its percent signs as Django looks them up), `gettext` and `ngettext` are
    {% blocktranslate %} (values escaped), and an empty message is empty, not the catalogue's header."""
    from django.utils.translation import gettext, ngettext

    with translation.override(language):
        bound = env.translations(RequestFactory().get("/"))
        assert bound["_"]("Jobs") == gettext("Jobs")
        assert bound["_"]("10th: the lowest-paid 10% earn less than") == gettext(
            "10th: the lowest-paid 10%% earn less than"
        ).replace("%%", "%")
        assert bound["_"]("") == "" and bound["gettext"]("") == ""
        message = "Median annual pay in %(state)s"
        assert bound["gettext"](message, state="<Ohio & co>") == gettext(message) % {"state": "&lt;Ohio &amp; co&gt;"}
        for count in (0, 1, 2, 21):
            singular, plural = (
                "%(counter)s program at schools in %(state)s",
                "%(counter)s programs at schools in %(state)s",
            )
            expected = ngettext(singular, plural, count) % {"counter": count, "state": "Texas"}
            assert bound["ngettext"](singular, plural, count, counter=count, state="Texas") == expected


def test_expressions_are_escaped_once_as_django_escapes_them_without_markupsafe():
    """Autoescaping is off and `_finalize` escapes: each `{{ }}` as Django writes it, safe values as they are, and
    markupsafe's escape() is not called for any of them (stop 29: it cost 4.6% of the occupation page)."""
    from unittest import mock

    import markupsafe
    from django.template import engines
    from django.utils.safestring import SafeString

    jinja = engines["jinja2"].env  # as the Django backend builds it, with its options
    assert jinja.autoescape is False
    values = {
        "a": "<b> & \"q\" 'x'",
        "b": SafeString("<i>safe</i>"),
        "c": markupsafe.Markup("<u>markup</u>"),
        "d": 1234,
        "e": None,
        "f": type("Text", (str,), {})("<s>"),
    }
    # Compiled while markupsafe's escape() fails, so that a template calling it would fail.
    with mock.patch("jinja2.runtime.escape", side_effect=AssertionError("escaped by markupsafe")):
        template = jinja.from_string("{{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ e }}|{{ f }}")
        written = template.render(**values)
    assert written == "&lt;b&gt; &amp; &quot;q&quot; &#x27;x&#x27;|<i>safe</i>|<u>markup</u>|1234|None|&lt;s&gt;"
