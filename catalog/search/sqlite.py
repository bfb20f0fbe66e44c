"""SQLite: an FTS5 table beside the programs (rowid = program id), stemmed by `porter unicode61`, ranked by bm25.

The table is created by migration 0002 only on SQLite. Every term is sent as an FTS5 string ("word" or
"a phrase"), built from letters and digits only, so nothing a student types is read as FTS5 syntax.
"""

from django.db import connections
from django.db.models import F, FloatField, Func, Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "catalog_program_fts"
# One column per weight of the PostgreSQL vector (see documents.py), in this order, with PostgreSQL's
# default ts_rank weights for A, B, C and D.
COLUMN_WEIGHTS = {"weight_a": 1.0, "weight_b": 0.4, "weight_c": 0.2, "weight_d": 0.1}
COLUMNS = tuple(COLUMN_WEIGHTS)
# bm25 weights in the same ratio; bm25 only breaks ties (see FTS5Rank), so it adds less than 0.1.
BM25_WEIGHTS = ", ".join(str(10 * weight) for weight in COLUMN_WEIGHTS.values())
BM25_SHARE = 0.05
DELETE_BATCH = 500


def write_index(documents, program_ids, using):
    """Replace the rows of these programs (all rows when `program_ids` is None); deleted programs lose theirs."""
    with connections[using].cursor() as cursor:
        if program_ids is None:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        else:
            for start in range(0, len(program_ids), DELETE_BATCH):
                batch = program_ids[start : start + DELETE_BATCH]
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(batch))})", batch)
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (%s, %s, %s, %s, %s)",
            [(doc.program_id, *doc.texts) for doc in documents],
        )


def _fts_string(term):
    return '"' + term.text.replace('"', '""') + '"'


def _group(slot):
    return "(" + " OR ".join(_fts_string(term) for term in slot) + ")"


def _expression(slots, require_all):
    return (" AND " if require_all else " OR ").join(_group(slot) for slot in slots)


def _matching_ids(expression):
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])


class FTS5Rank(Func):
    """A rank like PostgreSQL's ts_rank: for each slot (word), the weight of the best column it matched in.

    bm25 alone would let a rare word outrank a title match: "online" in one school's name would put that
    school above every program titled "Certificate" for "online coding certificate". So bm25 (with the same
    column weights) only breaks ties, scaled below the smallest step of the weighted sum.

    Every subquery is uncorrelated or a materialized CTE, so SQLite runs each FTS5 query once per statement,
    not once per program; the program's id is a compiled column, so the alias stays right in any query.
    """

    output_field = FloatField()

    def __init__(self, slots, expression):
        super().__init__(F("pk"))
        self.slots = slots
        self.expression = expression

    def as_sql(self, compiler, connection, **extra_context):
        id_sql, id_params = compiler.compile(self.source_expressions[0])
        parts, params = [], []
        for slot in self.slots:
            whens = []
            for column, weight in COLUMN_WEIGHTS.items():
                whens.append(
                    f"WHEN {id_sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN {weight}"
                )
                params += [*id_params, f"{column} : {_group(slot)}"]
            parts.append(f"(CASE {' '.join(whens)} ELSE 0.0 END)")
        parts.append(
            f"{BM25_SHARE} * COALESCE((WITH ranks AS MATERIALIZED ("
            f"SELECT rowid AS id, -bm25({FTS_TABLE}, {BM25_WEIGHTS}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s) SELECT score / (1 + score) FROM ranks WHERE ranks.id = {id_sql}), 0.0)"
        )
        params += [self.expression, *id_params]
        return "(" + " + ".join(parts) + ")", params


def match(slots, require_all):
    """(condition, rank) for programs matching every slot (or any, when relaxed)."""
    expression = _expression(slots, require_all)
    return Q(pk__in=_matching_ids(expression)), FTS5Rank(slots, expression)


def matches_any(terms):
    return Q(pk__in=_matching_ids(_group(terms)))
