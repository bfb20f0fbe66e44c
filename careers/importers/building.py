"""Build stage: the public BLS and O*NET files -> careers/data/occupations.csv, wage_estimates.csv, projections.csv.

Output is deterministic (fixed columns, rows sorted, LF endings) so a rebuild from the same public
files reproduces the committed files byte for byte and a diff shows only what the publisher changed.
"""

import shutil
from pathlib import Path

from django.utils.text import slugify

from catalog.importing import DataError, read_csv, write_csv

from .oews import read_oes_2014, read_oews_2025
from .projections import projection_layout, projection_source, read_projections
from .releases import (
    CURATED_DIR,
    CURATED_FILES,
    ENTRY_EDUCATION_FILE,
    OCCUPATION_CODES,
    OCCUPATION_FIELDS,
    OCCUPATIONS_FILE,
    ONET_FILE,
    ONET_SOURCE,
    OOH_PROFILES,
    PROJECTION_FIELDS,
    PROJECTION_RELEASES,
    PROJECTIONS_FILE,
    SOC_CHANGES_FILE,
    WAGE_FIELDS,
    WAGE_RELEASE_FIELDS,
    WAGE_RELEASES,
    WAGE_RELEASES_FILE,
    WAGES_FILE,
)
from .soc_changes import read_soc_changes
from .values import cell


def read_onet_summaries(source_dir, codes):
    """O*NET descriptions of the base occupation (<soc>.00) for each SOC code."""
    path = source_dir / ONET_FILE
    wanted = {f"{code}.00": code for code in codes}
    summaries = {}
    for line, row in read_csv(path, required=["O*NET-SOC Code", "Description"]):
        code = wanted.get(row["O*NET-SOC Code"].strip())
        if code:
            if not row["Description"].strip():
                raise DataError(path, line, f"{code}: empty description")
            summaries[code] = " ".join(row["Description"].split())
    missing = sorted(set(codes) - set(summaries))
    if missing:
        raise DataError(path, 0, f"no description for {', '.join(missing)}")
    return summaries


def _occupations(source_dir, wages_2025, projections):
    _, base_year, target_year = projection_layout(source_dir / ENTRY_EDUCATION_FILE)
    entry_education_source = projection_source(base_year, target_year)
    titles = {}
    for row in wages_2025:
        titles.setdefault(row["soc_code"], row["published_title"])
    summaries = read_onet_summaries(source_dir, OCCUPATION_CODES)
    education = {row["soc_code"]: row["entry_education"] for row in projections[ENTRY_EDUCATION_FILE]}
    return [
        {
            "soc_code": code,
            "title": titles[code],
            "slug": slugify(titles[code]),
            "summary": summaries[code],
            "summary_source": ONET_SOURCE,
            "entry_education": education[code],
            "entry_education_source": entry_education_source,
            "ooh_url": OOH_PROFILES.get(code, ""),
        }
        for code in sorted(OCCUPATION_CODES)
    ]


AREA_ORDER = {"national": 0, "state": 1, "metro": 2}


def _wage_sort_key(row):
    return (
        row["reference_date"],
        row["soc_code"],
        AREA_ORDER[row["area_type"]],
        row["area_code"],
        row["industry_code"],
    )


def build(source_dir, out_dir):
    """Write the careers derived files from the public files in `source_dir`; return summary lines."""
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    soc_changes = read_soc_changes(CURATED_DIR / SOC_CHANGES_FILE, OCCUPATION_CODES)
    # SOC 2010 codes to look for in older releases: an unchanged occupation keeps its code.
    earlier_codes = {row["previous_soc_code"] for _, row in soc_changes.values()}
    earlier_codes |= set(OCCUPATION_CODES) - set(soc_changes)

    wages_2025 = read_oews_2025(source_dir, set(OCCUPATION_CODES))
    wages_2014 = read_oes_2014(source_dir, earlier_codes)
    titles_2014 = {row["soc_code"]: row["published_title"] for row in wages_2014}
    for code, (line, row) in soc_changes.items():
        if titles_2014.get(row["previous_soc_code"]) != row["previous_title"]:
            raise DataError(
                CURATED_DIR / SOC_CHANGES_FILE,
                line,
                f"{code}: previous_title {row['previous_title']!r} is not the May 2014 title "
                f"{titles_2014.get(row['previous_soc_code'])!r}",
            )

    projections = {}
    for file_name, spec in PROJECTION_RELEASES.items():
        codes = set(OCCUPATION_CODES) if spec["soc_version"] == 2018 else earlier_codes
        projections[file_name] = read_projections(source_dir / file_name, codes, require_all=True)

    occupations = _occupations(source_dir, wages_2025, projections)
    wages = sorted(wages_2014 + wages_2025, key=_wage_sort_key)
    projection_rows = sorted(
        (row for rows in projections.values() for row in rows), key=lambda r: (r["base_year"], r["soc_code"])
    )
    releases = sorted(WAGE_RELEASES.values(), key=lambda r: r["reference_date"])
    for name, fields, rows in [
        (OCCUPATIONS_FILE, OCCUPATION_FIELDS, occupations),
        (WAGE_RELEASES_FILE, WAGE_RELEASE_FIELDS, releases),
        (WAGES_FILE, WAGE_FIELDS, wages),
        (PROJECTIONS_FILE, PROJECTION_FIELDS, projection_rows),
    ]:
        write_csv(out_dir / name, fields, [{field: cell(row[field]) for field in fields} for row in rows])

    # The curated files travel with the derived ones, so `load(out_dir)` works on a build made elsewhere.
    for name in CURATED_FILES:
        curated = CURATED_DIR / name
        if (out_dir / name).resolve() != curated.resolve():
            shutil.copyfile(curated, out_dir / name)

    return [
        f"careers: {len(occupations)} occupations -> {OCCUPATIONS_FILE}",
        f"careers: {len(wages)} wage estimates ({len(wages_2025)} May 2025, {len(wages_2014)} May 2014)"
        f" -> {WAGES_FILE}",
        f"careers: {len(projection_rows)} projections -> {PROJECTIONS_FILE}",
        f"careers: {SOC_CHANGES_FILE} is hand-written; {len(soc_changes)} SOC changes checked against May 2014 titles",
        f"careers: {', '.join(CURATED_FILES[1:])} are hand-written and copied as they are",
    ]
