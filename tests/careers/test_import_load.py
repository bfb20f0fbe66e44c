"""Loading the committed careers/data files into the database."""

import datetime
import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from careers.importers import load
from careers.importers.releases import PROJECTION_FIELDS, WAGE_FIELDS
from careers.models import Occupation, OutlookStatement, OutlookThreshold, Projection, WageEstimate
from catalog.importing import DataError, LoadReport, write_csv

pytestmark = pytest.mark.django_db

CAREERS_DATA = settings.BASE_DIR / "careers" / "data"


def load_careers(data_dir=CAREERS_DATA):
    """Load the way load_bundled_data does: inside one transaction."""
    report = LoadReport()
    with transaction.atomic():
        load(data_dir, report)
    return report


def national(soc_code, release, occupation_code=None):
    return WageEstimate.objects.get(
        occupation__soc_code=occupation_code or soc_code,
        soc_code=soc_code,
        release=release,
        area_type="national",
        industry_code="",
    )


def test_load_gives_the_three_occupations_with_summaries_education_and_soc_changes():
    load_careers()

    occupations = {o.soc_code: o for o in Occupation.objects.all()}
    assert sorted(occupations) == ["11-9111", "29-2072", "29-9021"]
    specialists = occupations["29-2072"]
    assert specialists.title == "Medical Records Specialists"
    assert specialists.slug == "medical-records-specialists"
    assert specialists.summary.startswith("Compile, process, and maintain medical records")
    assert specialists.summary_source.startswith("O*NET")
    assert specialists.entry_education == "Postsecondary nondegree award"
    assert specialists.entry_education_source == "BLS Employment Projections 2021-31"
    for code in ["29-2072", "29-9021"]:
        assert occupations[code].previous_soc_code == "29-2071"
        assert occupations[code].previous_title == "Medical Records and Health Information Technicians"
        assert "not directly comparable" in occupations[code].soc_change_note
    assert occupations["11-9111"].previous_soc_code == ""
    assert occupations["11-9111"].entry_education == "Bachelor's degree"
    assert occupations["29-9021"].entry_education == "Associate's degree"
    assert {code: o.ooh_url.rsplit("/", 1)[1] for code, o in occupations.items()} == {
        "11-9111": "medical-and-health-services-managers.htm",
        "29-2072": "medical-records-and-health-information-technicians.htm",
        "29-9021": "health-information-technologists-and-medical-registrars.htm",
    }


def test_load_gives_the_may_2025_national_figures_with_source_and_release():
    load_careers()

    row = national("29-2072", "May 2025")
    assert (row.employment, row.annual_median) == (194720, 51140)
    assert (row.hourly_median, row.hourly_mean) == (Decimal("24.59"), Decimal("27.30"))
    assert (row.area_code, row.area_name, row.industry_name) == ("99", "U.S.", "")
    assert row.reference_date == datetime.date(2025, 5, 1)
    assert row.source == "BLS Occupational Employment and Wage Statistics (OEWS), May 2025"
    assert row.source_url == "https://www.bls.gov/oes/tables.htm"
    assert national("29-9021", "May 2025").annual_median == 68020
    assert national("11-9111", "May 2025").employment == 597080


def test_may_2014_figures_for_29_2071_appear_on_both_occupations_it_was_split_into():
    load_careers()

    for occupation_code in ["29-2072", "29-9021"]:
        row = national("29-2071", "May 2014", occupation_code)
        assert (row.employment, row.annual_median) == (184740, 35900)
        assert row.hourly_median == Decimal("17.26")
        assert row.published_title == "Medical Records and Health Information Technicians"
        assert row.source == "BLS Occupational Employment Statistics (OES), May 2014"
        assert row.reference_date == datetime.date(2014, 5, 1)
    managers = national("11-9111", "May 2014")
    assert (managers.employment, managers.annual_median) == (310320, 92810)
    assert not WageEstimate.objects.filter(occupation__soc_code="11-9111", soc_code="29-2071").exists()


