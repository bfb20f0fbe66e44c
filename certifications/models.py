"""Professional credentials (AAPC, AHIMA), their exams, fees, eligibility and renewal.

Facts come from the issuers' pages with an as-of date; where only a secondary page was found, the
fact is stored as unverified so the page can say so.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


class Credential(models.Model):
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
    membership_required = models.BooleanField(_("membership required to keep it"), default=False)
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
        return reverse("certifications:credential_detail", args=[self.slug])


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
