"""`manage.py import_ipeds`: NCES IPEDS files in their published layouts, straight into the catalog.

The files in tests/fixtures/ipeds are invented test data in the NCES layouts (see the README there); the schools
990001-990004 are made here with factories. Variants (BOM, Windows-1252, quoting, case) are derived from them.
"""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.importers.ipeds_fields import federal_title
from catalog.importing import DataError
from catalog.models import Institution, Program, ProgramField
from tests.factories import CIPCodeFactory, InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ipeds"
COMPLETIONS, PROGRAMS, PROGRAM_CHARGES, YEAR_CHARGES = "c2023_a.csv", "c2023dep.csv", "ic2023_py.csv", "ic2023_ay.csv"
SERIES = "Health and Medical Administrative Services"
CERTIFICATE, ASSOCIATE, BACHELOR = (
    "Undergraduate Certificate or Diploma",
    "Associate's Degree",
    "Bachelor's Degree",
)
CODES = {
    "51.0706": "Health Information/Medical Records Administration/Administrator",
    "51.0707": "Health Information/Medical Records Technology/Technician",
    "51.0713": "Medical Insurance Coding Specialist/Coder",
    "51.0714": "Medical Insurance Specialist/Medical Biller",
}


def scorecard_program(school, level, label):
    return ProgramFactory(
        institution=school,
        external_id=f"scorecard:{school.unitid}:5107:{level}",
        credential_level=level,
        title=f"{SERIES} — {label}",
        cip_code=CIPCodeFactory(code="51.07", title=SERIES),
    )


@pytest.fixture
def catalog():
    """The fixture files' schools: 990001 (certificate, associate), 990002 (certificate), 990004 (bachelor's)."""
    for code, title in CODES.items():
        CIPCodeFactory(code=code, title=title)
    college = InstitutionFactory(unitid=990001, name="Fixture Community College (test data)")
    institute = InstitutionFactory(unitid=990002, name="Fixture Career Institute (test data)")
    university = InstitutionFactory(unitid=990004, name="Fixture University (test data)")
    return {
        "certificate": scorecard_program(college, 1, CERTIFICATE),
        "associate": scorecard_program(college, 2, ASSOCIATE),
        "institute": scorecard_program(institute, 1, CERTIFICATE),
        "bachelor": scorecard_program(university, 3, BACHELOR),
    }


