"""PostgreSQL: a weighted `tsvector` stored on each program (GIN-indexed), matched with websearch_to_tsquery.

Each term is its own `websearch_to_tsquery('english', ...)` (a word, or a "quoted phrase"), so user text is
always a bound parameter that PostgreSQL parses leniently: no input raises a syntax error. Terms are then
combined with && and ||, which lets a word carry its synonyms ("HIM" or "health information management").
"""

import functools
import operator

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connections
from django.db.models import Case, F, FloatField, Func, Q, Value, When

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


def term_text(term):
    """What `websearch_to_tsquery` is given for a term: a word, or a phrase in quotes."""
    return f'"{term.text}"' if len(term.words) > 1 else term.text


def _term_query(term):
    return SearchQuery(term_text(term), config=CONFIG, search_type="websearch")


def _slot_query(alternatives):
    return functools.reduce(operator.or_, (_term_query(term) for term in alternatives))


# The rank a slot adds for its best match, by the weight it matches in: PostgreSQL's default ts_rank weights. A match
# in no single weight (a phrase across two parts of the text) counts as D.
WEIGHT_RANKS = (("a", 1.0), ("b", 0.4), ("c", 0.2))
LOWEST_RANK = 0.1


class WeightFilter(Func):
    """`ts_filter(vector, '{a}')`: the part of a vector in one weight."""

    function = "ts_filter"
    template = "%(function)s(%(expressions)s, '{%(weight)s}')"
    output_field = SearchVectorField()

    def __init__(self, expression, weight):
        if weight not in "abcd" or len(weight) != 1:
            raise ValueError(weight)
        super().__init__(expression, weight=weight)


def _slot_rank(query):
    whens = [
        When(SearchVectorExact(WeightFilter(F("search_vector"), weight), query), then=Value(rank))
        for weight, rank in WEIGHT_RANKS
    ]
    whens.append(When(SearchVectorExact(F("search_vector"), query), then=Value(LOWEST_RANK)))
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def match(slots, require_all):
    """(condition, rank) for programs matching every slot (or any, when relaxed).

    The rank is, summed over the slots, the weight of the slot's best match: a title match (A) outranks a school
    name (B), which outranks a course (C) or a description (D). SQLite ranks the same way (sqlite.FTS5Rank), and
    so does the in-memory index the list page uses (catalog/search/listing.py), so the order is one definition.
    """
    combine = operator.and_ if require_all else operator.or_
    queries = [_slot_query(slot) for slot in slots]
    query = functools.reduce(combine, queries)
    rank = functools.reduce(operator.add, (_slot_rank(slot_query) for slot_query in queries))
    return Q(search_vector=query), rank


def matches_any(terms):
    return Q(search_vector=_slot_query(terms))
