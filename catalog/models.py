"""Schools, their programs, and what the programs' graduates earn.

Facts derived from public data (IPEDS, College Scorecard, CIP) carry where they came from;
facts that only a school knows (courses, delivery, cost) are blank until school staff add them.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.addresses import slug_address
from config.choices import ChoiceLabels

from .querysets import CIPCodeQuerySet, InstitutionQuerySet, ProgramQuerySet


class CIPCode(models.Model):
    """A Classification of Instructional Programs 2020 code: a series (51.07) or a program (51.0713)."""

    code = models.CharField(_("CIP code"), max_length=7, unique=True)
    title = models.CharField(_("title"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    occupations = models.ManyToManyField(
        "careers.Occupation",
        blank=True,
        related_name="cip_codes",
        verbose_name=_("occupations"),
        help_text=_("Occupations this program prepares for, from the CIP 2020 to SOC 2018 crosswalk."),
    )

    objects = CIPCodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("CIP code")
        verbose_name_plural = _("CIP codes")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_series(self):
        """A 4-digit series such as 51.07 groups the 6-digit programs under it."""
        return len(self.code) == 5


class Institution(ChoiceLabels, models.Model):
    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE_NONPROFIT = "private_nonprofit", _("Private nonprofit")
        PRIVATE_FOR_PROFIT = "private_for_profit", _("Private for-profit")

    class Locale(models.TextChoices):
        CITY = "city", _("City")
        SUBURB = "suburb", _("Suburb")
        TOWN = "town", _("Town")
        RURAL = "rural", _("Rural")

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    unitid = models.PositiveIntegerField(
        _("IPEDS UNITID"), unique=True, null=True, blank=True, help_text=_("The school's federal IPEDS identifier.")
    )
    opeid6 = models.CharField(_("OPE ID (6 digits)"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True, help_text=_("Two-letter postal abbreviation."))
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)
    locale = models.CharField(_("locale"), max_length=10, choices=Locale.choices, blank=True)
    cbsa_code = models.CharField(_("metro area (CBSA) code"), max_length=5, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    net_price_calculator_url = models.URLField(_("net price calculator"), max_length=500, blank=True)
    financial_aid_url = models.URLField(_("financial aid page"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where the directory facts come from, with release.")
    )
    # The school's published tuition and required fees for one academic year of full-time undergraduate study:
    # a school-wide figure, not the price of any one program (Program.cost is that, when the school gives it).
    tuition_in_state = models.PositiveIntegerField(
        _("tuition and fees per year, in-state (USD)"), null=True, blank=True
    )
    tuition_out_of_state = models.PositiveIntegerField(
        _("tuition and fees per year, out-of-state (USD)"), null=True, blank=True
    )
    tuition_year = models.CharField(
        _("tuition year"), max_length=7, blank=True, help_text=_("The academic year of the tuition, e.g. 2018-19.")
    )
    tuition_source = models.CharField(
        _("tuition source"),
        max_length=255,
        blank=True,
        help_text=_("Where the tuition figures come from, e.g. College Scorecard."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical school"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="institution_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="institution_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=(Q(tuition_in_state__isnull=True) & Q(tuition_out_of_state__isnull=True))
                | (~Q(tuition_year="") & ~Q(tuition_source="")),
                name="institution_tuition_has_year_and_source",
                violation_error_message=_("Give the year and the source of the tuition figures."),
            ),
            models.CheckConstraint(
                condition=(Q(tuition_in_state__isnull=True) | Q(tuition_in_state__lte=200000))
                & (Q(tuition_out_of_state__isnull=True) | Q(tuition_out_of_state__lte=200000)),
                name="institution_tuition_plausible",
                violation_error_message=_("Tuition and fees for one year must be at most $200,000."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("catalog:institution_detail", self.slug)

    @property
    def has_tuition(self):
        return self.tuition_in_state is not None or self.tuition_out_of_state is not None


class Program(ChoiceLabels, models.Model):
    class CredentialLevel(models.IntegerChoices):
        """College Scorecard's CREDLEV codes."""

        UNDERGRADUATE_CERTIFICATE = 1, _("Undergraduate certificate or diploma")
        ASSOCIATE = 2, _("Associate's degree")
        BACHELOR = 3, _("Bachelor's degree")
        POST_BACCALAUREATE_CERTIFICATE = 4, _("Post-baccalaureate certificate")
        MASTER = 5, _("Master's degree")
        DOCTORAL = 6, _("Doctoral degree")
        FIRST_PROFESSIONAL = 7, _("First professional degree")
        GRADUATE_CERTIFICATE = 8, _("Graduate or professional certificate")
        # Newer Scorecard releases add 99 for non-credit coursework; the Jan 2025 dictionary omits it.
        NON_CREDENTIAL = 99, _("Non-credential program (preparatory coursework or teacher certification)")

    class DeliveryMode(models.TextChoices):
        ON_CAMPUS = "on_campus", _("On campus")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Prerequisite(models.TextChoices):
        NONE = "none", _("None")
        HIGH_SCHOOL = "high_school", _("High school diploma or GED")
        ASSOCIATE = "associate", _("Associate's degree")
        BACHELOR = "bachelor", _("Bachelor's degree")

    class Accreditation(models.TextChoices):
        CAHIIM = "cahiim", _("CAHIIM-accredited")
        AHIMA_PCAP = "ahima_pcap", _("AHIMA-approved coding program (PCAP)")

    class DistanceEducation(models.TextChoices):
        """IPEDS: whether all, some or none of the school's programs in a field at a level can be completed online."""

        ALL = "all", _("All can be completed online")
        SOME = "some", _("Some can be completed online")
        NONE = "none", _("None can be completed online")

    class Status(models.TextChoices):
        """Only published listings are public; a draft is previewed by its school's staff, archived is retired."""

        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    # A listing not reviewed for this long is flagged to its school in the admin.
    REVIEW_INTERVAL = datetime.timedelta(days=365)

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="programs", verbose_name=_("school")
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("The program's web address. Leave blank to make one from the school and title."),
    )
    cip_code = models.ForeignKey(CIPCode, on_delete=models.PROTECT, related_name="programs", verbose_name=_("CIP code"))
    credential_level = models.PositiveSmallIntegerField(_("credential level"), choices=CredentialLevel.choices)
    delivery_mode = models.CharField(_("delivery mode"), max_length=10, choices=DeliveryMode.choices, blank=True)
    length_months = models.PositiveSmallIntegerField(_("length in months"), null=True, blank=True)
    credit_hours = models.DecimalField(_("credit hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    cost = models.DecimalField(
        _("cost (USD)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Total tuition and fees for the whole program."),
    )
    cost_year = models.PositiveSmallIntegerField(
        _("cost year"), null=True, blank=True, help_text=_("The academic year the cost applies to, e.g. 2025.")
    )
    admission_prerequisite = models.CharField(
        _("admission prerequisite"), max_length=15, choices=Prerequisite.choices, blank=True
    )
    prerequisite_notes = models.TextField(_("prerequisite notes"), blank=True)
    externship_offered = models.BooleanField(
        _("externship offered"), null=True, blank=True, help_text=_("Leave blank when not known.")
    )
    externship_hours = models.PositiveSmallIntegerField(_("externship hours"), null=True, blank=True)
    externship_description = models.TextField(_("hands-on training"), blank=True)
    accreditation = models.CharField(
        _("programmatic accreditation or approval"), max_length=15, choices=Accreditation.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    # From the federal data (IPEDS, see ProgramField), never from staff: delivery_mode is what the school says.
    distance_education = models.CharField(
        _("distance education (IPEDS)"),
        max_length=4,
        choices=DistanceEducation.choices,
        blank=True,
        editable=False,
        help_text=_("Whether the programs IPEDS lists for this school and level can be completed entirely online."),
    )
    # What pages show of the ProgramField rows, kept with the program so cards and its page need no query for
    # it (catalog/importers/ipeds_fields.field_summary); rewritten whenever the fields change.
    federal_fields = models.JSONField(_("IPEDS fields, as shown"), default=list, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("The day school staff last checked every fact of this listing; shown on the public page."),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_note = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where this listing's facts come from, e.g. a College Scorecard release."),
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Key of the public record this program was derived from; imports match on it."),
    )
    prepares_for = models.ManyToManyField(
        "certifications.Credential",
        blank=True,
        related_name="programs",
        verbose_name=_("prepares for"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # PostgreSQL's weighted full-text vector, kept current by catalog/signals.py and refresh_search_index();
    # its GIN index is created by migration 0002 on PostgreSQL only. Unused on SQLite, where the FTS5
    # table catalog_program_fts holds the same text.
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    objects = ProgramQuerySet.as_manager()
    # Who changed what and when; the index vector is derived, so it is not worth a copy per change.
    history = HistoricalRecords(excluded_fields=["search_vector"], verbose_name=_("historical program"))

    class Meta:
        ordering = ["institution__name", "credential_level", "title"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        indexes = [models.Index(fields=["status", "credential_level"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="program_cost_not_negative",
                violation_error_message=_("Cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__isnull=True) | Q(credit_hours__gte=0),
                name="program_credits_not_negative",
                violation_error_message=_("Credit hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost_year__isnull=False),
                name="program_cost_has_year",
                violation_error_message=_("Give the year the cost applies to."),
            ),
            models.CheckConstraint(
                condition=Q(credential_level__gte=1, credential_level__lte=8) | Q(credential_level=99),
                name="program_credential_level_valid",
                violation_error_message=_("Choose one of the College Scorecard credential levels."),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__lte=500000),
                name="program_cost_plausible",
                violation_error_message=_("Cost is the total for the whole program in dollars: at most $500,000."),
            ),
            models.CheckConstraint(
                condition=Q(cost_year__isnull=True) | Q(cost_year__gte=2000, cost_year__lte=2100),
                name="program_cost_year_range",
                violation_error_message=_("The cost year must be a year such as 2025."),
            ),
            models.CheckConstraint(
                condition=Q(length_months__isnull=True) | Q(length_months__gte=1, length_months__lte=120),
                name="program_length_range",
                violation_error_message=_("Length must be between 1 and 120 months."),
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__isnull=True) | Q(credit_hours__lte=300),
                name="program_credits_plausible",
                violation_error_message=_("Credit hours must be at most 300 for a whole program."),
            ),
            models.CheckConstraint(
                condition=Q(externship_hours__isnull=True) | Q(externship_hours__lte=2000),
                name="program_externship_hours_plausible",
                violation_error_message=_("Externship hours must be at most 2,000."),
            ),
            # Post-baccalaureate and graduate certificates, master's, doctoral and first professional degrees
            # (Scorecard CREDLEV 4-8) need a degree first.
            models.CheckConstraint(
                condition=~Q(credential_level__in=[4, 5, 6, 7, 8], admission_prerequisite__in=["none", "high_school"]),
                name="program_graduate_level_needs_degree",
                violation_error_message=_(
                    "A post-baccalaureate or graduate certificate, a master's, doctoral or first professional degree "
                    "admits graduates only: the admission prerequisite cannot be none or a high school diploma."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.institution}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("catalog:program_detail", self.slug)

    def get_preview_url(self):
        """The public page, shown to the school's staff whatever the status (catalog/views/pages.py)."""
        return f"{self.get_absolute_url()}?preview=1"

    def unique_slug(self):
        """school-name-title, with -2, -3... when another program already has it."""
        base = slugify(f"{self.institution.name} {self.title}")[:240].strip("-") or "program"
        taken = set(Program.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def review_overdue(self):
        """Never reviewed, or last reviewed more than REVIEW_INTERVAL ago."""
        return self.last_reviewed is None or self.last_reviewed < timezone.localdate() - self.REVIEW_INTERVAL

    @property
    def is_derived_from_scorecard(self):
        return bool(self.external_id and self.external_id.startswith("scorecard:"))

    # What the school says comes first; IPEDS's figures (federal_fields, distance_education) fill in after.

    @property
    def has_delivery(self):
        return bool(self.delivery_mode or self.distance_education)

    @property
    def delivery_label(self):
        """ "Online" as the school says it, else IPEDS's answer for the school's programs at this level and field."""
        if self.delivery_mode:
            return self.get_delivery_mode_display()
        return {
            self.DistanceEducation.ALL: _("Can be completed online"),
            self.DistanceEducation.SOME: _("Some can be completed online"),
            self.DistanceEducation.NONE: _("Not offered fully online"),
        }.get(self.distance_education, "")

    @property
    def delivery_from_ipeds(self):
        return not self.delivery_mode and bool(self.distance_education)

    @property
    def federal_price(self):
        """IPEDS's whole-program tuition and fees over the program's fields: {"low", "high", "count", "year"}, or
        None. Several priced fields (a coding and a billing certificate) give a range."""
        prices = [field for field in self.federal_fields if field.get("tuition_and_fees") is not None]
        if not prices:
            return None
        amounts = [field["tuition_and_fees"] for field in prices]
        years = sorted({field["charges_year"] for field in prices})
        return {"low": min(amounts), "high": max(amounts), "count": len(prices), "year": years[-1]}

    @property
    def federal_months(self):
        """(fewest, most) months to complete over the program's fields, as IPEDS reports them, or None."""
        months = [field["months_to_complete"] for field in self.federal_fields if field.get("months_to_complete")]
        return (min(months), max(months)) if months else None

    @property
    def federal_source(self):
        """The NCES files behind federal_fields, e.g. "IPEDS C2023_A, C2023DEP, IC2023_PY (NCES)"."""
        files = []
        for field in self.federal_fields:
            for year, name in (
                (field.get("completions_year"), "C{short}_A"),
                (field.get("programs_year"), "C{short}DEP"),
                (field.get("charges_year"), "IC{first}_PY"),
            ):
                if year:
                    file = name.format(short=f"{year[:2]}{year[-2:]}", first=year[:4])
                    if file not in files:
                        files.append(file)
        return f"IPEDS {', '.join(files)} (NCES)" if files else ""

    @property
    def federal_field_rows(self):
        """federal_fields with labels for the page: award lengths, distance education, the length's unit."""
        lengths = {
            "under_1_year": _("less than 1 year"),
            "1_to_2_years": _("1 to 2 years"),
            "2_to_4_years": _("2 to 4 years"),
        }
        distance = dict(self.DistanceEducation.choices)
        units = dict(ProgramField.LengthUnit.choices)
        return [
            {
                **field,
                "award_length_labels": [lengths[length] for length in field.get("award_lengths", [])],
                "distance_label": distance.get(field.get("distance_education"), ""),
                "length_unit_label": units.get(field.get("length_unit"), ""),
            }
            for field in self.federal_fields
        ]

    @property
    def has_length(self):
        return self.length_months is not None or self.federal_months is not None

    @property
    def has_program_cost(self):
        return self.cost is not None or self.federal_price is not None

    def unreported_facts(self, detail=False):
        """The facts only the school can give that this listing lacks, as short lower-case names for one line.

        A card names the three a student compares first; the program page (`detail`) names every one, and
        reads the prefetched courses and credentials.
        """
        missing = []
        if not self.has_delivery:
            missing.append(_("delivery"))
        if not self.has_length:
            missing.append(_("length"))
        if detail and self.credit_hours is None:
            missing.append(_("credit hours"))
        if not self.has_program_cost:
            missing.append(_("program cost"))
        if not detail:
            return missing
        if not self.admission_prerequisite:
            missing.append(_("admission prerequisite"))
        if self.externship_offered is None:
            missing.append(_("externship"))
        if not self.accreditation:
            missing.append(_("programmatic accreditation"))
        if not self.courses.all():
            missing.append(_("courses"))
        if not self.prepares_for.all():
            missing.append(_("certifications it prepares for"))
        return missing


class CatalogVersion(models.Model):
    """One row whose token changes with every write to the data the program list filters, counts and sorts.

    Database triggers (migration 0010) set a new random token in the same statement as any insert, update or
    delete of programs, schools, outcomes, IPEDS fields, CIP codes, credentials and the programs' credential
    links, so the change commits, or rolls back, with the write itself. Each process compares it with the token
    its in-memory search index was built from (catalog/search/index.py), whatever wrote the rows: the admin,
    a bulk loader, `QuerySet.update` or SQL.
    """

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("catalog version")
        verbose_name_plural = _("catalog versions")

    def __str__(self):
        return self.token


class SearchWord(models.Model):
    """A word of the indexed text: the vocabulary that typo correction picks from ("medcal" -> "medical").

    Rebuilt with the search index; on PostgreSQL a trigram GIN index (migration 0002) finds near words.
    """

    word = models.CharField(_("word"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class Course(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses", verbose_name=_("program"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1, null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historical course"))

    class Meta:
        ordering = ["program", "order", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(credits__isnull=True) | Q(credits__gte=0),
                name="course_credits_not_negative",
                violation_error_message=_("Credits cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(credits__isnull=True) | Q(credits__lte=30),
                name="course_credits_plausible",
                violation_error_message=_("A single course carries at most 30 credits."),
            ),
        ]

    def __str__(self):
        return self.title


class Outcome(ChoiceLabels, models.Model):
    """Earnings and debt of a program's graduates, as one College Scorecard release reports them."""

    class EarningsHorizon(models.TextChoices):
        ONE_YEAR = "1yr_after_completion", _("1 year after completing")
        FOUR_YEARS = "4yr_after_completion", _("4 years after completing")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("program"))
    median_earnings = models.PositiveIntegerField(_("median earnings (USD)"), null=True, blank=True)
    earnings_horizon = models.CharField(
        _("earnings measured"), max_length=25, choices=EarningsHorizon.choices, blank=True
    )
    median_debt = models.PositiveIntegerField(_("median debt (USD)"), null=True, blank=True)
    debt_to_earnings_ratio = models.DecimalField(
        _("debt-to-earnings ratio"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    completers = models.PositiveIntegerField(_("completers"), null=True, blank=True)
    state_hs_earnings_threshold = models.PositiveIntegerField(
        _("state high-school-graduate earnings threshold (USD)"), null=True, blank=True
    )
    earns_more_than_hs_graduates = models.BooleanField(
        _("graduates out-earn high school graduates in the state"),
        null=True,
        blank=True,
        help_text=_("The federal earnings-premium test as reported by College Scorecard."),
    )
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    release_date = models.DateField(_("release date"))

    history = HistoricalRecords(verbose_name=_("historical outcome"))

    class Meta:
        ordering = ["program", "-release_date"]
        get_latest_by = "release_date"
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["program", "source", "release_date"], name="outcome_one_per_release"),
            models.CheckConstraint(
                condition=Q(debt_to_earnings_ratio__isnull=True) | Q(debt_to_earnings_ratio__gte=0),
                name="outcome_ratio_not_negative",
                violation_error_message=_("The debt-to-earnings ratio cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.program} ({self.source}, {self.release_date:%Y-%m-%d})"

    @property
    def earnings_premium(self):
        if self.median_earnings is None or self.state_hs_earnings_threshold is None:
            return None
        return self.median_earnings - self.state_hs_earnings_threshold


class SchoolMembership(models.Model):
    """A staff account's school: its holder sees and edits that school's listings in the admin, and no others.

    Site editors (the "Site editors" group) and superusers need none: they see every school. See catalog/permissions.py.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="staff_memberships", verbose_name=_("school")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["institution__name", "user__email"]
        verbose_name = _("school staff membership")
        verbose_name_plural = _("school staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="school_membership_once_per_school"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.institution}"


class ProgramField(ChoiceLabels, models.Model):
    """One 6-digit CIP field of a program, as the federal IPEDS surveys report it (catalog/importers/ipeds.py).

    A College Scorecard program is a school's CIP 51.07 series at one credential level; IPEDS reports the same
    school's awards (Completions, C20xx_A), programs offered and whether they can be completed online (C20xxDEP)
    and, for schools that charge by program, a program's price (IC20xx_PY) by 6-digit code. Each of the three
    parts carries its academic year and is replaced whole when a newer year of its file is imported.
    """

    class LengthUnit(models.TextChoices):
        CONTACT_HOURS = "contact_hours", _("contact hours")
        CREDIT_HOURS = "credit_hours", _("credit hours")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="fields", verbose_name=_("program"))
    cip_code = models.ForeignKey(
        CIPCode, on_delete=models.PROTECT, related_name="program_fields", verbose_name=_("CIP code")
    )
    # IPEDS Completions (C20xx_A): awards conferred July 1 to June 30, first majors.
    completions_year = models.CharField(_("completions year"), max_length=7, blank=True, help_text=_("e.g. 2022-23"))
    completions = models.PositiveIntegerField(_("awards conferred"), null=True, blank=True)
    awards_under_1_year = models.BooleanField(_("certificates of less than 1 year"), default=False)
    awards_1_to_2_years = models.BooleanField(_("certificates of 1 to 2 years"), default=False)
    awards_2_to_4_years = models.BooleanField(_("certificates of 2 to 4 years"), default=False)
    # IPEDS programs offered (C20xxDEP): the certificate lengths offered, and whether all, some or none of the
    # programs in this field at this level can be completed entirely by distance education.
    programs_year = models.CharField(_("programs year"), max_length=7, blank=True, help_text=_("e.g. 2022-23"))
    offered_under_1_year = models.BooleanField(_("offers certificates of less than 1 year"), default=False)
    offered_1_to_2_years = models.BooleanField(_("offers certificates of 1 to 2 years"), default=False)
    offered_2_to_4_years = models.BooleanField(_("offers certificates of 2 to 4 years"), default=False)
    distance_education = models.CharField(
        _("distance education"), max_length=4, choices=Program.DistanceEducation.choices, blank=True
    )
    # IPEDS charges of schools that charge by program (IC20xx_PY): the whole program, as the school reported it.
    charges_year = models.CharField(_("charges year"), max_length=7, blank=True, help_text=_("e.g. 2023-24"))
    tuition_and_fees = models.PositiveIntegerField(_("tuition and fees, whole program (USD)"), null=True, blank=True)
    books_and_supplies = models.PositiveIntegerField(
        _("books and supplies, whole program (USD)"), null=True, blank=True
    )
    length = models.PositiveIntegerField(_("length of program"), null=True, blank=True)
    length_unit = models.CharField(_("length measured in"), max_length=13, choices=LengthUnit.choices, blank=True)
    months_to_complete = models.PositiveSmallIntegerField(_("months to complete"), null=True, blank=True)

    class Meta:
        ordering = ["program", models.F("completions").desc(nulls_last=True), "cip_code__code"]
        verbose_name = _("program field (IPEDS)")
        verbose_name_plural = _("program fields (IPEDS)")
        constraints = [
            models.UniqueConstraint(fields=["program", "cip_code"], name="program_field_once_per_code"),
            models.CheckConstraint(
                condition=~Q(completions_year="", programs_year=""),
                name="program_field_has_a_source",
                violation_error_message=_("A field comes from the Completions or the programs-offered file."),
            ),
            models.CheckConstraint(
                condition=~Q(completions_year="")
                | Q(
                    completions__isnull=True,
                    awards_under_1_year=False,
                    awards_1_to_2_years=False,
                    awards_2_to_4_years=False,
                ),
                name="program_field_completions_have_year",
                violation_error_message=_("Give the year of the completions."),
            ),
            models.CheckConstraint(
                condition=~Q(programs_year="")
                | Q(
                    offered_under_1_year=False,
                    offered_1_to_2_years=False,
                    offered_2_to_4_years=False,
                    distance_education="",
                ),
                name="program_field_programs_have_year",
                violation_error_message=_("Give the year of the programs offered."),
            ),
            models.CheckConstraint(
                condition=~Q(charges_year="")
                | Q(
                    tuition_and_fees__isnull=True,
                    books_and_supplies__isnull=True,
                    length__isnull=True,
                    months_to_complete__isnull=True,
                ),
                name="program_field_charges_have_year",
                violation_error_message=_("Give the year of the charges."),
            ),
            models.CheckConstraint(
                condition=Q(length__isnull=True) | ~Q(length_unit=""),
                name="program_field_length_has_unit",
                violation_error_message=_("Say whether the length is in contact or credit hours."),
            ),
        ]

    def __str__(self):
        return f"{self.cip_code}, {self.program}"

    @property
    def award_lengths(self):
        """The certificate lengths awarded (Completions) or offered (programs offered), shortest first, as labels."""
        lengths = (
            (_("less than 1 year"), self.awards_under_1_year or self.offered_under_1_year),
            (_("1 to 2 years"), self.awards_1_to_2_years or self.offered_1_to_2_years),
            (_("2 to 4 years"), self.awards_2_to_4_years or self.offered_2_to_4_years),
        )
        return [label for label, seen in lengths if seen]

    @property
    def has_charges(self):
        return self.tuition_and_fees is not None

    @property
    def source(self):
        """The NCES files the figures come from, e.g. "IPEDS C2023_A, C2023DEP (NCES)"."""
        files = [
            f"C{year[:2]}{year[-2:]}{suffix}"
            for year, suffix in ((self.completions_year, "_A"), (self.programs_year, "DEP"))
            if year
        ]
        if self.charges_year:
            files.append(f"IC{self.charges_year[:4]}_PY")
        return f"IPEDS {', '.join(files)} (NCES)" if files else ""
