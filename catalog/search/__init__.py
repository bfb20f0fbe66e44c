"""The program search: the `q` box (full text on PostgreSQL and SQLite, typo tolerance, synonyms), the filters
and facets around it, and what the list says about them. Everything the `/programs/` page and its CSV export
ask of the database is decided here; the views only present it.

Public API:
- `Program.objects.….search(query)`: the programs matching, annotated `search_rank` (higher is more
  relevant; not ordered). `query` is a str or an `Interpretation`.
- `interpret(query) -> Interpretation`: states, terms, corrections, `relaxed` and `notes()`, worked out
  once per request and passed to `.search()`.
- `refresh_search_index(program_ids=None)`: rebuild the index rows of these programs (all when None),
  after bulk changes that send no signals (`QuerySet.update`, `bulk_create`, the bundle loader).
- `parse_search(query) -> (states, words)` and `stem(word)`: the text parsing on its own.

Modules:
- the text query: `parsing` (text only), `intent` (credential and delivery words that are filters),
  `interpretation` (what a query means), `spelling` (typo correction), `documents` (what is indexed, with which
  weight), `postgres` and `sqlite` (the two backends), `indexing` (refresh), `querying` (apply a query);
- the list around it: `filters` (`ProgramFilter`: every filter, near me and the sort, shared by the page and the
  CSV export), `facets` (each facet's options and their counts), `summary` (notes, chips, heading and links
  that describe the filters in use).

`filters` and `facets` import the models, so import them as `catalog.search.filters` where needed; this
package's top level stays importable from the models' own modules.
"""

from .indexing import refresh_search_index
from .interpretation import Interpretation, interpret
from .parsing import US_STATES, parse_search, stem
from .querying import search_programs

__all__ = [
    "US_STATES",
    "Interpretation",
    "interpret",
    "parse_search",
    "refresh_search_index",
    "search_programs",
    "stem",
]
