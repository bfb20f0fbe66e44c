"""The program search behind the `q` box: full text on PostgreSQL and SQLite, typo tolerance, synonyms.

Public API:
- `Program.objects.….search(query)`: the programs matching, annotated `search_rank` (higher is more
  relevant; not ordered). `query` is a str or an `Interpretation`.
- `interpret(query) -> Interpretation`: states, terms, corrections, `relaxed` and `notes()`, worked out
  once per request and passed to `.search()`.
- `refresh_search_index(program_ids=None)`: rebuild the index rows of these programs (all when None),
  after bulk changes that send no signals (`QuerySet.update`, `bulk_create`, the bundle loader).
- `parse_search(query) -> (states, words)` and `stem(word)`: the text parsing on its own.

Modules: `parsing` (text only), `spelling` (typo correction), `documents` (what is indexed, with which
weight), `postgres` and `sqlite` (the two backends), `indexing` (refresh), `querying` (apply a query).
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
