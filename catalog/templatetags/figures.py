"""`{% figure %}`: one figure with where it came from, "value (source, release)", on every page that shows one;
`{% value %}`, a number in a table whose caption names its source and release; and `{% pay_cells row %}`, the
jobs, median annual pay and median hourly pay cells of a row of OEWS figures, as every table of states, areas and
releases shows them.

It was an include (includes/figure.html) of some twenty template nodes, rendered three or four times per result
card and dozens of times on an occupation page; as Python it is one call (issue 15: a search page spent most of
its rendering time in these). The markup is the include's, unchanged.

  value    the number; None (or "") shows "Not reported"
  kind     "usd" (whole dollars), "usd_cents", "count", "percent", or nothing to show the value as given
  source   who published it; url, when given, links it
  release  the release: text ("May 2025"), a year, or a date; left out when the source already names it
  as_of    a date the figure was checked on, instead of a release
  stale    true when the release is more than two years older than the newest one loaded: adds "older figure"
"""

import datetime
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from config.escaping import conditional_escape, escape, format_html
from config.kept import keep

register = template.Library()

NUMBER_FORMATS = {
    "usd": ("$", "0g", ""),
    "usd_cents": ("$", "2g", ""),
    "count": ("", "0g", ""),
    "percent": ("", "-1", "%"),
}
# floatformat's arguments as (decimal places, grouped); "-1" is one place, none when the value is whole.
_PLACES = {"0g": (0, True), "2": (2, False), "2g": (2, True), "-1": (-1, False)}
_QUANTUM = {0: Decimal(1), 1: Decimal("0.1"), 2: Decimal("0.01")}
_SEPARATORS = {}


