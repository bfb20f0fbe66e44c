"""Reading NCES IPEDS files as NCES publishes them: which survey a file is, its year, and its CIP 51.07xx rows.

Four surveys, told apart by their header (docs/data.md lists the columns):
- Completions `C20xx_A`: awards conferred by school, 6-digit CIP code, first or second major and award level;
- programs offered `C20xxDEP` (also written `C20xx_DEP`): by school and 6-digit CIP code, the award levels
  offered and whether all, some or none of their programs can be completed entirely by distance education;
- academic-year charges `IC20xx_AY`: a school's tuition and required fees for full-time undergraduates;
- program-year charges `IC20xx_PY`: for schools that charge by program, the price and length of up to six of
  their largest programs, by CIP code.

The year comes from the file name (C2023_A.csv, c2023dep.csv, ic2023_py_rv.csv) or, for a renamed file, from
`year=`. A Completions file of year Y covers awards from July Y-1 to June Y ("2022-23"); an Institutional
Characteristics file of year Y covers the academic year Y to Y+1 ("2023-24").

Files are read as UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252; quoted or not;
column names in any case; columns we do not read are ignored. Where NCES has no figure it writes -2 (not
applicable), leaves the cell blank or writes "."; -1 and -3 (not reported, not available in its directory
files) are read the same way, as unknown. Anything else that is not what the column holds stops the import
with `file:line: what is wrong`.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from catalog.importing import DataError

from .ipeds_layouts import (
    ACADEMIC_YEAR_CHARGES,
    AWARD_LEVELS,
    COMPLETIONS,
    FILE_NAME,
    FILE_NAMES,
    FILE_PARTS,
    LENGTH_UNITS,
    MAX_PROGRAM_CHARGES,
    MAX_YEARLY_CHARGES,
    PROGRAM_CERTIFICATE_LAYOUTS,
    PROGRAM_CHARGE_SLOTS,
    PROGRAM_CHARGES,
    PROGRAM_LEVEL_COLUMNS,
    PROGRAMS,
    REQUIRED_COLUMNS,
    SURVEY_NAMES,
)
from .values import CIP_CODE, public_cip_code

NCES_UNKNOWN = {"", ".", "-1", "-2", "-3"}
WHOLE_NUMBER = re.compile(r"^\d+(\.0*)?$")
NUMBER = re.compile(r"^-?\d+(\.\d*)?$")
SERIES_CODE = re.compile(r"^51\.07\d{2}$")
# A code read through a spreadsheet as a number loses its trailing zero: 51.071 is 51.0710.
SERIES_CODE_WITHOUT_ZERO = re.compile(r"^51\.07[1-9]$")
# Statistical packages write a CIP code as the number 510713.
CODE_WITHOUT_DOT = re.compile(r"^\d{6}$")


@dataclass
class IpedsFile:
    """One NCES file, read: its survey, year and the rows we use, with counts of what was left out."""

    path: Path
    survey: str
    year: int
    encoding: str
    rows: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    # Every school with a row, in any field: the programs-offered file lists all of a school's programs.
    unitids: set = field(default_factory=set)
    total_rows: int = 0

    @property
    def name(self):
        return FILE_NAMES[self.survey].format(year=self.year)

    @property
    def academic_year(self):
        """The academic year the figures are for: "2022-23" for C2023, "2023-24" for IC2023."""
        start = self.year - 1 if self.survey in (COMPLETIONS, PROGRAMS) else self.year
        return f"{start}-{(start + 1) % 100:02d}"

    @property
    def source(self):
        return f"IPEDS {self.name} (NCES)"

    def describe(self):
        return f"{self.path.name}: {SURVEY_NAMES[self.survey].format(year=self.year)}, {self.academic_year}"


def decode(path):
    """(text, encoding): UTF-8 with or without a byte-order mark, else Windows-1252."""
    path = Path(path)
    if not path.is_file():
        raise DataError(path, 0, "file not found")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(path, line, "neither UTF-8 nor Windows-1252 text") from None


def survey_from_name(path):
    """(survey or None, year or None) from a file name in NCES's pattern."""
    match = FILE_NAME.match(Path(path).name)
    if not match:
        return None, None
    part = (match["part"] or "").lower()
    return FILE_PARTS.get((match["prefix"].lower(), part)), int(match["year"])


def survey_from_header(path, columns):
    present = set(columns)
    found = [survey for survey, required in REQUIRED_COLUMNS.items() if present.issuperset(required)]
    if len(found) == 1:
        return found[0]
    closest = min(REQUIRED_COLUMNS, key=lambda survey: len(set(REQUIRED_COLUMNS[survey]) - present))
    missing = [name for name in REQUIRED_COLUMNS[closest] if name not in present]
    raise DataError(
        path,
        1,
        "not an IPEDS Completions (C_A), programs-offered (DEP), IC_AY or IC_PY file: the header lacks "
        f"{', '.join(missing)} for {FILE_NAMES[closest].format(year='20xx')}",
    )


