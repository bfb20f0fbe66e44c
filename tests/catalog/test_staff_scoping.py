"""School staff see and change only their own school's listings, on every admin route; site editors see all.

Staff of school A try each route against school B's objects and are refused (404, or the row is left out);
a site editor does the same and succeeds.
"""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from catalog.models import Course, Institution, Program, SchoolMembership
from catalog.permissions import sync_staff_groups
from tests.admin_helpers import inline_management
from tests.factories import (
    CourseFactory,
    CredentialFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    SchoolMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def program_post(program, **overrides):
    data = {
        "institution": program.institution_id,
        "title": program.title,
        "slug": program.slug,
        "cip_code": program.cip_code_id,
        "credential_level": program.credential_level,
        "delivery_mode": "",
        "length_months": "",
        "credit_hours": "",
        "cost": "",
        "cost_year": "",
        "admission_prerequisite": "",
        "prerequisite_notes": "",
        "externship_offered": "unknown",
        "externship_hours": "",
        "externship_description": "",
        "accreditation": "",
        "description": "",
        "status": program.status,
        "last_reviewed": "",
        "source_url": "",
        "source_note": "",
        **inline_management("courses"),
        **inline_management("outcomes"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def schools():
    """Two schools, each with a program, a course and an outcome; B's program is a draft."""
    a = InstitutionFactory(name="Alder Technical College", slug="alder", state="WI")
    b = InstitutionFactory(name="Birch Community College", slug="birch", state="OR")
    program_a = ProgramFactory(institution=a, title="Alder Coding Certificate", slug="alder-coding")
    program_b = ProgramFactory(
        institution=b, title="Birch Billing Diploma", slug="birch-billing", status=Program.Status.DRAFT
    )
    return {
        "a": a,
        "b": b,
        "program_a": program_a,
        "program_b": program_b,
        "course_a": CourseFactory(program=program_a, title="Alder Terminology"),
        "course_b": CourseFactory(program=program_b, title="Birch Terminology"),
        "outcome_a": OutcomeFactory(program=program_a),
        "outcome_b": OutcomeFactory(program=program_b),
    }


@pytest.fixture
def staff_a(schools):
    return SchoolMembershipFactory(institution=schools["a"]).user


@pytest.fixture
def client_a(staff_a):
    client = Client()
    client.force_login(staff_a)
    return client


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(UserFactory(groups=["Site editors"]))
    return client


def b_objects(schools):
    return [
        ("institution", schools["b"]),
        ("program", schools["program_b"]),
        ("course", schools["course_b"]),
        ("outcome", schools["outcome_b"]),
    ]


# Reading


@pytest.mark.parametrize("model", ["institution", "program", "course", "outcome"])
def test_staff_change_list_shows_their_school_and_not_another(client_a, schools, model):
    response = client_a.get(reverse(f"admin:catalog_{model}_changelist"))

    assert response.status_code == 200
    assert "Alder" in response.text
    assert "Birch" not in response.text


def test_staff_search_does_not_find_another_schools_programs(client_a, schools):
    response = client_a.get(reverse("admin:catalog_program_changelist"), {"q": "birch"})

    assert response.status_code == 200
    assert "Birch Billing Diploma" not in response.text


def test_staff_school_and_state_filters_list_only_their_schools(client_a, schools):
    response = client_a.get(reverse("admin:catalog_program_changelist"))
    filtered = client_a.get(reverse("admin:catalog_program_changelist"), {"institution__id__exact": schools["b"].pk})

    assert "Alder Technical College" in response.text
    assert "Birch Community College" not in response.text
    assert "?institution__state=OR" not in response.text
    assert "Birch" not in filtered.text


def test_staff_get_404_for_every_page_of_another_schools_objects(client_a, schools):
    for model, obj in b_objects(schools):
        for view in ("change", "delete", "history"):
            url = reverse(f"admin:catalog_{model}_{view}", args=[obj.pk])
            response = client_a.get(url)
            assert response.status_code == 404, url
            assert "Birch" not in response.text, url


def test_staff_open_their_own_schools_pages(client_a, schools):
    for model, key in (
        ("institution", "a"),
        ("program", "program_a"),
        ("course", "course_a"),
        ("outcome", "outcome_a"),
    ):
        for view in ("change", "history"):
            assert client_a.get(reverse(f"admin:catalog_{model}_{view}", args=[schools[key].pk])).status_code == 200


def test_staff_cannot_open_another_schools_past_version_or_revert_it(client_a, schools):
    program_b = schools["program_b"]
    version = program_b.history.earliest()
    url = reverse("admin:catalog_program_simple_history", args=[program_b.pk, version.history_id])

    assert client_a.get(url).status_code == 404
    response = client_a.post(url, program_post(program_b, title="Reverted by Alder"))

    assert response.status_code == 404
    program_b.refresh_from_db()
    assert program_b.title == "Birch Billing Diploma"


def test_staff_cannot_open_another_schools_deleted_program_history(client_a, schools):
    program_b = schools["program_b"]
    pk = program_b.pk
    program_b.delete()

    assert client_a.get(reverse("admin:catalog_program_history", args=[pk])).status_code == 404


# Changing, moving, adding, deleting


def test_staff_post_to_another_schools_program_changes_nothing(client_a, schools):
    program_b = schools["program_b"]

    response = client_a.post(
        reverse("admin:catalog_program_change", args=[program_b.pk]), program_post(program_b, title="Hijacked")
    )

    assert response.status_code == 404
    program_b.refresh_from_db()
    assert program_b.title == "Birch Billing Diploma"


def test_staff_cannot_move_their_program_to_another_school(client_a, schools):
    program_a = schools["program_a"]

    response = client_a.post(
        reverse("admin:catalog_program_change", args=[program_a.pk]),
        program_post(program_a, institution=schools["b"].pk),
    )

    assert response.status_code == 200
    assert "institution" in response.context["adminform"].form.errors
    program_a.refresh_from_db()
    assert program_a.institution == schools["a"]


def test_staff_cannot_add_a_program_for_another_school(client_a, schools):
    template = ProgramFactory.build(institution=schools["b"], cip_code=schools["program_a"].cip_code, slug="new-one")

    response = client_a.post(reverse("admin:catalog_program_add"), program_post(template, title="Planted"))

    assert response.status_code == 200
    assert "institution" in response.context["adminform"].form.errors
    assert not Program.objects.filter(title="Planted").exists()


def test_staff_add_a_program_for_their_school(client_a, schools):
    template = ProgramFactory.build(institution=schools["a"], cip_code=schools["program_a"].cip_code, slug="")

    response = client_a.post(reverse("admin:catalog_program_add"), program_post(template, title="Alder Billing"))

    assert response.status_code == 302
    assert Program.objects.get(title="Alder Billing").institution == schools["a"]


def test_staff_cannot_add_a_course_to_another_schools_program(client_a, schools):
    response = client_a.post(
        reverse("admin:catalog_course_add"),
        {"program": schools["program_b"].pk, "order": "1", "title": "Planted course", "credits": ""},
    )

    assert response.status_code == 200
    assert "program" in response.context["adminform"].form.errors
    assert not Course.objects.filter(title="Planted course").exists()


def test_staff_inline_cannot_edit_another_schools_course(client_a, schools):
    program_a, course_b = schools["program_a"], schools["course_b"]
    course_a = schools["course_a"]

    client_a.post(
        reverse("admin:catalog_program_change", args=[program_a.pk]),
        program_post(
            program_a,
            **inline_management("courses", total=1, initial=1),
            **{"courses-0-id": course_b.pk, "courses-0-program": program_a.pk, "courses-0-order": "1"},
            **{"courses-0-title": "Taken over", "courses-0-credits": ""},
        ),
    )

    course_b.refresh_from_db()
    assert course_b.title == "Birch Terminology"
    assert course_b.program == schools["program_b"]
    assert Course.objects.get(pk=course_a.pk).program == program_a


def test_staff_cannot_delete_another_schools_course(client_a, schools):
    course_b = schools["course_b"]

    response = client_a.post(reverse("admin:catalog_course_delete", args=[course_b.pk]), {"post": "yes"})

    assert response.status_code == 404
    assert Course.objects.filter(pk=course_b.pk).exists()


def test_staff_bulk_actions_skip_another_schools_rows(client_a, schools):
    changelist = reverse("admin:catalog_program_changelist")
    client_a.post(
        changelist,
        {"action": "mark_reviewed", "_selected_action": [schools["program_b"].pk, schools["program_a"].pk]},
    )
    client_a.post(
        reverse("admin:catalog_course_changelist"),
        {"action": "delete_selected", "_selected_action": [schools["course_b"].pk], "post": "yes"},
    )

    schools["program_b"].refresh_from_db()
    schools["program_a"].refresh_from_db()
    assert schools["program_b"].last_reviewed is None
    assert schools["program_a"].last_reviewed is not None
    assert Course.objects.filter(pk=schools["course_b"].pk).exists()


def test_staff_cannot_delete_programs_or_add_schools_at_all(client_a, schools):
    """Least privilege: a program is archived, not deleted; schools come from IPEDS or a site editor."""
    assert client_a.get(reverse("admin:catalog_program_delete", args=[schools["program_a"].pk])).status_code == 403
    assert client_a.get(reverse("admin:catalog_institution_add")).status_code == 403


# Autocomplete


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "hidden"),
    [
        ("program", "institution", "college", "Birch Community College"),
        ("course", "program", "billing", "Birch Billing Diploma"),
        ("outcome", "program", "birch", "Birch Billing Diploma"),
    ],
)
def test_staff_autocomplete_does_not_leak_other_schools(
    client_a, editor_client, schools, model_name, field_name, term, hidden
):
    params = {"app_label": "catalog", "model_name": model_name, "field_name": field_name, "term": term}

    staff_texts = [r["text"] for r in client_a.get(reverse("admin:autocomplete"), params).json()["results"]]
    editor_texts = [r["text"] for r in editor_client.get(reverse("admin:autocomplete"), params).json()["results"]]

    assert not any(hidden in text for text in staff_texts)
    assert any(hidden in text for text in editor_texts)


def test_staff_autocomplete_offers_their_school(client_a, schools):
    response = client_a.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "program", "field_name": "institution", "term": "alder"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["Alder Technical College"]


# Careers and certifications stay out of reach


def test_staff_cannot_change_careers_or_certifications(client_a):
    occupation = OccupationFactory()
    credential = CredentialFactory()

    assert client_a.get(reverse("admin:careers_occupation_changelist")).status_code == 403
    assert client_a.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = client_a.post(reverse("admin:certifications_credential_change", args=[credential.pk]), {})
    assert response.status_code == 403
    assert client_a.get(reverse("admin:careers_occupation_change", args=[occupation.pk])).status_code == 403


# Preview of drafts


def test_a_draft_is_previewed_only_by_its_own_schools_staff(client_a, schools):
    program_b = schools["program_b"]
    own_draft = ProgramFactory(institution=schools["a"], slug="alder-draft", status=Program.Status.DRAFT)
    staff_b = SchoolMembershipFactory(institution=schools["b"]).user
    client_b = Client()
    client_b.force_login(staff_b)

    assert client_a.get(program_b.get_preview_url()).status_code == 404
    assert client_a.get(own_draft.get_preview_url()).status_code == 200
    assert client_b.get(program_b.get_preview_url()).status_code == 200
    assert Client().get(program_b.get_preview_url()).status_code == 404
    assert client_b.get(program_b.get_absolute_url()).status_code == 404


# Site editors


def test_site_editor_does_everything_staff_of_another_school_cannot(editor_client, schools):
    program_b, course_b = schools["program_b"], schools["course_b"]
    for model, obj in b_objects(schools):
        assert editor_client.get(reverse(f"admin:catalog_{model}_change", args=[obj.pk])).status_code == 200
        assert editor_client.get(reverse(f"admin:catalog_{model}_history", args=[obj.pk])).status_code == 200
    assert editor_client.get(program_b.get_preview_url()).status_code == 200

    moved = editor_client.post(
        reverse("admin:catalog_program_change", args=[program_b.pk]),
        program_post(program_b, title="Birch Billing", institution=schools["a"].pk),
    )
    deleted = editor_client.post(reverse("admin:catalog_course_delete", args=[course_b.pk]), {"post": "yes"})
    listing = editor_client.get(reverse("admin:catalog_program_changelist"))

    assert moved.status_code == 302
    program_b.refresh_from_db()
    assert (program_b.title, program_b.institution) == ("Birch Billing", schools["a"])
    assert deleted.status_code == 302
    assert not Course.objects.filter(pk=course_b.pk).exists()
    assert "Alder Coding Certificate" in listing.text
    assert "Birch Billing" in listing.text


def test_staff_changelist_query_count_does_not_grow_with_programs(client_a, schools, django_assert_max_num_queries):
    """Guards against N+1 queries: scoping adds a fixed number of queries, not one per program."""
    url = reverse("admin:catalog_program_changelist")
    with django_assert_max_num_queries(14) as with_one:
        assert client_a.get(url).status_code == 200
    for _ in range(10):
        OutcomeFactory(program=ProgramFactory(institution=schools["a"]))
    with django_assert_max_num_queries(14) as with_eleven:
        response = client_a.get(url)

    assert response.text.count('class="field-title"') == 11
    assert len(with_eleven.captured_queries) == len(with_one.captured_queries)


# The account command


def test_create_school_staff_makes_an_account_for_one_school_without_a_password(schools):
    out = io.StringIO()

    call_command("create_school_staff", "--email", "Reg@Alder.edu", "--institution", "alder", stdout=out)
    call_command(
        "create_school_staff", "--email", "reg@alder.edu", "--institution", str(schools["b"].unitid), stdout=out
    )

    user = SchoolMembership.objects.filter(institution=schools["a"]).get().user
    assert user.username == "reg@alder.edu"
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["School staff"]
    assert set(user.school_memberships.values_list("institution__slug", flat=True)) == {"alder", "birch"}
    assert "changepassword reg@alder.edu" in out.getvalue()


def test_create_school_staff_refuses_an_unknown_school():
    with pytest.raises(CommandError, match="No school"):
        call_command("create_school_staff", "--email", "reg@alder.edu", "--institution", "nowhere")
    assert not Institution.objects.exists()


def test_school_staff_group_has_only_what_staff_need():
    if not Group.objects.filter(name="School staff").exists():
        sync_staff_groups()  # created by migration 0004; gone after a transactional test's flush
    codenames = set(Group.objects.get(name="School staff").permissions.values_list("codename", flat=True))

    assert {"change_program", "add_program", "change_course", "view_outcome", "change_institution"} <= codenames
    assert (
        not {"delete_program", "add_institution", "change_outcome", "change_credential", "change_occupation"}
        & codenames
    )
    assert not any(codename.endswith(("_user", "_group", "_permission", "_schoolmembership")) for codename in codenames)


def test_in_the_bundled_data_staff_of_one_school_see_only_its_programs_and_export_them():
    """On the real bundle: the busiest school's staff list, export and autocomplete hold that school alone."""
    call_command("load_bundled_data", stdout=io.StringIO())
    school = Institution.objects.with_published_programs().order_by("-published_program_count", "pk").first()
    own = school.programs.count()
    call_command(
        "create_school_staff", "--email", "reg@example.edu", "--institution", school.slug, stdout=io.StringIO()
    )
    client = Client()
    client.force_login(SchoolMembership.objects.get(institution=school).user)

    listing = client.get(reverse("admin:catalog_program_changelist"))
    export = client.post(reverse("admin:catalog_program_export"), {"format": "0", "programresource_institution": "on"})
    schools = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "program", "field_name": "institution", "term": "college"},
    )

    assert Program.objects.count() == 3752
    assert listing.context["cl"].result_count == own
    assert export.content.decode("utf-8-sig").split() == ["institution"] + [school.slug] * own
    assert {r["text"] for r in schools.json()["results"]} <= {school.name}


