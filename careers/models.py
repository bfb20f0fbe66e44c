"""Occupations and the dated Bureau of Labor Statistics figures about them.

Every figure row carries its release (e.g. "May 2025"), a reference date to order releases by,
and its source, so no number reaches a page without its year and origin.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from config.addresses import slug_address
from config.choices import ChoiceLabels

from .querysets import OccupationQuerySet, ProjectionQuerySet, WageEstimateQuerySet

# A figure is labelled "older figure" when its release is more than this much older than the newest
# release of the same kind that is loaded (wage estimates by reference month, projections by base year).
OLDER_FIGURE_YEARS = 2
# BLS renamed the Occupational Employment Statistics (OES) survey Occupational Employment and Wage
# Statistics (OEWS) with the May 2020 estimates, published in March 2021.
FIRST_OEWS_YEAR = 2020


def _national_pay(key):
    """A property reading one value of an occupation's `national_pay` (Occupation.objects.with_national_pay())."""
    return property(lambda occupation: (occupation.national_pay or {}).get(key))


class Occupation(models.Model):
    soc_code = models.CharField(_("SOC 2018 code"), max_length=7, unique=True)
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_source = models.CharField(_("summary source"), max_length=255, blank=True)
    entry_education = models.CharField(_("typical entry-level education"), max_length=255, blank=True)
    entry_education_source = models.CharField(_("entry-level education source"), max_length=255, blank=True)
    ooh_url = models.URLField(
        _("Occupational Outlook Handbook profile"),
        max_length=500,
        blank=True,
        help_text=_("BLS's Handbook page for this occupation; empty when it has none."),
    )
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
        return slug_address("careers:occupation_detail", self.slug)

    # The newest national median pay, on occupations from Occupation.objects.with_national_pay() (its `national_pay`:
    # the figure, its source, address and release in one object, or None where no national row is loaded).
    national_pay_median = _national_pay("median")
    national_pay_source = _national_pay("source")
    national_pay_source_url = _national_pay("source_url")
    national_pay_release = _national_pay("release")

    @property
    def onet_url(self):
        return f"https://www.onetonline.org/link/summary/{self.soc_code}.00"

    @property
    def oews_profile_url(self):
        """BLS's OEWS occupation profile for the current release (oes292072.htm for 29-2072)."""
        return f"https://www.bls.gov/oes/current/oes{self.soc_code.replace('-', '')}.htm"

    def preparing_programs(self):
        """Published programs in a CIP code the crosswalk links to this occupation, or in its series (51.07).

        Programs derived from College Scorecard are recorded at the series level, so a link from
        51.0713 reaches them through 51.07. Needs the `cip_codes` prefetched by for_detail().
        """
        from catalog.models import Program

        codes = {cip.code for cip in self.cip_codes.all()}
        codes |= {code[:5] for code in codes}
        return Program.objects.published().filter(cip_code__code__in=codes)

    @property
    def newest_estimate(self):
        """The newest national cross-industry wage row; needs with_headline_figures()."""
        return self.national_estimates[0] if self.national_estimates else None

    @property
    def headline_projection(self):
        """The newest projection read from a BLS table (not a quoted one); needs with_headline_figures()."""
        return next((p for p in self.projections_newest_first if not p.quoted), None)


class WageEstimate(ChoiceLabels, models.Model):
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
    # Worked out from the rows, never entered: careers/leading.py keeps it current on every save and after loads.
    leading_industry = models.BooleanField(
        _("among the leading industries"),
        default=False,
        editable=False,
        help_text=_(
            "A national industry-group row of its occupation's newest release that can be among the five industries "
            "with the most jobs or the best pay, which the occupation's page compares."
        ),
    )

    objects = WageEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["occupation", "-reference_date", "area_type", "area_name", "industry_code"]
        verbose_name = _("wage estimate")
        verbose_name_plural = _("wage estimates")
        indexes = [
            models.Index(fields=["occupation", "area_type", "industry_code", "-reference_date"]),
            # The newest release loaded (newest_reference_date(), on every occupation, program and credential
            # page) from the index's end, not a scan of every row: 0.09 ms -> 0.01 ms on the real bundle's 1,744.
            models.Index(fields=["reference_date"], name="careers_wage_reference_idx"),
            # The occupation page's leading industry rows, a dozen of an occupation's hundreds of rows.
            models.Index(fields=["occupation"], condition=Q(leading_industry=True), name="careers_wage_leading_idx"),
        ]
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

    @property
    def survey_name(self):
        """The survey's name in this release: OES until May 2019, OEWS from May 2020."""
        if self.reference_date.year >= FIRST_OEWS_YEAR:
            return _("Occupational Employment and Wage Statistics")
        return _("Occupational Employment Statistics")

    def is_older_than(self, newest_reference_date):
        """More than OLDER_FIGURE_YEARS before the newest loaded release (counted in months)."""
        if newest_reference_date is None:
            return False
        months = (newest_reference_date.year - self.reference_date.year) * 12
        months += newest_reference_date.month - self.reference_date.month
        return months > OLDER_FIGURE_YEARS * 12

    @property
    def percentiles(self):
        """[(10, value), (25, value), (50, median), (75, value), (90, value)]; None where BLS gave no figure."""
        return [
            (10, self.annual_p10),
            (25, self.annual_p25),
            (50, self.annual_median),
            (75, self.annual_p75),
            (90, self.annual_p90),
        ]


