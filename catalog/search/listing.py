"""The program list worked out on the in-memory index: which programs, in which order, and every facet count.

`IndexedListing(filterset)` reads the same validated values as `ProgramFilter` (catalog/search/filters.py) and
gives what the SQL would: `ids` in the list's order, `facet_counts()` as `facets.count_facets` returns them, and
`rank` and `distance` for the cards. It runs one query of its own (the catalog token and the matches of new
search terms, catalog/search/text_index.py), plus the index's build after the catalog changed.

Every condition here mirrors one in filters.py or facets.py; tests run both on the same data and compare.
"""

from functools import cached_property

import numpy as np

from . import facets as facet_module
from .filters import SORT_FIGURES
from .text_index import WEIGHT_VALUES, index_with_terms

# The fields ranges and sorts read (filters.RANGE_FIELDS, SORT_FIGURES), as the index's number columns.
NUMBER_COLUMNS = {"cost": "cost", "length_months": "length_months", "institution__tuition_in_state": "tuition_in_state"}


class IndexedListing:
    def __init__(self, filterset):
        self.filterset = filterset
        interpretation = filterset.interpretation
        terms = []
        if interpretation is not None:
            terms = [term for slot in interpretation.matching_slots() for term in slot]
            terms += interpretation.excluded_terms()
        self.index, self.term_matches = index_with_terms(terms, using=filterset.queryset.db)
        self.narrowed, self.rank = self._text()
        self.near_mask, self.distance = self._near()

    # The text query

    def _slot(self, slot):
        """(rows matching any term of the slot, best weight value per row), or None for a slot with no words."""
        index = self.index
        best = np.zeros(len(index))
        usable = [self.term_matches[term] for term in slot if not self.term_matches[term].empty]
        if not usable:
            return None
        for matches in usable:
            values = WEIGHT_VALUES[matches.weights]
            best[matches.rows] = np.maximum(best[matches.rows], values)
        return best > 0, best

    def _text(self):
        """(rows the search leaves, rank per row or None when the search gives no rank), as search_programs()."""
        index = self.index
        interpretation = self.filterset.interpretation
        if interpretation is None or interpretation.is_blank:
            return index.all(), None
        if interpretation.is_unsearchable:
            return index.none(), None
        rows = index.all()
        if interpretation.states:
            rows &= index.coded["state"].mask(interpretation.states)
        excluded = self._slot(interpretation.excluded_terms()) if interpretation.excluded_terms() else None
        if excluded is not None:
            rows &= ~excluded[0]
        slots = interpretation.matching_slots()
        if not slots:
            return rows, None
        evaluated = [self._slot(slot) for slot in slots]
        evaluated = [slot for slot in evaluated if slot is not None]
        if not evaluated:  # every word a stop word to PostgreSQL: its query is empty and matches nothing
            return index.none(), np.zeros(len(index))
        strict = rows.copy()
        for matched, _best in evaluated:
            strict &= matched
        if not interpretation.relaxation_decided:
            interpretation.relaxed = len(slots) > 1 and not strict.any()
            interpretation.relaxation_decided = True
        if interpretation.relaxed:
            matched_any = index.none()
            for matched, _best in evaluated:
                matched_any |= matched
            rows &= matched_any
        else:
            rows = strict
        rank = np.zeros(len(index))
        for _matched, best in evaluated:
            rank += best
        return rows, rank

    # Near me

    def _near(self):
        near = self.filterset.near
        if not near:
            return None, None
        index = self.index
        latitude, longitude = near["point"]
        distance = index.distance_from(latitude, longitude)
        with np.errstate(invalid="ignore"):
            within = distance <= near["miles"]
        within &= self._in_box(latitude, longitude, near["miles"])
        if near["include_online"]:
            within |= index.coded["delivery_mode"].mask(["online"])
        return within, distance

    def _in_box(self, latitude, longitude, miles):
        from catalog.geo import bounding_box

        numbers = self.index.numbers
        lat_min, lat_max, lon_min, lon_max = bounding_box(latitude, longitude, miles)
        with np.errstate(invalid="ignore"):
            inside = (numbers["latitude"] >= lat_min) & (numbers["latitude"] <= lat_max)
            if lon_min is not None:
                inside &= (numbers["longitude"] >= lon_min) & (numbers["longitude"] <= lon_max)
        return inside

    def _left_out(self):
        """Programs a distance search leaves out because their school cannot be placed."""
        numbers = self.index.numbers
        left_out = np.isnan(numbers["latitude"]) | np.isnan(numbers["longitude"])
        if self.filterset.near["include_online"]:
            left_out &= ~self.index.coded["delivery_mode"].mask(["online"])
        return left_out

    # Filters

    @cached_property
    def active(self):
        """{group: rows} for every usable facet and range filter, as ProgramFilter.active_conditions()."""
        filterset, index = self.filterset, self.index
        active = {}
        for facet in filterset.facets:
            if facet.name == "delivery" and "delivery" in filterset.implied:
                continue
            values = [str(value) for value in filterset._values(facet.name)] or filterset.implied.get(facet.name, [])
            if values:
                active[facet.name] = facet.mask(index, values)
        for group, (field, low, high) in filterset.ranges.items():
            numbers = index.numbers[NUMBER_COLUMNS[field]]
            rows = ~np.isnan(numbers)
            with np.errstate(invalid="ignore"):
                if low is not None:
                    rows &= numbers >= float(low)
                if high is not None:
                    rows &= numbers <= float(high)
            active[group] = rows
        if "delivery" in filterset.implied:
            active["delivery"] = self._implied_delivery(active)
        return active

    def _implied_delivery(self, others):
        """As ProgramFilter._implied_delivery_condition: the word's delivery, unless none of the programs every
        other filter leaves reports a delivery at all (then it holds for all of them)."""
        facet = self.filterset._facet("delivery")
        matching = self.narrowed.copy()
        if self.near_mask is not None:
            matching &= self.near_mask
        for rows in others.values():
            matching &= rows
        reported = facet.mask(self.index, [value for value, _label in facet.choices])
        if not (matching & reported).any():
            return self.index.all()
        return facet.mask(self.index, self.filterset.implied["delivery"])

    @cached_property
    def rows(self):
        """The rows of the list: searched, near, and every filter."""
        rows = self.narrowed.copy()
        if self.near_mask is not None:
            rows &= self.near_mask
        for mask in self.active.values():
            rows &= mask
        return rows

    # Order

    @cached_property
    def ids(self):
        """The program ids of the list, in the list's order (ProgramFilter.sort_queryset)."""
        rows = np.flatnonzero(self.rows)
        index = self.index
        key = self.filterset.sort_key
        name = index.name_rank[rows]
        if key == "relevance" and self.filterset.interpretation is not None:
            keys = [name, index.price_unknown[rows]]
            if self.rank is not None:
                keys.append(-self.rank[rows])
        elif key == "distance" and self.distance is not None:
            keys = [name, *self._nulls_last(self.distance[rows])]
        else:
            figure = SORT_FIGURES.get(key.lstrip("-"))
            if figure is None:
                keys = [name]
            else:
                kind, field = figure
                values = index.figure(field)[rows] if kind == "outcome" else index.numbers[NUMBER_COLUMNS[field]][rows]
                keys = [name, *self._nulls_last(-values if key.startswith("-") else values)]
        order = np.lexsort(keys) if len(rows) else rows
        return index.ids[rows[order]]

    @staticmethod
    def _nulls_last(values):
        """lexsort keys (value, then blank last), least significant first."""
        blank = np.isnan(values)
        return [np.where(blank, 0.0, values), blank]

    def card_values(self, ids):
        """{program id: (rank, distance in miles or None)} for the cards of these programs."""
        rows = self.index.rows_of(ids)
        values = {}
        for program_id, row in zip(self.index.ids[rows].tolist(), rows.tolist(), strict=True):
            rank = float(self.rank[row]) if self.rank is not None else 0.0
            distance = None
            if self.distance is not None and not np.isnan(self.distance[row]):
                distance = float(self.distance[row])
            values[program_id] = (rank, distance)
        return values

    # Counts

    def facet_counts(self, facets):
        """(facet counts, extra counts) as facets.count_facets() returns them for ProgramFilter.facet_counts()."""
        index = self.index
        base = self.narrowed.copy()
        active = dict(self.active)
        extra = {"total": (None, set())}
        if self.near_mask is not None:
            left_out = self._left_out()
            base &= self.near_mask | left_out
            active["near"] = ~left_out
            extra["no_coordinates"] = (left_out, {"near"})
        extra["cost_unreported"] = (np.isnan(index.numbers["cost"]), {"cost"})
        extra["length_unreported"] = (np.isnan(index.numbers["length_months"]), {"length"})
        extra["tuition_unreported"] = (np.isnan(index.numbers["tuition_in_state"]), {"tuition"})

        def scope(excluding):
            rows = base.copy()
            for group, mask in active.items():
                if group not in excluding:
                    rows &= mask
            return rows

        everything = scope(set())
        results = []
        for facet in facets:
            others = scope({facet.name}) if facet.name in active else everything
            selected = {str(value) for value in self.filterset._values(facet.name)} or set(
                self.filterset.implied.get(facet.name, [])
            )
            if facet.name not in active:
                selected = set()
            counts = facet.option_counts(index, others)
            options = [
                facet_module.OptionCount(str(value), label, count, str(value) in selected)
                for (value, label), count in zip(facet.choices, counts, strict=True)
            ]
            unreported = facet.unreported_rows(index)
            if unreported is not None:
                unreported = int(np.count_nonzero(others & unreported))
            results.append(
                facet_module.FacetCounts(
                    facet=facet,
                    options=options,
                    any_count=int(np.count_nonzero(others)),
                    unreported_count=unreported,
                )
            )
        counts = {}
        for name, (mask, ignoring) in extra.items():
            rows = scope(ignoring) if ignoring else everything
            counts[name] = int(np.count_nonzero(rows if mask is None else rows & mask))
        return results, counts

    # Options

    def cip_code_rows(self):
        """[(code, title)] of the CIP codes the published programs are filed under, by code."""
        return sorted(self.index.cip_titles.items())

    def field_rows(self):
        return sorted(self.index.field_titles.items())

    def credential_rows(self):
        return list(self.index.credentials)
