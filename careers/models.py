"""Occupations and the dated Bureau of Labor Statistics figures about them.

Every figure row carries its release (e.g. "May 2025"), a reference date to order releases by,
and its source, so no number reaches a page without its year and origin.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import OccupationQuerySet, ProjectionQuerySet, WageEstimateQuerySet


class Occupation(models.Model):
    soc_code = models.CharField(_("SOC 2018 code"), max_length=7, unique=True)
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_source = models.CharField(_("summary source"), max_length=255, blank=True)
    entry_education = models.CharField(_("typical entry-level education"), max_length=255, blank=True)
    entry_education_source = models.CharField(_("entry-level education source"), max_length=255, blank=True)
    previous_soc_code = models.CharField(
        _("earlier SOC code"), max_length=7, blank=True, help_text=_("The code this occupation had before SOC 2018.")
    )
    previous_title = models.CharField(_("earlier title"), max_length=255, blank=True)
    soc_change_note = models.TextField(
        _("SOC change"), blank=True, help_text=_("How the occupation changed between SOC versions, for readers.")
    )

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self):
        return f"{self.title} ({self.soc_code})"

    def get_absolute_url(self):
        return reverse("careers:occupation_detail", args=[self.slug])


class WageEstimate(models.Model):
    """One row of an OES/OEWS release: employment and wages for an area, optionally one industry."""

    class AreaType(models.TextChoices):
        NATIONAL = "national", _("National")
        STATE = "state", _("State")
        METRO = "metro", _("Metropolitan area")

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="wage_estimates", verbose_name=_("occupation")
    )
    soc_code = models.CharField(
        _("SOC code as published"),
        max_length=7,
        help_text=_("The code in the release itself; May 2014 used SOC 2010 codes such as 29-2071."),
    )
    published_title = models.CharField(_("title as published"), max_length=255, blank=True)
    release = models.CharField(_("release"), max_length=20, help_text=_('For example "May 2025".'))
    reference_date = models.DateField(_("reference date"), help_text=_("The survey's reference month."))
    area_type = models.CharField(_("area type"), max_length=10, choices=AreaType.choices)
    area_code = models.CharField(_("area code"), max_length=10)
    area_name = models.CharField(_("area"), max_length=255)
    industry_code = models.CharField(_("industry code (NAICS)"), max_length=10, blank=True)
    industry_name = models.CharField(_("industry"), max_length=255, blank=True)
    employment = models.PositiveIntegerField(_("employment"), null=True, blank=True)
    annual_mean = models.PositiveIntegerField(_("annual mean wage"), null=True, blank=True)
    annual_median = models.PositiveIntegerField(_("annual median wage"), null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(_("10th percentile"), null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(_("25th percentile"), null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(_("75th percentile"), null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(_("90th percentile"), null=True, blank=True)
    hourly_median = models.DecimalField(_("hourly median wage"), max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_mean = models.DecimalField(_("hourly mean wage"), max_digits=7, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    objects = WageEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["occupation", "-reference_date", "area_type", "area_name", "industry_code"]
        verbose_name = _("wage estimate")
        verbose_name_plural = _("wage estimates")
        indexes = [models.Index(fields=["occupation", "area_type", "industry_code", "-reference_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "soc_code", "release", "area_type", "area_code", "industry_code"],
                name="wage_estimate_unique_row",
            ),
            # Percentiles must be ordered wherever both neighbours are known.
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{low}__isnull": True})
                    | Q(**{f"{high}__isnull": True})
                    | Q(**{f"{low}__lte": F(high)}),
                    name=f"wage_{low}_le_{high}",
                    violation_error_message=_("Wage percentiles must rise from the 10th to the 90th."),
                )
                for low, high in [
                    ("annual_p10", "annual_p25"),
                    ("annual_p25", "annual_median"),
                    ("annual_median", "annual_p75"),
                    ("annual_p75", "annual_p90"),
                ]
            ],
        ]

    def __str__(self):
        where = self.area_name + (f", {self.industry_name}" if self.industry_name else "")
        return f"{self.soc_code} {where} ({self.release})"


class Projection(models.Model):
    """A BLS Employment Projections row: employment in a base year and a target year ten years on."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="projections", verbose_name=_("occupation")
    )
    soc_code = models.CharField(_("SOC code as published"), max_length=7)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    base_employment = models.PositiveIntegerField(_("employment in base year"))
    projected_employment = models.PositiveIntegerField(_("projected employment"))
    percent_change = models.DecimalField(_("percent change"), max_digits=5, decimal_places=1)
    annual_openings = models.PositiveIntegerField(_("annual openings"), null=True, blank=True)
    base_year_median_wage = models.PositiveIntegerField(_("median annual wage in base year"), null=True, blank=True)
    entry_education = models.CharField(_("typical entry-level education"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    objects = ProjectionQuerySet.as_manager()

    class Meta:
        ordering = ["occupation", "-base_year"]
        get_latest_by = "base_year"
        verbose_name = _("employment projection")
        verbose_name_plural = _("employment projections")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "base_year", "target_year"], name="projection_unique_period"),
            models.CheckConstraint(
                condition=Q(target_year__gt=F("base_year")),
                name="projection_target_after_base",
                violation_error_message=_("The target year must come after the base year."),
            ),
        ]

    def __str__(self):
        return f"{self.soc_code} {self.base_year}-{self.target_year}"

    @property
    def period(self):
        return f"{self.base_year}-{str(self.target_year)[-2:]}"

    @property
    def employment_change(self):
        return self.projected_employment - self.base_employment
