"""Malformed import files (wrong encoding, missing columns, wrong types, empty) give a clear message naming
the file and, where there is one, the line, and change nothing in the database."""

import csv
import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careers.models import Occupation, Projection, WageEstimate
from catalog.admin.resources import ProgramResource
from catalog.management.commands.build_bundled_data import app_data_dir
from catalog.models import Institution, Outcome, Program
from certifications.models import Credential
from tests.careers.test_import_commands import EP_HEADER, OEWS_HEADER, ep_row, oews_row
from tests.factories import OccupationFactory, OutcomeFactory, ProgramFactory, WageEstimateFactory

pytestmark = pytest.mark.django_db

MALFORMATIONS = ["wrong encoding", "missing column", "wrong type", "empty file"]


def snapshot():
    """Everything an import could touch, in a form that compares equal only when nothing changed."""
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (Institution, Program, Outcome, Occupation, WageEstimate, Projection, Credential)
    }


def write_malformed(path, header, rows, malformation, column, bad_value):
    """`rows` (lists under `header`) written as CSV, broken in one way; returns the line a reader should name."""
    if malformation == "empty file":
        path.write_bytes(b"")
        return None
    if malformation == "missing column":
        index = header.index(column)
        header = header[:index] + header[index + 1 :]
        rows = [row[:index] + row[index + 1 :] for row in rows]
    if malformation == "wrong type":
        rows = [
            *rows[:-1],
            [bad_value if name == column else value for name, value in zip(header, rows[-1], strict=True)],
        ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if malformation == "wrong encoding":
        # A Latin-1 file (as a spreadsheet saves it), with an accented name on the last line.
        path.write_bytes(text.rstrip("\n").encode("utf-8") + " Técnico\n".encode("latin-1"))
        return len(rows) + 1
    path.write_text(text, encoding="utf-8")
    return 1 if malformation == "missing column" else len(rows) + 1


def assert_clear_failure(command, path, line, *args):
    with pytest.raises(CommandError) as failure:
        call_command(command, str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    message = str(failure.value)
    assert path.name in message, message
    assert "<class" not in message and "Traceback" not in message, f"not a message a person can act on: {message}"
    if line is not None and "encoding" not in message and "UTF-8" not in message:
        assert re.search(rf"{re.escape(path.name)}:{line}\b", message) or f":{line}:" in message, message
    return message


@pytest.fixture
def existing():
    """Data already in the database, which a failed import must leave exactly as it was."""
    occupation = OccupationFactory(soc_code="29-2072", title="Medical Records Specialists")
    WageEstimateFactory(occupation=occupation, annual_median=50000)
    OutcomeFactory(program=ProgramFactory(title="Medical Coding Certificate"))
    return snapshot()


@pytest.mark.parametrize("malformation", MALFORMATIONS)
def test_a_malformed_oews_file_is_named_and_changes_nothing(existing, tmp_path, malformation):
    path = tmp_path / "oews.csv"
    line = write_malformed(path, OEWS_HEADER, [oews_row(), oews_row()], malformation, "annual_median", "5l000")
    assert_clear_failure("import_oews", path, line)
    assert snapshot() == existing


@pytest.mark.parametrize("malformation", MALFORMATIONS)
def test_a_malformed_projections_file_is_named_and_changes_nothing(existing, tmp_path, malformation):
    path = tmp_path / "projections.csv"
    column = "Employment Percent Change, 2021-2031"
    line = write_malformed(path, EP_HEADER, [ep_row(), ep_row()], malformation, column, "lots")
    assert_clear_failure("import_projections", path, line)
    assert snapshot() == existing


@pytest.mark.parametrize("malformation", MALFORMATIONS)
def test_a_malformed_program_import_is_named_and_changes_nothing(existing, tmp_path, malformation):
    exported = ProgramResource().export(queryset=Program.objects.all())
    header = list(exported.headers)
    template = dict(zip(header, ["" if value is None else str(value) for value in exported[0]], strict=True))
    # Two new programs (no id), so that a missing title column leaves them invalid rather than half-updated.
    rows = [[{**template, "id": "", "slug": slug}[name] for name in header] for slug in ("new-one", "new-two")]
    path = tmp_path / "programs.csv"
    line = write_malformed(
        path, header, rows, malformation, "title" if malformation == "missing column" else "credential_level", "twelve"
    )
    if malformation == "missing column":
        line = 2  # the first row that lacks it: the header itself is not a row to import
    assert_clear_failure("import_programs", path, line)
    assert snapshot() == existing


@pytest.fixture
def small_bundle(tmp_path):
    """The bundled data, cut to the first few schools so that each case loads in a moment."""
    root = tmp_path / "bundle"
    for app in ("careers", "catalog", "certifications"):
        shutil.copytree(app_data_dir(app), root / app)
    catalog = root / "catalog"

    def keep(name, test):
        with (catalog / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            kept = [row for row in reader if test(row)]
            fields = reader.fieldnames
        with (catalog / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields)
            writer.writeheader()
            writer.writerows(kept)
        return kept

    schools = {row["unitid"] for row in keep("institutions.csv", lambda row: True)[:5]}
    keep("institutions.csv", lambda row: row["unitid"] in schools)
    programs = {row["external_id"] for row in keep("programs.csv", lambda row: row["unitid"] in schools)}
    keep("outcomes.csv", lambda row: row["external_id"] in programs)
    return root


@pytest.mark.parametrize("malformation", MALFORMATIONS)
def test_a_malformed_bundled_data_file_is_named_and_changes_nothing(existing, small_bundle, malformation):
    path = small_bundle / "catalog" / "programs.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    line = write_malformed(path, header, rows, malformation, "credential_level", "twelve")
    with pytest.raises(CommandError) as failure:
        call_command("load_bundled_data", "--data-dir", str(small_bundle), stdout=io.StringIO())
    message = str(failure.value)
    assert "programs.csv" in message, message
    if line is not None and malformation != "empty file":
        assert f"programs.csv:{line}" in message, message
    assert snapshot() == existing


def test_the_small_bundle_itself_loads(small_bundle):
    """Guards the cases above: the bundle they break is one that loads when it is not broken."""
    call_command("load_bundled_data", "--data-dir", str(small_bundle), stdout=io.StringIO())
    assert Program.objects.exists() and Occupation.objects.exists()
