"""SQLite: an FTS5 table beside the programs (rowid = program id), stemmed by `porter unicode61`, ranked by the
weight of each word's best column (FTS5Rank).

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


def fts_string(term):
    return '"' + term.text.replace('"', '""') + '"'


def _group(slot):
    return "(" + " OR ".join(fts_string(term) for term in slot) + ")"


def _expression(slots, require_all):
    return (" AND " if require_all else " OR ").join(_group(slot) for slot in slots)


def _matching_ids(expression):
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])


class FTS5Rank(Func):
    """The rank PostgreSQL's search gives (postgres.match): for each slot (word), the weight of the best column it
    matched in, summed. Ties are left to the list's own tiebreaks (a price, then the name).

    bm25 would let a rare word outrank a title match: "online" in one school's name would put that school above
    every program titled "Certificate" for "online coding certificate"; so it is not used.

    Every subquery is uncorrelated, so SQLite runs each FTS5 query once per statement, not once per program; the
    program's id is a compiled column, so the alias stays right in any query.
    """

    output_field = FloatField()

    def __init__(self, slots):
        super().__init__(F("pk"))
        self.slots = slots

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
        return "(" + " + ".join(parts) + ")", params


def match(slots, require_all):
    """(condition, rank) for programs matching every slot (or any, when relaxed)."""
    expression = _expression(slots, require_all)
    return Q(pk__in=_matching_ids(expression)), FTS5Rank(slots)


def matches_any(terms):
    return Q(pk__in=_matching_ids(_group(terms)))
