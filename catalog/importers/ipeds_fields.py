"""From IPEDS rows to each Scorecard program's 6-digit fields, the same way for the import, the build and the load.

A `FieldTable` holds every program's fields as plain values, {external_id: {cip_code: {column: value}}}, in three
parts, one per file: Completions (C_A), programs offered (DEP) and program charges (IC_PY). A file replaces its
part of a program whole, so a field the school no longer reports goes, unless the program already holds a newer
year of that part (then the file is older and changes nothing). A field left with neither a Completions nor a
programs-offered part is dropped: charges attach to fields, they do not make one.

A row is attached to the Scorecard program of its school (UNITID) at the credential level its award level maps
to (ipeds_layouts.AWARD_LEVELS); rows of schools or levels the catalog does not list are skipped and counted.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from catalog.importing import DataError
from catalog.models import Program

from .ipeds_layouts import (
    ACADEMIC_YEAR_CHARGES,
    AWARD_LEVELS,
    COMPLETIONS,
    ONE_TO_2_YEARS,
    PROGRAM_CHARGES,
    PROGRAMS,
    TWO_TO_4_YEARS,
    UNDER_1_YEAR,
)


@dataclass(frozen=True)
class Part:
    """The columns one file fills, and their values when the file says nothing."""

    year: str
    empty: dict


LENGTHS = (UNDER_1_YEAR, ONE_TO_2_YEARS, TWO_TO_4_YEARS)
PARTS = {
    COMPLETIONS: Part("completions_year", {"completions": None} | {f"awards_{length}": False for length in LENGTHS}),
    PROGRAMS: Part("programs_year", {f"offered_{length}": False for length in LENGTHS} | {"distance_education": ""}),
    PROGRAM_CHARGES: Part(
        "charges_year",
        {
            "tuition_and_fees": None,
            "books_and_supplies": None,
            "length": None,
            "length_unit": "",
            "months_to_complete": None,
        },
    ),
}
# ProgramField's data columns, in the derived file's order.
FIELD_COLUMNS = [name for part in PARTS.values() for name in (part.year, *part.empty)]
EMPTY_FIELD = dict.fromkeys((part.year for part in PARTS.values()), "") | {
    name: value for part in PARTS.values() for name, value in part.empty.items()
}
# Files are applied in this order: charges attach to the fields the other two files give.
SURVEY_ORDER = {COMPLETIONS: 0, PROGRAMS: 1, PROGRAM_CHARGES: 2, ACADEMIC_YEAR_CHARGES: 3}
TITLE_MAX_LENGTH = 255
TITLE_FIELDS_NAMED = 3


@dataclass
class Catalog:
    """What rows attach to: the catalog's schools (UNITIDs) and their Scorecard programs by credential level."""

    unitids: set
    programs: dict  # {unitid: {credential level: external_id}}
    cip_codes: set

    def program_for(self, unitid, award_level):
        """(external_id, None) or (None, why not) for a school's award level."""
        if unitid not in self.unitids:
            return None, "school"
        external_id = self.programs.get(unitid, {}).get(AWARD_LEVELS[award_level].credential_level)
        return (external_id, None) if external_id else (None, "level")


@dataclass
class FileSummary:
    """What one file changed and what it left out, as lines for the command's output."""

    description: str
    rows: int = 0
    used: int = 0
    counts: Counter = field(default_factory=Counter)

    def lines(self, prefix=""):
        yield f"{prefix}{self.description}: {self.rows:,} rows, {self.used:,} of them read"
        for what, count in self.counts.items():
            if count:
                yield f"{prefix}  {what}: {count:,}"


SKIP_REASONS = {
    "school": "schools not in the catalog (their rows skipped)",
    "level": "schools whose award level has no Scorecard program in the catalog (skipped)",
}


def has_a_source(values):
    """A field exists while the Completions or the programs-offered file reports it."""
    return bool(values["completions_year"] or values["programs_year"])


class FieldTable:
    """Every program's IPEDS fields as plain values: {external_id: {cip_code: {column: value}}}."""

    def __init__(self, fields=None):
        self.fields = defaultdict(dict)
        for external_id, by_code in (fields or {}).items():
            self.fields[external_id] = {code: dict(values) for code, values in by_code.items()}

    def held_year(self, external_id, survey):
        return max((values[PARTS[survey].year] for values in self.fields.get(external_id, {}).values()), default="")

    def replace(self, external_id, survey, year, incoming):
        """Set a program's part from one file ({cip_code: values}); False when the program holds a newer year."""
        part = PARTS[survey]
        if self.held_year(external_id, survey) > year:
            return False
        fields = self.fields[external_id]
        for values in fields.values():
            values.update({part.year: "", **part.empty})
        for code, values in incoming.items():
            fields.setdefault(code, dict(EMPTY_FIELD)).update({part.year: year, **part.empty, **values})
        for code in [code for code, values in fields.items() if not has_a_source(values)]:
            del fields[code]
        if not fields:
            del self.fields[external_id]
        return True

    def rows(self):
        """(external_id, cip_code, values) for every field, sorted."""
        for external_id in sorted(self.fields):
            for code in sorted(self.fields[external_id]):
                yield external_id, code, self.fields[external_id][code]


