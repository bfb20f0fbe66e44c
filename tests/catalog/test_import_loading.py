"""Loading catalog's derived CSVs: checked row by row, all or nothing, and kind to staff edits.

Each test writes a small bundle into tmp_path: the committed files' headers with a few of their
rows (two schools), then the row or column the test is about.
"""

import csv
import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from careers.models import Occupation
from catalog.importers import load
from catalog.importing import DataError, LoadReport, write_csv
from catalog.models import CIPCode, Course, Institution, Outcome, Program
from tests.factories import CredentialFactory, OccupationFactory

pytestmark = pytest.mark.django_db

BUNDLE = Path(__file__).resolve().parents[2] / "catalog" / "data"
# Two schools from the committed bundle: one with three programs, one Scorecard lists that IPEDS HD2020 lacks.
UNITIDS = ("102845", "496399")


def committed_lines(name, keep=lambda line: True):
    header, *rows = (BUNDLE / name).read_text(encoding="utf-8").splitlines(keepends=True)
    return [header, *[row for row in rows if keep(row)]]


def write_small_bundle(folder):
    folder.mkdir(exist_ok=True)
    for name in ("cip_codes.csv", "cip_occupations.csv"):
        shutil.copy(BUNDLE / name, folder / name)
    (folder / "institutions.csv").write_text(
        "".join(committed_lines("institutions.csv", lambda row: row.split(",")[0] in UNITIDS)), encoding="utf-8"
    )
    for name in ("programs.csv", "outcomes.csv"):
        lines = committed_lines(name, lambda row: row.split(":")[1] in UNITIDS)
        (folder / name).write_text("".join(lines), encoding="utf-8")
    return folder


def edit_row(path, external_id_or_unitid, **changes):
    """Change cells of the row whose first column is given; return the file line it is on."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fieldnames = list(rows[0])
    for number, row in enumerate(rows, start=2):
        if row[fieldnames[0]] == external_id_or_unitid:
            row.update(changes)
            write_csv(path, fieldnames, rows)
            return number
    raise AssertionError(f"no row {external_id_or_unitid} in {path.name}")


def row_counts():
    return {model.__name__: model.objects.count() for model in (CIPCode, Institution, Program, Outcome)} | {
        "links": CIPCode.occupations.through.objects.count()
    }


@pytest.fixture
def occupations():
    """The three occupations the crosswalk links point to, as careers' own load would have made them."""
    return [
        OccupationFactory(soc_code="29-2072", title="Medical Records Specialists"),
        OccupationFactory(soc_code="29-9021", title="Health Information Technologists and Medical Registrars"),
        OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers"),
    ]


@pytest.fixture
def bundle(tmp_path, occupations):
    return write_small_bundle(tmp_path / "catalog")


def test_small_bundle_loads_schools_programs_outcomes_and_crosswalk(bundle):
    report = LoadReport()
    load(bundle, report)

    program = Program.objects.get(external_id="scorecard:102845:5107:3")
    assert program.title == "Health and Medical Administrative Services — Bachelor's Degree"
    assert program.institution.name == "Charter College"
    assert program.cip_code.code == "51.07"
    assert program.status == Program.Status.PUBLISHED
    outcome = program.outcomes.get()
    assert (outcome.median_earnings, outcome.median_debt) == (46986, 45100)
    assert outcome.debt_to_earnings_ratio == Decimal("0.960")
    assert outcome.earns_more_than_hs_graduates is True
    assert outcome.release_date == datetime.date(2026, 6, 10)
    new_school = Institution.objects.get(unitid=496399)
    assert (new_school.name, new_school.state, new_school.city, new_school.website) == (
        "Agape College of Business and Science",
        "CA",
        "",
        "",
    )
    assert set(Occupation.objects.filter(cip_codes__code="51.0713").values_list("soc_code", flat=True)) == {
        "29-2072",
        "29-9021",
    }
    assert report.counts["programs"] == [Program.objects.count(), 0, 0]