def _separators():
    """The active language's (decimal separator, thousands separator), or None where it does not group by
    threes; read once per language (get_format looks through the format modules on every call)."""
    language = get_language()
    try:
        return _SEPARATORS[language]
    except KeyError:
        grouping = get_format("NUMBER_GROUPING")
        separators = (get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")) if grouping == 3 else None
        _SEPARATORS[language] = separators
        return separators


def format_number(value, places, separators=False):
    """`value|floatformat:places` for the arguments NUMBER_FORMATS uses, with the same rounding (half up, on the
    decimal value) and the same localized separators, in a tenth of the time: an occupation page shows some 260
    numbers. Anything else goes to floatformat itself. `separators`: _separators(), when the caller has them."""
    if separators is False:
        separators = _separators()
    if type(value) is Decimal and places in _PLACES and separators is not None and value.is_finite():
        # Here a Decimal's text depends only on its value (numerically equal values round alike), the places and
        # the separators, so it is kept: the same hourly wages are written on every view of an occupation, and
        # quantize() and format() took some 2 µs each time (a state table writes 54).
        key = (value, places, separators)
        try:
            return _FORMATTED[key]
        except KeyError:
            return keep(_FORMATTED, key, _format_number(value, places, separators), _MAX_FORMATTED)
    return _format_number(value, places, separators)


# format_number()'s Decimal results, at most _MAX_FORMATTED per process (wages and percentages: a few thousand).
_FORMATTED = {}
_MAX_FORMATTED = 20_000


def _format_number(value, places, separators):
    if places not in _PLACES or separators is None or isinstance(value, bool):
        return floatformat(value, places)
    decimals, grouped = _PLACES[places]
    if type(value) is int and (decimals == 0 or decimals < 0):
        text = format(value, ",d" if grouped else "d")  # a whole number: nothing to round
        if grouped and separators[1] != ",":
            text = text.replace(",", separators[1])
        return text
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            return floatformat(value, places)
        if decimals < 0:
            decimals = 0 if number == number.to_integral_value() else 1
        rounded = number.quantize(_QUANTUM[decimals], rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return floatformat(value, places)
    if not rounded:
        rounded = abs(rounded)  # no "-0"
    text = format(rounded, ",f" if grouped else "f")
    decimal_separator, thousand_separator = separators
    if grouped and thousand_separator != ",":
        text = text.replace(",", "\x00")
    if decimal_separator != ".":
        text = text.replace(".", decimal_separator)
    if grouped and thousand_separator != ",":
        text = text.replace("\x00", thousand_separator)
    return text


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{4})\b")


def _month_year(match):
    month = datetime.date(int(match[2]), _MONTHS.index(match[1]) + 1, 1)
    return date_format(month, "YEAR_MONTH_FORMAT")


def localize_months(text):
    """A release's month as the active language writes it: "May 2025" is "mayo de 2025" in Spanish, wherever it
    stands in the text ("BLS Occupational Employment and Wage Statistics (OEWS), May 2025"). BLS names its wage
    releases by month in English, and they are stored so (issue 16). English text is returned as it is."""
    if not text or not isinstance(text, str) or get_language() in (None, "en"):
        return text
    return _MONTH_YEAR.sub(_month_year, text)


@register.filter
def months(text):
    """`{{ estimate.release|months }}`: localize_months in a template; the result is escaped as usual."""
    return localize_months(text)


def _text(value):
    """A value as `{{ value }}` shows it: localized, then escaped."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


# Characters that HTML escaping changes: a number written with separators free of them needs no escaping.
_HTML_SPECIAL = frozenset("&<>\"'")
_PLAIN_SEPARATORS = {}


def _plain_separators(separators):
    """True when numbers written with these separators (_separators()) are the same escaped: an occupation page
    writes some 260 numbers, and escaping each was a tenth of its tables' time."""
    try:
        return _PLAIN_SEPARATORS[separators]
    except KeyError:
        plain = separators is not None and not _HTML_SPECIAL.intersection("".join(separators))
        _PLAIN_SEPARATORS[separators] = plain
        return plain


def _shown_value(value, kind, separators=False):
    if value is None or value == "":
        return conditional_escape(gettext("Not reported"))
    if kind in NUMBER_FORMATS:
        if separators is False:
            separators = _separators()
        before, places, after = NUMBER_FORMATS[kind]
        text = f"{before}{format_number(value, places, separators)}{after}"
        # format_number writes digits, a minus sign and the separators; floatformat, where it hands over, the same.
        return text if _plain_separators(separators) else escape(text)
    return _text(value)


def _names_release(release, source):
    """`release|stringformat:"s" not in source`, false where the template's `in` would fail (no source)."""
    try:
        return str(release) not in source
    except TypeError:
        return False


@functools.lru_cache(maxsize=1024)
def _date_in(language, day, format_string):
    return format_date(day, format_string)


def kept_date(value, format_string=None):
    """`value|date:format_string`; a date (not a datetime, which depends on the time zone) is formatted once per
    language and format: a page of cards shows the same few release dates again and again, and an occupation
    page's citations today's date twice (some 40 µs each)."""
    if type(value) is datetime.date:
        return _date_in(get_language(), value, format_string)
    return format_date(value, format_string)


def _long_date(value):
    """`value|date:"DATE_FORMAT"`, by kept_date()."""
    return kept_date(value, "DATE_FORMAT")


@register.simple_tag
def figure(value=None, kind="", source=None, url="", release=None, as_of=None, stale=False):
    source_text = _text(localize_months(source))
    source_html = format_html('<a href="{}">{}</a>', url, source_text) if url else source_text
    when = ""
    if as_of:
        # As {% blocktranslate %} does: the translated words as they are, the date escaped.
        when = ", " + gettext("as of %(date)s") % {"date": conditional_escape(_long_date(as_of))}
    elif getattr(release, "year", None):
        when = ", " + conditional_escape(_long_date(release))
    elif release and _names_release(release, source):
        when = ", " + _text(localize_months(release))
    older = format_html(' <strong class="figure-stale">{}</strong>', gettext("older figure")) if stale else ""
    return mark_safe(
        f'<span class="figure"><span class="figure-value">{_shown_value(value, kind)}</span> '
        f'<span class="figure-source">({source_html}{when}){older}</span></span>'
    )


@register.simple_tag
def value(value=None, kind="", separators=False):
    """A number alone, as `figure` shows it; a blank one is "Not reported", muted. Ends with a line break, as the
    include it replaces did. `separators`: _separators(), from Python callers that format many numbers."""
    return SafeString(_cell(value, kind, separators))


@register.simple_tag
def pay_cells(row, separators=False):
    """The jobs, median annual pay and median hourly pay cells of a row of OEWS figures. A state table calls it
    some fifty times: the language's separators are looked up once per row, not once per number, or once per
    table when a Python caller passes `separators` (_separators())."""
    if separators is False:
        separators = _separators()
    return SafeString(
        f"<td>{_cell(row.employment, 'count', separators)}</td>\n"
        f"<td>{_cell(row.annual_median, 'usd', separators)}</td>\n"
        f"<td>{_cell(row.hourly_median, 'usd_cents', separators)}</td>\n"
    )


# Whole-number kinds: a table's jobs and annual pay, written with thousands separators and nothing to round.
_WHOLE_KINDS = {"usd": "$", "count": ""}


def _cell(number, kind, separators):
    """value() as a plain string, for the tables that call it some 160 times a page."""
    if type(number) is int and kind in _WHOLE_KINDS and separators and _plain_separators(separators):
        # format_number()'s whole-number case, inline: a state table writes some 110 of these.
        text = format(number, ",d")
        if separators[1] != ",":
            text = text.replace(",", separators[1])
        return f"{_WHOLE_KINDS[kind]}{text}\n"
    if number is None or number == "":
        return f'<span class="muted">{escape(gettext("Not reported"))}</span>\n'
    return f"{_shown_value(number, kind, separators)}\n"
