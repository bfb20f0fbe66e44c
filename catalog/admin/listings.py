"""Admin for schools, programs, courses and outcomes, scoped to the signed-in user's schools.

Every queryset is built in `get_queryset` on top of `super()`, which `SchoolScopedAdmin` narrows to the
user's schools (catalog/admin/scoping.py); history and CSV import/export come with it.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import CIPCode, Course, Institution, Outcome, Program
from .resources import CourseResource, ProgramResource
from .scoping import (
    CourseSchoolFilter,
    ReviewFilter,
    SchoolFilter,
    SchoolScopedAdmin,
    SchoolScopedImportExportAdmin,
    SchoolStateFilter,
    review_cutoff,
)

# Django 6 makes https the default for scheme-less URLs; staff typing "aapc.com" mean https already.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def money_with_source(amount, source, year):
    """A dollar figure never appears without where it comes from and when."""
    return gettext("$%(amount)s (%(source)s, %(year)s)") % {"amount": f"{amount:,}", "source": source, "year": year}


def field_cells(field):
    """One IPEDS field's row in the program page's table: code, awards, lengths, online, price, source."""
    online = field.get_distance_education_display() if field.distance_education else ""
    price = ""
    if field.tuition_and_fees is not None:
        price = money_with_source(field.tuition_and_fees, "IPEDS", field.charges_year)
    awards = "" if field.completions is None else f"{field.completions:,} ({field.completions_year})"
    return (field.cip_code, awards, ", ".join(map(str, field.award_lengths)), online, price, field.source)


@admin.register(CIPCode)
class CIPCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "is_series")
    search_fields = ("code", "title")
    autocomplete_fields = ("occupations",)
    ordering = ("code",)
    list_per_page = 100

    @admin.display(description=_("series"), boolean=True)
    def is_series(self, obj):
        return obj.is_series

    def get_readonly_fields(self, request, obj=None):
        # The CIP import matches on the code; renaming it would orphan the row from the next import.
        return ("code",) if obj else ()


@admin.register(Institution)
class InstitutionAdmin(SchoolScopedAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("name", "city", "state", "unitid", "ownership", "program_count")
    list_filter = ("ownership", "locale", "state")
    search_fields = ("name", "city", "=state", "unitid__exact")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name", "slug", "website")}),
        (_("Location"), {"fields": ("city", "state", "zip_code", "locale", "cbsa_code", "latitude", "longitude")}),
        (_("Federal data"), {"fields": ("unitid", "opeid6", "ownership", "source", "updated_at")}),
        (_("Links for students"), {"fields": ("net_price_calculator_url", "financial_aid_url")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.unitid is not None:
            # IPEDS owns the identifiers of an imported school and says where they came from.
            return ("unitid", "opeid6", "source", "updated_at")
        return ("updated_at",)

    @admin.display(description=_("programs"), ordering="program_count")
    def program_count(self, obj):
        url = reverse("admin:catalog_program_changelist") + f"?institution__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.program_count)


class CourseInline(admin.TabularInline):
    model = Course
    fields = ("order", "title", "credits")
    extra = 1


class OutcomeInline(admin.TabularInline):
    """College Scorecard's rows, shown for reference; corrections go through the outcome's own page."""

    model = Outcome
    fields = ("median_earnings", "earnings_horizon", "median_debt", "completers", "source", "release_date")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-release_date",)

    def get_queryset(self, request):
        # Each row's label is str(outcome), which names the program and its school.
        return super().get_queryset(request).select_related("program__institution")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(SchoolScopedImportExportAdmin):
    resource_classes = [ProgramResource]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = (
        "title",
        "school",
        "state",
        "cip",
        "credential_level",
        "delivery_mode",
        "status",
        "reviewed",
        "latest_median_earnings",
    )
    list_display_links = ("title",)
    list_filter = (
        "status",
        ReviewFilter,
        SchoolFilter,
        "credential_level",
        "delivery_mode",
        "accreditation",
        SchoolStateFilter,
    )
    actions = ("mark_reviewed",)
    list_select_related = ("institution", "cip_code")
    search_fields = ("title", "institution__name", "institution__city", "=institution__state", "cip_code__code")
    autocomplete_fields = ("institution", "cip_code", "prepares_for")
    readonly_fields = ("external_id", "distance_education", "ipeds_fields_table", "created_at", "updated_at")
    inlines = (CourseInline, OutcomeInline)
    ordering = ("institution__name", "credential_level", "title")
    list_per_page = 50
    fieldsets = (
        (_("Basics"), {"fields": ("institution", "title", "slug", "cip_code", "credential_level", "description")}),
        (
            _("Delivery and cost"),
            {"fields": ("delivery_mode", "distance_education", "length_months", "credit_hours", "cost", "cost_year")},
        ),
        (
            _("Admission and training"),
            {
                "fields": (
                    "admission_prerequisite",
                    "prerequisite_notes",
                    "externship_offered",
                    "externship_hours",
                    "externship_description",
                )
            },
        ),
        (_("Accreditation and credentials"), {"fields": ("accreditation", "prepares_for")}),
        (_("Federal data (IPEDS)"), {"fields": ("ipeds_fields_table",)}),
        (
            _("Publication and source"),
            {
                "fields": (
                    "status",
                    "last_reviewed",
                    "source_url",
                    "source_note",
                    "external_id",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        # select_related here as well as in list_select_related: the autocomplete view prints
        # str(program), which names the school.
        return (
            super()
            .get_queryset(request)
            .select_related("institution", "cip_code")
            .prefetch_related(
                Prefetch(
                    "outcomes", queryset=Outcome.objects.order_by("-release_date"), to_attr="outcomes_newest_first"
                )
            )
        )

    @admin.display(description=_("school"), ordering="institution__name")
    def school(self, obj):
        return obj.institution.name

    @admin.display(description=_("state"), ordering="institution__state")
    def state(self, obj):
        return obj.institution.state

    @admin.display(description=_("CIP code"), ordering="cip_code__code")
    def cip(self, obj):
        return obj.cip_code.code

    @admin.display(description=_("latest median earnings"))
    def latest_median_earnings(self, obj):
        for outcome in obj.outcomes_newest_first:
            if outcome.median_earnings is not None:
                return money_with_source(outcome.median_earnings, outcome.source, outcome.release_date.year)
        return None

    @admin.display(description=_("6-digit fields"))
    def ipeds_fields_table(self, obj):
        """The fields federal IPEDS files give (manage.py import_ipeds), shown and never edited: the next import
        would replace an edit. What the school says goes in the fields above (delivery, length, cost)."""
        fields = list(obj.fields.select_related("cip_code")) if obj.pk else []
        if not fields:
            return gettext("None: no IPEDS file gives this program's fields.")
        columns = (_("CIP code"), _("awards"), _("certificate lengths"), _("online"),
                   _("tuition and fees, whole program"), _("source"))  # fmt: skip
        header = format_html_join("", '<th scope="col">{}</th>', ((column,) for column in columns))
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", map(field_cells, fields)
        )
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", header, body)

    @admin.display(description=_("reviewed in 12 months"), boolean=True, ordering="last_reviewed")
    def reviewed(self, obj):
        return obj.last_reviewed is not None and obj.last_reviewed >= review_cutoff()

    def view_on_site(self, obj):
        """Published: the public page (through Django's redirect). Draft or archived: the staff-only preview."""
        if obj.is_published:
            content_type = ContentType.objects.get_for_model(Program)
            return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])
        return obj.get_preview_url()

    @admin.action(description=_("Mark selected programs as reviewed today"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        # One save per program so each gets a history row naming who reviewed it.
        today = timezone.localdate()
        programs = list(queryset.order_by())
        for program in programs:
            program.last_reviewed = today
            program._history_user = request.user
            program.save(update_fields=["last_reviewed", "updated_at"])
        self.message_user(
            request,
            ngettext(
                "%(count)d program marked as reviewed today.",
                "%(count)d programs marked as reviewed today.",
                len(programs),
            )
            % {"count": len(programs)},
            messages.SUCCESS,
        )


@admin.register(Course)
class CourseAdmin(SchoolScopedImportExportAdmin):
    resource_classes = [CourseResource]
    list_display = ("title", "program", "order", "credits")
    list_filter = (CourseSchoolFilter,)
    list_select_related = ("program__institution",)
    search_fields = ("title", "program__title", "program__institution__name")
    autocomplete_fields = ("program",)
    ordering = ("program__institution__name", "program__title", "order")
    list_per_page = 100


@admin.register(Outcome)
class OutcomeAdmin(SchoolScopedAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = (
        "program",
        "median_earnings",
        "earnings_horizon",
        "median_debt",
        "completers",
        "source",
        "release_date",
    )
    list_filter = (CourseSchoolFilter, "earnings_horizon", "earns_more_than_hs_graduates", "source")
    list_select_related = ("program__institution",)
    search_fields = ("program__title", "program__institution__name", "source")
    autocomplete_fields = ("program",)
    date_hierarchy = "release_date"
    ordering = ("-release_date", "program__institution__name")
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        # A saved outcome is one release's row: the program, source and date say what the figures are.
        return ("program", "source", "release_date") if obj else ()
