"""Wage and projection rows that contradict themselves never reach the database."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from careers import figures
from careers.areas import states_of_area
from careers.models import Occupation, Projection, WageEstimate
from tests.factories import (
    CIPCodeFactory,
    CredentialFactory,
    OccupationFactory,
    OutlookStatementFactory,
    OutlookThresholdFactory,
    ProjectionFactory,
    WageEstimateFactory,
)

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


def test_the_occupation_page_reads_industries_at_the_industry_group_level_only():
    national = WageEstimateFactory()
    occupation = national.occupation
    codes = ["620000", "622000", "622100", "621100", "622110", "622005", "999200", "000001"]
    for code in codes:
        WageEstimateFactory(occupation=occupation, industry_code=code, industry_name=f"Industry {code}")
    rows = WageEstimate.objects.for_occupation_page(occupation)
    industries = sorted(row.industry_code for row in rows if row.industry_code not in ("", "000000"))
    assert industries == ["621100", "622100", "999200"]
    assert national in list(rows)


def _industry(occupation, code, employment, median):
    return WageEstimateFactory(
        occupation=occupation,
        industry_code=code,
        industry_name=f"Industry {code}",
        employment=employment,
        annual_median=median,
        annual_mean=None,
        annual_p10=None,
        annual_p25=None,
        annual_p75=None,
        annual_p90=None,
    )


def test_the_occupation_page_reads_only_the_industries_that_can_make_its_top_five_ties_included():
    occupation = WageEstimateFactory().occupation
    # (code, jobs, median pay): 6211 and 6212 tie for fifth place by jobs, 6213 and 6214 for fifth by pay.
    table = [
        ("621100", 900, 40000),
        ("621200", 800, 41000),
        ("621300", 700, 90000),
        ("621400", 600, 80000),
        ("621500", 500, 70000),
        ("621600", 500, 60000),
        ("621700", 100, 60000),
        ("621800", None, 95000),
        ("621900", 50, None),
        ("622100", 499, 59999),
    ]
    for code, employment, median in table:
        _industry(occupation, code, employment, median)
    rows = WageEstimate.objects.for_occupation_page(occupation)
    industries = [row for row in rows if row.industry_code not in ("", "000000")]
    assert sorted(row.industry_code for row in industries) == [
        "621100", "621200", "621300", "621400", "621500", "621600", "621700", "621800",
    ]  # fmt: skip
    # The page's two tables are what they would be from every industry group.
    every = list(WageEstimate.objects.national_industry_groups())
    assert len(every) == len(table)
    for choose in (figures.most_jobs, figures.highest_paid):
        assert [row.pk for row in choose(industries)] == [row.pk for row in choose(every)]


def test_with_fewer_than_five_industries_the_occupation_page_reads_every_one_with_a_figure():
    occupation = WageEstimateFactory().occupation
    for code, employment, median in [("621100", 10, None), ("621200", None, 50000), ("621300", None, None)]:
        _industry(occupation, code, employment, median)
    rows = WageEstimate.objects.for_occupation_page(occupation)
    assert sorted(row.industry_code for row in rows if row.industry_code) == ["621100", "621200"]


def test_occupations_for_a_cip_series_include_those_linked_to_its_six_digit_codes():
    coder = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    specialist = OccupationFactory()
    coder.occupations.add(specialist)
    OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    assistant = OccupationFactory(soc_code="31-9092", title="Medical Assistants")
    CIPCodeFactory(code="51.0801", title="Medical/Clinical Assistant").occupations.add(assistant)
    assert list(Occupation.objects.for_cip_code("51.07")) == [specialist]
    assert list(Occupation.objects.for_cip_code("51.0713")) == [specialist]
    assert list(Occupation.objects.for_cip_code("51.0714")) == []
    assert list(Occupation.objects.for_cip_code("51")) == [assistant, specialist]


def test_a_quoted_projection_may_lack_employment_and_shares_its_period_with_a_table_row():
    table = ProjectionFactory(base_year=2023, target_year=2033)
    quoted = ProjectionFactory(
        occupation=table.occupation,
        base_year=2023,
        target_year=2033,
        base_employment=None,
        projected_employment=None,
        quoted=True,
    )
    assert quoted.employment_change is None
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectionFactory(occupation=table.occupation, base_year=2023, target_year=2033, quoted=True)


@pytest.mark.parametrize(("percent", "whole"), [("6.6", 7), ("6.5", 7), ("6.4", 6), ("-1.5", -2), ("0.0", 0)])
def test_percent_change_rounds_to_a_whole_percent_as_the_handbook_prints_it(percent, whole):
    assert ProjectionFactory.build(percent_change=Decimal(percent)).whole_percent_change == whole


@pytest.mark.parametrize(
    ("reference_date", "older"),
    [(datetime.date(2023, 5, 1), False), (datetime.date(2023, 4, 1), True), (datetime.date(2014, 5, 1), True)],
)
def test_a_wage_release_is_older_when_more_than_two_years_before_the_newest(reference_date, older):
    estimate = WageEstimateFactory.build(reference_date=reference_date)
    assert estimate.is_older_than(datetime.date(2025, 5, 1)) is older
    assert estimate.is_older_than(None) is False


def test_outlook_labels_use_only_the_thresholds_of_each_projections_own_period():
    current = ProjectionFactory(percent_change=Decimal("12.4"))
    older = ProjectionFactory(occupation=current.occupation, base_year=2016, target_year=2026)
    OutlookThresholdFactory(descriptor="much faster than average", min_percent=13)
    OutlookThresholdFactory(descriptor="faster than average", min_percent=8)
    OutlookThresholdFactory(base_year=2012, target_year=2022, descriptor="decline", min_percent=None)

    labelled = {projection.pk: projection for projection in Projection.objects.with_outlook()}

    assert labelled[current.pk].outlook.descriptor == "faster than average"
    assert labelled[older.pk].outlook is None


def test_bls_own_words_for_a_code_and_period_win_over_the_periods_thresholds():
    current = ProjectionFactory(percent_change=Decimal("6.6"))
    OutlookThresholdFactory(descriptor="faster than average", min_percent=5)
    OutlookStatementFactory()

    labelled = Projection.objects.with_outlook().get(pk=current.pk)

    assert labelled.outlook.descriptor == "about as fast as the average for all occupations"
    assert labelled.outlook.source == "BLS Occupational Outlook Handbook (test statement)"
    assert labelled.outlook.source_url.endswith("medical-records-specialists.htm")
    assert labelled.outlook.stated is True


def test_a_statement_applies_only_to_the_code_and_period_it_was_published_for():
    current = ProjectionFactory()  # 29-2072, 2021-31
    earlier_code = ProjectionFactory(
        occupation=current.occupation, soc_code="29-2071", base_year=2016, target_year=2026
    )
    OutlookStatementFactory(soc_code="29-9021")
    OutlookStatementFactory(base_year=2016, target_year=2026, stated_percent=14)  # 29-2072 was not published then
    OutlookThresholdFactory(descriptor="faster than average", min_percent=5)

    labelled = {projection.pk: projection for projection in Projection.objects.with_outlook()}

    assert labelled[current.pk].outlook.descriptor == "faster than average"
    assert labelled[current.pk].outlook.stated is False
    assert labelled[earlier_code.pk].outlook is None


@pytest.mark.parametrize(
    ("percent", "descriptor"),
    [
        ("12.5", "much faster than average"),  # rounds half away from zero to 13, as the Handbook prints it
        ("12.4", "faster than average"),
        ("7.5", "faster than average"),
        ("7.4", "as fast as average"),
        ("-2.4", "little or no change"),
        ("-2.5", "decline"),  # -3: below every bounded band, so the open lowest band
    ],
)
def test_an_outlook_phrase_is_the_band_of_the_change_rounded_to_a_whole_percent(percent, descriptor):
    """The phrase is chosen in SQL; it must round and compare exactly as whole_percent_change does."""
    projection = ProjectionFactory(percent_change=Decimal(percent))
    OutlookThresholdFactory(descriptor="much faster than average", min_percent=13)
    OutlookThresholdFactory(descriptor="faster than average", min_percent=8)
    OutlookThresholdFactory(descriptor="as fast as average", min_percent=3)
    OutlookThresholdFactory(descriptor="little or no change", min_percent=-2)
    OutlookThresholdFactory(descriptor="decline", min_percent=None)

    labelled = Projection.objects.with_outlook().get(pk=projection.pk)

    assert labelled.outlook.descriptor == descriptor
    assert labelled.outlook.source == "BLS Occupational Outlook Handbook (test thresholds)"


@pytest.mark.parametrize(
    ("code", "name", "states"),
    [
        ("0017140", "Cincinnati, OH-KY-IN", ["OH", "KY", "IN"]),
        ("0010420", "Akron, OH", ["OH"]),
        ("3900002", "Southern Ohio nonmetropolitan area", ["OH"]),
        ("7200001", "Puerto Rico nonmetropolitan area", ["PR"]),
        ("9900001", "Nowhere", []),
    ],
)
def test_an_oews_area_belongs_to_the_states_its_code_or_name_gives(code, name, states):
    assert states_of_area(code, name) == states


def test_the_occupation_page_reads_only_the_areas_that_may_lie_in_the_state_asked_for():
    """With a state, the page's query reads the newest state release's areas that may lie in it, never the whole
    country's; every area the page shows under the state is among them (it picks them exactly in Python)."""
    occupation = WageEstimateFactory().occupation
    WageEstimateFactory(occupation=occupation, area_type="state", area_code="3900000", area_name="Ohio")
    areas = {
        ("0017140", "Cincinnati, OH-KY-IN"): True,  # a metropolitan area across three states, Ohio last
        ("0048540", "Wheeling, WV-OH"): True,
        ("3900002", "Southern Ohio nonmetropolitan area"): True,  # by its code: the name has no "OH"
        ("0010420", "Akron, PA"): False,
        ("2100002", "South Central Kentucky nonmetropolitan area"): False,
        ("0099999", "Ohio-like, OHX"): False,  # "OH" in the name, in no state's list: read, then left out
        ("0010000", "Toledo, oh"): False,  # lower case is not a postal code
    }
    for (code, name), _in_ohio in areas.items():
        WageEstimateFactory(occupation=occupation, area_type="metro", area_code=code, area_name=name)
    WageEstimateFactory(  # an older release's Ohio area: the page shows the newest state release's only
        occupation=occupation,
        area_type="metro",
        area_code="0017460",
        area_name="Cleveland, OH",
        release="May 2014",
        reference_date=datetime.date(2014, 5, 1),
    )

    rows = list(WageEstimate.objects.for_occupation_page(occupation, "OH"))
    read = {row.area_name for row in rows if row.area_type == "metro"}
    assert read == {"Cincinnati, OH-KY-IN", "Wheeling, WV-OH", "Southern Ohio nonmetropolitan area", "Ohio-like, OHX"}
    shown = [row.area_name for row in figures.areas_in_state([row for row in rows if row.area_type == "metro"], "OH")]
    everything = WageEstimate.objects.metro_areas().filter(release=rows[0].release)
    assert shown == [row.area_name for row in figures.areas_in_state(everything, "OH")]
    assert shown == sorted(name for (_code, name), in_ohio in areas.items() if in_ohio)
    # Without a state no area is read.
    assert not [row for row in WageEstimate.objects.for_occupation_page(occupation) if row.area_type == "metro"]


def test_similar_occupations_share_a_cip_code_or_credential_and_exclude_the_occupation_itself():
    specialists = OccupationFactory()
    technologists = OccupationFactory(soc_code="29-9021", title="Technologists")
    managers = OccupationFactory(soc_code="11-9111", title="Managers")
    OccupationFactory(soc_code="29-1141", title="Nurses")
    CIPCodeFactory(code="51.0707").occupations.add(specialists, technologists)
    CredentialFactory().occupations.add(specialists, managers)

    assert list(Occupation.objects.similar_to(specialists)) == [managers, technologists]
