"""Occupation pages: newest national pay, jobs and outlook, earlier releases, each with source and release."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from tests.factories import CredentialFactory, OccupationFactory, ProjectionFactory, WageEstimateFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def may_2014(occupation, **fields):
    """The OES May 2014 row, published under SOC 2010 code 29-2071 before SOC 2018 split it."""
    values = {
        "soc_code": "29-2071",
        "published_title": "Medical Records and Health Information Technicians",
        "release": "May 2014",
        "reference_date": datetime.date(2014, 5, 1),
        "employment": 184740,
        "annual_mean": 38860,
        "annual_median": 35900,
        "annual_p10": 23530,
        "annual_p25": 28450,
        "annual_p75": 46020,
        "annual_p90": 60060,
        "hourly_median": Decimal("17.26"),
        "source": "BLS Occupational Employment Statistics",
    }
    values.update(fields)
    return WageEstimateFactory(occupation=occupation, **values)


def test_career_list_shows_newest_national_pay_hourly_jobs_and_outlook_with_sources(client):
    occupation = OccupationFactory(title="Medical Records Specialists")
    may_2014(occupation)
    WageEstimateFactory(occupation=occupation, annual_median=50250, hourly_median=Decimal("24.16"), employment=194720)
    # A state row is not the national figure.
    WageEstimateFactory(occupation=occupation, area_type="state", area_code="39", area_name="Ohio", annual_median=61000)
    ProjectionFactory(occupation=occupation)

    response = client.get("/careers/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Medical Records Specialists" in text
    assert "$50,250 (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert "$24.16 (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert "194,720 (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert "Projected change 2021-31: 6.6% (BLS Employment Projections 2021-31)" in text
    assert "$35,900" not in text
    assert "$61,000" not in text


def test_career_without_figures_says_so(client):
    OccupationFactory(title="Medical Records Specialists")
    assert "Not reported yet" in page_text(client.get("/careers/"))


def test_career_page_shows_pay_outlook_education_and_credentials(client):
    occupation = OccupationFactory(
        title="Medical Records Specialists",
        entry_education="Postsecondary nondegree award",
        entry_education_source="BLS Employment Projections 2021-31",
    )
    WageEstimateFactory(occupation=occupation, annual_median=50250, annual_p10=35000, annual_p90=75000)
    ProjectionFactory(occupation=occupation, percent_change=Decimal("7.1"), annual_openings=14900)
    ProjectionFactory(
        occupation=occupation,
        soc_code="29-2071",
        base_year=2016,
        target_year=2026,
        percent_change=Decimal("13.0"),
        source="BLS Employment Projections 2016-26",
    )
    credential = CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")
    credential.occupations.add(occupation)

    response = client.get(occupation.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "Median annual pay $50,250 (BLS Occupational Employment and Wage Statistics, May 2025)" in text
    assert "Lowest-paid 10% earn less than $35,000" in text
    assert "Highest-paid 10% earn more than $75,000" in text
    assert "Projected change in jobs, 2021-31 7.1% (BLS Employment Projections 2021-31)" in text
    assert "Openings each year, on average 14,900 (BLS Employment Projections 2021-31)" in text
    assert "Postsecondary nondegree award (BLS Employment Projections 2021-31)" in text
    assert "CPC: Certified Professional Coder (AAPC)" in text
    # The older projection is listed as an earlier release.
    assert "Earlier employment projections Period and source Published as Projected change Openings each year " in text
    assert "BLS Employment Projections 2016-26 29-2071" in text
    assert "13%" in text


def test_earlier_release_under_an_older_soc_code_carries_the_change_note(client):
    occupation = OccupationFactory(
        title="Medical Records Specialists",
        soc_change_note="SOC 2018 split 29-2071 into 29-2072 and 29-9021.",
    )
    WageEstimateFactory(occupation=occupation)
    may_2014(occupation)

    text = page_text(client.get(occupation.get_absolute_url()))

    assert "May 2014, BLS Occupational Employment Statistics" in text
    assert "29-2071 Medical Records and Health Information Technicians" in text
    assert "$35,900" in text and "184,740" in text
    assert "Figures marked with code 29-2071 were published before this occupation got its SOC 2018 code" in text
    assert "SOC 2018 split 29-2071 into 29-2072 and 29-9021." in text


def test_earlier_release_under_the_same_code_has_no_change_note(client):
    occupation = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    WageEstimateFactory(occupation=occupation)
    may_2014(occupation, soc_code="11-9111", published_title="Medical and Health Services Managers")

    text = page_text(client.get(occupation.get_absolute_url()))

    assert "May 2014" in text
    assert "Why some figures use a different code" not in text


def test_unknown_career_is_not_found(client):
    response = client.get("/careers/no-such-career/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


@pytest.mark.parametrize("count", [1, 6])
def test_career_list_query_count_does_not_grow_with_occupations(client, django_assert_max_num_queries, count):
    """Guards against N+1 queries: six occupations with figures cost the same queries as one."""
    for index in range(count):
        occupation = OccupationFactory(soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        WageEstimateFactory(occupation=occupation)
        may_2014(occupation)
        ProjectionFactory(occupation=occupation)
    with django_assert_max_num_queries(3):
        assert client.get("/careers/").status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_career_page_query_count_does_not_grow_with_releases(client, django_assert_max_num_queries, count):
    """Guards against N+1 queries: many releases, projections and credentials cost the same queries as one."""
    occupation = OccupationFactory()
    for index in range(count):
        may_2014(occupation, release=f"May {2014 + index}", reference_date=datetime.date(2014 + index, 5, 1))
        ProjectionFactory(occupation=occupation, base_year=2010 + index, target_year=2020 + index)
        CredentialFactory().occupations.add(occupation)
    with django_assert_max_num_queries(4):
        assert client.get(occupation.get_absolute_url()).status_code == 200
