"""Professional credentials (AAPC, AHIMA), their exams, fees, eligibility and renewal.

Facts come from the issuers' pages with an as-of date; where only a secondary page was found, the
fact is stored as unverified so the page can say so.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Program
from config.addresses import slug_address
from config.choices import ChoiceLabels

from .eligibility import EligibilityRuleQuerySet, GuideQuerySet, program_search_url, search_parameters
from .querysets import CredentialQuerySet


class CertifyingBody(models.Model):
    abbreviation = models.CharField(_("abbreviation"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("certifying body")
        verbose_name_plural = _("certifying bodies")

    def __str__(self):
        return self.abbreviation


class Credential(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RENAMED = "renamed", _("Renamed")
        RETIRED = "retired", _("Retired")

    body = models.ForeignKey(
        CertifyingBody, on_delete=models.PROTECT, related_name="credentials", verbose_name=_("certifying body")
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    setting = models.TextField(_("what it certifies"), blank=True, help_text=_("The work and setting it covers."))
    exam_questions = models.PositiveSmallIntegerField(_("exam questions"), null=True, blank=True)
    exam_minutes = models.PositiveSmallIntegerField(_("exam time (minutes)"), null=True, blank=True)
    exam_format = models.TextField(_("exam format"), blank=True)
    exam_open_book = models.BooleanField(_("open code book"), null=True, blank=True)
    exam_delivery = models.CharField(_("exam delivery"), max_length=255, blank=True)
    exam_verified = models.BooleanField(
        _("exam facts verified"), default=False, help_text=_("Confirmed on the issuer's own page.")
    )
    exam_source_url = models.URLField(_("exam source"), max_length=500, blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    has_formal_prerequisite = models.BooleanField(_("formal prerequisite"), default=False)
    renewal_ceus = models.PositiveSmallIntegerField(_("CEUs per renewal cycle"), null=True, blank=True)
    renewal_cycle_years = models.PositiveSmallIntegerField(_("renewal cycle (years)"), null=True, blank=True)
    renewal_notes = models.TextField(_("renewal"), blank=True)
    membership_required = models.BooleanField(
        _("membership required to keep it"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Empty when the sources we hold do not say."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    former_abbreviation = models.CharField(
        _("formerly"), max_length=20, blank=True, help_text=_("The credential's earlier abbreviation, e.g. CPC-H.")
    )
    former_name = models.CharField(_("former name"), max_length=255, blank=True)
    apprentice_designation = models.CharField(_("apprentice designation"), max_length=20, blank=True)
    apprentice_notes = models.TextField(_("how the apprentice designation is removed"), blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    as_of = models.DateField(_("facts as of"))
    occupations = models.ManyToManyField(
        "careers.Occupation", blank=True, related_name="credentials", verbose_name=_("leads to occupations")
    )

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["body__abbreviation", "abbreviation"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(fields=["body", "abbreviation"], name="credential_abbreviation_unique_per_body"),
            models.CheckConstraint(
                condition=Q(renewal_cycle_years__isnull=True) | Q(renewal_cycle_years__gte=1),
                name="credential_cycle_positive",
                violation_error_message=_("A renewal cycle lasts at least one year."),
            ),
        ]

    def __str__(self):
        return f"{self.abbreviation} ({self.name})"

    def get_absolute_url(self):
        return slug_address("certifications:credential_detail", self.slug)


class CredentialFee(models.Model):
    """One price for sitting an exam, e.g. "$499, two attempts, in person"."""

    credential = models.ForeignKey(
        Credential, on_delete=models.CASCADE, related_name="fees", verbose_name=_("credential")
    )
    amount = models.DecimalField(_("amount (USD)"), max_digits=7, decimal_places=2)
    description = models.CharField(_("what it buys"), max_length=255, blank=True)
    verified = models.BooleanField(_("verified"), default=False, help_text=_("Confirmed on the issuer's own page."))
    source = models.CharField(
        _("source"), max_length=255, help_text=_("Who published this price, e.g. the issuer or a secondary site.")
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    as_of = models.DateField(_("as of"))

    class Meta:
        ordering = ["credential", "amount"]
        verbose_name = _("exam fee")
        verbose_name_plural = _("exam fees")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="credential_fee_not_negative",
                violation_error_message=_("A fee cannot be negative."),
            ),
            models.UniqueConstraint(fields=["credential", "amount", "description"], name="credential_fee_unique"),
        ]

    def __str__(self):
        return f"{self.credential.abbreviation}: ${self.amount} {self.description}".strip()


class EligibilityRule(ChoiceLabels, models.Model):
    """What a credential's issuer says a program leads to: held as data so staff can correct it in the admin.

    A program is covered when its credential level is one of `credential_levels` (any, when empty), its CIP
    code is `cip_code` or under it (any, when blank), and it holds `required_accreditation` (when set).
    """

    class Kind(models.TextChoices):
        ELIGIBLE = "eligible", _("Graduates are eligible to sit the exam")
        PREPARES = "prepares", _("Prepares for the exam")

    key = models.SlugField(
        _("key"), max_length=50, unique=True, help_text=_("Names the rule in eligibility_rules.json.")
    )
    credential = models.ForeignKey(
        Credential, on_delete=models.CASCADE, related_name="rules", verbose_name=_("credential")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    credential_levels = models.JSONField(
        _("credential levels"),
        default=list,
        blank=True,
        help_text=_("College Scorecard credential levels the rule covers; none ticked means any level."),
    )
    cip_code = models.CharField(
        _("CIP code or series"),
        max_length=7,
        blank=True,
        help_text=_("A CIP code, or a series such as 51.07 covering every code under it; blank means any."),
    )
    required_accreditation = models.CharField(
        _("required programmatic accreditation"),
        max_length=15,
        choices=Program.Accreditation.choices,
        blank=True,
        help_text=_("Leave blank when the rule asks for none."),
    )
    requirement = models.TextField(_("what the rule asks for"), help_text=_("In the issuer's words, for readers."))
    experience_note = models.TextField(_("experience"), blank=True)
    source = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    as_of = models.DateField(_("as of"))

    objects = EligibilityRuleQuerySet.as_manager()

    class Meta:
        ordering = ["credential__body__abbreviation", "credential__abbreviation", "key"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")

    def __str__(self):
        return f"{self.credential.abbreviation}: {self.get_kind_display()}"

    def clean(self):
        valid = set(Program.CredentialLevel.values)
        if not isinstance(self.credential_levels, list) or not all(
            isinstance(level, int) and level in valid for level in self.credential_levels
        ):
            raise ValidationError({"credential_levels": _("Give a list of College Scorecard credential levels.")})

    def covers(self, level, cip_code, accreditation):
        """Whether a program at this level, CIP code and accreditation meets the rule."""
        return (
            (not self.credential_levels or level in self.credential_levels)
            and (not self.cip_code or cip_code.startswith(self.cip_code))
            and (not self.required_accreditation or accreditation == self.required_accreditation)
        )

    def program_condition(self):
        """The rule as a condition on programs (the same test as covers())."""
        condition = Q()
        if self.credential_levels:
            condition &= Q(credential_level__in=self.credential_levels)
        if self.cip_code:
            condition &= Q(cip_code__code__startswith=self.cip_code)
        if self.required_accreditation:
            condition &= Q(accreditation=self.required_accreditation)
        return condition

    def search_parameters(self):
        """The program search's parameters (catalog/filters.py) for the programs the rule covers."""
        return search_parameters(self.credential_levels, self.cip_code, self.required_accreditation)

    def search_url(self):
        return program_search_url(self.search_parameters())

    @property
    def level_labels(self):
        return [Program.CredentialLevel(level).label for level in sorted(self.credential_levels)]


