"""The published programs held in memory, one array per fact the program list filters, counts and sorts by.

Why: a search page counts about 130 facet options over every program that matches. Done in SQL that is a scan of
the whole match with a hundred conditional counts: 0.8 s for a broad search at 100,000 programs on PostgreSQL,
25 ms at the real 3,752 on SQLite (docs/performance.md). Held as NumPy arrays in the process, the same counts are
a few array operations, milliseconds at 100,000 programs, whatever the query.

What a `SearchIndex` holds, one row per published program, rows in id order:
- `coded`: each facet's value as a small integer code, with the values in `Coded.values`;
- `numbers`: cost, length, the school's tuition and coordinates, as floats (NaN for blank);
- `name_rank`: the row's place in the list's name order, and `price_unknown` (the relevance tiebreak);
- `links`: per credential and per IPEDS 6-digit field, which rows hold it;
- `terms`: the text index, filled as queries need it: for each search term, the rows it matches and the best
  weight (A to D) it matches there (catalog/search/text_index.py);
- the option labels the facets show: CIP codes and fields with their titles, and every credential.

When: built on the first request after the catalog changed, and kept until it changes again. `CatalogVersion`
holds a token that database triggers replace on every write to these tables (migration 0010), in the same
transaction as the write, so a process compares one short value per request. One index per database alias.

The SQL in `catalog/search/filters.py` and `facets.py` stays the definition of every filter: the CSV export and
`ProgramFilter.qs` use it, and tests check that the index agrees with it on both databases.
"""

import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber

# The most search terms one index keeps the matches of; past it, a term is looked up per request.
MAX_CACHED_TERMS = 5000
# Up to this many wanted codes, Coded.mask compares once per code; past it, it looks each row up in a table.
_OR_CODES = 8


@dataclass
class Coded:
    """A column of values as integer codes: `values[codes[row]]` is the row's value."""

    codes: np.ndarray
    values: list

    @classmethod
    def of(cls, column):
        values = list(dict.fromkeys(column))
        lookup = {value: code for code, value in enumerate(values)}
        return cls(np.fromiter((lookup[value] for value in column), dtype=np.int32, count=len(column)), values)

    def mask(self, wanted):
        """Rows whose value is one of `wanted`."""
        wanted = set(wanted)
        codes = [code for code, value in enumerate(self.values) if value in wanted]
        if not codes:
            return np.zeros(len(self.codes), dtype=bool)
        if len(codes) <= _OR_CODES:
            # A comparison per code, or-ed: some 15 µs each at 100,000 rows, where np.isin sorts (about 1 ms).
            mask = self.codes == codes[0]
            for code in codes[1:]:
                mask |= self.codes == code
            return mask
        # Many codes: a table of the wanted codes, looked up by each row's code.
        table = np.zeros(len(self.values), dtype=bool)
        table[codes] = True
        return table[self.codes]

    def histogram(self, rows):
        """{value: number of the selected rows holding it}."""
        counts = np.bincount(self.codes[rows], minlength=len(self.values))
        return dict(zip(self.values, counts.tolist(), strict=True))


@dataclass
class TermMatches:
    """The rows a search term matches, and for each the best weight it matches in (0 = A ... 3 = D)."""

    rows: np.ndarray
    weights: np.ndarray
    # A term PostgreSQL reads as nothing (a stop word): it drops out of the query rather than matching nothing.
    empty: bool = False


