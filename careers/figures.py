"""Choosing and ordering an occupation's rows for its page: industries, states, areas, older figures.

Pure functions over rows already fetched, so the page's query count does not depend on them.
"""

import re
from dataclasses import dataclass

from .areas import state_of, states_of_area

# OEWS industry rows come at several NAICS levels at once (sector 62, 3-digit 622000, 4-digit 622100,
# 5- and 6-digit, and ownership splits such as 622005). Ranking across levels would count the same
# jobs twice, so industries are compared at one level: the 4-digit industry group (622100), as BLS's own
# OEWS occupation profiles do.
INDUSTRY_GROUP = re.compile(r"^\d{3}[1-9]00$")
TOP_INDUSTRIES = 5


def industry_groups(rows):
    return [row for row in rows if INDUSTRY_GROUP.match(row.industry_code)]


def most_jobs(rows, national_employment=None, limit=TOP_INDUSTRIES):
    """Industry groups with the most jobs, each with `share`: its percent of the occupation's national jobs."""
    ranked = sorted(
        (row for row in industry_groups(rows) if row.employment is not None),
        key=lambda row: (-row.employment, row.industry_name),
    )[:limit]
    for row in ranked:
        row.share = round(100 * row.employment / national_employment) if national_employment else None
    return ranked


def highest_paid(rows, limit=TOP_INDUSTRIES):
    """Industry groups with the highest median annual wage BLS published."""
    return sorted(
        (row for row in industry_groups(rows) if row.annual_median is not None),
        key=lambda row: (-row.annual_median, row.industry_name),
    )[:limit]


def newest_release_rows(rows):
    """The rows of the newest release among `rows` (ordered newest first or not)."""
    rows = list(rows)
    if not rows:
        return []
    newest = max(row.reference_date for row in rows)
    return [row for row in rows if row.reference_date == newest]


STATE_SORTS = {
    # ?state_sort= value -> (sort key, aria-sort); missing figures always sort last
    "name": (lambda row: row.area_name, "ascending"),
    "median": (lambda row: (row.annual_median is None, -(row.annual_median or 0), row.area_name), "descending"),
    "employment": (lambda row: (row.employment is None, -(row.employment or 0), row.area_name), "descending"),
}
DEFAULT_STATE_SORT = "name"

# A printed page lists this many states (and areas) with the most jobs, and the address of the full table.
PRINTED_ROWS = 10


def most_jobs_first(rows, limit=PRINTED_ROWS):
    """The rows with the most jobs, most first; a row whose jobs BLS did not publish is left out."""
    return sorted(
        (row for row in rows if row.employment is not None), key=lambda row: (-row.employment, row.area_name)
    )[:limit]


@dataclass
class StateTable:
    rows: list
    sort: str
    aria_sort: str
    ignored_sort: str  # the value asked for when it was not one we know, to say so

    @property
    def most_jobs(self):
        return most_jobs_first(self.rows)


def state_table(rows, requested_sort):
    """State rows with `postal` set, sorted as asked (by name when the request is not a sort we offer)."""
    sort = requested_sort if requested_sort in STATE_SORTS else DEFAULT_STATE_SORT
    key, aria_sort = STATE_SORTS[sort]
    for row in rows:
        row.postal = state_of(row.area_code)
    ignored = requested_sort if requested_sort and requested_sort not in STATE_SORTS else ""
    return StateTable(sorted(rows, key=key), sort, aria_sort, ignored[:40])


def areas_in_state(rows, postal):
    """Metropolitan and nonmetropolitan areas that lie (at least partly) in the state, by name."""
    return sorted(
        (row for row in rows if postal in states_of_area(row.area_code, row.area_name)), key=lambda r: r.area_name
    )


def mark_older(rows, newest):
    """Set `stale` on each row: its release is more than two years older than `newest` of its kind."""
    for row in rows:
        row.stale = row.is_older_than(newest)
    return rows
