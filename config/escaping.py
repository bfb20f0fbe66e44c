"""`escape`, `conditional_escape` and `format_html` for the template tags that write HTML in Python (issue 15).

Django's give the same strings, but each call goes through `keep_lazy`, which looks at every argument for a lazy
translation first; an occupation page made some 900 such calls, and the check cost more than the escaping. These
return the same SafeString, except that a lazy string is escaped as its text in the active language (Django's
escape() would return it lazy). tests/test_escaping.py holds them to Django's on every kind of value the tags pass.
"""

from html import escape as _html_escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString

from config.kept import keep

# Short strings escaped before, with their escaped text: the same state names, sources and words are written again
# and again (an occupation page escapes some 400 strings, nearly all of them the same on every occupation page).
_ESCAPED = {}
_MAX_KEPT = 20_000
_MAX_KEPT_LENGTH = 200


def escape_text(text):
    """html.escape(text) for a `str`: &, <, >, " and ' escaped. A short string's result is kept: a dictionary
    look-up takes about a third of the time of html.escape()'s five replacements. At most _MAX_KEPT strings of at
    most _MAX_KEPT_LENGTH characters are kept per process, so what visitors type cannot grow it without bound."""
    try:
        return _ESCAPED[text]
    except KeyError:
        escaped = _html_escape(text)
        return keep(_ESCAPED, text, escaped, _MAX_KEPT) if len(text) <= _MAX_KEPT_LENGTH else escaped


def escape(text):
    """django.utils.html.escape: `text` as a string, with &, <, >, " and ' escaped, marked safe."""
    return SafeString(escape_text(text if type(text) is str else str(text)))


def conditional_escape(text):
    """django.utils.html.conditional_escape: `escape`, except for what is already HTML (has `__html__`)."""
    if type(text) is str:
        return SafeString(escape_text(text))
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return SafeString(escape_text(str(text)))


def format_html(format_string, *args, **kwargs):
    """django.utils.html.format_html: `format_string` filled with the values, each conditionally escaped."""
    return SafeString(
        format_string.format(
            *[conditional_escape(arg) for arg in args],
            **{name: conditional_escape(value) for name, value in kwargs.items()},
        )
    )
