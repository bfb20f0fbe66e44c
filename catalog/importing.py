"""What every app's importers share: reading CSV with line numbers, errors that name file and line.

Two stages keep the public files out of the repository:
- build: read a public file in its publisher's format and write a compact derived CSV into
  `<app>/data/` (run by `make data`, needs ../shared/data);
- load: read the derived CSVs into the database inside one transaction (run by `make run`).
A bad row stops either stage with `DataError("file:line: what is wrong")`, and a load that
fails changes nothing, because `load_bundled_data` wraps every app's load in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError


class DataError(CommandError):
    """A problem in an input file, reported by file name and line number."""

    def __init__(self, path, line, message):
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path.name}:{line}" if line else self.path.name
        super().__init__(f"{where}: {message}")


def read_csv(path, encoding="utf-8", required=()):
    """Yield (line_number, row) for each record; line_number is the file line the record starts on.

    `required` names columns that must be present in the header; a missing one is a DataError
    on line 1 rather than a KeyError later.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(path, 0, "file not found")
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataError(path, line, f"not valid {encoding} text") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in required if name not in (reader.fieldnames or [])]
    if missing:
        raise DataError(path, 1, f"missing column(s): {', '.join(missing)}")
    start = reader.line_num + 1
    try:
        for row in reader:
            if None in row:
                raise DataError(path, start, "more fields than the header has")
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(path, reader.line_num, f"malformed CSV: {exc}") from exc


def write_csv(path, fieldnames, rows):
    """Write a derived file deterministically (sorted by the caller, LF endings, UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass
class LoadReport:
    """How many rows a load created, changed and left alone, per model, for the command's output."""

    counts: dict = field(default_factory=dict)

    def add(self, label, created=0, updated=0, unchanged=0):
        current = self.counts.setdefault(label, [0, 0, 0])
        current[0] += created
        current[1] += updated
        current[2] += unchanged

    @property
    def changed(self):
        return sum(created + updated for created, updated, _ in self.counts.values())

    def lines(self):
        for label, (created, updated, unchanged) in self.counts.items():
            yield f"{label}: {created} created, {updated} updated, {unchanged} unchanged"