@dataclass
class SearchIndex:
    token: object
    ids: np.ndarray
    coded: dict
    numbers: dict
    name_rank: np.ndarray
    price_unknown: np.ndarray
    links: dict
    linked: dict
    cip_titles: dict
    field_titles: dict
    credentials: list
    cip_pks: dict = field(default_factory=dict)
    occupation_codes: dict = field(default_factory=dict)
    using: str = "default"
    terms: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    built_seconds: float = 0.0

    def __len__(self):
        return len(self.ids)

    def all(self):
        return np.ones(len(self.ids), dtype=bool)

    def none(self):
        return np.zeros(len(self.ids), dtype=bool)

    def rows_of(self, ids):
        """The rows of these program ids; ids the index does not hold (not published) are dropped."""
        ids = np.asarray(ids, dtype=np.int64)
        positions = np.searchsorted(self.ids, ids)
        positions = np.minimum(positions, max(len(self.ids) - 1, 0))
        if not len(self.ids):
            return np.zeros(0, dtype=np.int64)
        return positions[self.ids[positions] == ids]

    def link_mask(self, name, values):
        """Rows linked to any of `values` (credential slugs, field codes)."""
        mask = self.none()
        for value in values:
            rows = self.links[name].get(value)
            if rows is not None:
                mask |= rows
        return mask

    def level_counts(self):
        """[{"credential_level", "label", "count"}] for the levels published programs have, as
        ProgramQuerySet.count_by_credential_level() gives them."""
        from catalog.models import Program

        histogram = self.coded["credential_level"].histogram(self.all())
        return [
            {"credential_level": level, "label": Program.CredentialLevel(level).label, "count": count}
            for level, count in sorted(histogram.items())
            if count
        ]

    def count(self, rows):
        return int(np.count_nonzero(rows))

    def first_ids(self, rows, limit):
        """The ids of the first `limit` of these rows in the list's name order (school, level, title)."""
        positions = np.flatnonzero(rows)
        if len(positions) > limit:
            positions = positions[np.argpartition(self.name_rank[positions], limit)[:limit]]
        return [int(pk) for pk in self.ids[positions[np.argsort(self.name_rank[positions])]]]

    def covered(self, levels=(), cip_code="", accreditation=""):
        """Rows at one of these levels (any when none), under this CIP code or series, with this accreditation:
        the condition of an eligibility rule or a guide (certifications' `program_condition`)."""
        rows = self.coded["credential_level"].mask(levels) if levels else self.all()
        if cip_code:
            codes = self.coded["cip_code"]
            rows &= codes.mask([code for code in codes.values if code.startswith(cip_code)])
        if accreditation:
            rows &= self.coded["accreditation"].mask([accreditation])
        return rows

    def counts_by_code_and_level(self, occupation_id, state=""):
        """The rows CIPCodeQuerySet.with_program_counts_by_level(occupation, state) gives, without its query: per
        CIP code with published programs, or linked to the occupation, and per level, how many (and how many at
        schools in `state`); a linked code without programs has one row, level None and count 0."""
        linked = {code: (pk, title) for pk, code, title in self.occupation_codes.get(occupation_id, [])}
        codes, levels = self.coded["cip_code"], self.coded["credential_level"]
        pairs = codes.codes.astype(np.int64) * len(levels.values) + levels.codes
        size = len(codes.values) * len(levels.values)
        counts = np.bincount(pairs, minlength=size)
        in_state = np.bincount(pairs[self.coded["state"].mask([state])], minlength=size) if state else None
        rows = []
        for code_position, code in enumerate(codes.values):
            for level_position, level in enumerate(levels.values):
                pair = code_position * len(levels.values) + level_position
                if counts[pair]:
                    row = {
                        "pk": self.cip_pks[code],
                        "code": code,
                        "title": self.cip_titles[code],
                        "linked": code in linked,
                        "credential_level": level,
                        "count": int(counts[pair]),
                    }
                    if state:
                        row["in_state"] = int(in_state[pair])
                    rows.append(row)
        for code, (pk, title) in linked.items():
            if code not in self.cip_titles:
                row = {"pk": pk, "code": code, "title": title, "linked": True, "credential_level": None, "count": 0}
                if state:
                    row["in_state"] = 0
                rows.append(row)
        rows.sort(key=lambda row: (row["code"], row["credential_level"] is None, row["credential_level"] or 0))
        return rows

    def figure(self, name):
        """The newest reported outcome figure per row (NaN where none), read once per index when a sort needs it."""
        if name not in self.figures:
            from catalog.models import Program

            rows = (
                Program.objects.using(self.using)
                .published()
                .with_newest_reported(name, "figure_value")
                .order_by()
                .values_list("pk", "figure_value")
            )
            values = np.full(len(self.ids), np.nan)
            pairs = [(pk, value) for pk, value in rows if value is not None]
            if pairs:
                ids, figures = zip(*pairs, strict=True)
                values[self.rows_of(ids)] = np.array(figures, dtype=float)
            self.figures[name] = values
        return self.figures[name]

    def distance_from(self, latitude, longitude):
        """Great-circle miles from a point to each row's school (NaN without coordinates), as catalog/geo.py does."""
        from catalog.geo import EARTH_RADIUS_MILES

        row_lat = np.radians(self.numbers["latitude"])
        row_lon = np.radians(self.numbers["longitude"])
        here_lat, here_lon = math.radians(latitude), math.radians(longitude)
        half_chord = np.sin((row_lat - here_lat) / 2) ** 2 + math.cos(here_lat) * np.cos(row_lat) * (
            np.sin((row_lon - here_lon) / 2) ** 2
        )
        with np.errstate(invalid="ignore"):
            return 2 * EARTH_RADIUS_MILES * np.arcsin(np.minimum(np.sqrt(half_chord), 1.0))


def _floats(values):
    return np.array([np.nan if value is None else float(value) for value in values], dtype=float)


