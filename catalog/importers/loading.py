"""Load: catalog's derived CSVs into the database, checked row by row, changing only what differs.

Order matters: CIP codes, then their links to careers' occupations (loaded before catalog), then
schools, programs, the programs' outcomes and their IPEDS fields (ipeds.py, when the bundle has
program_fields.csv). Every bad value stops the load with a DataError
naming file and line; `load()` runs in a transaction, so a stopped load leaves nothing behind.
"""

import datetime
from pathlib import Path

from django.db import transaction

from careers.models import Occupation
from catalog.importing import DataError, read_csv
from catalog.models import CIPCode, Institution, Outcome, Program
from catalog.search import refresh_search_index

from .bundle import (
    CIP_CODES_COLUMNS,
    CIP_CODES_FILE,
    CIP_OCCUPATIONS_COLUMNS,
    CIP_OCCUPATIONS_FILE,
    INSTITUTIONS_COLUMNS,
    INSTITUTIONS_FILE,
    OUTCOMES_COLUMNS,
    OUTCOMES_FILE,
    PROGRAMS_COLUMNS,
    PROGRAMS_FILE,
)
from .ipeds import load_program_fields, titles_from_fields
from .sync import Sync
from .values import CIP_CODE, CIP_SERIES, SOC_CODE, derived_bool, derived_code, derived_decimal, derived_int

# Institution columns read as they are written; the model's own field checks validate them.
INSTITUTION_TEXT_FIELDS = [
    "opeid6",
    "name",
    "slug",
    "city",
    "state",
    "zip_code",
    "ownership",
    "locale",
    "cbsa_code",
    "website",
    "net_price_calculator_url",
    "financial_aid_url",
    "source",
]
TUITION_FIELDS = ("tuition_in_state", "tuition_out_of_state", "tuition_year", "tuition_source")


def _cip_code(text, path, line, column):
    if text == CIP_SERIES:
        return text
    return derived_code(text, path, line, column, CIP_CODE, "51.0713")


def load_cip_codes(path, report):
    sync = Sync(CIPCode, path, key=lambda cip: cip.code)
    for line, row in read_csv(path, required=CIP_CODES_COLUMNS):
        code = _cip_code(row["code"], path, line, "code")
        sync.add(line, {"code": code, "title": row["title"], "definition": row["definition"]})
    sync.save(report, "CIP codes")
    return dict(CIPCode.objects.values_list("code", "pk"))


def load_cip_occupations(path, cip_ids, report):
    """Add the crosswalk's links; links staff added by hand stay, since the data cannot tell them apart."""
    Link = CIPCode.occupations.through
    occupation_ids = dict(Occupation.objects.values_list("soc_code", "pk"))
    existing = set(Link.objects.values_list("cipcode_id", "occupation_id"))
    new_links, unchanged, seen = [], 0, set()
    for line, row in read_csv(path, required=CIP_OCCUPATIONS_COLUMNS):
        code = _cip_code(row["cip_code"], path, line, "cip_code")
        soc_code = derived_code(row["soc_code"], path, line, "soc_code", SOC_CODE, "29-2072")
        if code not in cip_ids:
            raise DataError(path, line, f"cip_code: {code} is not in {CIP_CODES_FILE}")
        if soc_code not in occupation_ids:
            raise DataError(path, line, f"soc_code: no occupation {soc_code} (careers data loads first)")
        pair = (cip_ids[code], occupation_ids[soc_code])
        if pair in seen:
            raise DataError(path, line, f"link {code} -> {soc_code} appears twice")
        seen.add(pair)
        if pair in existing:
            unchanged += 1
        else:
            new_links.append(Link(cipcode_id=pair[0], occupation_id=pair[1]))
    Link.objects.bulk_create(new_links)
    report.add("CIP code to occupation links", created=len(new_links), unchanged=unchanged)


def load_institutions(path, report):
    sync = Sync(Institution, path, key=lambda school: school.unitid, create_only=["slug"], keep_when_blank=True)
    # A newer year of tuition (from import_ipeds' IC_AY files) is kept over the bundle's older one.
    held_tuition = {
        unitid: (year, (tuition_in, tuition_out, year, source))
        for unitid, tuition_in, tuition_out, year, source in Institution.objects.exclude(tuition_year="").values_list(
            "unitid", *TUITION_FIELDS
        )
    }
    for line, row in read_csv(path, required=INSTITUTIONS_COLUMNS):
        values = {name: row[name] for name in INSTITUTION_TEXT_FIELDS}
        values.update(
            unitid=derived_int(row["unitid"], path, line, "unitid", required=True),
            latitude=derived_decimal(row["latitude"], path, line, "latitude", places=6),
            longitude=derived_decimal(row["longitude"], path, line, "longitude", places=6),
            tuition_in_state=derived_int(row["tuition_in_state"], path, line, "tuition_in_state"),
            tuition_out_of_state=derived_int(row["tuition_out_of_state"], path, line, "tuition_out_of_state"),
            tuition_year=row["tuition_year"],
            tuition_source=row["tuition_source"],
        )
        if (values["tuition_in_state"], values["tuition_out_of_state"]) != (None, None) and not (
            values["tuition_year"] and values["tuition_source"]
        ):
            raise DataError(path, line, "tuition_year and tuition_source: required with a tuition figure")
        held_year, held = held_tuition.get(values["unitid"], ("", None))
        if held is not None and held_year > values["tuition_year"]:
            values.update(zip(TUITION_FIELDS, held, strict=True))
        for name, limit in (("latitude", 90), ("longitude", 180)):
            if values[name] is not None and abs(values[name]) > limit:
                raise DataError(path, line, f"{name}: {values[name]} is outside -{limit}..{limit}")
        sync.add(line, values)
    sync.save(report, "schools")
    return dict(Institution.objects.filter(unitid__isnull=False).values_list("unitid", "pk"))


