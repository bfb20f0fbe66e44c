"""Draft and archived listings are never public; "last reviewed" is kept, flagged when old, and shown."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import Program
from tests.factories import ProgramFactory, SchoolMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HIDDEN = [Program.Status.DRAFT, Program.Status.ARCHIVED]


@pytest.mark.parametrize("status", HIDDEN)
def test_an_unpublished_listing_is_404_and_in_no_list(client, status):
    hidden = ProgramFactory(title="Hidden Coding Certificate", slug="hidden", status=status)
    ProgramFactory(title="Visible Coding Certificate", slug="visible", institution=hidden.institution)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_preview_url()).status_code == 404
    pages = {
        "list": client.get(reverse("catalog:program_list")),
        "search": client.get(reverse("catalog:program_list"), {"q": "coding"}),
        "school": client.get(hidden.institution.get_absolute_url()),
        "sitemap": client.get(reverse("sitemap_section", args=["programs"])),
    }
    for name, response in pages.items():
        assert "visible" in response.text or "Visible" in response.text, name
        assert "Hidden Coding Certificate" not in response.text, name
        assert "/programs/hidden/" not in response.text, name


@pytest.mark.parametrize("status", HIDDEN)
def test_an_unpublished_listing_is_left_out_of_compare_and_export(client, status):
    hidden = ProgramFactory(title="Hidden Coding Certificate", slug="hidden", status=status)
    visible = ProgramFactory(title="Visible Coding Certificate", slug="visible")

    compare = client.get(reverse("catalog:compare"), {"programs": f"{hidden.slug},{visible.slug}"})
    export = client.get(reverse("catalog:program_export"))

    assert "Hidden Coding Certificate" not in compare.text
    assert "Hidden Coding Certificate" not in b"".join(export.streaming_content).decode()


def test_staff_preview_shows_the_draft_marked_as_not_public(client):
    draft = ProgramFactory(title="Draft Coding Certificate", status=Program.Status.DRAFT)
    staff = SchoolMembershipFactory(institution=draft.institution).user
    client.force_login(staff)

    response = client.get(draft.get_preview_url())

    assert response.status_code == 200
    assert "Draft Coding Certificate" in response.text
    assert "this listing is draft and not shown to the public" in response.text
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]


def test_preview_needs_a_staff_account_of_that_school(client):
    draft = ProgramFactory(status=Program.Status.DRAFT)
    client.force_login(UserFactory(is_staff=False))
    assert client.get(draft.get_preview_url()).status_code == 404
    client.force_login(SchoolMembershipFactory().user)
    assert client.get(draft.get_preview_url()).status_code == 404


def test_admin_view_on_site_of_a_draft_goes_to_the_preview(admin_client):
    draft = ProgramFactory(status=Program.Status.DRAFT)

    response = admin_client.get(reverse("admin:catalog_program_change", args=[draft.pk]))

    assert f'href="{draft.get_preview_url()}"' in response.text


def test_public_page_says_when_the_school_last_verified_it(client):
    reviewed = ProgramFactory(slug="reviewed", last_reviewed=datetime.date(2026, 1, 15))
    never = ProgramFactory(slug="never")

    assert "Last verified on Jan. 15, 2026 by the school." in client.get(reviewed.get_absolute_url()).text
    assert "Not yet verified by the school." in client.get(never.get_absolute_url()).text


def test_mark_reviewed_action_sets_today_and_records_who(admin_client, admin_user):
    program = ProgramFactory(last_reviewed=datetime.date(2020, 1, 1))

    response = admin_client.post(
        reverse("admin:catalog_program_changelist"), {"action": "mark_reviewed", "_selected_action": [program.pk]}
    )

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.last_reviewed == timezone.localdate()
    assert program.history.latest().history_user == admin_user


def test_listings_not_reviewed_in_twelve_months_are_flagged_and_filtered(admin_client):
    today = timezone.localdate()
    ProgramFactory(title="Fresh Listing", last_reviewed=today - datetime.timedelta(days=30))
    ProgramFactory(title="Stale Listing", last_reviewed=today - datetime.timedelta(days=400))
    ProgramFactory(title="Unreviewed Listing", last_reviewed=None)
    url = reverse("admin:catalog_program_changelist")

    overdue = admin_client.get(url, {"review": "overdue"})
    current = admin_client.get(url, {"review": "current"})
    everything = admin_client.get(url)

    assert "Stale Listing" in overdue.text and "Unreviewed Listing" in overdue.text
    assert "Fresh Listing" not in overdue.text
    assert "Fresh Listing" in current.text and "Stale Listing" not in current.text
    assert everything.text.count('<td class="field-reviewed"><img src="/static/admin/img/icon-no.svg"') == 2
    assert everything.text.count('<td class="field-reviewed"><img src="/static/admin/img/icon-yes.svg"') == 1


def test_a_school_staff_member_sees_drafts_of_their_school_in_the_admin():
    draft = ProgramFactory(title="Draft Coding Certificate", status=Program.Status.DRAFT)
    client = Client()
    client.force_login(SchoolMembershipFactory(institution=draft.institution).user)

    response = client.get(reverse("admin:catalog_program_changelist"), {"status__exact": "draft"})

    assert "Draft Coding Certificate" in response.text