def build(token, using="default"):
    """A SearchIndex of the published programs, in five queries whatever their number: the programs, their
    credentials, their IPEDS fields, the CIP codes' occupations, and every credential's name."""
    from catalog.models import CIPCode, Program, ProgramField
    from certifications.models import Credential

    from .facets import newest_outcome_verdict
    from .filters import NAME_ORDER, PRICE_UNKNOWN

    started = time.perf_counter()
    columns = {
        "credential_level": "credential_level",
        "delivery_mode": "delivery_mode",
        "distance_education": "distance_education",
        "ownership": "institution__ownership",
        "state": "institution__state",
        "locale": "institution__locale",
        "accreditation": "accreditation",
        "externship": "externship_offered",
        "prerequisite": "admission_prerequisite",
        "cip_code": "cip_code__code",
        "verdict": "verdict",
    }
    numbers = {
        "cost": "cost",
        "length_months": "length_months",
        "tuition_in_state": "institution__tuition_in_state",
        "latitude": "institution__latitude",
        "longitude": "institution__longitude",
    }
    rows = list(
        Program.objects.using(using)
        .published()
        .annotate(
            verdict=newest_outcome_verdict(),
            price_unknown=PRICE_UNKNOWN,
            name_rank=Window(RowNumber(), order_by=[*NAME_ORDER]),
            cip_title=F("cip_code__title"),
        )
        .order_by("pk")
        .values_list(
            "pk", *columns.values(), *numbers.values(), "price_unknown", "name_rank", "cip_title", "cip_code_id"
        )
    )
    by_column = list(zip(*rows, strict=True)) if rows else [()] * (1 + len(columns) + len(numbers) + 4)
    ids = np.array(by_column[0], dtype=np.int64)
    coded = {name: Coded.of(by_column[1 + index]) for index, name in enumerate(columns)}
    offset = 1 + len(columns)
    number_arrays = {name: _floats(by_column[offset + index]) for index, name in enumerate(numbers)}
    offset += len(numbers)
    price_unknown = np.array(by_column[offset], dtype=np.int8)
    name_rank = np.array(by_column[offset + 1], dtype=np.int64)
    cip_codes = by_column[1 + list(columns).index("cip_code")]
    cip_titles = dict(zip(cip_codes, by_column[offset + 2], strict=True))
    cip_pks = dict(zip(cip_codes, by_column[offset + 3], strict=True))

    index = SearchIndex(
        token=token,
        ids=ids,
        coded=coded,
        numbers=number_arrays,
        name_rank=name_rank,
        price_unknown=price_unknown,
        links={"prepares_for": {}, "field": {}},
        linked={},
        cip_titles=cip_titles,
        cip_pks=cip_pks,
        field_titles={},
        credentials=[],
        using=using,
    )
    published = Program.objects.using(using).published()
    credential_links = (
        Program.prepares_for.through.objects.using(using)
        .filter(program__in=published)
        .values_list("program_id", "credential__slug")
    )
    field_links = (
        ProgramField.objects.using(using)
        .filter(program__in=published)
        .values_list("program_id", "cip_code__code", "cip_code__title")
    )
    for name, links in (("prepares_for", credential_links), ("field", field_links)):
        by_value = {}
        for program_id, value, *title in links:
            by_value.setdefault(value, []).append(program_id)
            if title:
                index.field_titles[value] = title[0]
        index.links[name] = {value: _mask_of(index, program_ids) for value, program_ids in by_value.items()}
        linked = index.none()
        for mask in index.links[name].values():
            linked |= mask
        index.linked[name] = linked
    for occupation_id, pk, code, title in (
        CIPCode.occupations.through.objects.using(using)
        .order_by()
        .values_list("occupation_id", "cipcode_id", "cipcode__code", "cipcode__title")
    ):
        index.occupation_codes.setdefault(occupation_id, []).append((pk, code, title))
    index.credentials = sorted(
        Credential.objects.using(using).order_by().values_list("slug", "abbreviation", "name"),
        key=lambda row: (row[1], row[0]),
    )
    index.built_seconds = time.perf_counter() - started
    return index


def _mask_of(index, program_ids):
    mask = index.none()
    mask[index.rows_of(program_ids)] = True
    return mask


_indexes = {}
_build_lock = threading.Lock()


def current(token, using="default"):
    """The index for this token of the catalog (from `text_index.read_token_and_terms`), built if need be.

    A token of None (no version row: a test database flushed between tests) builds an index for this request
    alone: without a token nothing tells when it would go stale.
    """
    index = _indexes.get(using)
    if index is not None and token is not None and index.token == token:
        return index
    with _build_lock:
        index = _indexes.get(using)
        if index is not None and token is not None and index.token == token:
            return index
        index = build(token, using=using)
        if token is not None:
            _indexes[using] = index
        return index


def catalog_token(using="default"):
    """The catalog's version token, read on its own (one query); None when the row is missing."""
    from catalog.models import CatalogVersion

    connection = connections[using]
    table = connection.ops.quote_name(CatalogVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else None


def published_index(token=..., using="default"):
    """The current index, for a page that counts or lists published programs, and the index's build after the
    catalog changed. Give the `token` a page's own query read with `token_subquery()` to save the query that
    reads it otherwise."""
    return current(catalog_token(using) if token is ... else token, using)


def token_subquery():
    """The catalog's token as a subquery, to annotate a page's first query with (`published_index(token=...)`)."""
    from django.db.models import Subquery

    from catalog.models import CatalogVersion

    return Subquery(CatalogVersion.objects.order_by().values("token")[:1])


def forget():
    """Drop every index this process holds (tests that swap databases or settings)."""
    _indexes.clear()