def test_load_keeps_every_area_and_industry_row_of_the_2025_release():
    load_careers()

    rows = WageEstimate.objects.filter(release="May 2025")
    assert rows.count() == 1741
    assert WageEstimate.objects.count() == 1744
    assert rows.filter(occupation__soc_code="29-2072", area_type="state").count() == 53
    alabama = rows.get(occupation__soc_code="29-2072", area_type="state", area_code="0100000")
    assert (alabama.area_name, alabama.annual_median) == ("Alabama", 43810)
    private = rows.get(occupation__soc_code="29-2072", area_type="national", industry_code="000001")
    assert private.industry_name == "Cross-industry, Private Ownership only"
    # "-" in the file: employment not published, wages are.
    beckley = rows.get(occupation__soc_code="29-2072", area_code="0013220")
    assert (beckley.employment, beckley.annual_median) == (None, 41320)


def test_load_gives_projections_for_both_releases_in_persons():
    load_careers()

    specialists = {p.base_year: p for p in Projection.objects.filter(occupation__soc_code="29-2072", quoted=False)}
    assert sorted(specialists) == [2016, 2021]
    newest = specialists[2021]
    assert (newest.soc_code, newest.base_employment, newest.projected_employment) == ("29-2072", 186400, 198700)
    assert (newest.percent_change, newest.annual_openings) == (Decimal("6.6"), 14900)
    assert newest.base_year_median_wage == 46660
    assert newest.source == "BLS Employment Projections 2021-31"
    assert newest.source_url == "https://www.bls.gov/emp/"
    older = specialists[2016]
    assert (older.soc_code, older.base_employment, older.target_year) == ("29-2071", 206300, 2026)
    assert Projection.objects.get(occupation__soc_code="29-9021", base_year=2016).soc_code == "29-2071"
    managers = Projection.objects.get(occupation__soc_code="11-9111", base_year=2016)
    assert (managers.base_employment, managers.percent_change) == (352200, Decimal("20.5"))
    assert Projection.objects.filter(quoted=False).count() == 6


def test_quoted_figures_load_as_quoted_with_their_source_and_only_what_the_publication_gave():
    load_careers()

    quoted = {(p.occupation.soc_code, p.base_year): p for p in Projection.objects.filter(quoted=True)}
    assert sorted(quoted) == [("11-9111", 2012), ("11-9111", 2023), ("29-9021", 2022)]
    article = quoted["11-9111", 2012]
    assert (article.target_year, article.percent_change) == (2022, Decimal("23.0"))
    assert (article.base_employment, article.projected_employment, article.employment_change) == (None, None, None)
    assert "2014-15 Edition" in article.source and "article" in article.source
    handbook = quoted["11-9111", 2023]
    assert (handbook.base_employment, handbook.annual_openings) == (562700, 61400)
    assert handbook.quoted_descriptor == "much faster than average"
    assert handbook.note.startswith("Quoted, not read from a BLS table")
    assert handbook.source_url == "https://www.bls.gov/ooh/management/medical-and-health-services-managers.htm"
    technologists = quoted["29-9021", 2022]
    assert (technologists.percent_change, technologists.annual_openings) == (Decimal("16.0"), 3100)
    assert technologists.quoted_descriptor == "much faster than average"


def test_bls_own_growth_phrases_load_for_the_2021_31_projections_each_at_the_percent_the_table_rounds_to():
    load_careers()

    statements = {s.soc_code: s for s in OutlookStatement.objects.all()}
    assert sorted(statements) == ["11-9111", "29-2072", "29-9021"]
    table = {p.soc_code: p for p in Projection.objects.filter(quoted=False, base_year=2021)}
    for code, statement in statements.items():
        assert (statement.base_year, statement.target_year) == (2021, 2031)
        assert statement.stated_percent == table[code].whole_percent_change
        assert "via CollegeGrad" in statement.source and statement.source_url.startswith("https://collegegrad.")
        # The note says how the copy was dated: by the BLS table's May 2021 median, which it repeats.
        assert f"${table[code].base_year_median_wage:,}" in statement.note
    assert statements["29-2072"].descriptor == "about as fast as the average for all occupations"
    assert (
        statements["11-9111"].descriptor
        == statements["29-9021"].descriptor
        == ("much faster than the average for all occupations")
    )