def _add_count(total, value):
    return None if total is None or value is None else total + value


def check_codes(ipeds_file, catalog):
    """Every 51.07xx code must be one the catalog knows (catalog/data/cip_codes.csv holds CIP 2020's)."""
    for row in ipeds_file.rows:
        codes = [program["cip_code"] for program in row.get("programs", ())] or [row.get("cip_code")]
        for code in codes:
            if code and code not in catalog.cip_codes:
                raise DataError(ipeds_file.path, row["line"], f"CIP code {code} is not a CIP 2020 code in the catalog")


def _apply_by_program(table, survey, year, incoming, summary):
    """Replace the part of each program the file has rows for; programs it has no rows for keep theirs."""
    applied = older = 0
    for external_id, by_code in sorted(incoming.items()):
        if table.replace(external_id, survey, year, by_code):
            applied += 1
        else:
            older += 1
    summary.counts["catalog programs given this file's figures"] += applied
    summary.counts["programs already holding a newer year (left as they are)"] += older


def _count_skips(summary, reasons):
    for why, label in SKIP_REASONS.items():
        summary.counts[label] += len(reasons[why])


def apply_completions(table, ipeds_file, catalog, summary):
    incoming, reasons = defaultdict(dict), defaultdict(set)
    for row in ipeds_file.rows:
        external_id, why = catalog.program_for(row["unitid"], row["award_level"])
        if why:
            reasons[why].add(row["unitid"])
            continue
        values = incoming[external_id].setdefault(row["cip_code"], {"completions": 0})
        values["completions"] = _add_count(values["completions"], row["completions"])
        length = AWARD_LEVELS[row["award_level"]].length
        if length:
            values[f"awards_{length}"] = True
    _count_skips(summary, reasons)
    _apply_by_program(table, COMPLETIONS, ipeds_file.academic_year, incoming, summary)


def apply_programs(table, ipeds_file, catalog, summary):
    """Programs offered list all of a school's programs: a program of a school in the file that has no row in it
    is no longer offered, and loses this part (and the fields only this part gave)."""
    incoming, reasons = defaultdict(dict), defaultdict(set)
    for unitid in ipeds_file.unitids:
        if unitid.isdigit():
            for external_id in catalog.programs.get(int(unitid), {}).values():
                incoming[external_id] = {}
    online = defaultdict(list)
    for row in ipeds_file.rows:
        for award_level, distance in row["levels"].items():
            external_id, why = catalog.program_for(row["unitid"], award_level)
            if why:
                reasons[why].add(row["unitid"])
                continue
            values = incoming[external_id].setdefault(row["cip_code"], {})
            length = AWARD_LEVELS[award_level].length
            if length:
                values[f"offered_{length}"] = True
            online[(external_id, row["cip_code"])].append(distance)
    for (external_id, code), levels in online.items():
        incoming[external_id][code]["distance_education"] = combined_distance_education(levels)
    _count_skips(summary, reasons)
    _apply_by_program(table, PROGRAMS, ipeds_file.academic_year, incoming, summary)


def apply_program_charges(table, ipeds_file, catalog, summary):
    """Charges go to the one program of the school that has the field; every program of the school is replaced."""
    year, schools_out = ipeds_file.academic_year, set()
    for row in ipeds_file.rows:
        unitid = row["unitid"]
        if unitid not in catalog.unitids:
            schools_out.add(unitid)
            continue
        school_programs = [p for p in catalog.programs.get(unitid, {}).values() if p in table.fields]
        incoming = {external_id: {} for external_id in school_programs}
        for program in row["programs"]:
            code = program["cip_code"]
            holders = [external_id for external_id in school_programs if code in table.fields[external_id]]
            if len(holders) == 1:
                incoming[holders[0]][code] = {name: value for name, value in program.items() if name != "cip_code"}
                summary.counts["programs priced"] += 1
            elif holders:
                summary.counts["programs whose field two of the school's levels have (skipped)"] += 1
            else:
                summary.counts["programs whose field the school's listings lack (import C_A or DEP first)"] += 1
        for external_id, by_code in incoming.items():
            if not table.replace(external_id, PROGRAM_CHARGES, year, by_code):
                summary.counts["programs already holding newer charges (left as they are)"] += 1
    summary.counts[SKIP_REASONS["school"]] += len(schools_out)


