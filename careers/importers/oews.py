"""Wage estimates from BLS OEWS (May 2025) and OES (May 2014) files, in the derived wage_estimates.csv shape."""

from decimal import Decimal

from catalog.importing import DataError, read_csv

from .releases import OES_2014_FILE, OEWS_2025_FILE, PERCENTILES, WAGE_RELEASES
from .values import bls_decimal, check_percentiles_ordered, parse_soc_code, whole

AREA_TYPES = {"N": "national", "S": "state", "M": "metro"}
# Every release is stored with the same national area, whatever code the file itself uses.
NATIONAL_AREA = ("99", "U.S.")
CROSS_INDUSTRY_CODE = "000000"
CENTS = Decimal("0.01")


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


def _release_fields(path):
    release = WAGE_RELEASES[path.name]
    return {
        "release": release["release"],
        "reference_date": release["reference_date"],
        "source": release["source"],
        "source_url": release["source_url"],
    }


OEWS_2025_COLUMNS = {
    "employment": "employment",
    "annual_mean": "annual_mean",
    "annual_p10": "annual_p10",
    "annual_p25": "annual_p25",
    "annual_median": "annual_median",
    "annual_p75": "annual_p75",
    "annual_p90": "annual_p90",
    "hourly_mean": "hourly_mean",
    "hourly_median": "hourly_median",
}


def read_oews_2025(source_dir, codes):
    """Every row of the May 2025 extract for `codes`: national by industry, state and metro cross-industry."""
    path = source_dir / OEWS_2025_FILE
    release = _release_fields(path)
    required = ["release", "areatype", "area_code", "area_name", "industry_code", "industry_name", "soc_code"]
    rows = []
    for line, row in read_csv(path, required=[*required, "occupation_name", *OEWS_2025_COLUMNS.values()]):
        soc_code = parse_soc_code(row["soc_code"], path, line)
        if soc_code not in codes:
            continue
        if row["release"].strip() != release["release"]:
            raise DataError(path, line, f"release {row['release']!r}, expected {release['release']!r}")
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
        rows.append(
            {
                "soc_code": soc_code,
                "published_title": row["occupation_name"].strip(),
                **release,
                "area_type": area_type,
                "area_code": area_code,
                "area_name": area_name,
                "industry_code": industry_code,
                "industry_name": industry_name,
                **_figures(row, OEWS_2025_COLUMNS, path, line),
            }
        )
    _require_national_rows(path, rows, codes)
    return rows


OES_2014_COLUMNS = {
    "employment": "TOT_EMP",
    "annual_mean": "A_MEAN",
    "annual_p10": "A_PCT10",
    "annual_p25": "A_PCT25",
    "annual_median": "A_MEDIAN",
    "annual_p75": "A_PCT75",
    "annual_p90": "A_PCT90",
    "hourly_mean": "H_MEAN",
    "hourly_median": "H_MEDIAN",
}


def read_oes_2014(source_dir, codes):
    """The national all-industry May 2014 rows for `codes` (SOC 2010 codes, as that release published them)."""
    path = source_dir / OES_2014_FILE
    release = _release_fields(path)
    rows = []
    for line, row in read_csv(path, required=["OCC_CODE", "OCC_TITLE", *OES_2014_COLUMNS.values()]):
        code = row["OCC_CODE"].strip()
        if code not in codes:
            continue
        rows.append(
            {
                "soc_code": code,
                "published_title": row["OCC_TITLE"].strip(),
                **release,
                "area_type": "national",
                "area_code": NATIONAL_AREA[0],
                "area_name": NATIONAL_AREA[1],
                "industry_code": "",
                "industry_name": "",
                **_figures(row, OES_2014_COLUMNS, path, line),
            }
        )
    _require_national_rows(path, rows, codes)
    return rows


def _require_national_rows(path, rows, codes):
    """Exactly one national cross-industry row per code: the headline figure pages rely on."""
    for code in sorted(codes):
        found = [r for r in rows if r["soc_code"] == code and r["area_type"] == "national" and not r["industry_code"]]
        if len(found) != 1:
            raise DataError(path, 0, f"{len(found)} national cross-industry rows for {code}, expected 1")
