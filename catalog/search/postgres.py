"""PostgreSQL: a weighted `tsvector` stored on each program (GIN-indexed), matched with websearch_to_tsquery.

Each term is its own `websearch_to_tsquery('english', ...)` (a word, or a "quoted phrase"), so user text is
always a bound parameter that PostgreSQL parses leniently: no input raises a syntax error. Terms are then
combined with && and ||, which lets a word carry its synonyms ("HIM" or "health information management").
"""

import functools
import operator

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, Q

CONFIG = "english"
WRITE_BATCH = 1000


def write_index(documents, program_ids, using):
    """Set the vectors of these documents' programs: one UPDATE per thousand programs, no per-row queries.

    A series' shared text (the titles of its codes) is turned into a vector once per statement, not once
    per program: that halves the time of a full reindex of the real data.
    """
    from catalog.models import Program

    connection = connections[using]
    table = connection.ops.quote_name(Program._meta.db_table)
    vector = (
        f"setweight(to_tsvector('{CONFIG}', v.a), 'A') || setweight(to_tsvector('{CONFIG}', v.b), 'B') "
        f"|| s.vector || setweight(to_tsvector('{CONFIG}', v.c), 'C') "
        f"|| setweight(to_tsvector('{CONFIG}', v.d), 'D')"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(documents), WRITE_BATCH):
            batch = documents[start : start + WRITE_BATCH]
            shared = {text: number for number, text in enumerate(dict.fromkeys(doc.b_series for doc in batch))}
            series_rows = ", ".join(["(%s::int, %s::text)"] * len(shared))
            rows = ", ".join(["(%s::bigint, %s::text, %s::text, %s::text, %s::text, %s::int)"] * len(batch))
            params = [value for text, number in shared.items() for value in (number, text)]
            params += [
                value for doc in batch for value in (doc.program_id, doc.a, doc.b, doc.c, doc.d, shared[doc.b_series])
            ]
            # Rows whose vector is unchanged are not rewritten: a reload that changes nothing writes nothing.
            cursor.execute(
                f"WITH series(number, vector) AS ("
                f"SELECT number, setweight(to_tsvector('{CONFIG}', text), 'B') "
                f"FROM (VALUES {series_rows}) AS shared(number, text)) "
                f"UPDATE {table} AS p SET search_vector = n.vector "
                f"FROM (SELECT v.id, {vector} AS vector FROM (VALUES {rows}) AS v(id, a, b, c, d, series) "
                f"JOIN series AS s ON s.number = v.series) AS n "
                f"WHERE p.id = n.id AND p.search_vector IS DISTINCT FROM n.vector",
                params,
            )


def _term_query(term):
    text = f'"{term.text}"' if len(term.words) > 1 else term.text
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def _slot_query(alternatives):
    return functools.reduce(operator.or_, (_term_query(term) for term in alternatives))


def match(slots, require_all):
    """(condition, rank) for programs matching every slot (or any, when relaxed); rank is ts_rank."""
    combine = operator.and_ if require_all else operator.or_
    query = functools.reduce(combine, (_slot_query(slot) for slot in slots))
    return Q(search_vector=query), SearchRank(F("search_vector"), query)


def matches_any(terms):
    return Q(search_vector=_slot_query(terms))