def test_loading_twice_changes_nothing(bundle):
    load(bundle, LoadReport())
    counts = row_counts()
    stamps = list(Program.objects.order_by("pk").values_list("updated_at", flat=True))
    school_stamps = list(Institution.objects.order_by("pk").values_list("updated_at", flat=True))

    second = LoadReport()
    load(bundle, second)

    assert second.changed == 0
    assert row_counts() == counts
    assert list(Program.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert list(Institution.objects.order_by("pk").values_list("updated_at", flat=True)) == school_stamps


def test_changed_data_updates_only_the_rows_that_changed(bundle):
    load(bundle, LoadReport())
    edit_row(bundle / "outcomes.csv", "scorecard:102845:5107:3", median_earnings="47000")

    report = LoadReport()
    load(bundle, report)

    assert report.counts["outcomes"] == [0, 1, 4]
    assert report.changed == 1
    assert Outcome.objects.get(program__external_id="scorecard:102845:5107:3").median_earnings == 47000


def test_bad_earnings_names_file_and_line_and_loads_none_of_the_rows_before_it(bundle):
    line = edit_row(bundle / "outcomes.csv", "scorecard:496399:5107:3", median_earnings="abc")
    assert line == 6  # the last row: the four before it were good

    with pytest.raises(DataError, match=r"^outcomes\.csv:6: median_earnings: 'abc' is not a whole"):
        load(bundle, LoadReport())

    assert row_counts() == {"CIPCode": 0, "Institution": 0, "Program": 0, "Outcome": 0, "links": 0}


def test_failed_reload_leaves_the_previous_load_as_it_was(bundle):
    load(bundle, LoadReport())
    before = row_counts()
    edit_row(bundle / "programs.csv", "scorecard:102845:5107:1", title="Renamed")
    line = edit_row(bundle / "programs.csv", "scorecard:496399:5107:3", unitid="999999")

    with pytest.raises(DataError, match=rf"^programs\.csv:{line}: unitid: no school 999999"):
        load(bundle, LoadReport())

    assert row_counts() == before
    assert Program.objects.get(external_id="scorecard:102845:5107:1").title != "Renamed"


def test_unknown_credential_level_is_refused_with_its_line(bundle):
    line = edit_row(bundle / "programs.csv", "scorecard:102845:5107:2", credential_level="9")

    with pytest.raises(DataError, match=rf"^programs\.csv:{line}: credential_level: 9 is not a known"):
        load(bundle, LoadReport())
    assert Program.objects.count() == 0


def test_missing_column_is_named(bundle):
    path = bundle / "programs.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = [name for name in rows[0] if name != "source_url"]
    write_csv(path, columns, [{name: row[name] for name in columns} for row in rows])

    with pytest.raises(DataError, match=r"^programs\.csv:1: missing column\(s\): source_url"):
        load(bundle, LoadReport())
    assert CIPCode.objects.count() == 0


def test_bad_encoding_is_named_with_its_line(bundle):
    path = bundle / "institutions.csv"
    path.write_bytes(path.read_bytes().replace(b"Agape College", "Ágape College".encode("cp1252")))

    with pytest.raises(DataError, match=r"^institutions\.csv:3: not valid utf-8 text"):
        load(bundle, LoadReport())
    assert Institution.objects.count() == 0


def test_program_naming_an_unknown_school_is_refused(bundle):
    line = edit_row(bundle / "programs.csv", "scorecard:102845:5107:2", unitid="100000")

    with pytest.raises(DataError, match=rf"^programs\.csv:{line}: unitid: no school 100000 in institutions\.csv"):
        load(bundle, LoadReport())


def test_unknown_cip_code_is_refused(bundle):
    line = edit_row(bundle / "programs.csv", "scorecard:102845:5107:3", cip_code="52.0101")

    with pytest.raises(DataError, match=rf"^programs\.csv:{line}: cip_code: 52\.0101 is not in cip_codes\.csv"):
        load(bundle, LoadReport())


def test_negative_debt_is_refused(bundle):
    line = edit_row(bundle / "outcomes.csv", "scorecard:102845:5107:3", median_debt="-45100")

    with pytest.raises(DataError, match=rf"^outcomes\.csv:{line}: median_debt: '-45100' is not a whole, non-negative"):
        load(bundle, LoadReport())


def test_invalid_website_is_refused_before_the_database_sees_it(bundle):
    line = edit_row(bundle / "institutions.csv", "102845", website="not a url")

    with pytest.raises(DataError, match=rf"^institutions\.csv:{line}: website: Enter a valid URL"):
        load(bundle, LoadReport())


def test_latitude_out_of_range_is_refused_before_the_database_sees_it(bundle):
    line = edit_row(bundle / "institutions.csv", "102845", latitude="145.617798")

    with pytest.raises(DataError, match=rf"^institutions\.csv:{line}: latitude: 145\.617798 is outside"):
        load(bundle, LoadReport())


def test_crosswalk_link_to_an_occupation_not_loaded_is_refused(bundle, occupations):
    occupations[2].delete()  # 11-9111, the first link's occupation

    with pytest.raises(DataError, match=r"^cip_occupations\.csv:2: soc_code: no occupation 11-9111"):
        load(bundle, LoadReport())


def test_slug_taken_by_a_school_staff_added_is_a_data_error_not_a_crash(bundle):
    Institution.objects.create(name="Charter College (staff)", slug="charter-college")

    with pytest.raises(DataError, match=r"^institutions\.csv:2: slug 'charter-college' is already used"):
        load(bundle, LoadReport())


def test_reload_keeps_what_school_staff_added(bundle):
    load(bundle, LoadReport())
    program = Program.objects.get(external_id="scorecard:102845:5107:2")
    program.delivery_mode = Program.DeliveryMode.ONLINE
    program.cost, program.cost_year = Decimal("14500.00"), 2025
    program.description = "Evening classes."
    program.status = Program.Status.DRAFT
    program.save()
    Course.objects.create(program=program, title="ICD-10-CM Coding")
    credential = CredentialFactory(abbreviation="CPC")
    program.prepares_for.add(credential)
    new_school = Institution.objects.get(unitid=496399)
    new_school.city, new_school.website = "Anaheim", "https://www.agape.example/"
    new_school.save()
    # A later release words the level differently: the data owns the title, staff own the rest.
    edit_row(
        bundle / "programs.csv",
        "scorecard:102845:5107:2",
        title="Health and Medical Administrative Services — Associate Degree",
    )

    load(bundle, LoadReport())

    program.refresh_from_db()
    assert program.title == "Health and Medical Administrative Services — Associate Degree"
    assert program.delivery_mode == Program.DeliveryMode.ONLINE
    assert (program.cost, program.cost_year) == (Decimal("14500.00"), 2025)
    assert program.description == "Evening classes."
    assert program.status == Program.Status.DRAFT
    assert list(program.courses.values_list("title", flat=True)) == ["ICD-10-CM Coding"]
    assert list(program.prepares_for.all()) == [credential]
    new_school.refresh_from_db()
    assert (new_school.city, new_school.website) == ("Anaheim", "https://www.agape.example/")


def test_a_school_gets_its_yearly_tuition_with_year_and_source(bundle):
    load(bundle, LoadReport())

    school = Institution.objects.get(unitid=102845)
    assert (school.tuition_in_state, school.tuition_out_of_state) == (22655, 22655)
    assert (school.tuition_year, school.tuition_source) == ("2018-19", "College Scorecard")
    unpriced = Institution.objects.get(unitid=496399)
    assert (unpriced.tuition_in_state, unpriced.tuition_out_of_state, unpriced.tuition_year) == (None, None, "")


def test_a_tuition_figure_without_its_year_is_refused_with_its_line(bundle):
    line = edit_row(bundle / "institutions.csv", "102845", tuition_year="")

    with pytest.raises(DataError, match=rf"^institutions.csv:{line}: tuition_year and tuition_source: required"):
        load(bundle, LoadReport())
    assert not Institution.objects.exists()


def test_a_newer_tuition_year_already_held_is_not_replaced_by_the_bundles_older_one(bundle):
    load(bundle, LoadReport())
    Institution.objects.filter(unitid=102845).update(
        tuition_in_state=17000, tuition_out_of_state=17000, tuition_year="2023-24", tuition_source="IPEDS IC2023_AY"
    )

    load(bundle, LoadReport())

    school = Institution.objects.get(unitid=102845)
    assert (school.tuition_in_state, school.tuition_year, school.tuition_source) == (
        17000,
        "2023-24",
        "IPEDS IC2023_AY",
    )
