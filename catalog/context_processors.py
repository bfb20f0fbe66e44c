"""Template context every page can use."""

from django.utils.functional import SimpleLazyObject

from .compare import read_compare_list

# A longer address (a pasted essay in `q`) is not worth repeating in every card's form: come back to
# the page without its query instead.
MAX_NEXT_LENGTH = 2000


def _return_address(request):
    full_path = request.get_full_path()
    return full_path if len(full_path) <= MAX_NEXT_LENGTH else request.path


def compare(request):
    """The visitor's compare list and where its forms come back to, worked out only when a template asks.

    `compare_slugs`: the slugs in the compare-list cookie. The compare control on every result card
    reads it, so the cookie is parsed once per page, with no query: membership is by slug.
    `compare_next`: this page's address, for the control's `next` field.
    """
    return {
        "compare_slugs": SimpleLazyObject(lambda: read_compare_list(request)),
        "compare_next": SimpleLazyObject(lambda: _return_address(request)),
    }


def _without_print(request):
    """This page's path and query, less the `print` parameter: the address printed on paper, and the way back."""
    if "print" not in request.GET:
        return request.get_full_path()
    query = request.GET.copy()
    query.pop("print")
    # Commas stay as they are: a compare address lists its programs as ?programs=a,b.
    return f"{request.path}?{query.urlencode(safe=',')}" if query else request.path


def print_view(request):
    """The print-ready view that the Print control links to without JavaScript, and the page's own address.

    `print_view`: true on `?print=1`, which leaves out screen-only parts and long tables so a handout fits on
    one sheet, and is not indexed. `page_path`: this page without `print`; `page_address`: the same, absolute.
    """
    return {
        "print_view": request.GET.get("print") == "1",
        "page_path": SimpleLazyObject(lambda: _without_print(request)),
        "page_address": SimpleLazyObject(lambda: request.build_absolute_uri(_without_print(request))),
    }
