"""Wage and projection rows that contradict themselves never reach the database."""

import pytest
from django.db import IntegrityError, transaction

from careers.models import Occupation, WageEstimate
from tests.factories import OccupationFactory, ProjectionFactory, WageEstimateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field,value",
    [("annual_p10", 45000), ("annual_p25", 52000), ("annual_p75", 50000), ("annual_p90", 61000)],
)
def test_wage_percentiles_must_be_ordered(field, value):
    # The factory's row is 35,000 / 41,000 / 51,140 / 62,000 / 75,000; each value breaks the order.
    with pytest.raises(IntegrityError), transaction.atomic():
        WageEstimateFactory(**{field: value})


def test_wage_percentiles_may_be_missing():
    """BLS suppresses or top-codes some percentiles: a missing one must not block the row."""
    estimate = WageEstimateFactory(annual_p90=None, annual_p75=None)
    assert estimate.annual_median == 51140


def test_one_wage_row_per_occupation_release_area_and_industry():
    estimate = WageEstimateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        WageEstimateFactory(occupation=estimate.occupation)
    WageEstimateFactory(occupation=estimate.occupation, industry_code="622000", industry_name="Hospitals")


def test_projection_target_year_comes_after_base_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectionFactory(base_year=2031, target_year=2021)


def test_projection_reports_change_and_period():
    projection = ProjectionFactory(base_employment=186400, projected_employment=198700)
    assert projection.employment_change == 12300
    assert projection.period == "2021-31"


def test_soc_code_and_slug_are_unique():
    OccupationFactory(soc_code="29-2072", slug="medical-records-specialists")
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupation.objects.create(soc_code="29-2072", title="Duplicate", slug="other")
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupation.objects.create(soc_code="29-9999", title="Duplicate", slug="medical-records-specialists")


def test_national_all_industries_excludes_state_and_industry_rows():
    national = WageEstimateFactory()
    WageEstimateFactory(occupation=national.occupation, area_type="state", area_code="17", area_name="Illinois")
    WageEstimateFactory(occupation=national.occupation, industry_code="622000", industry_name="Hospitals")
    assert list(WageEstimate.objects.national_all_industries()) == [national]


def test_occupations_for_a_cip_series_include_those_linked_to_its_six_digit_codes():
    from tests.factories import CIPCodeFactory

    coder = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    specialist = OccupationFactory()
    coder.occupations.add(specialist)
    OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    assert list(Occupation.objects.for_cip_code("51.07")) == [specialist]