def academic_year_tuition(ipeds_file, catalog, summary):
    """{unitid: (in-state, out-of-state)} for the catalog's schools that report either figure."""
    tuition = {}
    for row in ipeds_file.rows:
        if row["unitid"] not in catalog.unitids:
            continue
        if row["in_state"] is None and row["out_of_state"] is None:
            summary.counts["schools with no full-time undergraduate charges reported"] += 1
            continue
        tuition[row["unitid"]] = (row["in_state"], row["out_of_state"])
    summary.counts["catalog schools with tuition and fees"] += len(tuition)
    return tuition


def apply_files(table, ipeds_files, catalog):
    """Apply the files in survey order, oldest year first.

    Returns (tuition, summaries): tuition is [(IC_AY file, {unitid: (in-state, out-of-state)})], oldest first.
    """
    summaries, tuition = [], []
    for ipeds_file in sorted(ipeds_files, key=lambda f: (SURVEY_ORDER[f.survey], f.year, f.path.name)):
        check_codes(ipeds_file, catalog)
        summary = FileSummary(
            f"{ipeds_file.describe()}, {ipeds_file.encoding}", rows=ipeds_file.total_rows, used=len(ipeds_file.rows)
        )
        summary.counts.update(ipeds_file.skipped)
        if ipeds_file.survey == COMPLETIONS:
            apply_completions(table, ipeds_file, catalog, summary)
        elif ipeds_file.survey == PROGRAMS:
            apply_programs(table, ipeds_file, catalog, summary)
        elif ipeds_file.survey == PROGRAM_CHARGES:
            apply_program_charges(table, ipeds_file, catalog, summary)
        else:
            tuition.append((ipeds_file, academic_year_tuition(ipeds_file, catalog, summary)))
        summaries.append(summary)
    return tuition, summaries


def combined_distance_education(values):
    """One answer for several: all when every one is all, none when every one is none, else some; "" when any of
    them is not known (None or "")."""
    if not values or any(not value for value in values):
        return ""
    return values[0] if len(set(values)) == 1 else Program.DistanceEducation.SOME.value


def distance_education(fields):
    """A program's distance education over its fields that the programs-offered file reports."""
    return combined_distance_education([values["distance_education"] for values in fields if values["programs_year"]])


def ordered_titles(fields, cip_titles):
    """A program's field titles, the field with most awards first (then by code): fields is {cip_code: values}."""
    ranked = sorted(fields.items(), key=lambda item: (-(item[1]["completions"] or 0), item[0]))
    return [cip_titles[code] for code, _ in ranked]


def field_summary(fields, cip_titles):
    """What pages show of a program's fields, as Program.federal_fields stores it: one dict per field, most
    awards first. Kept on the program so a card or a program page reads it with the program, in no query of
    its own; the ProgramField rows stay the source that filters and facets query."""
    ranked = sorted(fields.items(), key=lambda item: (-(item[1]["completions"] or 0), item[0]))
    summary = []
    for code, values in ranked:
        lengths = [
            length
            for length in ("under_1_year", "1_to_2_years", "2_to_4_years")
            if values.get(f"awards_{length}") or values.get(f"offered_{length}")
        ]
        summary.append(
            {
                "code": code,
                "title": cip_titles[code],
                "completions": values["completions"],
                "completions_year": values["completions_year"],
                "award_lengths": lengths,
                "programs_year": values["programs_year"],
                "distance_education": values["distance_education"],
                "charges_year": values["charges_year"],
                "tuition_and_fees": values["tuition_and_fees"],
                "books_and_supplies": values["books_and_supplies"],
                "length": values["length"],
                "length_unit": values["length_unit"],
                "months_to_complete": values["months_to_complete"],
            }
        )
    return summary


def federal_title(base_title, field_titles):
    """The listing's title from its 6-digit fields, or `base_title` ("<CIP 51.07 title> — <level>") without any.

    "Medical Insurance Coding Specialist/Coder — Undergraduate Certificate or Diploma"; two or three fields are
    joined with semicolons (CIP titles hold commas and "and"); beyond three, "and N other fields".
    """
    if not field_titles:
        return base_title
    level = base_title.rpartition(" — ")[2]
    for named in range(min(TITLE_FIELDS_NAMED, len(field_titles)), 0, -1):
        names = "; ".join(field_titles[:named])
        rest = len(field_titles) - named
        if rest:
            names += f" and {rest} other field{'s' if rest > 1 else ''}"
        title = f"{names} — {level}"
        if len(title) <= TITLE_MAX_LENGTH:
            return title
    return base_title
