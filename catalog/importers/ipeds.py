"""NCES IPEDS program-level files into the catalog: `manage.py import_ipeds`, and program_fields.csv in the bundle.

Three ways in, one set of rules (ipeds_fields.py):
- `import_files(paths)`: the NCES files straight into the database (the command, inside its transaction);
- `build_ipeds(...)`: during `make data`, the NCES files found in the source folder into the compact
  catalog/data/program_fields.csv (and the schools' tuition, once institutions.csv has tuition columns);
- `load_program_fields(...)`: during `load_bundled_data`, program_fields.csv into the database.

What they fill: each Scorecard program's 6-digit fields (ProgramField), its distance education (all, some or
none of its programs online) and its title: its fields' titles and its credential level ("Medical Insurance
Coding Specialist/Coder — Undergraduate Certificate or Diploma"), or the CIP 51.07 title without fields
(`ipeds_fields.federal_title`, used by all three). The import leaves alone a title school staff changed. IC_AY
gives a school a newer tuition and fees figure than the one it holds.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from catalog.importing import DataError, read_csv, write_csv
from catalog.models import CIPCode, Institution, Program, ProgramField
from catalog.search import refresh_search_index

from .bundle import INSTITUTIONS_COLUMNS, PROGRAM_FIELDS_FILE, PROGRAM_FIELDS_KEY_COLUMNS, PROGRAMS_FILE
from .ipeds_fields import (
    FIELD_COLUMNS,
    PARTS,
    Catalog,
    FieldTable,
    apply_files,
    distance_education,
    federal_title,
    field_summary,
    ordered_titles,
)
from .ipeds_files import read_ipeds_file, survey_from_name
from .ipeds_layouts import MAX_PROGRAM_CHARGES
from .sync import BATCH_SIZE
from .values import CIP_CODE, cell, derived_bool, derived_code, derived_int

PROGRAM_FIELDS_COLUMNS = PROGRAM_FIELDS_KEY_COLUMNS + FIELD_COLUMNS
SCORECARD_ID = re.compile(r"^scorecard:(?P<unitid>\d+):5107:(?P<level>\d+)$")
ACADEMIC_YEAR = re.compile(r"^\d{4}-\d{2}$")
TUITION_COLUMNS = ("tuition_in_state", "tuition_out_of_state", "tuition_year", "tuition_source")
BOOLEAN_COLUMNS = [name for name in FIELD_COLUMNS if name.startswith(("awards_", "offered_"))]
TEXT_COLUMNS = ("completions_year", "programs_year", "charges_year", "distance_education", "length_unit")
INTEGER_COLUMNS = [name for name in FIELD_COLUMNS if name not in (*BOOLEAN_COLUMNS, *TEXT_COLUMNS)]


@dataclass
class Result:
    """What an import changed, as lines for the command's output."""

    lines: list = field(default_factory=list)
    changed: int = 0


# The catalog and its fields as plain values, and writing their differences ----------------------------------------


def scorecard_levels(external_ids):
    """{unitid: {credential level: external_id}} for the IDs of the form scorecard:<unitid>:5107:<level>."""
    programs = defaultdict(dict)
    for external_id in external_ids:
        match = SCORECARD_ID.match(external_id or "")
        if match:
            programs[int(match["unitid"])][int(match["level"])] = external_id
    return programs


def catalog_from_database():
    scorecard_ids = Program.objects.filter(external_id__startswith="scorecard:").values_list("external_id", flat=True)
    return Catalog(
        unitids=set(Institution.objects.filter(unitid__isnull=False).values_list("unitid", flat=True)),
        programs=scorecard_levels(scorecard_ids),
        cip_codes=set(CIPCode.objects.values_list("code", flat=True)),
    )


def table_from_database():
    fields = defaultdict(dict)
    rows = ProgramField.objects.order_by().values_list("program__external_id", "cip_code__code", *FIELD_COLUMNS)
    for external_id, code, *values in rows:
        fields[external_id][code] = dict(zip(FIELD_COLUMNS, values, strict=True))
    return FieldTable(fields)


def save_table(before, after):
    """Write what differs between two FieldTables. Returns (external IDs whose fields changed, counts)."""
    program_ids = dict(Program.objects.filter(external_id__in=list(after.fields)).values_list("external_id", "pk"))
    cip_ids = dict(CIPCode.objects.values_list("code", "pk"))
    current = {
        (external_id, code): pk
        for pk, external_id, code in ProgramField.objects.values_list("pk", "program__external_id", "cip_code__code")
    }
    new, changed, touched = [], [], set()
    for external_id, code, values in after.rows():
        old = before.fields.get(external_id, {}).get(code)
        if old == values:
            continue
        touched.add(external_id)
        if old is None:
            new.append(ProgramField(program_id=program_ids[external_id], cip_code_id=cip_ids[code], **values))
        else:
            changed.append(ProgramField(pk=current[(external_id, code)], **values))
    gone = [pk for (external_id, code), pk in current.items() if code not in after.fields.get(external_id, {})]
    touched.update(external_id for (external_id, code) in current if code not in after.fields.get(external_id, {}))
    ProgramField.objects.filter(pk__in=gone).delete()
    ProgramField.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ProgramField.objects.bulk_update(changed, FIELD_COLUMNS, batch_size=BATCH_SIZE)
    unchanged = sum(len(by_code) for by_code in after.fields.values()) - len(new) - len(changed)
    return touched, {"created": len(new), "updated": len(changed), "removed": len(gone), "unchanged": unchanged}


