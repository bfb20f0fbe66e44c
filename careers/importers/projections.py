"""BLS Employment Projections tables in the derived projections.csv shape.

The tables name their columns differently from one release to the next ("Employment 2016
(thousands)", "Employment 2021", "Employment change, 2016-2026 (percent)", "Employment Percent
Change, 2021-2031"), so columns are found by pattern and the projection period is read from the
header itself. A header without the columns we need is refused with what is missing.

The tables give employment and openings in thousands ("186.4"); we store persons (186400), which
is exact because the published figure has one decimal. Codes are written as spreadsheet formulas
(`="29-2072"`).
"""

import csv
import io
import re
from decimal import Decimal

from catalog.importing import DataError, read_csv

from .releases import EP_URL
from .values import bls_decimal, parse_soc_code, whole

THOUSAND = Decimal(1000)
TENTH = Decimal("0.1")

YEAR = r"((?:19|20)\d{2})"
PERIOD = rf"{YEAR}\s*[-–]\s*{YEAR}"
# Our name -> (pattern over the lower-cased header, how to describe it when missing)
COLUMN_PATTERNS = {
    "soc_code": (r"(soc|occupation) code", '"SOC Code" or "Occupation Code"'),
    "employment": (rf"employment,? {YEAR}( \(thousands\))?", 'two employment columns, e.g. "Employment 2021"'),
    "percent_change": (
        rf"employment (percent change,? {PERIOD}|change,? {PERIOD},? \(percent\))",
        'a percent change, e.g. "Employment Percent Change, 2021-2031"',
    ),
    "annual_openings": (rf"occupational openings,? {PERIOD},? annual average( \(thousands\))?", None),
    "base_year_median_wage": (rf"({YEAR} median annual wage|median annual wage,? {YEAR})", None),
    "entry_education": (r"typical entry-level education", None),
}


def published_code(text):
    """EP tables write codes as spreadsheet formulas, ="29-2072"; keep the code itself."""
    text = (text or "").strip()
    if text.startswith("="):
        text = text[1:]
    return text.strip('"').strip()


def _years(name):
    return [int(year) for year in re.findall(YEAR, name)]


def projection_layout(path):
    """The file's columns for each of our names, and its (base year, target year); or a DataError."""
    next(read_csv(path), None)  # a missing file or one that is not UTF-8 is reported as read_csv reports it
    header = next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")), [])
    found = {}
    for ours, (pattern, _) in COLUMN_PATTERNS.items():
        matches = [name for name in header if re.fullmatch(pattern, " ".join(name.lower().split()))]
        found[ours] = matches
    missing = [describe for ours, (_, describe) in COLUMN_PATTERNS.items() if describe and not found[ours]]
    if len(found["employment"]) == 1:
        missing.append(COLUMN_PATTERNS["employment"][1])
    if missing:
        raise DataError(path, 1, f"not a BLS Employment Projections layout we read: missing {'; '.join(missing)}")
    if len(found["employment"]) != 2:
        raise DataError(path, 1, f"expected two employment columns, found {', '.join(found['employment'])}")
    base_year, target_year = sorted(_years(name)[0] for name in found["employment"])
    period = _years(found["percent_change"][0])
    if [base_year, target_year] != period:
        raise DataError(
            path, 1, f"employment columns ({base_year}, {target_year}) do not match the percent change period {period}"
        )
    employment = {_years(name)[0]: name for name in found["employment"]}
    columns = {
        "soc_code": found["soc_code"][0],
        "base_employment": employment[base_year],
        "projected_employment": employment[target_year],
        "percent_change": found["percent_change"][0],
    }
    for optional in ("annual_openings", "base_year_median_wage", "entry_education"):
        if found[optional]:
            columns[optional] = found[optional][0]
    return columns, base_year, target_year


def projection_source(base_year, target_year):
    return f"BLS Employment Projections {base_year}-{str(target_year)[-2:]}"


def read_projections(path, codes, require_all=False):
    """One row per SOC code in `codes` from one projections table, each with the `line` it was read from.

    With `require_all` every code must be there; a code twice is always an error.
    """
    columns, base_year, target_year = projection_layout(path)
    rows = {}
    for line, row in read_csv(path, required=list(columns.values())):
        code = published_code(row[columns["soc_code"]])
        if code not in codes:
            continue
        parse_soc_code(code, path, line, columns["soc_code"])
        if code in rows:
            raise DataError(path, line, f"{code} appears more than once")

        def number(ours, row=row, line=line):
            if ours not in columns:
                return None
            return bls_decimal(row[columns[ours]], path, line, columns[ours])

        def persons(ours, number=number, line=line):
            value = number(ours)
            return None if value is None else whole(value * THOUSAND, path, line, columns[ours])

        base, projected = persons("base_employment"), persons("projected_employment")
        percent = number("percent_change")
        if base is None or projected is None or percent is None:
            raise DataError(path, line, f"{code}: employment and percent change are required")
        rows[code] = {
            "line": line,
            "soc_code": code,
            "base_year": base_year,
            "target_year": target_year,
            "base_employment": base,
            "projected_employment": projected,
            "percent_change": percent.quantize(TENTH),
            "annual_openings": persons("annual_openings"),
            "base_year_median_wage": whole(
                number("base_year_median_wage"), path, line, columns.get("base_year_median_wage")
            ),
            "entry_education": row[columns["entry_education"]].strip() if "entry_education" in columns else "",
            "source": projection_source(base_year, target_year),
            "source_url": EP_URL,
        }
    missing = sorted(set(codes) - set(rows))
    if require_all and missing:
        raise DataError(path, 0, f"no row for {', '.join(missing)}")
    if not rows:
        raise DataError(path, 0, f"no rows for the occupations we carry ({', '.join(sorted(codes))})")
    return [rows[code] for code in sorted(rows)]
