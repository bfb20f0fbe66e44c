"""Wage estimates from BLS OEWS / OES files, in the derived wage_estimates.csv shape.

Two public layouts are read, told apart by their header:
- the OEWS extract (May 2025 in ../shared/data): one row per area and industry, lower-case columns
  (`release`, `areatype`, `area_code`, ..., `annual_median`);
- the OES/OEWS national file (`national_M2014_dl`): one row per occupation, upper-case columns
  (`OCC_CODE`, `TOT_EMP`, `A_MEDIAN`, ...), national and cross-industry, with no release column.
Both `make data` (build) and `manage.py import_oews` read through `read_oews`, so there is one parser.
A header that fits neither layout is refused with the columns each layout misses.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

from catalog.importing import DataError, read_csv

from ..models import FIRST_OEWS_YEAR
from .releases import OES_2014_FILE, OEWS_2025_FILE, OEWS_TABLES_URL, PERCENTILES, WAGE_RELEASES
from .values import bls_decimal, check_percentiles_ordered, parse_soc_code, whole

AREA_TYPES = {"N": "national", "S": "state", "M": "metro"}
# Every release is stored with the same national area, whatever code the file itself uses.
NATIONAL_AREA = ("99", "U.S.")
CROSS_INDUSTRY_CODE = "000000"
CENTS = Decimal("0.01")

FIGURES = ["employment", "annual_mean", *PERCENTILES, "hourly_mean", "hourly_median"]

EXTRACT = "OEWS extract (one row per area and industry)"
NATIONAL = "OES/OEWS national file (one row per occupation)"
LAYOUTS = {
    EXTRACT: {
        "identity": ["release", "areatype", "area_code", "area_name", "industry_code", "industry_name"],
        "code": "soc_code",
        "title": "occupation_name",
        "figures": {name: name for name in FIGURES},
    },
    NATIONAL: {
        "identity": [],
        "code": "OCC_CODE",
        "title": "OCC_TITLE",
        "figures": {
            "employment": "TOT_EMP",
            "annual_mean": "A_MEAN",
            "annual_p10": "A_PCT10",
            "annual_p25": "A_PCT25",
            "annual_median": "A_MEDIAN",
            "annual_p75": "A_PCT75",
            "annual_p90": "A_PCT90",
            "hourly_mean": "H_MEAN",
            "hourly_median": "H_MEDIAN",
        },
    },
}

MONTHS = {datetime.date(2000, month, 1).strftime("%B"): month for month in range(1, 13)}
RELEASE_TEXT = re.compile(r"^(?P<month>[A-Z][a-z]+) (?P<year>\d{4})$")
# BLS names its downloads after the release: national_M2014_dl.xlsx is May 2014.
RELEASE_IN_FILE_NAME = re.compile(r"(?:^|[_-])M(?P<year>(?:19|20)\d{2})(?:[_.-]|$)")


def required_columns(layout):
    spec = LAYOUTS[layout]
    return [*spec["identity"], spec["code"], spec["title"], *spec["figures"].values()]


def detect_layout(path):
    """Which known layout the file's header is: the name, or a DataError naming what each layout misses."""
    next(read_csv(path), None)  # a missing file or one that is not UTF-8 is reported as read_csv reports it
    header = next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")), [])
    header = [name.strip() for name in header]
    missing = {layout: [c for c in required_columns(layout) if c not in header] for layout in LAYOUTS}
    for layout, columns in missing.items():
        if not columns:
            return layout
    described = "; ".join(f"as an {layout} it lacks {', '.join(columns)}" for layout, columns in missing.items())
    raise DataError(path, 1, f"not a BLS OEWS/OES layout we read: {described}")


def release_fields(release, path, line=0):
    """How a release is dated and cited, from its name ("May 2025")."""
    for known in WAGE_RELEASES.values():
        if known["release"] == release:
            return {name: known[name] for name in ("release", "reference_date", "source", "source_url")}
    match = RELEASE_TEXT.match(release or "")
    if not match or match["month"] not in MONTHS:
        raise DataError(path, line, f"release {release!r} is not a month and year such as 'May 2025'")
    year = int(match["year"])
    survey = (
        "Occupational Employment and Wage Statistics (OEWS)"
        if year >= FIRST_OEWS_YEAR
        else "Occupational Employment Statistics (OES)"
    )
    return {
        "release": release,
        "reference_date": datetime.date(year, MONTHS[match["month"]], 1),
        "source": f"BLS {survey}, {release}",
        "source_url": OEWS_TABLES_URL,
    }


