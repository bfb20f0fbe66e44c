"""A page's address, from its slug or for a view without arguments, without reverse() each time (issue 15).

`reverse()` walks the URL resolver on every call, about 50 µs; pages link to dozens of programs, schools,
occupations and credentials. Each pattern is reversed once per language, script prefix and URL configuration
with a marker for the slug, and a slug is put where the marker was. Slugs are ASCII letters, digits, hyphens
and underscores (SlugField), which reverse() would leave as they are.
"""

import functools

from django.conf import settings
from django.http import QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARKER = "slug-marker"


@functools.cache
def _pattern(viewname, language, prefix, urlconf):
    address = reverse(viewname, args=[_MARKER], urlconf=urlconf)
    before, marker, after = address.partition(_MARKER)
    assert marker, address
    return before, after


def slug_address(viewname, slug):
    """reverse(viewname, args=[slug]), for a URL pattern that takes one slug."""
    before, after = _pattern(viewname, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{before}{slug}{after}"


@functools.cache
def _fixed(viewname, language, prefix, urlconf):
    return reverse(viewname, urlconf=urlconf)


def view_address(viewname):
    """reverse(viewname), for a URL pattern without arguments: the program list's address is in a dozen links of an
    occupation page, at 40 µs a reverse()."""
    return _fixed(viewname, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def copied_query(query_dict):
    """A mutable copy of a QueryDict, as QueryDict.copy() makes, without its deepcopy (the values are strings): some
    30 µs a copy, and an occupation page's links copy the query string five times."""
    copy = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        copy.setlist(key, list(values))
    return copy