def test_job_outlook_thresholds_load_with_their_bls_source():
    load_careers()

    bands = OutlookThreshold.objects.filter(base_year=2006, target_year=2016)
    assert [(b.descriptor, b.min_percent) for b in bands] == [
        ("grow much faster than average", 21),
        ("grow faster than average", 14),
        ("grow about as fast as average", 7),
        ("grow more slowly than average", 3),
        ("little or no change", -2),
        ("decline slowly or moderately", -9),
        ("decline rapidly", None),
    ]
    assert all(b.source.startswith("BLS Occupational Outlook Handbook") and b.source_url for b in bands)
    # No thresholds are stored for the periods of the projections we carry: none was found on BLS's pages.
    assert not OutlookThreshold.objects.filter(base_year__in=[2012, 2016, 2021, 2022, 2023]).exists()


def test_loading_twice_changes_nothing():
    first = load_careers()
    second = load_careers()

    assert first.changed == 3 + 1744 + 9 + 13 + 3
    assert second.changed == 0
    assert second.counts["projections"] == [0, 0, 9]
    assert second.counts["job outlook thresholds"] == [0, 0, 13]
    assert second.counts["job outlook statements"] == [0, 0, 3]
    assert second.counts["wage estimates"] == [0, 0, 1744]
    assert WageEstimate.objects.count() == 1744


def test_a_reload_puts_back_a_value_changed_in_the_database():
    load_careers()
    WageEstimate.objects.filter(soc_code="29-2072", release="May 2025", area_type="national", industry_code="").update(
        annual_mean=1
    )

    report = load_careers()

    assert report.counts["wage estimates"] == [0, 1, 1743]
    assert national("29-2072", "May 2025").annual_mean == 56790


# A valid derived row to spoil: the national May 2025 figures for 29-2072, with a changed median
# so that a load which wrote anything before failing would show.
GOOD_WAGE = {
    **dict.fromkeys(WAGE_FIELDS, ""),
    "soc_code": "29-2072",
    "published_title": "Medical Records Specialists",
    "release": "May 2025",
    "area_type": "national",
    "area_code": "99",
    "area_name": "U.S.",
    "employment": "194720",
    "annual_median": "50000",
}
GOOD_PROJECTION = {
    "soc_code": "29-2072",
    "base_year": "2021",
    "target_year": "2031",
    "base_employment": "1",
    "projected_employment": "2",
    "percent_change": "100.0",
    "annual_openings": "",
    "base_year_median_wage": "",
    "entry_education": "",
    "source": "BLS Employment Projections 2021-31",
    "source_url": "https://www.bls.gov/emp/",
}


def data_dir_with(tmp_path, wages, projections):
    """The committed files, with small wage and projection files written in their derived shape."""
    folder = tmp_path / "data"
    shutil.copytree(CAREERS_DATA, folder)
    write_csv(folder / "wage_estimates.csv", WAGE_FIELDS, wages)
    write_csv(folder / "projections.csv", PROJECTION_FIELDS, projections)
    return folder


