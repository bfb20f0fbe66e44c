"""Build: each school's yearly tuition and fees, from College Scorecard's institution file.

The file (`scorecard_institutions_subset_ma346.csv`) has no UNITID, so schools are joined on what it does
have, in this order, and a school is priced only when exactly one row fits:

1. **Name and state, as written**: our name (College Scorecard's 2026 name) or the school's IPEDS HD2020
   name, which is closer in time to the file's.
2. **Name and state, normalised** (`normalise_name`): case, accents, "&"/"and", punctuation, a leading
   "The" and a closing "-Main Campus" or "Campus" are ignored. Two rows left: the one in the school's
   city, if only one is.
3. **The same IPEDS coordinates**: the file's LATITUDE/LONGITUDE are IPEDS's geocodes, as are ours, so a
   school renamed since (Rasmussen College-Florida, now Rasmussen University-Florida) sits on exactly the
   same point, to the millionth of a degree. Used only when exactly one row of the same state is there.

A name match whose coordinates lie more than `MAX_NAME_MATCH_KM` from the school's is refused: that is
another campus of the same name (Cambridge College of Healthcare & Technology is in Delray Beach and in
Altamonte Springs). Nothing is guessed on a tie; the build lists every school it could not price and why.
"""

import math
import re
import unicodedata
from collections import defaultdict

from catalog.importing import DataError, read_csv

from .values import public_whole

SCORECARD_INSTITUTION_COLUMNS = ("INSTNM", "CITY", "STABBR", "LATITUDE", "LONGITUDE", "TUITIONFEE_IN", "TUITIONFEE_OUT")
NULL = "NULL"
# Two campuses of one name are usually tens of kilometres apart or more; a school that moved across town
# (DeVry University-Ohio, 15 km) is still the same school.
MAX_NAME_MATCH_KM = 25

_APOSTROPHES = re.compile(r"['’`]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_MAIN_CAMPUS = re.compile(r"\s+(main campus|campus)$")


def normalise_name(name):
    """ "The University of Texas-Permian Basin" and "university of texas permian basin" read the same."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = _APOSTROPHES.sub("", text.replace("&", " and "))
    text = _NOT_WORD.sub(" ", text).strip()
    text = _MAIN_CAMPUS.sub("", text)
    return text.removeprefix("the ")


def _coordinate(text, path, line, column, limit):
    text = text.strip()
    if text in ("", NULL):
        return None
    try:
        value = float(text)
    except ValueError:
        raise DataError(path, line, f"{column}: {text!r} is not a number") from None
    if not -limit <= value <= limit:
        raise DataError(path, line, f"{column}: {value} is outside -{limit}..{limit}")
    return round(value, 6)


def _tuition(text, path, line, column):
    text = text.strip()
    return None if text == NULL else public_whole(text, path, line, column)


def read_scorecard_institutions(path):
    """One dict per row of the file: name, city, state, point, tuition_in_state, tuition_out_of_state, line."""
    rows = []
    for line, row in read_csv(path, required=SCORECARD_INSTITUTION_COLUMNS):
        name = row["INSTNM"].strip()
        if not name:
            raise DataError(path, line, "INSTNM: empty")
        state = row["STABBR"].strip()
        if not (len(state) == 2 and state.isalpha() and state.isupper()):
            raise DataError(path, line, f"STABBR: {state!r} is not a state code")
        latitude = _coordinate(row["LATITUDE"], path, line, "LATITUDE", 90)
        longitude = _coordinate(row["LONGITUDE"], path, line, "LONGITUDE", 180)
        rows.append(
            {
                "line": line,
                "name": name,
                "city": row["CITY"].strip(),
                "state": state,
                "point": None if latitude is None or longitude is None else (latitude, longitude),
                "tuition_in_state": _tuition(row["TUITIONFEE_IN"], path, line, "TUITIONFEE_IN"),
                "tuition_out_of_state": _tuition(row["TUITIONFEE_OUT"], path, line, "TUITIONFEE_OUT"),
            }
        )
    return rows


def _kilometres(a, b):
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


class TuitionIndex:
    """The file's rows, looked up by name and state, normalised name and state, and point."""

    def __init__(self, rows):
        self.exact, self.normalised, self.points = defaultdict(list), defaultdict(list), defaultdict(list)
        for row in rows:
            self.exact[(row["name"], row["state"])].append(row)
            self.normalised[(normalise_name(row["name"]), row["state"])].append(row)
            if row["point"]:
                self.points[(row["point"], row["state"])].append(row)

    def match(self, names, city, state, point):
        """(row or None, how): how is "name", "normalised name", "name and city", "coordinates", or why not:
        "ambiguous" (several rows fit and nothing tells them apart), "other campus", "not found"."""
        names = [name for name in dict.fromkeys(names) if name]
        candidates, how = None, "not found"
        for name in names:
            rows = self.exact.get((name, state), [])
            if len(rows) == 1:
                candidates, how = rows, "name"
                break
        if candidates is None:
            for name in names:
                rows = self.normalised.get((normalise_name(name), state), [])
                if len(rows) == 1:
                    candidates, how = rows, "normalised name"
                    break
                if rows:
                    in_city = [row for row in rows if normalise_name(row["city"]) == normalise_name(city)]
                    if len(in_city) == 1:
                        candidates, how = in_city, "name and city"
                        break
                    return None, "ambiguous"
        if candidates is not None:
            row = candidates[0]
            if point and row["point"] and _kilometres(point, row["point"]) > MAX_NAME_MATCH_KM:
                return None, "other campus"
            return row, how
        if point:
            rows = self.points.get((point, state), [])
            if len(rows) == 1:
                return rows[0], "coordinates"
            if rows:
                return None, "ambiguous"
        return None, "not found"


def join_tuition(schools, path):
    """{unitid: (row, how)} for the schools that fit one row, and {unitid: why} for those that do not.

    `schools`: {unitid: {"names": [...], "city", "state", "point"}}.
    """
    index = TuitionIndex(read_scorecard_institutions(path))
    matched, unmatched = {}, {}
    for unitid, school in schools.items():
        row, how = index.match(school["names"], school["city"], school["state"], school["point"])
        if row is None:
            unmatched[unitid] = how
        else:
            matched[unitid] = (row, how)
    # Two of our schools on one row (two UNITIDs named "Gwinnett Institute"): the row's city decides, or nobody
    # gets it.
    claims = defaultdict(list)
    for unitid, (row, _how) in matched.items():
        claims[row["line"]].append(unitid)
    for unitids in claims.values():
        if len(unitids) < 2:
            continue
        row = matched[unitids[0]][0]
        in_city = [
            unitid for unitid in unitids if normalise_name(schools[unitid]["city"]) == normalise_name(row["city"])
        ]
        for unitid in unitids:
            if in_city != [unitid]:  # the city breaks the tie only when exactly one of them is in the row's city
                del matched[unitid]
                unmatched[unitid] = "shared"
    return matched, unmatched
