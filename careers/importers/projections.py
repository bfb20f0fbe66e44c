"""BLS Employment Projections tables (2016-26, 2021-31) in the derived projections.csv shape.

The tables give employment and openings in thousands ("186.4"); we store persons (186400), which
is exact because the published figure has one decimal.
"""

from decimal import Decimal

from catalog.importing import DataError, read_csv

from .releases import EP_URL, PROJECTION_RELEASES
from .values import bls_decimal, parse_soc_code, whole

THOUSAND = Decimal(1000)
TENTH = Decimal("0.1")


def published_code(text):
    """EP tables write codes as spreadsheet formulas, ="29-2072"; keep the code itself."""
    text = (text or "").strip()
    if text.startswith("="):
        text = text[1:]
    return text.strip('"').strip()


def read_projections(source_dir, file_name, codes):
    """One row per SOC code in `codes` from one projections table; every code must be there exactly once."""
    spec = PROJECTION_RELEASES[file_name]
    columns = spec["columns"]
    path = source_dir / file_name
    rows = {}
    for line, row in read_csv(path, required=list(columns.values())):
        code = published_code(row[columns["soc_code"]])
        if code not in codes:
            continue
        parse_soc_code(code, path, line, columns["soc_code"])
        if code in rows:
            raise DataError(path, line, f"{code} appears more than once")

        def number(ours, row=row, line=line):
            return bls_decimal(row[columns[ours]], path, line, columns[ours])

        def persons(ours, number=number, line=line):
            value = number(ours)
            return None if value is None else whole(value * THOUSAND, path, line, columns[ours])

        base, projected = persons("base_employment"), persons("projected_employment")
        percent = number("percent_change")
        if base is None or projected is None or percent is None:
            raise DataError(path, line, f"{code}: employment and percent change are required")
        rows[code] = {
            "soc_code": code,
            "base_year": spec["base_year"],
            "target_year": spec["target_year"],
            "base_employment": base,
            "projected_employment": projected,
            "percent_change": percent.quantize(TENTH),
            "annual_openings": persons("annual_openings"),
            "base_year_median_wage": whole(
                number("base_year_median_wage"), path, line, columns["base_year_median_wage"]
            ),
            "entry_education": row[columns["entry_education"]].strip(),
            "source": spec["source"],
            "source_url": EP_URL,
        }
    missing = sorted(set(codes) - set(rows))
    if missing:
        raise DataError(path, 0, f"no row for {', '.join(missing)}")
    return [rows[code] for code in sorted(rows)]
