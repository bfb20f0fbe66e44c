"""Admin for occupations and the Bureau of Labor Statistics figures about them.

Wage and projection rows come from BLS releases: once saved, the columns an import matches on and
the source they cite are read-only, so a hand edit can't detach a figure from where it came from.
"""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Occupation, OutlookStatement, OutlookThreshold, Projection, WageEstimate

# Django 6 makes https the default for scheme-less URLs; staff typing "aapc.com" mean https already.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "soc_code", "entry_education", "previous_soc_code", "wage_estimate_count")
    search_fields = ("title", "soc_code", "previous_soc_code")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("title",)
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("title", "soc_code", "slug", "entry_education", "entry_education_source", "ooh_url")}),
        (_("Summary"), {"fields": ("summary", "summary_source")}),
        (_("Earlier SOC version"), {"fields": ("previous_soc_code", "previous_title", "soc_change_note")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(wage_estimate_count=Count("wage_estimates"))

    @admin.display(description=_("wage estimates"), ordering="wage_estimate_count")
    def wage_estimate_count(self, obj):
        return obj.wage_estimate_count


@admin.register(WageEstimate)
class WageEstimateAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = (
        "occupation",
        "release",
        "area_type",
        "area_name",
        "industry_name",
        "employment",
        "annual_median",
        "hourly_median",
        "source",
    )
    list_filter = ("release", "area_type")
    list_select_related = ("occupation",)
    search_fields = ("occupation__title", "area_name", "industry_name", "release")
    autocomplete_fields = ("occupation",)
    date_hierarchy = "reference_date"
    ordering = ("-reference_date", "occupation__title", "area_type", "area_name", "industry_code")
    list_per_page = 100
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "occupation",
                    "soc_code",
                    "published_title",
                    "release",
                    "reference_date",
                    "source",
                    "source_url",
                )
            },
        ),
        (_("Area and industry"), {"fields": ("area_type", "area_code", "area_name", "industry_code", "industry_name")}),
        (
            _("Figures"),
            {
                "fields": (
                    "employment",
                    "annual_mean",
                    "annual_median",
                    ("annual_p10", "annual_p25", "annual_p75", "annual_p90"),
                    "hourly_mean",
                    "hourly_median",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "occupation",
            "soc_code",
            "release",
            "reference_date",
            "area_type",
            "area_code",
            "industry_code",
            "source",
        )


@admin.register(Projection)
class ProjectionAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = (
        "occupation",
        "period",
        "base_employment",
        "projected_employment",
        "percent_change",
        "annual_openings",
        "quoted",
        "source",
    )
    list_filter = ("quoted", "base_year", "target_year")
    list_select_related = ("occupation",)
    search_fields = ("occupation__title", "soc_code", "source")
    autocomplete_fields = ("occupation",)
    ordering = ("occupation__title", "-base_year")
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("occupation", "soc_code", "base_year", "target_year", "quoted", "source")

    @admin.display(description=_("period"), ordering="base_year")
    def period(self, obj):
        return obj.period


@admin.register(OutlookThreshold)
class OutlookThresholdAdmin(admin.ModelAdmin):
    """BLS's job-outlook phrases per projection period: data with its source, never typed in without one."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("period", "descriptor", "min_percent", "source")
    list_filter = ("base_year", "target_year")
    search_fields = ("descriptor", "source")
    ordering = ("-base_year", "-target_year", "-min_percent")

    @admin.display(description=_("period"), ordering="base_year")
    def period(self, obj):
        return f"{obj.base_year}-{str(obj.target_year)[-2:]}"


@admin.register(OutlookStatement)
class OutlookStatementAdmin(admin.ModelAdmin):
    """BLS's own growth phrase for one occupation and period, with the page it was read on."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("soc_code", "period", "stated_percent", "descriptor", "source")
    list_filter = ("base_year", "target_year")
    search_fields = ("soc_code", "descriptor", "source")
    ordering = ("soc_code", "-base_year")

    @admin.display(description=_("period"), ordering="base_year")
    def period(self, obj):
        return obj.period
