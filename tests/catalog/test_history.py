"""Every admin change is recorded with who made it, when and what changed, and can be reverted."""

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Course, Program
from tests.admin_helpers import inline_management
from tests.catalog.test_staff_scoping import program_post
from tests.factories import CourseFactory, InstitutionFactory, ProgramFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client_and_program():
    program = ProgramFactory(title="Medical Coding Certificate", slug="coding")
    staff = SchoolMembershipFactory(institution=program.institution).user
    client = Client()
    client.force_login(staff)
    return client, staff, program


def test_a_program_change_is_recorded_with_its_author_and_the_fields_it_changed(staff_client_and_program):
    client, staff, program = staff_client_and_program

    response = client.post(
        reverse("admin:catalog_program_change", args=[program.pk]),
        program_post(program, title="Medical Billing and Coding", length_months="9"),
    )

    assert response.status_code == 302
    newest, previous = program.history.order_by("-history_date", "-history_id")[:2]
    assert newest.history_user == staff
    assert newest.history_type == "~"
    assert {change.field for change in newest.diff_against(previous).changes} == {"title", "length_months"}
    history_page = client.get(reverse("admin:catalog_program_history", args=[program.pk]))
    assert staff.username in history_page.text
    assert "Medical Billing and Coding" in history_page.text


def test_an_inline_course_change_is_recorded_with_its_author(staff_client_and_program):
    client, staff, program = staff_client_and_program
    course = CourseFactory(program=program, title="Anatomy")

    client.post(
        reverse("admin:catalog_program_change", args=[program.pk]),
        program_post(
            program,
            **inline_management("courses", total=1, initial=1),
            **{"courses-0-id": course.pk, "courses-0-program": program.pk, "courses-0-order": "1"},
            **{"courses-0-title": "Anatomy and Physiology", "courses-0-credits": "4"},
        ),
    )

    record = Course.history.filter(id=course.pk).latest()
    assert (record.title, record.history_user) == ("Anatomy and Physiology", staff)


def test_a_school_profile_change_is_recorded(admin_client, admin_user):
    school = InstitutionFactory(name="Lakeside Tech")
    school.name = "Lakeside Technical College"
    school._history_user = admin_user
    school.save()

    assert [record.name for record in school.history.order_by("history_date")] == [
        "Lakeside Tech",
        "Lakeside Technical College",
    ]
    assert school.history.latest().history_user == admin_user


def test_staff_revert_their_program_to_an_earlier_version(staff_client_and_program):
    client, staff, program = staff_client_and_program
    first = program.history.earliest()
    program.title = "A title nobody wanted"
    program.save()

    url = reverse("admin:catalog_program_simple_history", args=[program.pk, first.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, program_post(first.instance, title=first.title))

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Medical Coding Certificate"
    assert program.history.latest().history_user == staff


def test_deleting_a_program_keeps_its_history_for_site_editors(admin_client):
    program = ProgramFactory(title="Retired Program")
    pk = program.pk
    program.delete()

    response = admin_client.get(reverse("admin:catalog_program_history", args=[pk]))

    assert response.status_code == 200
    assert Program.history.filter(id=pk, history_type="-").exists()