class Guide(ChoiceLabels, models.Model):
    """A guide to one level of study, from the article this site grew from: editorial guidance, not figures."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    credential_levels = models.JSONField(
        _("credential levels"), default=list, help_text=_("The College Scorecard levels whose programs it describes.")
    )
    cip_code = models.CharField(_("CIP code or series"), max_length=7, blank=True)
    admission_prerequisite = models.CharField(
        _("admission prerequisite"), max_length=15, choices=Program.Prerequisite.choices
    )
    summary = models.TextField(_("summary"))
    teaches = models.TextField(_("what it teaches"))
    courses = models.JSONField(_("typical courses"), default=list, blank=True)
    admission = models.TextField(_("admission"))
    hands_on = models.TextField(_("hands-on training"), blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    note = models.TextField(_("worth knowing"), blank=True)
    source = models.CharField(_("source"), max_length=255)
    occupations = models.ManyToManyField(
        "careers.Occupation", blank=True, related_name="guides", verbose_name=_("leads to occupations")
    )

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("program guide")
        verbose_name_plural = _("program guides")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("guides:guide_detail", self.slug)

    def program_condition(self):
        condition = Q(credential_level__in=self.credential_levels)
        if self.cip_code:
            condition &= Q(cip_code__code__startswith=self.cip_code)
        return condition

    def search_url(self):
        return program_search_url(search_parameters(self.credential_levels, self.cip_code, ""))

    @property
    def level_labels(self):
        return [Program.CredentialLevel(level).label for level in sorted(self.credential_levels)]

    def rules_from(self, rules):
        """The rules among `rules` that cover some program this guide describes (any accreditation)."""

        def fields_overlap(rule):
            return not (rule.cip_code and self.cip_code) or (
                rule.cip_code.startswith(self.cip_code) or self.cip_code.startswith(rule.cip_code)
            )

        return [
            rule
            for rule in rules
            if fields_overlap(rule)
            and (not rule.credential_levels or set(rule.credential_levels) & set(self.credential_levels))
        ]
