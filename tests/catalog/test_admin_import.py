"""CSV export and import in the admin (and `manage.py import_programs`): all or nothing, own school only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from import_export.tmp_storages import TempFolderStorage

from catalog.models import Course, Program
from tests.factories import CIPCodeFactory, CourseFactory, InstitutionFactory, ProgramFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db

PROGRAM_COLUMNS = [
    "id",
    "institution",
    "title",
    "slug",
    "cip_code",
    "credential_level",
    "length_months",
    "cost",
    "cost_year",
]


@pytest.fixture
def schools():
    cip = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding")
    a = InstitutionFactory(name="Alder Technical College", slug="alder")
    b = InstitutionFactory(name="Birch Community College", slug="birch")
    return {
        "cip": cip,
        "a": a,
        "b": b,
        "program_a": ProgramFactory(institution=a, title="Alder Coding", slug="alder-coding", cip_code=cip),
        "program_b": ProgramFactory(institution=b, title="Birch Billing", slug="birch-billing", cip_code=cip),
    }


@pytest.fixture
def client_a(schools):
    client = Client()
    client.force_login(SchoolMembershipFactory(institution=schools["a"]).user)
    return client


def csv_file(rows, columns=PROGRAM_COLUMNS, name="programs.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def program_row(program, **changes):
    row = {
        "id": program.pk,
        "institution": program.institution.slug,
        "title": program.title,
        "slug": program.slug,
        "cip_code": program.cip_code.code,
        "credential_level": program.credential_level,
    }
    row.update(changes)
    return row


def upload(client, file, model="program"):
    return client.post(reverse(f"admin:catalog_{model}_import"), {"format": "0", "import_file": file})


def confirm(client, dry_run_response, model="program"):
    form = dry_run_response.context["confirm_form"]
    return client.post(reverse(f"admin:catalog_{model}_process_import"), {**form.initial})


def test_staff_export_holds_their_schools_programs_only(client_a, schools):
    response = client_a.post(
        reverse("admin:catalog_program_export"),
        {"format": "0", **{f"programresource_{column}": "on" for column in ("id", "institution", "title")}},
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200
    assert [(row["institution"], row["title"]) for row in rows] == [("alder", "Alder Coding")]


def test_staff_course_export_holds_their_schools_courses_only(client_a, schools):
    CourseFactory(program=schools["program_a"], title="Alder Terminology")
    CourseFactory(program=schools["program_b"], title="Birch Terminology")

    response = client_a.post(
        reverse("admin:catalog_course_export"),
        {"format": "0", **{f"courseresource_{column}": "on" for column in ("id", "program", "title")}},
    )

    assert "Alder Terminology" in response.content.decode()
    assert "Birch Terminology" not in response.content.decode()


def test_dry_run_shows_the_change_and_saves_nothing_until_confirmed(client_a, schools):
    program_a = schools["program_a"]

    dry_run = upload(client_a, csv_file([program_row(program_a, title="Alder Medical Coding", length_months="9")]))

    assert dry_run.status_code == 200
    assert "confirm_form" in dry_run.context
    assert [row.import_type for row in dry_run.context["result"].rows] == ["update"]
    assert "<ins" in dry_run.text and "Medical" in dry_run.text  # the diff of the title
    program_a.refresh_from_db()
    assert program_a.title == "Alder Coding"

    assert confirm(client_a, dry_run).status_code == 302
    program_a.refresh_from_db()
    assert (program_a.title, program_a.length_months) == ("Alder Medical Coding", 9)


def test_one_bad_row_saves_nothing_and_the_error_names_its_row_and_column(client_a, schools):
    program_a = schools["program_a"]
    rows = [
        program_row(program_a, title="Alder Medical Coding"),
        {"institution": "alder", "title": "Alder Billing", "cip_code": "51.0713", "credential_level": "2"},
        {
            "institution": "alder",
            "title": "Alder Master",
            "cip_code": "51.0713",
            "credential_level": "2",
            "length_months": "500",
        },
    ]

    response = upload(client_a, csv_file(rows))

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3]
    assert "Length must be between 1 and 120 months." in str(result.invalid_rows[0].error_dict)
    assert "Length must be between 1 and 120 months." in response.text
    program_a.refresh_from_db()
    assert program_a.title == "Alder Coding"
    assert not Program.objects.filter(title="Alder Billing").exists()


def test_a_forged_confirmation_of_an_invalid_file_saves_nothing(client_a, schools):
    good = upload(client_a, csv_file([program_row(schools["program_a"], title="Alder Medical Coding")]))
    form = good.context["confirm_form"]
    bad = csv_file(
        [
            program_row(schools["program_a"], title="Alder Medical Coding"),
            {
                "institution": "alder",
                "title": "X",
                "cip_code": "51.0713",
                "credential_level": "2",
                "cost": "-1",
                "cost_year": "2025",
            },
        ]
    )
    # Overwrite the stored upload with an invalid file, then confirm the earlier dry run.
    TempFolderStorage(name=form.initial["import_file_name"]).save(bad.read().decode())
    client_a.post(reverse("admin:catalog_program_process_import"), {**form.initial})

    schools["program_a"].refresh_from_db()
    assert schools["program_a"].title == "Alder Coding"
    assert not Program.objects.filter(title="X").exists()


@pytest.mark.parametrize(
    "row",
    [
        {"institution": "birch", "title": "Planted", "cip_code": "51.0713", "credential_level": "2"},
        "program_b_by_id",
        "program_a_moved_to_b",
    ],
)
def test_staff_import_that_names_another_school_is_refused(client_a, schools, row):
    if row == "program_b_by_id":
        row = program_row(schools["program_b"], title="Hijacked")
    elif row == "program_a_moved_to_b":
        row = program_row(schools["program_a"], institution="birch")

    response = upload(client_a, csv_file([row]))

    assert "confirm_form" not in response.context
    assert response.context["result"].invalid_rows
    assert "is not one of your schools" in response.text or "among your schools" in response.text
    schools["program_b"].refresh_from_db()
    schools["program_a"].refresh_from_db()
    assert schools["program_b"].title == "Birch Billing"
    assert schools["program_a"].institution == schools["a"]
    assert not Program.objects.filter(title="Planted").exists()


def test_staff_import_of_a_course_for_another_schools_program_is_refused(client_a, schools):
    course_b = CourseFactory(program=schools["program_b"], title="Birch Terminology")
    columns = ["id", "program", "order", "title", "credits"]
    rows = [
        {"program": "birch-billing", "order": "1", "title": "Planted"},
        {"id": course_b.pk, "program": "alder-coding", "order": "1", "title": "Taken"},
    ]

    response = upload(client_a, csv_file(rows, columns), model="course")

    assert [row.number for row in response.context["result"].invalid_rows] == [1, 2]
    course_b.refresh_from_db()
    assert (course_b.title, course_b.program) == ("Birch Terminology", schools["program_b"])
    assert not Course.objects.filter(title="Planted").exists()


def test_new_program_rows_get_a_generated_unique_slug(client_a, schools):
    rows = [
        {"institution": "alder", "title": "Medical Coding", "cip_code": "51.0713", "credential_level": "1"},
        {"institution": "alder", "title": "Medical Coding", "cip_code": "51.0713", "credential_level": "2"},
    ]

    confirm(client_a, upload(client_a, csv_file(rows)))

    slugs = sorted(Program.objects.filter(title="Medical Coding").values_list("slug", flat=True))
    assert slugs == ["alder-technical-college-medical-coding", "alder-technical-college-medical-coding-2"]


# The command, for site editors


def write_csv(tmp_path, rows, columns=PROGRAM_COLUMNS):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_file(rows, columns).read())
    return path


def test_import_command_updates_any_school_and_dry_run_saves_nothing(tmp_path, schools):
    path = write_csv(
        tmp_path,
        [
            program_row(schools["program_a"], title="Alder Medical Coding"),
            program_row(schools["program_b"], cost="9000", cost_year="2025"),
        ],
    )
    out = io.StringIO()

    call_command("import_programs", str(path), "--dry-run", stdout=out)
    schools["program_b"].refresh_from_db()
    assert schools["program_b"].cost is None
    assert "Would import programs.csv: 0 new, 2 updated" in out.getvalue()

    call_command("import_programs", str(path), stdout=out)
    schools["program_b"].refresh_from_db()
    assert schools["program_b"].cost == 9000


def test_import_command_with_a_bad_line_saves_nothing_and_names_file_line_and_column(tmp_path, schools):
    path = write_csv(
        tmp_path,
        [
            program_row(schools["program_a"], title="Alder Medical Coding"),
            program_row(schools["program_b"], credential_level="5", length_months="0"),
        ],
    )

    with pytest.raises(CommandError) as error:
        call_command("import_programs", str(path))

    assert "programs.csv:3: row: Length must be between 1 and 120 months." in str(error.value)
    schools["program_a"].refresh_from_db()
    assert schools["program_a"].title == "Alder Coding"


def test_import_command_refuses_an_unknown_school(tmp_path, schools):
    path = write_csv(
        tmp_path, [{"institution": "nowhere", "title": "X", "cip_code": "51.0713", "credential_level": "2"}]
    )

    with pytest.raises(CommandError, match=r"programs.csv:2: institution: There is no school nowhere"):
        call_command("import_programs", str(path))