def test_site_editor_adds_a_school_membership_in_the_admin(editor_client, schools):
    person = UserFactory()
    url = reverse("admin:catalog_schoolmembership_add")
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(url, {"user": person.pk, "institution": schools["b"].pk})

    assert response.status_code == 302
    assert person.school_memberships.get().institution == schools["b"]


def test_staff_cannot_see_or_add_school_memberships(client_a):
    assert client_a.get(reverse("admin:catalog_schoolmembership_changelist")).status_code == 403
    assert client_a.get(reverse("admin:catalog_schoolmembership_add")).status_code == 403


def test_create_school_staff_without_invite_sends_nothing_and_says_how_to_invite(schools, mailoutbox):
    out = io.StringIO()

    call_command("create_school_staff", "--email", "reg@alder.edu", "--institution", "alder", stdout=out)

    assert mailoutbox == []
    assert "--invite https://" in out.getvalue()


def test_an_invited_staff_member_chooses_a_password_from_the_emailed_link_and_signs_in(schools, mailoutbox):
    out = io.StringIO()

    call_command(
        "create_school_staff",
        "--email",
        "reg@alder.edu",
        "--institution",
        "alder",
        "--invite",
        "https://coding.example.org/",
        stdout=out,
    )

    assert "Emailed reg@alder.edu" in out.getvalue()
    [message] = mailoutbox
    assert message.to == ["reg@alder.edu"]
    assert "Alder Technical College" in message.subject
    assert "https://coding.example.org/admin/ with reg@alder.edu" in message.body
    link = re.search(r"https://coding\.example\.org(/admin/reset/\S+/)", message.body).group(1)

    client = Client()
    form_page = client.get(link, follow=True)  # Django swaps the token for a session and shows the form
    assert form_page.status_code == 200 and "new_password1" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Tall-Alder-Ledger-42", "new_password2": "Tall-Alder-Ledger-42"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    signed_in = Client().post(
        reverse("admin:login"), {"username": "reg@alder.edu", "password": "Tall-Alder-Ledger-42", "next": "/admin/"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
    # The link works once.
    assert "new_password1" not in Client().get(link, follow=True).text


def test_an_invitation_needs_the_sites_address_and_changes_nothing_without_it(schools, mailoutbox):
    with pytest.raises(CommandError, match="--invite needs the site's address"):
        call_command(
            "create_school_staff", "--email", "reg@alder.edu", "--institution", "alder", "--invite", "alder.edu"
        )

    assert mailoutbox == []
    assert not SchoolMembership.objects.exists()


def test_a_failed_invitation_email_keeps_no_account(schools, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there

    with pytest.raises(CommandError, match="Could not send the invitation"):
        call_command(
            "create_school_staff",
            "--email",
            "reg@alder.edu",
            "--institution",
            "alder",
            "--invite",
            "https://coding.example.org",
        )

    assert not SchoolMembership.objects.exists()


def test_the_sign_in_page_offers_a_password_reset(client):
    login = client.get(reverse("admin:login"))

    assert reverse("admin_password_reset") in login.text
    assert client.get(reverse("admin_password_reset")).status_code == 200