def records(path, text):
    """(header, [(line, cells)]): the header's names stripped and upper-cased, each record with its first line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().upper() for name in next(reader, [])]
        rows, start = [], reader.line_num + 1
        for cells in reader:
            if cells:
                if len(cells) > len(header):
                    raise DataError(path, start, "more fields than the header has")
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(path, reader.line_num, f"malformed CSV: {exc}") from exc
    if not header or header == [""]:
        raise DataError(path, 1, "empty file")
    duplicates = [name for name, count in Counter(header).items() if count > 1 and name]
    if duplicates:
        raise DataError(path, 1, f"column {duplicates[0]} appears twice")
    return header, rows


class Row:
    """One record's cells by column name, with parsers that name the file, line and column of a bad value."""

    def __init__(self, path, line, index, cells):
        self.path, self.line, self.index, self.cells = path, line, index, cells

    def text(self, column):
        position = self.index.get(column)
        return self.cells[position].strip() if position is not None and position < len(self.cells) else ""

    def error(self, message):
        return DataError(self.path, self.line, message)

    def count(self, column, limit=None):
        """A whole, non-negative number, or None where NCES gives none (blank, ".", -1, -2, -3)."""
        text = self.text(column)
        if text in NCES_UNKNOWN:
            return None
        if not WHOLE_NUMBER.match(text):
            kind = "a whole, non-negative number" if NUMBER.match(text) else "a number"
            raise self.error(f"{column}: {text!r} is not {kind}")
        value = int(text.partition(".")[0])
        if limit is not None and value > limit:
            raise self.error(f"{column}: {text} is more than {limit:,}")
        return value

    def unitid(self):
        text = self.text("UNITID")
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise self.error(f"UNITID: {text!r} is not an IPEDS UNITID")
        return int(text)

    def series_code(self, column):
        """The CIP code when it is a 6-digit 51.07xx code, else None (other fields, 2-digit and total rows)."""
        code = public_cip_code(self.text(column))
        if SERIES_CODE_WITHOUT_ZERO.match(code):
            code += "0"
        elif CODE_WITHOUT_DOT.match(code):
            code = f"{code[:2]}.{code[2:]}"
        if not code.startswith("51.07") or code == "51.07":
            return None
        if not (SERIES_CODE.match(code) and CIP_CODE.match(code)):
            raise self.error(f"{column}: {code!r} is not a CIP code like 51.0713")
        return code

    def whole(self, column, choices=None):
        text = self.text(column)
        try:
            value = int(text)
        except ValueError:
            raise self.error(f"{column}: {text!r} is not a whole number") from None
        if choices is not None and value not in choices:
            raise self.error(f"{column}: {value} is not one of {', '.join(map(str, sorted(choices)))}")
        return value


def read_ipeds_file(path, year=None):
    """An IpedsFile with the survey's rows for CIP 51.07xx (every school for IC_AY); DataError on a bad row."""
    path = Path(path)
    text, encoding = decode(path)
    header, raw_rows = records(path, text)
    survey = survey_from_header(path, header)
    named_survey, named_year = survey_from_name(path)
    if named_survey and named_survey != survey:
        raise DataError(
            path, 1, f"the header is that of {FILE_NAMES[survey].format(year='20xx')}, not the file name's survey"
        )
    if year and named_year and year != named_year:
        raise DataError(path, 0, f"--year {year}, but the file name says {named_year}")
    year = named_year or year
    if year is None:
        raise DataError(path, 0, "the file name does not say the year (C2023_A.csv ...): give it with --year")
    if not 1980 <= year <= 2100:
        raise DataError(path, 0, f"{year} is not a survey year")
    ipeds_file = IpedsFile(path=path, survey=survey, year=year, encoding=encoding)
    ipeds_file.total_rows = len(raw_rows)
    index = {name: position for position, name in enumerate(header)}
    read_row = ROW_READERS[survey]
    seen = {}
    code_columns = [index[name] for name in index if name == "CIPCODE" or re.fullmatch(r"CIPCODE[1-6]", name)]
    unitid_column = index["UNITID"]
    for line, cells in raw_rows:
        if unitid_column < len(cells):
            ipeds_file.unitids.add(cells[unitid_column].strip())
        # Most rows are other fields: leave them before any parsing (a full C_A file has some 300,000 rows).
        if code_columns and not any(_may_be_series(cells, position) for position in code_columns):
            continue
        row = Row(path, line, index, cells)
        parsed = read_row(row, ipeds_file)
        if parsed is None:
            continue
        key = parsed["key"]
        if key in seen:
            raise DataError(path, line, f"the same {describe_key(survey, key)} as line {seen[key]}")
        seen[key] = line
        ipeds_file.rows.append(parsed)
    return ipeds_file


def _may_be_series(cells, position):
    text = cells[position] if position < len(cells) else ""
    return "51.07" in text or text.strip().startswith("5107")


def describe_key(survey, key):
    if survey == COMPLETIONS:
        return "UNITID, CIPCODE, MAJORNUM and AWLEVEL ({}, {}, {}, {})".format(*key)
    if survey == PROGRAMS:
        return "UNITID and CIPCODE ({}, {})".format(*key)
    return f"UNITID ({key})"