def load_programs(path, institution_ids, cip_ids, report, kept_titles=None):
    """Set only the fields the data owns; delivery, cost, courses, description and credentials stay.

    `kept_titles` ({external_id: (base title, title)}, from ipeds.titles_from_fields): a title the program's IPEDS
    fields gave is kept where this file gives the same base title; load_program_fields sets the others afterwards.
    """
    kept_titles = kept_titles or {}
    sync = Sync(
        Program,
        path,
        key=lambda program: program.external_id,
        create_only=["slug", "status"],
        skip_validation=["institution", "cip_code"],
    )
    for line, row in read_csv(path, required=PROGRAMS_COLUMNS):
        unitid = derived_int(row["unitid"], path, line, "unitid", required=True)
        if unitid not in institution_ids:
            raise DataError(path, line, f"unitid: no school {unitid} in {INSTITUTIONS_FILE}")
        code = _cip_code(row["cip_code"], path, line, "cip_code")
        if code not in cip_ids:
            raise DataError(path, line, f"cip_code: {code} is not in {CIP_CODES_FILE}")
        level = derived_int(row["credential_level"], path, line, "credential_level", required=True)
        if level not in Program.CredentialLevel.values:
            raise DataError(path, line, f"credential_level: {level} is not a known Scorecard credential level")
        if not row["external_id"]:
            raise DataError(path, line, "external_id: a value is required")
        sync.add(
            line,
            {
                "external_id": row["external_id"],
                "institution_id": institution_ids[unitid],
                "slug": row["slug"],
                "title": _kept_title(kept_titles.get(row["external_id"]), row["title"]),
                "cip_code_id": cip_ids[code],
                "credential_level": level,
                "status": row["status"],
                "source_note": row["source_note"],
                "source_url": row["source_url"],
            },
        )
    sync.save(report, "programs")
    return dict(Program.objects.filter(external_id__isnull=False).values_list("external_id", "pk"))


def _kept_title(kept, title):
    return kept[1] if kept and kept[0] == title else title


def load_outcomes(path, program_ids, report):
    sync = Sync(
        Outcome,
        path,
        key=lambda outcome: (outcome.program_id, outcome.source, outcome.release_date),
        skip_validation=["program"],
    )
    for line, row in read_csv(path, required=OUTCOMES_COLUMNS):
        if row["external_id"] not in program_ids:
            raise DataError(path, line, f"external_id: no program {row['external_id']!r} in {PROGRAMS_FILE}")
        values = {
            "program_id": program_ids[row["external_id"]],
            "earnings_horizon": row["earnings_horizon"],
            "debt_to_earnings_ratio": derived_decimal(
                row["debt_to_earnings_ratio"], path, line, "debt_to_earnings_ratio", places=3
            ),
            "earns_more_than_hs_graduates": derived_bool(
                row["earns_more_than_hs_graduates"], path, line, "earns_more_than_hs_graduates"
            ),
            "source": row["source"],
            "source_url": row["source_url"],
        }
        for name in ("median_earnings", "median_debt", "completers", "state_hs_earnings_threshold"):
            values[name] = derived_int(row[name], path, line, name)
        try:
            values["release_date"] = datetime.date.fromisoformat(row["release_date"])
        except ValueError:
            raise DataError(path, line, f"release_date: {row['release_date']!r} is not a date (YYYY-MM-DD)") from None
        if values["median_earnings"] is not None and not values["earnings_horizon"]:
            raise DataError(path, line, "earnings_horizon: required with median_earnings")
        sync.add(line, values)
    sync.save(report, "outcomes")


def load(data_dir, report):
    """Load catalog/data (or a copy of it) in one transaction; careers' occupations must be loaded first."""
    data_dir = Path(data_dir)
    with transaction.atomic():
        cip_ids = load_cip_codes(data_dir / CIP_CODES_FILE, report)
        load_cip_occupations(data_dir / CIP_OCCUPATIONS_FILE, cip_ids, report)
        institution_ids = load_institutions(data_dir / INSTITUTIONS_FILE, report)
        program_ids = load_programs(
            data_dir / PROGRAMS_FILE, institution_ids, cip_ids, report, kept_titles=titles_from_fields()
        )
        load_outcomes(data_dir / OUTCOMES_FILE, program_ids, report)
        # IPEDS 6-digit fields (program_fields.csv, when the bundle has it), and the titles they give.
        load_program_fields(data_dir, program_ids, report)
        # bulk_create/bulk_update send no signals: reindex every program (a school or CIP title the load
        # changed shows up in programs it did not touch, and staff-added programs are included).
        refresh_search_index()
