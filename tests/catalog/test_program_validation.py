"""Impossible or inconsistent program facts get a clear form error, and the database refuses them too."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog.models import Course, Program
from tests.catalog.test_admin import program_form_data
from tests.factories import CIPCodeFactory, InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cost": "900000", "cost_year": "2025"}, "at most $500,000"),
        ({"cost": "9000", "cost_year": "1890"}, "The cost year must be a year such as 2025."),
        ({"length_months": "0"}, "Length must be between 1 and 120 months."),
        ({"length_months": "400"}, "Length must be between 1 and 120 months."),
        ({"credit_hours": "900"}, "Credit hours must be at most 300"),
        ({"externship_offered": "true", "externship_hours": "9000"}, "Externship hours must be at most 2,000."),
        (
            {"credential_level": Program.CredentialLevel.MASTER, "admission_prerequisite": "high_school"},
            "admits graduates only",
        ),
        (
            {"credential_level": Program.CredentialLevel.MASTER, "admission_prerequisite": "none"},
            "admits graduates only",
        ),
        (
            {"credential_level": Program.CredentialLevel.GRADUATE_CERTIFICATE, "admission_prerequisite": "high_school"},
            "admits graduates only",
        ),
        (
            {
                "credential_level": Program.CredentialLevel.POST_BACCALAUREATE_CERTIFICATE,
                "admission_prerequisite": "none",
            },
            "admits graduates only",
        ),
    ],
)
def test_out_of_range_or_inconsistent_values_show_a_form_error(admin_client, overrides, message):
    response = admin_client.post(
        reverse("admin:catalog_program_add"), program_form_data(InstitutionFactory(), CIPCodeFactory(), **overrides)
    )

    assert response.status_code == 200
    assert message in response.text
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    "level",
    [Program.CredentialLevel.MASTER, Program.CredentialLevel.GRADUATE_CERTIFICATE, Program.CredentialLevel.DOCTORAL],
)
def test_a_graduate_program_that_asks_for_a_bachelors_degree_saves(admin_client, level):
    response = admin_client.post(
        reverse("admin:catalog_program_add"),
        program_form_data(
            InstitutionFactory(), CIPCodeFactory(), credential_level=level, admission_prerequisite="bachelor"
        ),
    )

    assert response.status_code == 302


def test_the_database_refuses_a_graduate_certificate_open_to_high_school_graduates():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(
            credential_level=Program.CredentialLevel.GRADUATE_CERTIFICATE, admission_prerequisite="high_school"
        )


@pytest.mark.parametrize(
    "values",
    [
        {"length_months": 0},
        {"credit_hours": 301},
        {"cost": 600000, "cost_year": 2025},
        {"credential_level": Program.CredentialLevel.MASTER, "admission_prerequisite": "none"},
    ],
)
def test_the_database_refuses_what_the_form_refuses(values):
    program = ProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(**values)


def test_the_database_refuses_a_course_with_impossible_credits():
    program = ProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(program=program, title="Everything", credits=45)


def test_a_blank_slug_is_made_from_school_and_title_and_kept_unique(admin_client):
    school = InstitutionFactory(name="Lakeside Technical College")
    cip_code = CIPCodeFactory()
    url = reverse("admin:catalog_program_add")

    for _ in range(2):
        response = admin_client.post(url, program_form_data(school, cip_code, slug="", title="Medical Coding"))
        assert response.status_code == 302

    assert sorted(Program.objects.values_list("slug", flat=True)) == [
        "lakeside-technical-college-medical-coding",
        "lakeside-technical-college-medical-coding-2",
    ]