class Projection(models.Model):
    """A BLS Employment Projections row: employment in a base year and a target year ten years on.

    Most rows are read from an Employment Projections table. A few are *quoted*: copied by hand from a
    publication (the Occupational Outlook Handbook, or the article this site grew from) for a period
    whose table we do not have. Those hold only what the publication said, and pages label them.
    """

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="projections", verbose_name=_("occupation")
    )
    soc_code = models.CharField(_("SOC code as published"), max_length=7)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    base_employment = models.PositiveIntegerField(_("employment in base year"), null=True, blank=True)
    projected_employment = models.PositiveIntegerField(_("projected employment"), null=True, blank=True)
    percent_change = models.DecimalField(_("percent change"), max_digits=5, decimal_places=1)
    annual_openings = models.PositiveIntegerField(_("annual openings"), null=True, blank=True)
    base_year_median_wage = models.PositiveIntegerField(_("median annual wage in base year"), null=True, blank=True)
    entry_education = models.CharField(_("typical entry-level education"), max_length=255, blank=True)
    quoted = models.BooleanField(
        _("quoted"),
        default=False,
        help_text=_("Copied by hand from a publication, not read from an Employment Projections table."),
    )
    quoted_descriptor = models.CharField(
        _("job outlook as quoted"),
        max_length=100,
        blank=True,
        help_text=_('The publication\'s own words for the growth rate, e.g. "much faster than average".'),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Where a quoted figure comes from, for readers."))
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    objects = ProjectionQuerySet.as_manager()

    class Meta:
        ordering = ["occupation", "-base_year"]
        get_latest_by = "base_year"
        verbose_name = _("employment projection")
        verbose_name_plural = _("employment projections")
        constraints = [
            # A quoted figure may share its period with a table row read later: both are kept, both labelled.
            models.UniqueConstraint(
                fields=["occupation", "base_year", "target_year", "quoted"], name="projection_unique_period"
            ),
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
    def release(self):
        """A projection's release is its period ("2021-31"), as wage estimates have "May 2025"."""
        return self.period

    @property
    def employment_change(self):
        if self.base_employment is None or self.projected_employment is None:
            return None
        return self.projected_employment - self.base_employment

    @property
    def whole_percent_change(self):
        """The percent change rounded as the Occupational Outlook Handbook prints it (6.6 -> 7)."""
        return int(self.percent_change.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def is_older_than(self, newest_base_year):
        return newest_base_year is not None and newest_base_year - self.base_year > OLDER_FIGURE_YEARS

    @cached_property
    def outlook(self):
        """BLS's phrase for the growth in this period, or None when none is stored.

        An Outlook read from the columns Projection.objects.with_outlook() adds, so it costs no query of its
        own: BLS's own words for this occupation in this period where we hold them (`stated`), else the
        phrase of the period's threshold band.
        """
        if getattr(self, "outlook_descriptor", None) is None:
            return None
        return Outlook(
            descriptor=self.outlook_descriptor,
            source=self.outlook_source,
            source_url=self.outlook_source_url,
            stated=self.outlook_stated,
        )


@dataclass(frozen=True)
class Outlook:
    """A growth phrase and where it comes from: an OutlookStatement (`stated`) or an OutlookThreshold band."""

    descriptor: str
    source: str
    source_url: str
    stated: bool


class OutlookThreshold(models.Model):
    """One of BLS's job-outlook phrases for a projection period and the lowest growth it applies to.

    BLS words a projected change ("faster than average") against thresholds it sets for each
    projection period, so the phrases are data, each with the BLS page that defines it. A period
    with no thresholds stored gets no phrase: we never guess one.
    """

    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    descriptor = models.CharField(_("job outlook phrase"), max_length=100)
    min_percent = models.SmallIntegerField(
        _("lowest percent change"),
        null=True,
        blank=True,
        help_text=_("The smallest whole-percent change the phrase covers; empty for the lowest band."),
    )
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    class Meta:
        ordering = ["-base_year", "-target_year", F("min_percent").desc(nulls_last=True)]
        verbose_name = _("job outlook threshold")
        verbose_name_plural = _("job outlook thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["base_year", "target_year", "descriptor"], name="outlook_threshold_unique_phrase"
            ),
            models.CheckConstraint(
                condition=Q(target_year__gt=F("base_year")),
                name="outlook_threshold_target_after_base",
                violation_error_message=_("The target year must come after the base year."),
            ),
        ]

    def __str__(self):
        low = "…" if self.min_percent is None else f"{self.min_percent}%"
        return f"{self.base_year}-{str(self.target_year)[-2:]}: {self.descriptor} (from {low})"


class OutlookStatement(models.Model):
    """BLS's own phrase for one occupation's projected growth in one period, as its Handbook profile printed it.

    Where we hold no thresholds for a period, the Handbook's profile of the occupation still says how BLS
    described the growth ("much faster than the average for all occupations"). A statement is kept with the
    whole percent the profile printed, which the loader checks against the projection it describes, and with
    the page we read it on.
    """

    soc_code = models.CharField(_("SOC code as published"), max_length=7)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    stated_percent = models.SmallIntegerField(
        _("percent change as stated"), help_text=_("The whole percent the profile printed with the phrase.")
    )
    descriptor = models.CharField(_("job outlook phrase"), max_length=100)
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("How the statement was read and checked."))

    class Meta:
        ordering = ["soc_code", "-base_year"]
        verbose_name = _("job outlook statement")
        verbose_name_plural = _("job outlook statements")
        constraints = [
            models.UniqueConstraint(
                fields=["soc_code", "base_year", "target_year"], name="outlook_statement_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(target_year__gt=F("base_year")),
                name="outlook_statement_target_after_base",
                violation_error_message=_("The target year must come after the base year."),
            ),
        ]

    def __str__(self):
        return f"{self.soc_code} {self.base_year}-{str(self.target_year)[-2:]}: {self.descriptor}"

    @property
    def period(self):
        return f"{self.base_year}-{str(self.target_year)[-2:]}"
