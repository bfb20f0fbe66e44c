"""The figures' number formatter gives exactly what Django's floatformat gives, faster (issue 15)."""

import math
import random
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from catalog.templatetags.figures import NUMBER_FORMATS, format_number

EDGE_CASES = [
    0,
    -0.0,
    -0.4,
    0.5,
    1.5,
    2.5,
    -2.5,
    0.125,
    0.005,
    999.995,
    1000,
    1234567,
    -1234567.891,
    Decimal("18.75"),
    Decimal("18.745"),
    Decimal("50990.00"),
    Decimal("-0.004"),
    Decimal("1E+3"),
    12.0,
    33.333333,
    "1234.5",
    "not a number",
    None,
    float("inf"),
    float("nan"),
    True,
]


def _values():
    generator = random.Random(15)
    values = list(EDGE_CASES)
    for _ in range(400):
        magnitude = 10 ** generator.randint(0, 8)
        values.append(round(generator.uniform(-magnitude, magnitude), generator.randint(0, 4)))
        values.append(generator.randint(-(10**7), 10**7))
        values.append(Decimal(generator.randint(-(10**9), 10**9)) / 1000)
    return values


@pytest.mark.parametrize("language", ["en", "es"])
# "2": the program page's debt-to-earnings ratio (catalog/templatetags/program_page.py).
@pytest.mark.parametrize("places", sorted({places for _, places, _ in NUMBER_FORMATS.values()} | {"2"}))
def test_numbers_read_exactly_as_floatformat_writes_them_in_each_language(language, places):
    with translation.override(language):
        for value in _values():
            assert format_number(value, places) == floatformat(value, places), value


@pytest.mark.parametrize("language", ["en", "es"])
def test_whole_numbers_read_exactly_as_intcomma_writes_them_in_each_language(language):
    from django.contrib.humanize.templatetags.humanize import intcomma

    from catalog.templatetags.program_page import _whole

    with translation.override(language):
        for value in [value for value in _values() if type(value) is int] + [Decimal("14250.50"), 0.5, None]:
            assert _whole(value) == intcomma(value), value


def test_a_decimal_written_again_reads_as_floatformat_writes_it_in_each_language():
    """Decimal results are kept per value, places and separators (format_number): the second time, from what was
    kept, is the same text, in whichever language asks, also for equal values written with other exponents."""
    decimals = [value for value in _values() if type(value) is Decimal] + [Decimal("47.020"), Decimal("47.02")]
    for _round in range(2):
        for language in ["en", "es"]:
            with translation.override(language):
                for places in ["0g", "2g", "2", "-1"]:
                    for value in decimals:
                        assert format_number(value, places) == floatformat(value, places), (language, value)


def test_spanish_numbers_use_spanish_separators():
    with translation.override("es"):
        assert format_number(Decimal("50990.5"), "2g") == "50\xa0990,50"
        assert format_number(4.25, "-1") == "4,3"


def test_release_dates_read_as_the_date_filter_writes_them_in_each_language():
    import datetime

    from django.template.defaultfilters import date as date_filter

    from catalog.templatetags.figures import _long_date

    days = [datetime.date(2025, 5, 1), datetime.date(2014, 12, 31), datetime.datetime(2025, 6, 1, 12, 30)]
    for language in ["es", "en", "es"]:  # each language its own, whichever came first
        with translation.override(language):
            for day in days:
                assert _long_date(day) == date_filter(day, "DATE_FORMAT"), (language, day)
    with translation.override("es"):
        assert "mayo" in _long_date(days[0])


@pytest.mark.parametrize("language", ["en", "es"])
def test_facet_counts_read_as_intcomma_writes_them(language):
    from django.contrib.humanize.templatetags.humanize import intcomma

    from catalog.templatetags.search_filters import count_text

    with translation.override(language):
        for count in [0, 7, 999, 1000, 3752, 12345, 92131, 1234567]:
            assert count_text(count) == intcomma(count), count


@pytest.mark.parametrize("language", ["en", "es"])
def test_compare_amounts_read_as_floatformat_then_intcomma_writes_them(language):
    from django.contrib.humanize.templatetags.humanize import intcomma

    from catalog.compare import _usd

    with translation.override(language):
        for value in _values():
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and math.isfinite(value):
                assert _usd(value) == f"${intcomma(floatformat(value, 0))}", value


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(NUMBER_FORMATS))
def test_a_shown_number_is_its_escaped_text_though_it_is_no_longer_escaped_in_each_language(language, kind):
    from django.utils.html import escape

    from catalog.templatetags.figures import _shown_value

    before, places, after = NUMBER_FORMATS[kind]
    with translation.override(language):
        for value in _values():
            if value is None or value == "":
                continue
            assert _shown_value(value, kind) == escape(f"{before}{floatformat(value, places)}{after}"), value


def test_numbers_written_with_a_separator_html_changes_are_still_escaped():
    from catalog.templatetags.figures import _shown_value

    # As a locale that groups thousands with an apostrophe (Swiss German's usual hand) would write them.
    assert _shown_value(1234567, "count", (".", "'")) == "1&#x27;234&#x27;567"
    assert _shown_value(1234567, "count", (".", ",")) == "1,234,567"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(NUMBER_FORMATS))
def test_a_table_cell_is_the_shown_number_with_its_line_break_whole_numbers_included(language, kind):
    """_cell() writes whole numbers of jobs and dollars itself (a state table's some 110): the same text."""
    from catalog.templatetags.figures import _cell, _separators, _shown_value

    with translation.override(language):
        separators = _separators()
        for value in _values():
            if value is None or value == "":
                continue
            assert _cell(value, kind, separators) == f"{_shown_value(value, kind, separators)}\n", value
    # A separator that HTML escaping changes, and a language that does not group by threes.
    for separators in [(".", "'"), None]:
        for value in [0, 7, 1234567, -1234567]:
            assert _cell(value, kind, separators) == f"{_shown_value(value, kind, separators)}\n", value
