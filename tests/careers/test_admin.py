"""Admin smoke tests for occupations, wage estimates and projections."""

import datetime

import pytest
from django.urls import reverse

from careers.models import Occupation, OutlookStatement, OutlookThreshold, Projection, WageEstimate
from tests.admin_helpers import assert_saved
from tests.factories import OccupationFactory, OutlookThresholdFactory, ProjectionFactory, WageEstimateFactory

pytestmark = pytest.mark.django_db


def wage_estimate_form_data(occupation, **overrides):
    return {
        "occupation": occupation.pk,
        "soc_code": occupation.soc_code,
        "published_title": "",
        "release": "May 2025",
        "reference_date": "2025-05-01",
        "source": "BLS Occupational Employment and Wage Statistics",
        "source_url": "https://www.bls.gov/oes/",
        "area_type": WageEstimate.AreaType.STATE,
        "area_code": "55",
        "area_name": "Wisconsin",
        "industry_code": "",
        "industry_name": "",
        "employment": "4210",
        "annual_mean": "",
        "annual_median": "49000",
        "annual_p10": "35000",
        "annual_p25": "",
        "annual_p75": "",
        "annual_p90": "70000",
        "hourly_mean": "",
        "hourly_median": "23.56",
        **overrides,
    }


# Occupations


def test_occupation_changelist_shows_occupation_and_search_finds_by_soc_code(admin_client):
    OccupationFactory(soc_code="29-2072", title="Medical Records Specialists")
    OccupationFactory(soc_code="43-6013", title="Medical Secretaries", slug="medical-secretaries")
    url = reverse("admin:careers_occupation_changelist")

    assert "Medical Records Specialists" in admin_client.get(url).text
    response = admin_client.get(url, {"q": "29-2072"})

    assert "Medical Records Specialists" in response.text
    assert "Medical Secretaries" not in response.text


def test_occupation_add_and_change_pages_save(admin_client):
    add_url = reverse("admin:careers_occupation_add")
    assert admin_client.get(add_url).status_code == 200
    data = {
        "title": "Medical Records Specialists",
        "soc_code": "29-2072",
        "slug": "medical-records-specialists",
        "entry_education": "",
        "summary": "",
        "summary_source": "",
        "previous_soc_code": "29-2071",
        "previous_title": "Medical Records and Health Information Technicians",
        "soc_change_note": "",
    }

    assert_saved(admin_client.post(add_url, data))
    occupation = Occupation.objects.get(soc_code="29-2072")
    change_url = reverse("admin:careers_occupation_change", args=[occupation.pk])
    assert admin_client.get(change_url).status_code == 200
    handbook = "www.bls.gov/ooh/healthcare/medical-records-and-health-information-technicians.htm"
    assert_saved(
        admin_client.post(change_url, {**data, "entry_education": "Postsecondary nondegree award", "ooh_url": handbook})
    )

    occupation.refresh_from_db()
    assert occupation.entry_education == "Postsecondary nondegree award"
    assert occupation.ooh_url == f"https://{handbook}"


# Wage estimates


def test_wage_estimate_changelist_shows_figure_with_release_and_source(admin_client):
    WageEstimateFactory(area_name="U.S.", annual_median=51140)

    response = admin_client.get(reverse("admin:careers_wageestimate_changelist"))

    assert response.status_code == 200
    assert "Medical Records Specialists (29-2072)" in response.text
    assert "May 2025" in response.text
    assert "BLS Occupational Employment and Wage Statistics" in response.text


@pytest.mark.parametrize("term", ["wisconsin", "hospitals", "may 2014", "records"])
def test_wage_estimate_search_finds_by_area_industry_release_and_occupation(admin_client, term):
    WageEstimateFactory(
        occupation=OccupationFactory(soc_code="29-2072", title="Medical Records Specialists"),
        release="May 2014",
        reference_date=datetime.date(2014, 5, 1),
        area_type=WageEstimate.AreaType.STATE,
        area_code="55",
        area_name="Wisconsin",
        industry_code="622000",
        industry_name="Hospitals",
        employment=1111,
    )
    WageEstimateFactory(
        occupation=OccupationFactory(soc_code="43-6013", title="Medical Secretaries", slug="medical-secretaries"),
        area_name="U.S.",
        employment=2222,
    )

    response = admin_client.get(reverse("admin:careers_wageestimate_changelist"), {"q": term})

    assert "1,111" in response.text or "1111" in response.text
    assert "2,222" not in response.text and "2222" not in response.text


