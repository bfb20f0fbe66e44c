"""Admin smoke tests for the catalog: every page renders, searches, adds and changes for real."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalog.models import CIPCode, Course, Institution, Outcome, Program
from tests.admin_helpers import assert_saved, inline_management
from tests.factories import (
    CIPCodeFactory,
    CourseFactory,
    CredentialFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def program_form_data(institution, cip_code, **overrides):
    data = {
        "institution": institution.pk,
        "title": "Health Information Technology",
        "slug": "health-information-technology-lakeside",
        "cip_code": cip_code.pk,
        "credential_level": Program.CredentialLevel.ASSOCIATE,
        "delivery_mode": Program.DeliveryMode.ONLINE,
        "length_months": "24",
        "credit_hours": "60",
        "cost": "",
        "cost_year": "",
        "admission_prerequisite": Program.Prerequisite.HIGH_SCHOOL,
        "prerequisite_notes": "",
        "externship_offered": "unknown",
        "externship_hours": "",
        "externship_description": "",
        "accreditation": "",
        "description": "",
        "status": Program.Status.DRAFT,
        "last_reviewed": "",
        "source_url": "",
        "source_note": "",
        **inline_management("courses"),
        **inline_management("outcomes"),
    }
    data.update(overrides)
    return data


# CIP codes


def test_cip_code_changelist_lists_codes_and_search_finds_by_title(admin_client):
    CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    CIPCodeFactory(code="51.0801", title="Medical/Clinical Assistant")
    url = reverse("admin:catalog_cipcode_changelist")

    assert admin_client.get(url).status_code == 200
    response = admin_client.get(url, {"q": "insurance coding"})

    assert response.status_code == 200
    assert "51.0713" in response.text
    assert "51.0801" not in response.text


def test_cip_code_add_page_creates_a_code_linked_to_occupations(admin_client):
    occupation = OccupationFactory()
    url = reverse("admin:catalog_cipcode_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {"code": "51.0707", "title": "Health Information/Medical Records Technology", "occupations": [occupation.pk]},
    )

    assert_saved(response)
    assert list(CIPCode.objects.get(code="51.0707").occupations.all()) == [occupation]


def test_cip_code_change_page_saves_a_new_title_but_keeps_the_code(admin_client):
    cip_code = CIPCodeFactory(code="51.0713", title="Old title")
    url = reverse("admin:catalog_cipcode_change", args=[cip_code.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"code": "99.9999", "title": "Medical Insurance Coding", "occupations": []})

    assert_saved(response)
    cip_code.refresh_from_db()
    assert (cip_code.code, cip_code.title) == ("51.0713", "Medical Insurance Coding")


def test_cip_code_occupation_autocomplete_finds_occupation_by_soc_code(admin_client):
    OccupationFactory(soc_code="29-2072", title="Medical Records Specialists")
    OccupationFactory(soc_code="43-6013", title="Medical Secretaries", slug="medical-secretaries")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "cipcode", "field_name": "occupations", "term": "29-2072"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Medical Records Specialists (29-2072)"]


# Institutions


def test_institution_changelist_shows_school_and_search_finds_by_city(admin_client):
    InstitutionFactory(name="Lakeside Technical College", city="Madison", state="WI")
    InstitutionFactory(name="Prairie State College", city="Chicago Heights", state="IL")
    url = reverse("admin:catalog_institution_changelist")

    assert "Lakeside Technical College" in admin_client.get(url).text
    response = admin_client.get(url, {"q": "madison"})

    assert "Lakeside Technical College" in response.text
    assert "Prairie State College" not in response.text


def test_institution_search_by_unitid_matches_exactly_and_text_does_not_break_it(admin_client):
    InstitutionFactory(name="Lakeside Technical College", unitid=240213)
    InstitutionFactory(name="Prairie State College", unitid=2402130)
    url = reverse("admin:catalog_institution_changelist")

    by_unitid = admin_client.get(url, {"q": "240213"})
    by_text = admin_client.get(url, {"q": "not-a-number"})

    assert "Lakeside Technical College" in by_unitid.text
    assert "Prairie State College" not in by_unitid.text
    assert by_text.status_code == 200


def test_institution_program_count_links_to_its_programs(admin_client):
    lakeside = ProgramFactory(title="Coding Certificate", institution__name="Lakeside Technical College").institution
    ProgramFactory(title="Billing Diploma", institution__name="Prairie State College")

    changelist = admin_client.get(reverse("admin:catalog_institution_changelist"))
    programs_url = reverse("admin:catalog_program_changelist") + f"?institution__id__exact={lakeside.pk}"
    response = admin_client.get(programs_url)

    assert f'href="{programs_url}"' in changelist.text
    assert response.status_code == 200
    assert "Coding Certificate" in response.text
    assert "Billing Diploma" not in response.text


def test_institution_add_page_creates_a_school(admin_client):
    url = reverse("admin:catalog_institution_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "name": "Lakeside Technical College",
            "slug": "lakeside-technical-college",
            "website": "",
            "city": "Madison",
            "state": "WI",
            "zip_code": "",
            "locale": "",
            "cbsa_code": "",
            "latitude": "43.07",
            "longitude": "-89.40",
            "unitid": "240213",
            "opeid6": "",
            "ownership": Institution.Ownership.PUBLIC,
            "source": "",
            "net_price_calculator_url": "",
            "financial_aid_url": "",
        },
    )

    assert_saved(response)
    assert Institution.objects.get(slug="lakeside-technical-college").unitid == 240213


def test_institution_change_page_saves_but_leaves_ipeds_identifiers_alone(admin_client):
    institution = InstitutionFactory(name="Lakeside Tech", unitid=240213, source="IPEDS HD2020")
    url = reverse("admin:catalog_institution_change", args=[institution.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "name": "Lakeside Technical College",
            "slug": institution.slug,
            "website": "",
            "city": "Madison",
            "state": "WI",
            "zip_code": "",
            "locale": "",
            "cbsa_code": "",
            "latitude": "",
            "longitude": "",
            "unitid": "1",
            "source": "typed by hand",
            "ownership": Institution.Ownership.PUBLIC,
            "net_price_calculator_url": "",
            "financial_aid_url": "",
        },
    )

    assert_saved(response)
    institution.refresh_from_db()
    assert (institution.name, institution.unitid, institution.source) == (
        "Lakeside Technical College",
        240213,
        "IPEDS HD2020",
    )


def test_institution_with_latitude_out_of_range_shows_an_error(admin_client):
    response = admin_client.post(
        reverse("admin:catalog_institution_add"),
        {"name": "Nowhere College", "slug": "nowhere-college", "latitude": "123", "longitude": "0"},
    )

    assert response.status_code == 200
    assert "Latitude must be between -90 and 90." in str(response.context["adminform"].form.errors)
    assert not Institution.objects.filter(slug="nowhere-college").exists()


# Programs


def test_program_changelist_shows_school_state_and_latest_earnings_with_source(admin_client):
    program = ProgramFactory(
        title="Medical Coding Certificate", institution__name="Lakeside Tech", institution__state="WI"
    )
    OutcomeFactory(program=program, median_earnings=38000, release_date=datetime.date(2024, 6, 1))
    OutcomeFactory(program=program, median_earnings=41000, release_date=datetime.date(2026, 6, 10))

    response = admin_client.get(reverse("admin:catalog_program_changelist"))

    assert response.status_code == 200
    assert "Medical Coding Certificate" in response.text
    assert "Lakeside Tech" in response.text
    assert '<td class="field-state">WI</td>' in response.text
    assert "$41,000 (College Scorecard field of study data, 2026)" in response.text
    assert "$38,000" not in response.text


def test_program_search_finds_by_school_city_state_and_cip_code(admin_client):
    ProgramFactory(
        title="Coding Certificate",
        institution__name="Lakeside Tech",
        institution__city="Madison",
        institution__state="WI",
        cip_code=CIPCodeFactory(code="51.0713", title="Medical Insurance Coding"),
    )
    ProgramFactory(
        title="Billing Diploma",
        institution__name="Prairie State",
        institution__city="Chicago Heights",
        institution__state="IL",
        cip_code=CIPCodeFactory(code="51.0714", title="Medical Insurance Specialist"),
    )
    url = reverse("admin:catalog_program_changelist")

    for term in ["lakeside", "madison", "wi", "51.0713", "coding certificate"]:
        response = admin_client.get(url, {"q": term})
        assert "Coding Certificate" in response.text, term
        assert "Billing Diploma" not in response.text, term


def test_program_changelist_filters_by_state_of_the_school_and_status(admin_client):
    ProgramFactory(title="Wisconsin Draft", institution__state="WI", status=Program.Status.DRAFT)
    ProgramFactory(title="Wisconsin Live", institution__state="WI", status=Program.Status.PUBLISHED)
    ProgramFactory(title="Illinois Draft", institution__state="IL", status=Program.Status.DRAFT)

    response = admin_client.get(
        reverse("admin:catalog_program_changelist"), {"institution__state": "WI", "status__exact": "draft"}
    )

    assert response.status_code == 200
    assert "Wisconsin Draft" in response.text
    assert "Wisconsin Live" not in response.text
    assert "Illinois Draft" not in response.text


@pytest.mark.parametrize(
    ("model_name", "params"),
    [
        ("program", {"credential_level__exact": "nine"}),
        ("outcome", {"release_date__year": "last-year"}),
    ],
)
def test_changelist_with_malformed_filter_sends_back_to_the_list(admin_client, model_name, params):
    OutcomeFactory()
    url = reverse(f"admin:catalog_{model_name}_changelist")

    response = admin_client.get(url, params)

    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


def test_program_changelist_with_unknown_ordering_still_lists_programs(admin_client):
    ProgramFactory(title="Coding Certificate")

    response = admin_client.get(reverse("admin:catalog_program_changelist"), {"o": "x.9"})

    assert "Coding Certificate" in response.text


def test_program_changelist_query_count_does_not_grow_with_programs(admin_client, django_assert_max_num_queries):
    """Guards against N+1 queries: school, CIP code and latest outcome are fetched once per page."""

    def add_programs(count):
        for _ in range(count):
            program = ProgramFactory(institution=InstitutionFactory(), cip_code=CIPCodeFactory())
            OutcomeFactory(program=program)
            CourseFactory(program=program)

    url = reverse("admin:catalog_program_changelist")
    add_programs(3)
    with django_assert_max_num_queries(8) as with_three:
        assert admin_client.get(url).status_code == 200
    add_programs(27)
    with django_assert_max_num_queries(8) as with_thirty:
        response = admin_client.get(url)

    assert response.text.count('class="field-title"') == 30
    assert len(with_thirty.captured_queries) == len(with_three.captured_queries)


def test_program_add_page_creates_program_with_its_courses(admin_client):
    institution = InstitutionFactory(name="Lakeside Tech")
    cip_code = CIPCodeFactory(code="51.0707")
    credential = CredentialFactory(abbreviation="RHIT")
    url = reverse("admin:catalog_program_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        program_form_data(
            institution,
            cip_code,
            prepares_for=[credential.pk],
            cost="12000.00",
            cost_year="2025",
            **inline_management("courses", total=1),
            **{"courses-0-order": "1", "courses-0-title": "Medical Terminology", "courses-0-credits": "3"},
        ),
    )

    assert_saved(response)
    program = Program.objects.get(slug="health-information-technology-lakeside")
    assert program.institution == institution
    assert list(program.prepares_for.all()) == [credential]
    assert list(program.courses.values_list("title", "credits")) == [("Medical Terminology", 3)]


def test_program_change_page_saves_a_change_and_keeps_outcomes(admin_client):
    program = ProgramFactory(title="Old title", external_id="scorecard:240213:510713:1")
    course = CourseFactory(program=program, title="Anatomy")
    outcome = OutcomeFactory(program=program, median_earnings=41000)
    url = reverse("admin:catalog_program_change", args=[program.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "scorecard:240213:510713:1" in page.text

    response = admin_client.post(
        url,
        program_form_data(
            program.institution,
            program.cip_code,
            title="Medical Billing and Coding",
            slug=program.slug,
            **inline_management("courses", total=1, initial=1),
            **{"courses-0-id": course.pk, "courses-0-program": program.pk, "courses-0-order": "1"},
            **{"courses-0-title": "Anatomy and Physiology", "courses-0-credits": "4"},
            **inline_management("outcomes", total=1, initial=1),
            **{"outcomes-0-id": outcome.pk, "outcomes-0-program": program.pk},
        ),
    )

    assert_saved(response)
    program.refresh_from_db()
    assert program.title == "Medical Billing and Coding"
    assert program.external_id == "scorecard:240213:510713:1"
    assert Course.objects.get(pk=course.pk).title == "Anatomy and Physiology"
    assert Outcome.objects.get(pk=outcome.pk).median_earnings == 41000


def test_program_change_page_links_to_the_public_page(admin_client):
    program = ProgramFactory()
    content_type = ContentType.objects.get_for_model(Program)

    response = admin_client.get(reverse("admin:catalog_program_change", args=[program.pk]))

    assert reverse("admin:view_on_site", args=[content_type.pk, program.pk]) in response.text


@pytest.mark.parametrize(
    ("cost", "cost_year", "constraint"),
    [("-100.00", "2025", "Cost cannot be negative."), ("12000.00", "", "Give the year the cost applies to.")],
)
def test_program_with_impossible_cost_shows_a_form_error(admin_client, cost, cost_year, constraint):
    institution = InstitutionFactory()
    cip_code = CIPCodeFactory()

    response = admin_client.post(
        reverse("admin:catalog_program_add"), program_form_data(institution, cip_code, cost=cost, cost_year=cost_year)
    )

    assert response.status_code == 200
    assert constraint in str(response.context["adminform"].form.non_field_errors())
    assert 'class="errornote"' in response.text
    assert not Program.objects.exists()


def test_program_institution_autocomplete_answers_with_the_matching_school(admin_client):
    InstitutionFactory(name="Lakeside Technical College")
    InstitutionFactory(name="Prairie State College")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "program", "field_name": "institution", "term": "lakeside"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Lakeside Technical College"]


def test_program_cip_code_and_credential_autocompletes_find_by_code(admin_client):
    CIPCodeFactory(code="51.0713", title="Medical Insurance Coding")
    CIPCodeFactory(code="51.0801", title="Medical/Clinical Assistant")
    CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")
    CredentialFactory(abbreviation="CCS", name="Certified Coding Specialist")
    url = reverse("admin:autocomplete")

    cip = admin_client.get(
        url, {"app_label": "catalog", "model_name": "program", "field_name": "cip_code", "term": "51.0713"}
    )
    credential = admin_client.get(
        url, {"app_label": "catalog", "model_name": "program", "field_name": "prepares_for", "term": "CPC"}
    )

    assert [r["text"] for r in cip.json()["results"]] == ["51.0713 Medical Insurance Coding"]
    assert [r["text"] for r in credential.json()["results"]] == ["CPC (Certified Professional Coder)"]


# Courses


def test_course_changelist_shows_course_and_search_finds_by_school(admin_client):
    CourseFactory(title="Medical Terminology", program__institution__name="Lakeside Tech")
    CourseFactory(title="Pharmacology", program__institution__name="Prairie State")
    url = reverse("admin:catalog_course_changelist")

    assert "Medical Terminology" in admin_client.get(url).text
    response = admin_client.get(url, {"q": "lakeside"})

    assert "Medical Terminology" in response.text
    assert "Pharmacology" not in response.text


def test_course_add_and_change_pages_save(admin_client):
    program = ProgramFactory()
    add_url = reverse("admin:catalog_course_add")
    assert admin_client.get(add_url).status_code == 200

    assert_saved(admin_client.post(add_url, {"program": program.pk, "order": "1", "title": "ICD-10-CM", "credits": ""}))
    course = Course.objects.get(title="ICD-10-CM")
    change_url = reverse("admin:catalog_course_change", args=[course.pk])
    assert admin_client.get(change_url).status_code == 200
    assert_saved(
        admin_client.post(change_url, {"program": program.pk, "order": "2", "title": "ICD-10-CM", "credits": "3"})
    )

    course.refresh_from_db()
    assert (course.program, course.order, course.credits) == (program, 2, 3)


def test_course_program_autocomplete_names_program_and_school(admin_client):
    ProgramFactory(title="Coding Certificate", institution__name="Lakeside Tech")
    ProgramFactory(title="Billing Diploma", institution__name="Prairie State")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "course", "field_name": "program", "term": "lakeside"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["Coding Certificate, Lakeside Tech"]


def test_course_with_negative_credits_shows_an_error(admin_client):
    program = ProgramFactory()

    response = admin_client.post(
        reverse("admin:catalog_course_add"), {"program": program.pk, "order": "1", "title": "X", "credits": "-3"}
    )

    assert response.status_code == 200
    assert "Credits cannot be negative." in str(response.context["adminform"].form.errors)
    assert not Course.objects.exists()


# Outcomes


def test_outcome_changelist_shows_figures_with_source_and_search_finds_by_program(admin_client):
    OutcomeFactory(program__title="Coding Certificate", median_earnings=41000)
    OutcomeFactory(program__title="Billing Diploma", median_earnings=37000)
    url = reverse("admin:catalog_outcome_changelist")

    listing = admin_client.get(url)
    response = admin_client.get(url, {"q": "coding certificate"})

    assert "41000" in listing.text or "41,000" in listing.text
    assert "College Scorecard field of study data" in listing.text
    assert "Coding Certificate" in response.text
    assert "Billing Diploma" not in response.text


def test_outcome_add_page_creates_an_outcome(admin_client):
    program = ProgramFactory()
    url = reverse("admin:catalog_outcome_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "program": program.pk,
            "median_earnings": "41000",
            "earnings_horizon": Outcome.EarningsHorizon.FOUR_YEARS,
            "median_debt": "",
            "debt_to_earnings_ratio": "",
            "completers": "25",
            "state_hs_earnings_threshold": "",
            "earns_more_than_hs_graduates": "unknown",
            "source": "College Scorecard field of study data",
            "source_url": "",
            "release_date": "2026-06-10",
        },
    )

    assert_saved(response)
    assert program.outcomes.get().median_earnings == 41000


def test_outcome_change_page_saves_figures_but_not_the_release_it_came_from(admin_client):
    outcome = OutcomeFactory(median_earnings=41000)
    url = reverse("admin:catalog_outcome_change", args=[outcome.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "median_earnings": "42000",
            "earnings_horizon": outcome.earnings_horizon,
            "completers": "25",
            "earns_more_than_hs_graduates": "true",
            "source": "typed by hand",
            "release_date": "2001-01-01",
        },
    )

    assert_saved(response)
    outcome.refresh_from_db()
    assert outcome.median_earnings == 42000
    assert (outcome.source, outcome.release_date) == (
        "College Scorecard field of study data",
        datetime.date(2026, 6, 10),
    )