def set_program(program, title, fields, cip_titles):
    """Give a program its title, distance education and field summary from `fields`; True when any changed."""
    distance, summary = distance_education(fields.values()), field_summary(fields, cip_titles)
    changed = (program.title, program.distance_education, program.federal_fields) != (title, distance, summary)
    program.title, program.distance_education, program.federal_fields = title, distance, summary
    return changed


def save_programs(programs, refresh):
    """bulk_update the programs given, stamped; refresh their search rows when asked (a full load refreshes all)."""
    now = timezone.now()
    for program in programs:
        program.updated_at = now
    Program.objects.bulk_update(
        programs, ["title", "distance_education", "federal_fields", "updated_at"], batch_size=BATCH_SIZE
    )
    if refresh and programs:
        refresh_search_index([program.pk for program in programs])
    return len(programs)


def scorecard_base_title(program):
    """The title Scorecard's data gives it ("<CIP 51.07 title> — <level>"), or None when it cannot be told."""
    if not program.cip_code.is_series or " — " not in program.title:
        return None
    return f"{program.cip_code.title} — {program.title.rpartition(' — ')[2]}"


def titles_from_fields():
    """{external_id: (base title, title)} for the Scorecard programs whose title is the one their fields give.

    load_programs keeps such a title where programs.csv gives the same base title, so a reload does not set a
    title back to the CIP 51.07 one for load_program_fields to set it again.
    """
    table = table_from_database()
    cip_titles = dict(CIPCode.objects.values_list("code", "title"))
    kept = {}
    for program in Program.objects.filter(external_id__in=list(table.fields)).select_related("cip_code"):
        base = scorecard_base_title(program)
        if base is not None:
            title = federal_title(base, ordered_titles(table.fields[program.external_id], cip_titles))
            if program.title == title != base:
                kept[program.external_id] = (base, title)
    return kept


# The command: NCES files straight into the database ---------------------------------------------------------------


def update_programs(external_ids, before, after):
    """Titles and distance education of these programs; a title school staff changed stays. (changed, kept)."""
    cip_titles = dict(CIPCode.objects.values_list("code", "title"))
    changed, kept = [], 0
    for program in Program.objects.filter(external_id__in=list(external_ids)).select_related("cip_code"):
        fields = after.fields.get(program.external_id, {})
        base, title = scorecard_base_title(program), program.title
        old_title = base and federal_title(base, ordered_titles(before.fields.get(program.external_id, {}), cip_titles))
        if base is not None and program.title in (base, old_title):
            title = federal_title(base, ordered_titles(fields, cip_titles))
        else:
            kept += 1
        if set_program(program, title, fields, cip_titles):
            changed.append(program)
    return save_programs(changed, refresh=True), kept


def tuition_is_newer(held_year, held_source, ipeds_file):
    """A newer academic year replaces a school's tuition; the same year only from the same file (a revision)."""
    year = ipeds_file.academic_year
    return not held_year or held_year < year or (held_year == year and held_source == ipeds_file.source)


def update_tuition(tuition):
    """The newest IC_AY tuition and fees of each school; one holding a newer year keeps its own. (updated, kept)."""
    unitids = {unitid for _, figures in tuition for unitid in figures}
    schools = {school.unitid: school for school in Institution.objects.filter(unitid__in=unitids)}
    updated, kept = {}, set()
    for ipeds_file, figures in tuition:
        for unitid, (in_state, out_of_state) in figures.items():
            school = schools[unitid]
            if not tuition_is_newer(school.tuition_year, school.tuition_source, ipeds_file):
                kept.add(unitid)
                continue
            kept.discard(unitid)
            values = (in_state, out_of_state, ipeds_file.academic_year, ipeds_file.source)
            if tuple(getattr(school, name) for name in TUITION_COLUMNS) != values:
                for name, value in zip(TUITION_COLUMNS, values, strict=True):
                    setattr(school, name, value)
                updated[unitid] = school
    now = timezone.now()
    for school in updated.values():
        school.updated_at = now
    Institution.objects.bulk_update(list(updated.values()), [*TUITION_COLUMNS, "updated_at"], batch_size=BATCH_SIZE)
    return len(updated), len(kept)


