"""Admin for certifying bodies, their credentials and exam fees."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from catalog.models import Program

from .models import CertifyingBody, Credential, CredentialFee, EligibilityRule, Guide

# Django 6 makes https the default for scheme-less URLs; staff typing "aapc.com" mean https already.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def https_formfield(db_field, **kwargs):
    """The form field for a model field, with https assumed for URLs: a ModelForm's own fields need it too."""
    kwargs = {**URL_FIELDS_ASSUME_HTTPS.get(type(db_field), {}), **kwargs}
    return db_field.formfield(**kwargs)


@admin.register(CertifyingBody)
class CertifyingBodyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("abbreviation", "name", "website", "credential_count")
    search_fields = ("abbreviation", "name")
    prepopulated_fields = {"slug": ("abbreviation",)}
    ordering = ("abbreviation",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(credential_count=Count("credentials"))

    @admin.display(description=_("credentials"), ordering="credential_count")
    def credential_count(self, obj):
        return obj.credential_count


class CredentialFeeInline(admin.TabularInline):
    model = CredentialFee
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    fields = ("amount", "description", "verified", "source", "source_url", "as_of")
    extra = 1


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("abbreviation", "name", "body", "status", "former_abbreviation", "exam_verified", "as_of")
    list_display_links = ("abbreviation", "name")
    list_filter = ("body", "status", "exam_verified")
    list_select_related = ("body",)
    search_fields = ("abbreviation", "name", "former_abbreviation")
    autocomplete_fields = ("body", "occupations")
    prepopulated_fields = {"slug": ("abbreviation",)}
    inlines = (CredentialFeeInline,)
    date_hierarchy = "as_of"
    ordering = ("body__abbreviation", "abbreviation")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("body", "abbreviation", "name", "slug", "status", "setting", "occupations")}),
        (
            _("Exam"),
            {
                "fields": (
                    ("exam_questions", "exam_minutes"),
                    "exam_format",
                    "exam_open_book",
                    "exam_delivery",
                    "exam_verified",
                    "exam_source_url",
                )
            },
        ),
        (_("Eligibility"), {"fields": ("eligibility", "has_formal_prerequisite")}),
        (
            _("Renewal"),
            {"fields": (("renewal_ceus", "renewal_cycle_years"), "renewal_notes", "membership_required")},
        ),
        (
            _("Earlier names and apprentice status"),
            {"fields": ("former_abbreviation", "former_name", "apprentice_designation", "apprentice_notes")},
        ),
        (_("Source"), {"fields": ("source_url", "as_of")}),
    )


@admin.register(CredentialFee)
class CredentialFeeAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("credential", "amount", "description", "verified", "source", "as_of")
    list_filter = ("verified", "credential__body")
    list_select_related = ("credential",)
    search_fields = ("credential__abbreviation", "credential__name", "description")
    autocomplete_fields = ("credential",)
    date_hierarchy = "as_of"
    ordering = ("credential__body__abbreviation", "credential__abbreviation", "amount")
    list_per_page = 100


class EligibilityRuleForm(forms.ModelForm):
    """Credential levels as checkboxes rather than raw JSON."""

    credential_levels = forms.TypedMultipleChoiceField(
        label=_("credential levels"),
        choices=Program.CredentialLevel.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means any level."),
    )

    class Meta:
        model = EligibilityRule
        formfield_callback = https_formfield
        fields = [
            "key",
            "credential",
            "kind",
            "credential_levels",
            "cip_code",
            "required_accreditation",
            "requirement",
            "experience_note",
            "source",
            "source_url",
            "as_of",
        ]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    form = EligibilityRuleForm
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("key", "credential", "kind", "levels", "cip_code", "required_accreditation", "as_of")
    list_filter = ("kind", "required_accreditation", "credential__body")
    list_select_related = ("credential__body",)
    search_fields = ("key", "credential__abbreviation", "requirement")
    autocomplete_fields = ("credential",)
    ordering = ("credential__abbreviation", "key")

    @admin.display(description=_("credential levels"))
    def levels(self, obj):
        return ", ".join(str(label) for label in obj.level_labels) or _("any")


class GuideForm(forms.ModelForm):
    credential_levels = forms.TypedMultipleChoiceField(
        label=_("credential levels"),
        choices=Program.CredentialLevel.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Guide
        fields = [
            "slug",
            "title",
            "order",
            "credential_levels",
            "cip_code",
            "admission_prerequisite",
            "summary",
            "teaches",
            "courses",
            "admission",
            "hands_on",
            "skills",
            "note",
            "source",
            "occupations",
        ]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    form = GuideForm
    list_display = ("title", "slug", "order", "admission_prerequisite")
    search_fields = ("title", "summary")
    autocomplete_fields = ("occupations",)
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("order", "title")