def test_wage_estimate_changelist_filters_by_release_and_area_type(admin_client):
    WageEstimateFactory(area_type=WageEstimate.AreaType.NATIONAL, area_name="U.S.", employment=1111)
    WageEstimateFactory(area_type=WageEstimate.AreaType.STATE, area_code="55", area_name="Wisconsin", employment=2222)
    WageEstimateFactory(release="May 2014", reference_date=datetime.date(2014, 5, 1), area_name="U.S.", employment=3333)

    response = admin_client.get(
        reverse("admin:careers_wageestimate_changelist"), {"release": "May 2025", "area_type__exact": "national"}
    )

    assert "1111" in response.text or "1,111" in response.text
    assert not any(figure in response.text for figure in ["2222", "2,222", "3333", "3,333"])


def test_wage_estimate_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    """Guards against N+1 queries: each row's occupation comes in the same query as the row."""
    url = reverse("admin:careers_wageestimate_changelist")
    for code in range(3):
        WageEstimateFactory(occupation=OccupationFactory(soc_code=f"29-10{code:02d}", slug=f"o{code}"))
    with django_assert_max_num_queries(10) as with_three:
        admin_client.get(url)
    for code in range(3, 30):
        WageEstimateFactory(occupation=OccupationFactory(soc_code=f"29-10{code:02d}", slug=f"o{code}"))
    with django_assert_max_num_queries(10) as with_thirty:
        admin_client.get(url)

    assert len(with_thirty.captured_queries) == len(with_three.captured_queries)


def test_wage_estimate_add_page_creates_an_estimate(admin_client):
    occupation = OccupationFactory()
    url = reverse("admin:careers_wageestimate_add")
    assert admin_client.get(url).status_code == 200

    assert_saved(admin_client.post(url, wage_estimate_form_data(occupation)))

    assert occupation.wage_estimates.get().area_name == "Wisconsin"


def test_wage_estimate_with_unordered_percentiles_shows_an_error(admin_client):
    occupation = OccupationFactory()

    response = admin_client.post(
        reverse("admin:careers_wageestimate_add"),
        wage_estimate_form_data(occupation, annual_p10="60000", annual_p25="40000"),
    )

    assert response.status_code == 200
    assert "Wage percentiles must rise from the 10th to the 90th." in str(response.context["adminform"].form.errors)
    assert not WageEstimate.objects.exists()


def test_wage_estimate_change_page_saves_a_figure_but_not_the_release_it_came_from(admin_client):
    estimate = WageEstimateFactory(annual_median=51140)
    url = reverse("admin:careers_wageestimate_change", args=[estimate.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "published_title": "Medical Records Specialists",
            "source_url": "https://www.bls.gov/oes/",
            "area_name": "U.S.",
            "industry_name": "",
            "employment": "194720",
            "annual_median": "51150",
            "release": "May 1999",
            "source": "typed by hand",
        },
    )

    assert_saved(response)
    estimate.refresh_from_db()
    assert estimate.annual_median == 51150
    assert (estimate.release, estimate.source) == ("May 2025", "BLS Occupational Employment and Wage Statistics")


def test_wage_estimate_occupation_autocomplete_finds_by_title(admin_client):
    OccupationFactory(soc_code="29-2072", title="Medical Records Specialists")
    OccupationFactory(soc_code="43-6013", title="Medical Secretaries", slug="medical-secretaries")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "careers", "model_name": "wageestimate", "field_name": "occupation", "term": "records"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["Medical Records Specialists (29-2072)"]


# Projections


def test_projection_changelist_shows_period_with_source_and_search_finds_by_occupation(admin_client):
    ProjectionFactory(occupation=OccupationFactory(soc_code="29-2072", title="Medical Records Specialists"))
    ProjectionFactory(
        occupation=OccupationFactory(soc_code="43-6013", title="Medical Secretaries", slug="medical-secretaries")
    )
    url = reverse("admin:careers_projection_changelist")

    listing = admin_client.get(url)
    response = admin_client.get(url, {"q": "records"})

    assert "2021-31" in listing.text
    assert "BLS Employment Projections 2021-31" in listing.text
    assert "Medical Records Specialists" in response.text
    assert "Medical Secretaries" not in response.text