@pytest.mark.parametrize(
    ("bad_wage", "bad_projection", "message"),
    [
        ({"annual_median": "51,140"}, None, "wage_estimates.csv:3: annual_median: '51,140' is not a whole number"),
        ({"hourly_median": "n/a"}, None, "wage_estimates.csv:3: hourly_median: 'n/a' is not a number"),
        (
            {"annual_p25": "60000", "annual_median": "51140"},
            None,
            "wage_estimates.csv:3: percentiles out of order: annual_p25 60000 > annual_median 51140",
        ),
        ({"soc_code": "29-2099"}, None, "wage_estimates.csv:3: unknown SOC code 29-2099"),
        ({"release": "May 2030"}, None, "wage_estimates.csv:3: release 'May 2030' is not in wage_releases.csv"),
        ({"area_type": "county"}, None, "wage_estimates.csv:3: area_type:"),
        (None, {"soc_code": "15-1252"}, "projections.csv:3: unknown SOC code 15-1252"),
        (None, {"percent_change": "six"}, "projections.csv:3: percent_change: 'six' is not a number"),
        (None, {"target_year": "2011"}, "projections.csv:3: target_year must be after base_year"),
    ],
)
def test_a_bad_derived_row_names_file_and_line_and_leaves_the_database_unchanged(
    tmp_path, bad_wage, bad_projection, message
):
    load_careers()
    counts = (Occupation.objects.count(), WageEstimate.objects.count(), Projection.objects.count())
    wages = [GOOD_WAGE, {**GOOD_WAGE, "area_code": "98", **(bad_wage or {})}]
    projections = [GOOD_PROJECTION, {**GOOD_PROJECTION, "soc_code": "29-9021", **(bad_projection or {})}]
    folder = data_dir_with(tmp_path, wages, projections)

    with pytest.raises(DataError) as raised:
        load_careers(folder)

    assert str(raised.value).startswith(message)
    assert (Occupation.objects.count(), WageEstimate.objects.count(), Projection.objects.count()) == counts
    assert national("29-2072", "May 2025").annual_median == 51140
    assert Projection.objects.get(occupation__soc_code="29-2072", base_year=2021).base_employment == 186400


def test_the_same_row_twice_is_an_error(tmp_path):
    folder = data_dir_with(tmp_path, [GOOD_WAGE, GOOD_WAGE], [GOOD_PROJECTION])

    with pytest.raises(DataError, match=r"^wage_estimates.csv:3: a second row for 29-2072, May 2025, national, 99"):
        load_careers(folder)

    assert not WageEstimate.objects.exists()


@pytest.mark.parametrize(
    ("file_name", "old", "new", "message"),
    [
        ("quoted_projections.csv", ",23.0,", ",about 23,", "quoted_projections.csv:2: percent_change: 'about 23'"),
        ("quoted_projections.csv", "11-9111,2012,2022", "11-9111,2012,2002", "quoted_projections.csv:2: target_year"),
        ("quoted_projections.csv", "29-9021,2022", "15-1252,2022", "quoted_projections.csv:4: unknown SOC code"),
        (
            "outlook_thresholds.csv",
            "grow faster than average,21",
            "grow faster than average,x",
            "outlook_thresholds.csv:3:",
        ),
        (
            "outlook_thresholds.csv",
            "grow faster than average,14",
            "grow faster than average,21",
            "outlook_thresholds.csv:9:",
        ),
        (
            "outlook_statements.csv",
            "29-2072,2021,2031,7,",
            "29-2072,2021,2031,8,",
            "outlook_statements.csv:3: stated_percent 8 does not match projections.csv, whose 6.6% for 29-2072 "
            "2021-2031 the Handbook would print as 7%",
        ),
        (
            "outlook_statements.csv",
            "29-9021,2021,2031,",
            "29-9021,2016,2026,",
            "outlook_statements.csv:4: no projection for 29-9021 2016-2026",
        ),
        (
            "outlook_statements.csv",
            "11-9111,2021,2031,28,much faster than the average for all occupations,",
            "11-9111,2021,2031,28,,",
            "outlook_statements.csv:2: descriptor and source are required",
        ),
    ],
)
def test_a_bad_hand_written_row_names_file_and_line_and_leaves_the_database_unchanged(
    tmp_path, file_name, old, new, message
):
    load_careers()
    before = (Projection.objects.count(), OutlookThreshold.objects.count(), OutlookStatement.objects.count())
    folder = tmp_path / "data"
    shutil.copytree(CAREERS_DATA, folder)
    text = (folder / file_name).read_text()
    assert old in text
    (folder / file_name).write_text(text.replace(old, new, 1))

    with pytest.raises(DataError) as raised:
        load_careers(folder)

    assert str(raised.value).startswith(message)
    assert (Projection.objects.count(), OutlookThreshold.objects.count(), OutlookStatement.objects.count()) == before
