"""config/escaping.py gives what django.utils.html gives, for every kind of value the template tags pass it."""

import datetime
from decimal import Decimal

from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from config import escaping

VALUES = [
    "",
    "plain",
    'Tom & Jerry\'s <b>"school"</b>',
    mark_safe("<em>already HTML</em>"),
    SafeString("a & b"),
    gettext_lazy("Programs"),
    gettext_lazy("<not & safe>"),
    0,
    41_000,
    Decimal("23.45"),
    3.5,
    None,
    True,
    datetime.date(2025, 5, 1),
]


def test_escape_and_conditional_escape_match_djangos():
    with override("es"):
        for value in VALUES:
            for name in ("escape", "conditional_escape"):
                ours, theirs = getattr(escaping, name)(value), getattr(django_html, name)(value)
                # Django's escape() of a lazy string is lazy; ours is its text in the active language, as a tag
                # rendering in that language would write it.
                assert str(ours) == str(theirs), (name, value)
                assert type(ours) is SafeString, (name, value)


def test_format_html_matches_djangos():
    for value in VALUES:
        ours = escaping.format_html('<a href="{}" title="{title}">{}</a>', value, value, title=value)
        theirs = django_html.format_html('<a href="{}" title="{title}">{}</a>', value, value, title=value)
        assert (ours, type(ours)) == (theirs, type(theirs)), value


def test_escape_gives_the_same_text_the_second_time_a_string_is_escaped():
    """Short strings' escaped text is kept (escape_text): a string met again is written as it was the first time."""
    for value in ['Tom & Jerry\'s <b>"school"</b>', "Alabama", "x" * 500]:
        first, again = escaping.escape(value), escaping.escape(value)
        assert str(first) == str(again) == django_html.escape(value)


def test_kept_escapes_are_bounded_in_number_and_length(monkeypatch):
    monkeypatch.setattr(escaping, "_ESCAPED", {})
    monkeypatch.setattr(escaping, "_MAX_KEPT", 3)
    long_text = "<" * (escaping._MAX_KEPT_LENGTH + 1)
    assert escaping.escape_text(long_text) == "&lt;" * (escaping._MAX_KEPT_LENGTH + 1)
    assert long_text not in escaping._ESCAPED  # a long string (a visitor's input, say) is escaped, not kept
    for index in range(10):
        assert escaping.escape_text(f"<{index}>") == f"&lt;{index}&gt;"
    assert len(escaping._ESCAPED) == 3  # full: later strings are escaped each time, never kept
