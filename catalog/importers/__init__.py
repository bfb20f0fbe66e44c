"""Catalog's data pipeline: CIP 51.07 codes, their links to occupations, schools, programs and outcomes.

`build(source_dir, out_dir)` reads the public files (NCES CIP 2020, College Scorecard field of study,
IPEDS HD2020, the CIP-SOC crosswalk, and any IPEDS program-level files: ipeds.py) and writes the compact CSVs
in catalog/data; `load(data_dir, report)` reads those CSVs into the database. See docs/data.md for what each
file holds.
"""

from pathlib import Path

from catalog.importing import write_csv

from .bundle import (
    CIP_CODES_COLUMNS,
    CIP_CODES_FILE,
    CIP_OCCUPATIONS_COLUMNS,
    CIP_OCCUPATIONS_FILE,
    CIP_SOURCE_FILE,
    CROSSWALK_SOURCE_FILE,
    INSTITUTIONS_COLUMNS,
    INSTITUTIONS_FILE,
    IPEDS_SOURCE_FILE,
    OUTCOMES_COLUMNS,
    OUTCOMES_FILE,
    PROGRAMS_COLUMNS,
    PROGRAMS_FILE,
    SCORECARD_DICTIONARY_FILE,
    SCORECARD_INSTITUTIONS_FILE,
    SCORECARD_SOURCE_FILE,
)
from .cip import build_cip_codes, build_cip_occupations
from .ipeds import build_ipeds
from .loading import load
from .scorecard import build_schools
from .values import CIP_SERIES

__all__ = ["build", "load"]


def build(source_dir, out_dir):
    """Write catalog's derived files into out_dir; return summary lines. Nothing is written on a DataError."""
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    cip_rows = build_cip_codes(source_dir / CIP_SOURCE_FILE)
    cip_titles = {row["code"]: row["title"] for row in cip_rows}
    links = build_cip_occupations(source_dir / CROSSWALK_SOURCE_FILE, cip_titles)
    institutions, programs, outcomes, summary = build_schools(
        source_dir / SCORECARD_SOURCE_FILE,
        source_dir / SCORECARD_DICTIONARY_FILE,
        source_dir / IPEDS_SOURCE_FILE,
        cip_titles[CIP_SERIES],
        source_dir / SCORECARD_INSTITUTIONS_FILE,
    )
    ipeds = build_ipeds(source_dir, cip_rows, institutions, programs)  # before any write: it may refuse a file
    write_csv(out_dir / CIP_CODES_FILE, CIP_CODES_COLUMNS, cip_rows)
    write_csv(out_dir / CIP_OCCUPATIONS_FILE, CIP_OCCUPATIONS_COLUMNS, links)
    write_csv(out_dir / INSTITUTIONS_FILE, INSTITUTIONS_COLUMNS, institutions)
    write_csv(out_dir / PROGRAMS_FILE, PROGRAMS_COLUMNS, programs)
    write_csv(out_dir / OUTCOMES_FILE, OUTCOMES_COLUMNS, outcomes)
    ipeds_lines = ipeds.write(out_dir)
    lines = [
        f"CIP codes: {len(cip_rows)} (the {CIP_SERIES} series and its programs)",
        f"CIP to occupation links: {len(links)} kept from the crosswalk",
        *summary,
        *ipeds_lines,
        f"wrote {CIP_CODES_FILE}, {CIP_OCCUPATIONS_FILE}, {INSTITUTIONS_FILE}, {PROGRAMS_FILE}, "
        f"{OUTCOMES_FILE} in {out_dir}",
    ]
    return [f"catalog: {line}" for line in lines]