def release_from_file_name(path):
    """May YYYY for a BLS national file named like national_M2014_dl.csv; None otherwise."""
    match = RELEASE_IN_FILE_NAME.search(path.stem)
    return f"May {match['year']}" if match else None


def _figures(row, columns, path, line):
    """Employment, wages and percentiles from one published row; `columns` maps our names to the file's."""
    figures = {}
    for ours, theirs in columns.items():
        value = bls_decimal(row[theirs], path, line, theirs)
        if ours.startswith("hourly_"):
            figures[ours] = None if value is None else value.quantize(CENTS)
        else:
            figures[ours] = whole(value, path, line, theirs)
    check_percentiles_ordered([(name, figures[name]) for name in PERCENTILES], path, line)
    return figures


def _area_and_industry(row, path, line):
    """Area type, code and name and the industry of an extract row, in the stored form."""
    area_type = AREA_TYPES.get(row["areatype"].strip())
    if area_type is None:
        raise DataError(path, line, f"areatype {row['areatype']!r} is not N, S or M")
    area_code, area_name = row["area_code"].strip(), row["area_name"].strip()
    if area_type == "national":
        area_code, area_name = NATIONAL_AREA
    industry_code, industry_name = row["industry_code"].strip(), row["industry_name"].strip()
    if industry_code == CROSS_INDUSTRY_CODE:
        industry_code, industry_name = "", ""
    if not area_code or not area_name:
        raise DataError(path, line, "area code and name are required")
    return {
        "area_type": area_type,
        "area_code": area_code,
        "area_name": area_name,
        "industry_code": industry_code,
        "industry_name": industry_name,
    }


NATIONAL_CROSS_INDUSTRY = {
    "area_type": "national",
    "area_code": NATIONAL_AREA[0],
    "area_name": NATIONAL_AREA[1],
    "industry_code": "",
    "industry_name": "",
}


def read_oews(path, codes, release=None, require_all=False):
    """The rows of an OEWS/OES file for the SOC codes in `codes`, each with the `line` it was read from.

    `release` ("May 2014") is required for the national layout, which does not name its release (the
    file name is tried first); for the extract, which does, it must match when given. With
    `require_all`, every code must have exactly one national cross-industry row.
    """
    layout = detect_layout(path)
    spec = LAYOUTS[layout]
    if layout == NATIONAL:
        release = release or release_from_file_name(path)
        if not release:
            raise DataError(path, 0, "this layout does not name its release: say which, e.g. --release 'May 2014'")
    fixed_release = release_fields(release, path) if release else None
    releases = {}
    rows = []
    for line, row in read_csv(path, required=required_columns(layout)):
        code = row[spec["code"]].strip()
        if code not in codes:
            continue
        parse_soc_code(code, path, line, spec["code"])
        if layout == EXTRACT:
            published = row["release"].strip()
            if fixed_release and published != fixed_release["release"]:
                raise DataError(path, line, f"release {row['release']!r}, expected {fixed_release['release']!r}")
            if published not in releases:
                releases[published] = release_fields(published, path, line)
            where = _area_and_industry(row, path, line)
            this_release = releases[published]
        else:
            where, this_release = NATIONAL_CROSS_INDUSTRY, fixed_release
        rows.append(
            {
                "line": line,
                "soc_code": code,
                "published_title": row[spec["title"]].strip(),
                **this_release,
                **where,
                **_figures(row, spec["figures"], path, line),
            }
        )
    if require_all:
        _require_national_rows(path, rows, codes)
    elif not rows:
        raise DataError(path, 0, f"no rows for the occupations we carry ({', '.join(sorted(codes))})")
    return rows


def read_oews_2025(source_dir, codes):
    """Every row of the May 2025 extract for `codes`: national by industry, state and metro cross-industry."""
    return read_oews(source_dir / OEWS_2025_FILE, codes, WAGE_RELEASES[OEWS_2025_FILE]["release"], require_all=True)


def read_oes_2014(source_dir, codes):
    """The national all-industry May 2014 rows for `codes` (SOC 2010 codes, as that release published them)."""
    return read_oews(source_dir / OES_2014_FILE, codes, WAGE_RELEASES[OES_2014_FILE]["release"], require_all=True)


def _require_national_rows(path, rows, codes):
    """Exactly one national cross-industry row per code: the headline figure pages rely on."""
    for code in sorted(codes):
        found = [r for r in rows if r["soc_code"] == code and r["area_type"] == "national" and not r["industry_code"]]
        if len(found) != 1:
            raise DataError(path, 0, f"{len(found)} national cross-industry rows for {code}, expected 1")
