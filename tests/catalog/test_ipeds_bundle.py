"""IPEDS files in `make data`: the build derives catalog/data/program_fields.csv, the load reads it.

The public files are test_import_build's tiny copies, with the fixture schools 990001-990004 added to the Scorecard
file (as schools HD2020 lacks) and tests/fixtures/ipeds copied in: invented test data in the NCES layouts.
"""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.importers import build, load
from catalog.importers.bundle import CIP_SOURCE_FILE, PROGRAM_FIELDS_FILE, SCORECARD_SOURCE_FILE
from catalog.importing import DataError, LoadReport
from catalog.models import Program, ProgramField
from tests.catalog.test_import_build import public as public_files  # noqa: F401 (a fixture)
from tests.catalog.test_import_build import scorecard_row
from tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ipeds"
IPEDS_FILES = ("c2023_a.csv", "c2023dep.csv", "ic2023_py.csv", "ic2023_ay.csv")
CERTIFICATE = "Undergraduate Certificate or Diploma"
CODING = "Medical Insurance Coding Specialist/Coder"


def append_rows(path, rows, encoding="utf-8"):
    with path.open("a", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture
def source(request):
    """The tiny public files with the fixture schools' Scorecard programs and the CIP codes the IPEDS files use."""
    folder = request.getfixturevalue("public_files")
    append_rows(
        folder / SCORECARD_SOURCE_FILE,
        [
            scorecard_row("990001", "Fixture Community College (test data)", "IL", "1", CERTIFICATE),
            scorecard_row("990001", "Fixture Community College (test data)", "IL", "2", "Associate's Degree"),
            scorecard_row("990002", "Fixture Career Institute (test data)", "IL", "1", CERTIFICATE),
            scorecard_row("990004", "Fixture University (test data)", "IL", "3", "Bachelor's Degree"),
        ],
    )
    append_rows(
        folder / CIP_SOURCE_FILE,
        [
            ["51", "51.0706", "No change", "Health Information/Medical Records Administration/Administrator.", "."],
            ["51", "51.0707", "No change", "Health Information/Medical Records Technology/Technician.", "."],
            ["51", "51.0714", "No change", "Medical Insurance Specialist/Medical Biller.", "."],
        ],
    )
    return folder


@pytest.fixture
def with_ipeds(source):
    for name in IPEDS_FILES:
        shutil.copy(FIXTURES / name, source / name)
    return source


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_build_derives_program_fields_from_the_ipeds_files_in_the_source_folder(with_ipeds, tmp_path):
    summary = build(with_ipeds, tmp_path / "out")

    rows = read_rows(tmp_path / "out" / PROGRAM_FIELDS_FILE)
    assert [(row["external_id"], row["cip_code"]) for row in rows] == [
        ("scorecard:990001:5107:1", "51.0713"),
        ("scorecard:990001:5107:1", "51.0714"),
        ("scorecard:990001:5107:2", "51.0707"),
        ("scorecard:990002:5107:1", "51.0713"),
        ("scorecard:990004:5107:3", "51.0706"),
    ]
    priced = rows[3]
    assert (priced["completions"], priced["completions_year"]) == ("40", "2022-23")
    assert (priced["awards_under_1_year"], priced["awards_1_to_2_years"]) == ("true", "false")
    assert (priced["offered_under_1_year"], priced["distance_education"], priced["programs_year"]) == (
        "true",
        "all",
        "2022-23",
    )
    assert (priced["tuition_and_fees"], priced["length"], priced["length_unit"]) == ("14500", "900", "contact_hours")
    assert priced["charges_year"] == "2023-24"
    text = "\n".join(summary)
    assert "catalog: IPEDS c2023_a.csv: Completions (C2023_A), 2022-23, UTF-8" in text
    assert "catalog: IPEDS: 5 program fields for 4 programs" in text
    # The title in programs.csv stays Scorecard's; the load gives the fields' title.
    assert {row["title"] for row in read_rows(tmp_path / "out" / "programs.csv")} >= {
        f"Health and Medical Administrative Services — {CERTIFICATE}"
    }


def test_a_rebuild_from_the_same_files_gives_the_same_bytes(with_ipeds, tmp_path):
    build(with_ipeds, tmp_path / "first")
    build(with_ipeds, tmp_path / "second")

    assert (tmp_path / "first" / PROGRAM_FIELDS_FILE).read_bytes() == (
        tmp_path / "second" / PROGRAM_FIELDS_FILE
    ).read_bytes()


def test_build_without_ipeds_files_says_so_and_leaves_no_stale_file(source, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / PROGRAM_FIELDS_FILE).write_text("external_id,cip_code\n", encoding="utf-8")

    summary = build(source, out)

    assert not (out / PROGRAM_FIELDS_FILE).exists()
    text = "\n".join(summary)
    assert "IPEDS: no C20xx_A, C20xxDEP, IC20xx_PY or IC20xx_AY file in" in text
    assert f"IPEDS: removed the old {PROGRAM_FIELDS_FILE}" in text


def test_a_bad_ipeds_row_stops_the_build_before_any_file_is_written(with_ipeds, tmp_path):
    append_rows(with_ipeds / "c2023_a.csv", [["990001", "51.0713", "3", "21", *[""] * 60]])

    with pytest.raises(DataError, match=r"c2023_a.csv:14: MAJORNUM: 3 is not one of 1, 2"):
        build(with_ipeds, tmp_path / "out")

    assert not (tmp_path / "out").exists()


@pytest.fixture
def bundle(with_ipeds, tmp_path):
    OccupationFactory(soc_code="29-2072")
    build(with_ipeds, tmp_path / "out")
    return tmp_path / "out"


def test_load_reads_program_fields_and_gives_programs_their_titles(bundle):
    load(bundle, LoadReport())

    certificate = Program.objects.get(external_id="scorecard:990001:5107:1")
    assert certificate.title == f"{CODING}; Medical Insurance Specialist/Medical Biller — {CERTIFICATE}"
    assert certificate.distance_education == Program.DistanceEducation.SOME
    priced = ProgramField.objects.get(program__external_id="scorecard:990002:5107:1")
    assert (priced.tuition_and_fees, priced.charges_year, priced.completions) == (14500, "2023-24", 40)
    # A program without IPEDS fields keeps the Scorecard title.
    assert Program.objects.get(external_id="scorecard:496399:5107:2").title.startswith("Health and Medical")


def test_loading_twice_changes_nothing(bundle):
    load(bundle, LoadReport())
    stamps = list(Program.objects.order_by("pk").values_list("updated_at", flat=True))

    second = LoadReport()
    load(bundle, second)

    assert second.changed == 0, list(second.lines())
    assert list(Program.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_bundle_without_program_fields_keeps_what_import_ipeds_gave(source, tmp_path):
    OccupationFactory(soc_code="29-2072")
    build(source, tmp_path / "out")
    load(tmp_path / "out", LoadReport())
    call_command("import_ipeds", *(str(FIXTURES / name) for name in IPEDS_FILES), verbosity=0)
    titles = dict(Program.objects.values_list("external_id", "title"))
    assert titles["scorecard:990002:5107:1"] == f"{CODING} — {CERTIFICATE}"

    report = LoadReport()
    load(tmp_path / "out", report)

    assert report.changed == 0, list(report.lines())
    assert dict(Program.objects.values_list("external_id", "title")) == titles
    assert ProgramField.objects.count() == 5


def test_a_bad_program_fields_row_stops_the_load_with_its_line(bundle):
    path = bundle / PROGRAM_FIELDS_FILE
    rows = read_rows(path)
    rows[1]["distance_education"] = "mostly"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    with pytest.raises(DataError, match=rf"{PROGRAM_FIELDS_FILE}:3: distance_education: 'mostly' is not all, some"):
        load(bundle, LoadReport())

    assert not Program.objects.exists()