def test_projection_add_page_creates_a_projection(admin_client):
    occupation = OccupationFactory()
    url = reverse("admin:careers_projection_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "occupation": occupation.pk,
            "soc_code": occupation.soc_code,
            "base_year": "2024",
            "target_year": "2034",
            "base_employment": "190000",
            "projected_employment": "196000",
            "percent_change": "3.2",
            "annual_openings": "",
            "base_year_median_wage": "",
            "entry_education": "",
            "source": "BLS Employment Projections 2024-34",
            "source_url": "",
        },
    )

    assert_saved(response)
    assert occupation.projections.get().period == "2024-34"


def test_projection_with_target_before_base_year_shows_an_error(admin_client):
    occupation = OccupationFactory()

    response = admin_client.post(
        reverse("admin:careers_projection_add"),
        {
            "occupation": occupation.pk,
            "soc_code": occupation.soc_code,
            "base_year": "2034",
            "target_year": "2024",
            "base_employment": "1",
            "projected_employment": "1",
            "percent_change": "0",
            "source": "BLS Employment Projections",
        },
    )

    assert response.status_code == 200
    assert "The target year must come after the base year." in str(response.context["adminform"].form.errors)
    assert not Projection.objects.exists()


def test_projection_change_page_saves_figures_but_not_the_period(admin_client):
    projection = ProjectionFactory(annual_openings=14900)
    url = reverse("admin:careers_projection_change", args=[projection.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "base_year": "1999",
            "base_employment": "186400",
            "projected_employment": "198700",
            "percent_change": "6.6",
            "annual_openings": "15000",
            "base_year_median_wage": "",
            "entry_education": "",
            "source_url": "",
        },
    )

    assert_saved(response)
    projection.refresh_from_db()
    assert (projection.annual_openings, projection.base_year) == (15000, 2021)


# Job outlook thresholds


def test_outlook_threshold_changelist_search_and_add(admin_client):
    OutlookThresholdFactory(
        base_year=2006, target_year=2016, descriptor="grow much faster than average", min_percent=21
    )
    url = reverse("admin:careers_outlookthreshold_changelist")

    assert "grow much faster than average" in admin_client.get(url).text
    assert "2006-16" in admin_client.get(url, {"q": "much faster"}).text
    assert admin_client.get(reverse("admin:careers_outlookthreshold_add")).status_code == 200
    response = admin_client.post(
        reverse("admin:careers_outlookthreshold_add"),
        {
            "base_year": "2006",
            "target_year": "2016",
            "descriptor": "decline rapidly",
            "min_percent": "",
            "source": "BLS Occupational Outlook Handbook",
            "source_url": "www.bls.gov/ooh/",
        },
    )
    assert_saved(response)
    assert OutlookThreshold.objects.get(descriptor="decline rapidly").min_percent is None


def test_outlook_statement_changelist_and_add(admin_client):
    url = reverse("admin:careers_outlookstatement_changelist")
    response = admin_client.post(
        reverse("admin:careers_outlookstatement_add"),
        {
            "soc_code": "29-2072",
            "base_year": "2021",
            "target_year": "2031",
            "stated_percent": "7",
            "descriptor": "about as fast as the average for all occupations",
            "source": "BLS Occupational Outlook Handbook",
            "source_url": "www.bls.gov/ooh/",
            "note": "",
        },
    )

    assert_saved(response)
    assert OutlookStatement.objects.get().source_url == "https://www.bls.gov/ooh/"
    listing = admin_client.get(url, {"q": "29-2072"}).text
    assert "2021-31" in listing and "about as fast as the average for all occupations" in listing


def test_site_editors_may_manage_outlook_statements_like_every_careers_model():
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Site editors")
    granted = set(editors.permissions.filter(content_type__app_label="careers").values_list("codename", flat=True))

    assert {f"{action}_outlookstatement" for action in ("add", "change", "delete", "view")} <= granted


def test_projection_changelist_filters_quoted_figures(admin_client):
    ProjectionFactory(source="BLS Employment Projections 2021-31")
    ProjectionFactory(
        occupation=OccupationFactory(soc_code="11-9111", title="Managers"),
        base_year=2012,
        target_year=2022,
        quoted=True,
        source="Quoted from the Handbook",
    )

    response = admin_client.get(reverse("admin:careers_projection_changelist"), {"quoted__exact": "1"})

    assert "Quoted from the Handbook" in response.text
    assert "BLS Employment Projections 2021-31" not in response.text