def _read_completions(row, ipeds_file):
    code = row.series_code("CIPCODE")
    if code is None:
        return None
    unitid = row.unitid()
    major = row.whole("MAJORNUM", {1, 2})
    level = row.whole("AWLEVEL")
    completions = row.count("CTOTALT")
    if level not in AWARD_LEVELS:
        # Not one of the levels Scorecard's correspondence names (the NCES Access database has summary levels
        # such as 12, 14, 15 whose meaning was not found): counted, never guessed.
        ipeds_file.skipped[f"rows of award level {level}, which maps to no Scorecard level (skipped)"] += 1
        return None
    if major != 1:
        # Each award is also counted under its first major; counting second majors too would count it twice.
        ipeds_file.skipped["second-major rows, not counted"] += 1
        return None
    return {
        "key": (unitid, code, major, level),
        "line": row.line,
        "unitid": unitid,
        "cip_code": code,
        "award_level": level,
        "completions": completions,
    }


def _read_programs(row, ipeds_file):
    """{award level: "all", "some", "none" or None (not reported)} for the levels the school offers in this field.

    At a 6-digit code each level's count is 1 (offered) or 0; its DE column is 1 when all its programs in the code
    can be completed entirely by distance education, and its DES column (from 2020-21) when some can.
    """
    code = row.series_code("CIPCODE")
    if code is None:
        return None
    unitid = row.unitid()
    certificate_columns = next(
        (layout for layout in PROGRAM_CERTIFICATE_LAYOUTS if all(name in row.index for name in layout)), None
    )
    if certificate_columns is None:
        raise row.error("no certificate columns: PCERT1A and PCERT1B (or PCERT1 in files before 2020-21)")
    levels = {}
    for column, award_level in PROGRAM_LEVEL_COLUMNS.items():
        if column not in row.index or (column.startswith("PCERT1") and column not in certificate_columns):
            continue
        offered = row.count(column)
        if not offered:
            continue
        all_online, some_online = row.count(f"{column}DE"), row.count(f"{column}DES")
        for suffix, flag in (("DE", all_online), ("DES", some_online)):
            if flag is not None and flag > offered:
                raise row.error(f"{column}{suffix}: {flag}, more than the {offered} {column} programs offered")
        if all_online is None:
            levels[award_level] = None
        elif all_online:
            levels[award_level] = "all"
        else:
            levels[award_level] = "some" if some_online else "none"
    return {"key": (unitid, code), "line": row.line, "unitid": unitid, "cip_code": code, "levels": levels}


def _read_academic_year_charges(row, ipeds_file):
    unitid = row.unitid()
    figures = {}
    for name, number in (("in_state", "2"), ("out_of_state", "3")):
        tuition = row.count(f"TUITION{number}", MAX_YEARLY_CHARGES)
        fees = row.count(f"FEE{number}", MAX_YEARLY_CHARGES)
        total = None if tuition is None or fees is None else tuition + fees
        if total is not None and total > MAX_YEARLY_CHARGES:
            raise row.error(f"TUITION{number} + FEE{number}: {total:,} is more than {MAX_YEARLY_CHARGES:,} a year")
        figures[name] = total
    return {"key": unitid, "line": row.line, "unitid": unitid, **figures}


def _read_program_charges(row, ipeds_file):
    unitid = row.unitid()
    programs = []
    for slot in PROGRAM_CHARGE_SLOTS:
        if f"CIPCODE{slot}" not in row.index:
            continue
        code = row.series_code(f"CIPCODE{slot}")
        if code is None:
            continue
        if code in (program["cip_code"] for program in programs):
            raise row.error(f"CIPCODE{slot}: {code} is listed twice")
        unit_text = row.text(f"PRGMSR{slot}")
        if unit_text not in LENGTH_UNITS and unit_text not in NCES_UNKNOWN:
            raise row.error(f"PRGMSR{slot}: {unit_text!r} is not 1 (contact hours) or 2 (credit hours)")
        length = row.count(f"CIPLGTH{slot}")
        unit = LENGTH_UNITS.get(unit_text, "")
        if length is not None and not unit:
            ipeds_file.skipped["program lengths without their unit (PRGMSR), left out"] += 1
            length = None
        program = {
            "cip_code": code,
            "tuition_and_fees": row.count(f"CIPTUIT{slot}", MAX_PROGRAM_CHARGES),
            "books_and_supplies": row.count(f"CIPSUPP{slot}", MAX_PROGRAM_CHARGES),
            "length": length,
            "length_unit": unit if length is not None else "",
            "months_to_complete": row.count(f"MTHCMP{slot}", 120),
        }
        if any(program[name] is not None for name in ("tuition_and_fees", "books_and_supplies", "length")):
            programs.append(program)
        else:
            ipeds_file.skipped["programs with no charges or length reported"] += 1
    if not programs:
        return None
    return {"key": unitid, "line": row.line, "unitid": unitid, "programs": programs}


ROW_READERS = {
    COMPLETIONS: _read_completions,
    PROGRAMS: _read_programs,
    ACADEMIC_YEAR_CHARGES: _read_academic_year_charges,
    PROGRAM_CHARGES: _read_program_charges,
}
