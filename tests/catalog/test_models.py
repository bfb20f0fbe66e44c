"""The database itself refuses contradictory catalog facts, whatever writes them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from catalog.models import Program
from tests.factories import CIPCodeFactory, InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_program_cost_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(cost=Decimal("-1"), cost_year=2025)


def test_program_cost_needs_the_year_it_applies_to():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(cost=Decimal("4200"), cost_year=None)
    assert ProgramFactory(cost=Decimal("4200"), cost_year=2025).cost == Decimal("4200")


def test_program_credential_level_must_be_a_scorecard_level():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(credential_level=9)


def test_program_slug_is_unique_across_schools():
    ProgramFactory(slug="medical-coding")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(slug="medical-coding", institution=InstitutionFactory())


def test_institution_slug_and_unitid_are_unique():
    InstitutionFactory(slug="alpha", unitid=100654)
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(slug="alpha")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(unitid=100654)


def test_institution_coordinates_must_be_on_the_globe():
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(latitude=Decimal("91"))


def test_one_outcome_per_program_and_release():
    outcome = OutcomeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeFactory(program=outcome.program, source=outcome.source, release_date=outcome.release_date)


def test_outcome_earnings_premium_is_earnings_minus_state_threshold():
    outcome = OutcomeFactory(median_earnings=42214, state_hs_earnings_threshold=42938)
    assert outcome.earnings_premium == -724
    assert OutcomeFactory(median_earnings=None).earnings_premium is None


def test_program_knows_when_it_was_derived_from_scorecard():
    assert ProgramFactory(external_id="scorecard:103501:5107:1").is_derived_from_scorecard
    assert not ProgramFactory(external_id=None).is_derived_from_scorecard


def test_published_excludes_drafts():
    published = ProgramFactory(status=Program.Status.PUBLISHED)
    ProgramFactory(status=Program.Status.DRAFT)
    assert list(Program.objects.published()) == [published]


def test_cip_series_is_the_four_digit_code():
    assert CIPCodeFactory(code="51.07").is_series
    assert not CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder").is_series
