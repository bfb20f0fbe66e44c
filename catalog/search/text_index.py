"""The text part of the in-memory index: which programs each search term matches, and in which weight.

A term ("coding", or a quoted phrase "medical coding") is looked up in the database's own full-text index the
first time a query uses it after the catalog changed, exactly as the SQL search matches it (PostgreSQL's
`websearch_to_tsquery` on the stored vector, SQLite's FTS5 table), and its matches are kept in the process's
SearchIndex until the catalog changes. The same query reads the catalog's version token, so a request costs
one query here whether its terms are known or not, and the matches it brings back are of the same snapshot as
the token.

For each match the best weight the term has in the program's text (A: what the program is; B: the school,
and its field's series; C: courses and definition; D: the rest) gives the relevance rank: per query slot the
weight of its best match, summed (catalog/search/listing.py), as both databases' SQL rank it.
"""

import numpy as np
from django.db import connections

from .index import MAX_CACHED_TERMS, TermMatches, current

# Rank contribution of a match in each weight, A to D: PostgreSQL's default ts_rank weights.
WEIGHT_VALUES = np.array([1.0, 0.4, 0.2, 0.1])


def _parse_ids(text):
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.array(text.split(","), dtype=np.int64)


def _postgres_query(connection, terms):
    from catalog.models import CatalogVersion, Program

    from .postgres import CONFIG, term_text

    programs = connection.ops.quote_name(Program._meta.db_table)
    token_table = connection.ops.quote_name(CatalogVersion._meta.db_table)
    selects, params = [f"(SELECT token FROM {token_table} LIMIT 1)"], []
    for term in terms:
        text = term_text(term)
        selects.append(f"(SELECT numnode(websearch_to_tsquery('{CONFIG}', %s)))")
        # The best weight of each match. A one-word term is one lexeme, and `'lexeme':A` asks for it in weight A
        # without copying the vector as ts_filter does (a third less time for a broad word at 100,000 programs).
        best = " ".join(
            f"WHEN CASE WHEN numnode(q) = 1 THEN p.search_vector @@ (q::text || ':{weight}')::tsquery "
            f"ELSE ts_filter(p.search_vector, '{{{weight.lower()}}}') @@ q END THEN '{position}'"
            for position, weight in enumerate("ABC")
        )
        selects.append(
            f"(SELECT string_agg(p.id::text, ',') || '|' || string_agg(CASE {best} ELSE '3' END, '') "
            f"FROM {programs} AS p, websearch_to_tsquery('{CONFIG}', %s) AS q "
            "WHERE p.status = 'published' AND p.search_vector @@ q)"
        )
        params += [text, text]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = cursor.fetchone()
    found = {}
    for position, term in enumerate(terms):
        nodes, matches = row[1 + 2 * position], row[2 + 2 * position]
        ids_text, _, weights_text = (matches or "").partition("|")
        weights = np.frombuffer(weights_text.encode(), dtype=np.uint8).astype(np.int8) - ord("0")
        found[term] = (_parse_ids(ids_text), weights, not nodes)
    return row[0], found


def _sqlite_query(connection, terms):
    from catalog.models import CatalogVersion

    from .sqlite import COLUMNS, FTS_TABLE, fts_string

    token_table = connection.ops.quote_name(CatalogVersion._meta.db_table)
    parts = [f"SELECT -1, -1, token FROM {token_table}"]
    params = []
    for position, term in enumerate(terms):
        for column_position, column in enumerate(COLUMNS):
            parts.append(
                f"SELECT {position}, {column_position}, group_concat(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            )
            params.append(f"{column} : {fts_string(term)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    token = None
    by_term = {position: {} for position in range(len(terms))}
    for position, column_position, value in rows:
        if position == -1:
            token = value
        elif value:
            by_term[position][column_position] = _parse_ids(value)
    found = {}
    for position, term in enumerate(terms):
        columns = by_term[position]
        if not columns:
            found[term] = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8), False)
            continue
        ids = np.concatenate(list(columns.values()))
        weights = np.concatenate([np.full(len(ids_), column, dtype=np.int8) for column, ids_ in columns.items()])
        # Each program once, with the highest weight (the lowest column) it matched in.
        order = np.lexsort((weights, ids))
        ids, weights = ids[order], weights[order]
        first = np.ones(len(ids), dtype=bool)
        first[1:] = ids[1:] != ids[:-1]
        found[term] = (ids[first], weights[first], False)
    return token, found


def _fetch(terms, using):
    connection = connections[using]
    if connection.vendor == "postgresql":
        return _postgres_query(connection, terms)
    return _sqlite_query(connection, terms)


def _store(index, found, matches):
    for term, (ids, weights, empty) in found.items():
        order = np.argsort(ids, kind="stable")
        ids, weights = ids[order], weights[order]
        positions = np.searchsorted(index.ids, ids)
        inside = positions < len(index.ids)
        inside[inside] = index.ids[positions[inside]] == ids[inside]
        matches[term] = TermMatches(rows=positions[inside], weights=weights[inside], empty=empty)
        if len(index.terms) < MAX_CACHED_TERMS:
            index.terms[term] = matches[term]


def index_with_terms(terms, using="default"):
    """(the current SearchIndex, {term: TermMatches}) for `terms` (parsing.Term objects).

    One query: the token, and the matches of the terms this process has not looked up since the catalog last
    changed. After a change, the index's own build queries too and, for terms the old index knew, one more.
    """
    from .index import _indexes

    terms = list(dict.fromkeys(terms))
    previous = _indexes.get(using)
    wanted = [term for term in terms if previous is None or term not in previous.terms]
    token, found = _fetch(wanted, using)
    index = current(token, using)
    matches = {}
    _store(index, found, matches)
    for term in terms:
        if term not in matches and term in index.terms:
            matches[term] = index.terms[term]
    missing = [term for term in terms if term not in matches]
    if missing:
        _token, more = _fetch(missing, using)
        _store(index, more, matches)
    return index, matches
