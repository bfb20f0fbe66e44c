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