def import_files(paths, year=None):
    """Read and check every file, then apply them together; run it inside a transaction. Returns a Result."""
    ipeds_files = [read_ipeds_file(path, year=year) for path in paths]
    before = table_from_database()
    after = FieldTable(before.fields)
    tuition, summaries = apply_files(after, ipeds_files, catalog_from_database())
    touched, counts = save_table(before, after)
    programs_changed, kept = update_programs(touched, before, after)
    schools_changed, schools_kept = update_tuition(tuition)
    fields_changed = counts["created"] + counts["updated"] + counts["removed"]
    result = Result(changed=fields_changed + programs_changed + schools_changed)
    for summary in summaries:
        result.lines.extend(summary.lines())
    result.lines += [
        "program fields: {created} created, {updated} updated, {removed} removed, {unchanged} unchanged".format(
            **counts
        ),
        f"programs given a new title or distance education: {programs_changed}",
        f"titles left as school staff wrote them: {kept}",
    ]
    if tuition:
        result.lines.append(
            f"schools given IPEDS tuition and fees: {schools_changed}; keeping a newer figure they hold: {schools_kept}"
        )
    if not result.changed:
        result.lines.append("Nothing changed: the catalog already holds these files' figures.")
    return result


# make data: NCES files in the source folder into program_fields.csv ---------------------------------------------


@dataclass
class IpedsBuild:
    """The derived rows (None without IPEDS files) and the build's summary lines; `write()` once all is checked."""

    rows: list | None
    lines: list

    def write(self, out_dir):
        path = Path(out_dir) / PROGRAM_FIELDS_FILE
        if self.rows is not None:
            write_csv(path, PROGRAM_FIELDS_COLUMNS, self.rows)
            return [*self.lines, f"IPEDS: wrote {PROGRAM_FIELDS_FILE}"]
        if path.exists():
            path.unlink()
            return [*self.lines, f"IPEDS: removed the old {PROGRAM_FIELDS_FILE}, which no source file backs"]
        return self.lines


def find_ipeds_files(source_dir):
    """The CSV files in the folder named as NCES names its files (C2023_A.csv, c2023dep.csv, IC2023_PY.csv ...)."""
    return sorted(
        path
        for path in Path(source_dir).iterdir()
        if path.is_file() and path.suffix.lower() == ".csv" and survey_from_name(path)[0]
    )


def apply_tuition_to_rows(institutions, tuition, columns=INSTITUTIONS_COLUMNS):
    """Give institutions.csv rows the newer IC_AY tuition, where the file has tuition columns."""
    if not tuition:
        return []
    if not set(TUITION_COLUMNS).issubset(columns):
        return ["IPEDS: institutions.csv has no tuition columns yet, so IC_AY tuition is left out of the bundle"]
    rows = {int(row["unitid"]): row for row in institutions}
    updated = 0
    for ipeds_file, figures in tuition:
        for unitid, (in_state, out_of_state) in figures.items():
            row = rows[unitid]
            if tuition_is_newer(row.get("tuition_year", ""), row.get("tuition_source", ""), ipeds_file):
                values = (in_state, out_of_state, ipeds_file.academic_year, ipeds_file.source)
                row.update({name: cell(value) for name, value in zip(TUITION_COLUMNS, values, strict=True)})
                updated += 1
    return [f"IPEDS: {updated:,} schools' tuition and fees from IC_AY"]


def build_ipeds(source_dir, cip_rows, institutions, programs):
    """Read the IPEDS files of the source folder for the build's programs; institution rows get newer tuition."""
    paths = find_ipeds_files(source_dir)
    if not paths:
        return IpedsBuild(None, [f"IPEDS: no C20xx_A, C20xxDEP, IC20xx_PY or IC20xx_AY file in {source_dir}"])
    ipeds_files = [read_ipeds_file(path) for path in paths]
    catalog = Catalog(
        unitids={int(row["unitid"]) for row in institutions},
        programs=scorecard_levels(row["external_id"] for row in programs),
        cip_codes={row["code"] for row in cip_rows},
    )
    table = FieldTable()
    tuition, summaries = apply_files(table, ipeds_files, catalog)
    lines = [line for summary in summaries for line in summary.lines(prefix="IPEDS ")]
    lines += apply_tuition_to_rows(institutions, tuition)
    rows = [
        {"external_id": external_id, "cip_code": code, **{name: cell(values[name]) for name in FIELD_COLUMNS}}
        for external_id, code, values in table.rows()
    ]
    lines.append(f"IPEDS: {len(rows):,} program fields for {len(table.fields):,} programs")
    return IpedsBuild(rows, lines)


# load_bundled_data: program_fields.csv into the database ---------------------------------------------------------


