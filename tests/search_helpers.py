"""Helpers for tests of the program list's in-memory index (catalog/search/index.py)."""

from catalog.search.text_index import index_with_terms


def build_search_index(using="default"):
    """Build the index now, as the first list request after a change to the catalog would.

    A query-count test then counts what every other request costs; the build's own queries, constant however
    many programs there are, are counted in tests/catalog/test_search_index.py.
    """
    index, _matches = index_with_terms([], using=using)
    return index
