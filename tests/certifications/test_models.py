"""Credential facts the database guards: unique names per body, fees that cannot be negative."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from certifications.models import Credential
from tests.factories import CertifyingBodyFactory, CredentialFactory, CredentialFeeFactory

pytestmark = pytest.mark.django_db


def test_abbreviation_is_unique_within_a_body_but_not_across_bodies():
    CredentialFactory(abbreviation="CPC", slug="cpc")
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialFactory(abbreviation="CPC", slug="cpc-2")
    other = CertifyingBodyFactory(abbreviation="AHIMA", name="American Health Information Management Association")
    assert CredentialFactory(abbreviation="CPC", slug="cpc-ahima", body=other).pk


def test_fee_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialFeeFactory(amount=Decimal("-1"))


def test_renewal_cycle_is_at_least_a_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialFactory(renewal_cycle_years=0)


def test_active_excludes_renamed_and_retired_credentials():
    active = CredentialFactory()
    CredentialFactory(status=Credential.Status.RETIRED)
    assert list(Credential.objects.active()) == [active]