def _field_values(row, path, line):
    values = {name: derived_int(row[name], path, line, name) for name in INTEGER_COLUMNS}
    for name in BOOLEAN_COLUMNS:
        values[name] = derived_bool(row[name], path, line, name)
        if values[name] is None:
            raise DataError(path, line, f"{name}: true or false")
    for part in PARTS.values():
        values[part.year] = row[part.year]
        if row[part.year] and not ACADEMIC_YEAR.match(row[part.year]):
            raise DataError(path, line, f"{part.year}: {row[part.year]!r} is not an academic year like 2022-23")
    values["length_unit"] = row["length_unit"]
    if values["length_unit"] not in ("", *ProgramField.LengthUnit.values):
        raise DataError(path, line, f"length_unit: {values['length_unit']!r} is not contact_hours or credit_hours")
    if (values["length"] is None) != (values["length_unit"] == ""):
        raise DataError(path, line, "length and length_unit go together")
    values["distance_education"] = row["distance_education"]
    if values["distance_education"] not in ("", *Program.DistanceEducation.values):
        raise DataError(path, line, f"distance_education: {values['distance_education']!r} is not all, some or none")
    for name in ("tuition_and_fees", "books_and_supplies"):
        if (values[name] or 0) > MAX_PROGRAM_CHARGES:
            raise DataError(path, line, f"{name}: more than {MAX_PROGRAM_CHARGES:,}")
    return values


def read_program_fields(path, external_ids, cip_codes):
    """{survey: {external_id: (year, {cip_code: values})}} from program_fields.csv, checked row by row."""
    incoming, seen = {survey: {} for survey in PARTS}, set()
    for line, row in read_csv(path, required=PROGRAM_FIELDS_COLUMNS):
        external_id = row["external_id"]
        if external_id not in external_ids:
            raise DataError(path, line, f"external_id: no program {external_id!r} in {PROGRAMS_FILE}")
        code = derived_code(row["cip_code"], path, line, "cip_code", CIP_CODE, "51.0713")
        if code not in cip_codes:
            raise DataError(path, line, f"cip_code: {code} is not in cip_codes.csv")
        if (external_id, code) in seen:
            raise DataError(path, line, f"{external_id} {code} appears twice")
        seen.add((external_id, code))
        values = _field_values(row, path, line)
        if not values["completions_year"] and not values["programs_year"]:
            raise DataError(path, line, "a field needs completions_year or programs_year")
        for survey, part in PARTS.items():
            year = values[part.year]
            if not year:
                if any(values[name] != empty for name, empty in part.empty.items()):
                    raise DataError(path, line, f"{part.year}: required with its figures")
                continue
            held_year, by_code = incoming[survey].setdefault(external_id, (year, {}))
            if held_year != year:
                raise DataError(path, line, f"{part.year}: {year}, where the program's other fields have {held_year}")
            by_code[code] = {name: values[name] for name in part.empty}
    return incoming


def load_program_fields(data_dir, program_ids, report):
    """program_fields.csv (when the bundle has it), then every Scorecard program's title and distance education.

    Without the file the fields already in the database stay (an operator's `import_ipeds`), and so do the
    titles they give. Runs inside the catalog load's transaction, before its search index refresh.
    """
    data_dir = Path(data_dir)
    path = data_dir / PROGRAM_FIELDS_FILE
    before = table_from_database()
    after = FieldTable(before.fields)
    if path.exists():
        incoming = read_program_fields(path, set(program_ids), set(CIPCode.objects.values_list("code", flat=True)))
        for survey, programs in incoming.items():
            for external_id, (year, by_code) in sorted(programs.items()):
                after.replace(external_id, survey, year, by_code)
        _, counts = save_table(before, after)
        report.add("program fields (IPEDS)", **{name: counts[name] for name in ("created", "updated", "unchanged")})
        if counts["removed"]:
            report.add("program fields removed (IPEDS, superseded)", updated=counts["removed"])
    base_titles = {row["external_id"]: row["title"] for _, row in read_csv(data_dir / PROGRAMS_FILE)}
    cip_titles = dict(CIPCode.objects.values_list("code", "title"))
    programs = Program.objects.filter(external_id__in=list(base_titles)).only(
        "pk", "external_id", "title", "distance_education", "federal_fields", "updated_at"
    )
    changed, unchanged = [], 0
    for program in programs.order_by("pk"):
        fields = after.fields.get(program.external_id, {})
        title = federal_title(base_titles[program.external_id], ordered_titles(fields, cip_titles))
        if set_program(program, title, fields, cip_titles):
            changed.append(program)
        elif fields:
            unchanged += 1
    save_programs(changed, refresh=False)
    if changed or unchanged:
        report.add("program titles and distance education from IPEDS fields", updated=len(changed), unchanged=unchanged)