def run(*paths, **options):
    out = io.StringIO()
    call_command("import_ipeds", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def fixture(name):
    return FIXTURES / name


def rewrite(source, target, encoding="utf-8", quoting=csv.QUOTE_MINIMAL, header=str.upper, extra=None):
    """A copy of a fixture file in another encoding, quoting or header case, optionally with an extra column."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0] = [header(name) for name in rows[0]]
    if extra:
        rows = [[*row, extra[0] if number == 0 else extra[1]] for number, row in enumerate(rows)]
    with target.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, quoting=quoting, lineterminator="\r\n").writerows(rows)
    return target


def fields_of(program):
    return {field.cip_code.code: field for field in program.fields.select_related("cip_code")}


def test_completions_give_each_program_its_6_digit_fields_awards_and_lengths(catalog):
    output = run(fixture(COMPLETIONS))

    certificate = Program.objects.get(pk=catalog["certificate"].pk)
    coding, billing = fields_of(certificate)["51.0713"], fields_of(certificate)["51.0714"]
    assert set(fields_of(certificate)) == {"51.0713", "51.0714"}
    assert (coding.completions, coding.completions_year) == (35, "2022-23")  # AWLEVEL 21 (30) and 2 (5)
    assert (coding.awards_under_1_year, coding.awards_1_to_2_years, coding.awards_2_to_4_years) == (True, True, False)
    assert (billing.completions, billing.awards_under_1_year, billing.awards_1_to_2_years) == (12, True, False)
    assert coding.source == "IPEDS C2023_A (NCES)"
    # The field with most awards first; the credential level stays Scorecard's words.
    assert certificate.title == f"{CODES['51.0713']}; {CODES['51.0714']} — {CERTIFICATE}"
    associate = Program.objects.get(pk=catalog["associate"].pk)
    # The second-major row (2 awards) is not counted: each award is counted under its first major.
    assert fields_of(associate)["51.0707"].completions == 18
    assert associate.title == f"{CODES['51.0707']} — {ASSOCIATE}"
    assert Program.objects.get(pk=catalog["bachelor"].pk).title == f"{CODES['51.0706']} — {BACHELOR}"
    # Without distance-education figures, none is claimed.
    assert certificate.distance_education == ""
    assert "second-major rows, not counted: 1" in output


def test_programs_offered_say_whether_all_some_or_none_can_be_completed_online(catalog):
    run(fixture(PROGRAMS))

    certificate = Program.objects.get(pk=catalog["certificate"].pk)
    coding, billing = fields_of(certificate)["51.0713"], fields_of(certificate)["51.0714"]
    # 51.0713: a certificate of 12 weeks to 1 year all online (PCERT1BDE 1), one of 1-2 years not (PCERT2DE 0).
    assert (coding.offered_under_1_year, coding.offered_1_to_2_years, coding.offered_2_to_4_years) == (
        True,
        True,
        False,
    )
    assert (coding.distance_education, billing.distance_education) == ("some", "all")
    assert coding.programs_year == "2022-23" and coding.source == "IPEDS C2023DEP (NCES)"
    assert certificate.distance_education == Program.DistanceEducation.SOME
    # 51.0707 at the associate level: PASSOCDE 0 but PASSOCDES 1, some of its programs online.
    associate = Program.objects.get(pk=catalog["associate"].pk)
    assert associate.distance_education == Program.DistanceEducation.SOME
    assert Program.objects.get(pk=catalog["institute"].pk).distance_education == Program.DistanceEducation.ALL
    assert Program.objects.get(pk=catalog["bachelor"].pk).distance_education == Program.DistanceEducation.NONE
    # The programs-offered file makes fields too, without award counts.
    assert coding.completions is None and coding.completions_year == ""
    assert [str(length) for length in coding.award_lengths] == ["less than 1 year", "1 to 2 years"]


def test_programs_offered_before_2020_21_have_one_short_certificate_column_and_no_some_column(catalog, tmp_path):
    with fixture(PROGRAMS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    old_layout = [
        {("PCERT1" + name[7:] if name.startswith("PCERT1B") else name): value for name, value in row.items()}
        for row in rows
    ]
    old_layout = [
        {name: value for name, value in row.items() if not name.endswith("DES") and not name.startswith("PCERT1A")}
        for row in old_layout
    ]
    path = tmp_path / "c2019dep.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(old_layout[0]))
        writer.writeheader()
        writer.writerows(old_layout)

    run(path)

    coding = fields_of(catalog["certificate"])["51.0713"]
    assert (coding.programs_year, coding.offered_under_1_year, coding.distance_education) == ("2018-19", True, "some")
    # Without PASSOCDES, the associate program's PASSOCDE 0 reads as none.
    assert Program.objects.get(pk=catalog["associate"].pk).distance_education == Program.DistanceEducation.NONE


def test_program_charges_price_the_field_of_a_school_that_charges_by_program(catalog):
    output = run(fixture(COMPLETIONS), fixture(PROGRAM_CHARGES))

    coding = fields_of(catalog["institute"])["51.0713"]
    assert (coding.tuition_and_fees, coding.books_and_supplies) == (14500, 1200)
    assert (coding.length, coding.length_unit, coding.months_to_complete) == (900, "contact_hours", 9)
    assert coding.charges_year == "2023-24"
    assert coding.source == "IPEDS C2023_A, IC2023_PY (NCES)"
    # School staff's own figures are a different thing and stay blank.
    program = Program.objects.get(pk=catalog["institute"].pk)
    assert (program.cost, program.length_months) == (None, None)
    assert "programs priced: 1" in output


def test_program_charges_need_the_field_first(catalog):
    output = run(fixture(PROGRAM_CHARGES))

    assert not ProgramField.objects.exists()
    assert "programs whose field the school's listings lack (import C_A or DEP first): 1" in output


def test_academic_year_charges_give_schools_newer_tuition_and_fees(catalog):
    university = Institution.objects.get(unitid=990004)
    university.tuition_in_state, university.tuition_year, university.tuition_source = 20000, "2019-20", "Scorecard"
    university.save()
    college = Institution.objects.get(unitid=990001)
    college.tuition_in_state, college.tuition_year, college.tuition_source = 4100, "2024-25", "the school (test)"
    college.save()

    output = run(fixture(YEAR_CHARGES))

    university.refresh_from_db()
    # In-state: TUITION2 + FEE2; out-of-state: TUITION3 + FEE3.
    assert (university.tuition_in_state, university.tuition_out_of_state) == (21900, 21900)
    assert (university.tuition_year, university.tuition_source) == ("2023-24", "IPEDS IC2023_AY (NCES)")
    college.refresh_from_db()
    assert (college.tuition_in_state, college.tuition_year) == (4100, "2024-25")  # a newer year is kept
    institute = Institution.objects.get(unitid=990002)
    assert institute.tuition_in_state is None  # it charges by program: no academic-year figures
    assert "schools given IPEDS tuition and fees: 1; keeping a newer figure they hold: 1" in output


@pytest.mark.parametrize(
    "variant",
    [
        {"encoding": "utf-8-sig"},
        {"encoding": "cp1252", "extra": ("INSTNM", "Colegio de Bayamón (test data)")},
        {"quoting": csv.QUOTE_ALL, "header": str.lower},
        {"quoting": csv.QUOTE_NONNUMERIC, "extra": ("NOTE", "an extra column, ignored")},
    ],
    ids=["utf-8-bom", "cp1252-extra-column", "quoted-lower-case", "quoted-extra-column"],
)
def test_encodings_quoting_and_extra_columns_read_the_same(catalog, tmp_path, variant):
    path = rewrite(fixture(COMPLETIONS), tmp_path / "C2023_A.csv", **variant)

    output = run(path)

    assert fields_of(catalog["certificate"])["51.0713"].completions == 35
    assert ProgramField.objects.count() == 5
    if variant.get("encoding") == "cp1252":
        assert "2022-23, Windows-1252: 12 rows, 8 of them read" in output


def test_a_school_not_in_the_catalog_is_skipped_and_counted(catalog):
    output = run(fixture(COMPLETIONS), fixture(PROGRAMS))

    assert not ProgramField.objects.filter(program__institution__unitid=990003).exists()
    assert output.count("schools not in the catalog (their rows skipped): 1") == 2
    # 990004 has a certificate row but only a bachelor's program in the catalog.
    assert "schools whose award level has no Scorecard program in the catalog (skipped): 1" in output


@pytest.mark.parametrize(
    ("name", "line", "column", "value", "message"),
    [
        (COMPLETIONS, 5, "CTOTALT", "twelve", "c2023_a.csv:5: CTOTALT: 'twelve' is not a number"),
        (COMPLETIONS, 3, "AWLEVEL", "2x", "c2023_a.csv:3: AWLEVEL: '2x' is not a whole number"),
        (COMPLETIONS, 2, "CIPCODE", "51.07AB", "c2023_a.csv:2: CIPCODE: '51.07AB' is not a CIP code like 51.0713"),
        (PROGRAMS, 4, "PCERT2DE", "3", "c2023dep.csv:4: PCERT2DE: 3, more than the 1 PCERT2 programs offered"),
        (PROGRAM_CHARGES, 2, "PRGMSR1", "7", "ic2023_py.csv:2: PRGMSR1: '7' is not 1 (contact hours) or 2"),
        (YEAR_CHARGES, 3, "UNITID", "99x", "ic2023_ay.csv:3: UNITID: '99x' is not an IPEDS UNITID"),
    ],
)
def test_a_bad_row_refuses_the_whole_import_and_names_file_and_line(
    catalog, tmp_path, name, line, column, value, message
):
    with fixture(name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2][column] = value
    bad = tmp_path / name
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    good = [fixture(other) for other in (COMPLETIONS, PROGRAMS, YEAR_CHARGES) if other != name]
    titles = list(Program.objects.order_by("pk").values_list("title", flat=True))

    with pytest.raises(DataError) as error:
        run(*good, bad)

    assert str(error.value).startswith(message)
    assert not ProgramField.objects.exists()
    assert list(Program.objects.order_by("pk").values_list("title", flat=True)) == titles
    assert not Institution.objects.filter(tuition_source__startswith="IPEDS").exists()


def test_an_award_level_scorecard_does_not_name_is_skipped_and_counted(catalog, tmp_path):
    with fixture(COMPLETIONS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[3]["AWLEVEL"] = "12"  # 990001, 51.0713, 30 certificates of 12 weeks to 1 year
    path = tmp_path / COMPLETIONS
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    output = run(path)

    assert fields_of(catalog["certificate"])["51.0713"].completions == 5
    assert "rows of award level 12, which maps to no Scorecard level (skipped): 1" in output


def test_an_unknown_header_names_the_columns_it_lacks(catalog, tmp_path):
    path = tmp_path / "c2023_a.csv"
    path.write_text("UNITID,CIPCODE,AWLEVEL\n990001,51.0713,21\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"c2023_a.csv:1: .* lacks MAJORNUM, CTOTALT"):
        run(path)


def test_a_renamed_file_needs_its_year(catalog, tmp_path):
    renamed = shutil.copy(fixture(COMPLETIONS), tmp_path / "completions.csv")

    with pytest.raises(CommandError, match="does not say the year"):
        run(renamed)
    run(renamed, year=2023)

    assert fields_of(catalog["certificate"])["51.0713"].completions_year == "2022-23"


def test_a_file_named_for_another_survey_is_refused(catalog, tmp_path):
    misnamed = shutil.copy(fixture(COMPLETIONS), tmp_path / "ic2023_ay.csv")

    with pytest.raises(CommandError, match="the header is that of C20xx_A"):
        run(misnamed)


def test_importing_again_changes_nothing_and_says_so(catalog):
    files = [fixture(name) for name in (COMPLETIONS, PROGRAMS, PROGRAM_CHARGES, YEAR_CHARGES)]
    run(*files)
    fields = list(ProgramField.objects.order_by("pk").values())
    stamps = list(Program.objects.order_by("pk").values_list("updated_at", flat=True))

    output = run(*files)

    assert "Nothing changed" in output
    assert list(ProgramField.objects.order_by("pk").values()) == fields
    assert list(Program.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_title_school_staff_changed_is_left_alone(catalog):
    ours = Program.objects.get(pk=catalog["certificate"].pk)
    ours.title = "Medical Billing and Coding Certificate"
    ours.save()

    output = run(fixture(COMPLETIONS))

    ours.refresh_from_db()
    assert ours.title == "Medical Billing and Coding Certificate"
    assert ours.fields.count() == 2
    assert "titles left as school staff wrote them: 1" in output


def test_a_newer_year_replaces_the_fields_and_an_older_one_changes_nothing(catalog, tmp_path):
    run(fixture(COMPLETIONS))
    with fixture(COMPLETIONS).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["CIPCODE"] != "51.0714"]
    newer = tmp_path / "c2024_a.csv"
    with newer.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    run(newer)

    certificate = Program.objects.get(pk=catalog["certificate"].pk)
    assert set(fields_of(certificate)) == {"51.0713"}
    assert fields_of(certificate)["51.0713"].completions_year == "2023-24"
    assert certificate.title == f"{CODES['51.0713']} — {CERTIFICATE}"

    output = run(fixture(COMPLETIONS))

    assert "programs already holding a newer year (left as they are): 4" in output
    assert set(fields_of(certificate)) == {"51.0713"}


def test_a_program_whose_fields_all_go_falls_back_to_the_4_digit_title(catalog, tmp_path):
    run(fixture(PROGRAMS))
    newer = tmp_path / "c2024dep.csv"
    with fixture(PROGRAMS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["UNITID"] == "990004":
            row["PBACHL"] = row["PTOTAL"] = "0"
    with newer.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    run(newer)

    bachelor = Program.objects.get(pk=catalog["bachelor"].pk)
    # The school, still in the file, no longer offers the field at that level: the Scorecard title again.
    assert (bachelor.title, bachelor.distance_education) == (f"{SERIES} — {BACHELOR}", "")
    assert not bachelor.fields.exists()


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        ([], f"{SERIES} — {CERTIFICATE}"),
        (["A"], f"A — {CERTIFICATE}"),
        (["A", "B", "C"], f"A; B; C — {CERTIFICATE}"),
        (["A", "B", "C", "D", "E"], f"A; B; C and 2 other fields — {CERTIFICATE}"),
        (["x" * 190, "y" * 40], f"{'x' * 190} and 1 other field — {CERTIFICATE}"),
    ],
)
def test_a_title_names_up_to_three_fields_and_fits_the_column(titles, expected):
    assert federal_title(f"{SERIES} — {CERTIFICATE}", titles) == expected
