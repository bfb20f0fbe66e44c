"""`manage.py import_oews` and `import_projections`: public BLS layouts straight into the database.

Small files written here in each layout, and (where ../shared/data exists) the public files themselves.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careers.models import Projection, WageEstimate
from tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db

OEWS_HEADER = [
    "release",
    "areatype",
    "area_code",
    "area_name",
    "industry_code",
    "industry_name",
    "industry_display_level",
    "soc_code",
    "occupation_name",
    "employment",
    "employment_rse_pct",
    "hourly_mean",
    "annual_mean",
    "wage_rse_pct",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "emp_per_1000_jobs",
    "location_quotient",
]
NATIONAL_HEADER = [
    "OCC_CODE",
    "OCC_TITLE",
    "OCC_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]
EP_HEADER = [
    "Occupation Title",
    "Occupation Code",
    "Employment 2021",
    "Employment 2031",
    "Employment Change, 2021-2031",
    "Employment Percent Change, 2021-2031",
    "Occupational Openings, 2021-2031 Annual Average",
    "Median Annual Wage 2021",
    "Typical Entry-Level Education",
]


def write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def oews_row(**values):
    """A May 2025 national cross-industry row for 29-2072, the published figures unless overridden."""
    row = dict.fromkeys(OEWS_HEADER, "")
    row.update(
        release="May 2025",
        areatype="N",
        area_code="0000000",
        area_name="National",
        industry_code="000000",
        industry_name="Cross-Industry, Private, Federal, State, and Local",
        soc_code="29-2072",
        occupation_name="Medical Records Specialists",
        employment="194720",
        hourly_mean="27.30",
        annual_mean="56790",
        hourly_median="24.59",
        annual_p10="37000",
        annual_p25="43490",
        annual_median="51140",
        annual_p75="64820",
        annual_p90="81150",
    )
    row.update(values)
    return [row[name] for name in OEWS_HEADER]


OHIO = {"areatype": "S", "area_code": "3900000", "area_name": "Ohio", "employment": "7440", "annual_median": "50990"}
OHIO.update(annual_p10="36000", annual_p25="42000", annual_p75="60000", annual_p90="70000", hourly_median="24.52")


@pytest.fixture
def occupations():
    return {
        "29-2072": OccupationFactory(
            soc_code="29-2072", title="Medical Records Specialists", previous_soc_code="29-2071"
        ),
        "29-9021": OccupationFactory(
            soc_code="29-9021", title="Health Information Technologists", previous_soc_code="29-2071"
        ),
        "11-9111": OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers"),
    }


def run(command, *args):
    out = io.StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


# import_oews


def test_import_oews_reads_the_extract_layout_with_source_release_and_area(occupations, tmp_path):
    path = write(tmp_path / "oews.csv", OEWS_HEADER, [oews_row(), oews_row(**OHIO)])

    output = run("import_oews", path)

    assert "wage estimates: 2 created, 0 updated, 0 unchanged" in output
    national = WageEstimate.objects.get(area_type="national")
    assert (national.employment, national.annual_median, national.hourly_median) == (194720, 51140, Decimal("24.59"))
    assert (national.area_code, national.area_name, national.industry_code) == ("99", "U.S.", "")
    assert (national.release, national.reference_date) == ("May 2025", datetime.date(2025, 5, 1))
    assert national.source == "BLS Occupational Employment and Wage Statistics (OEWS), May 2025"
    ohio = WageEstimate.objects.get(area_type="state")
    assert (ohio.area_code, ohio.area_name, ohio.annual_median) == ("3900000", "Ohio", 50990)


def test_import_oews_twice_changes_nothing(occupations, tmp_path):
    path = write(tmp_path / "oews.csv", OEWS_HEADER, [oews_row(), oews_row(**OHIO)])
    run("import_oews", path)

    output = run("import_oews", path)

    assert "wage estimates: 0 created, 0 updated, 2 unchanged" in output
    assert WageEstimate.objects.count() == 2


def test_import_oews_puts_back_a_figure_changed_since(occupations, tmp_path):
    path = write(tmp_path / "oews.csv", OEWS_HEADER, [oews_row()])
    run("import_oews", path)
    WageEstimate.objects.update(annual_mean=1)

    assert "0 created, 1 updated" in run("import_oews", path)
    assert WageEstimate.objects.get().annual_mean == 56790


@pytest.mark.parametrize("marker", ["*", "**", "#", "-", "N/A"])
def test_suppressed_and_footnoted_values_are_stored_as_missing_never_zero(occupations, tmp_path, marker):
    path = write(
        tmp_path / "oews.csv", OEWS_HEADER, [oews_row(employment=marker, annual_p90=marker, hourly_median=marker)]
    )

    run("import_oews", path)

    row = WageEstimate.objects.get()
    assert (row.employment, row.annual_p90, row.hourly_median) == (None, None, None)
    assert row.annual_median == 51140


def test_a_bad_line_names_file_and_line_and_nothing_is_imported(occupations, tmp_path):
    path = write(
        tmp_path / "oews.csv",
        OEWS_HEADER,
        [
            oews_row(),
            oews_row(**OHIO),
            oews_row(**{**OHIO, "area_code": "3600000", "area_name": "New York", "annual_median": "5l000"}),
        ],
    )

    with pytest.raises(CommandError, match=r"^oews\.csv:4: annual_median: '5l000' is not a number"):
        run("import_oews", path)

    assert not WageEstimate.objects.exists()


def test_percentiles_out_of_order_are_refused_by_line(occupations, tmp_path):
    path = write(tmp_path / "oews.csv", OEWS_HEADER, [oews_row(annual_p25="60000")])
    with pytest.raises(CommandError, match=r"^oews\.csv:2: percentiles out of order"):
        run("import_oews", path)


def test_the_same_row_twice_is_refused_with_both_lines(occupations, tmp_path):
    path = write(tmp_path / "oews.csv", OEWS_HEADER, [oews_row(), oews_row(employment="1")])
    with pytest.raises(CommandError, match=r"^oews\.csv:3: the same row as line 2"):
        run("import_oews", path)
    assert not WageEstimate.objects.exists()


def test_an_unknown_layout_is_refused_naming_the_missing_columns(occupations, tmp_path):
    header = [name for name in OEWS_HEADER if name not in ("annual_median", "areatype")]
    path = write(tmp_path / "renamed.csv", header, [])

    with pytest.raises(CommandError) as raised:
        run("import_oews", path)

    message = str(raised.value)
    assert message.startswith("renamed.csv:1: not a BLS OEWS/OES layout we read")
    assert "OEWS extract (one row per area and industry) it lacks areatype, annual_median;" in message
    assert "it lacks OCC_CODE, OCC_TITLE, TOT_EMP" in message


def test_rows_for_occupations_we_do_not_carry_are_skipped_and_a_file_without_ours_is_refused(occupations, tmp_path):
    other = oews_row(soc_code="15-1252", occupation_name="Software Developers")
    run("import_oews", write(tmp_path / "mixed.csv", OEWS_HEADER, [other, oews_row()]))
    assert list(WageEstimate.objects.values_list("soc_code", flat=True)) == ["29-2072"]

    with pytest.raises(CommandError, match="no rows for the occupations we carry"):
        run("import_oews", write(tmp_path / "others.csv", OEWS_HEADER, [other]))


def test_import_needs_the_occupations_loaded_first(tmp_path):
    with pytest.raises(CommandError, match="no occupations in the database yet"):
        run("import_oews", write(tmp_path / "oews.csv", OEWS_HEADER, [oews_row()]))


def national_row(code, title, **values):
    row = dict.fromkeys(NATIONAL_HEADER, "")
    row.update(OCC_CODE=code, OCC_TITLE=title, OCC_GROUP="detailed", TOT_EMP="184,740", H_MEAN="18.68")
    row.update(A_MEAN="38,860", H_MEDIAN="17.26", A_PCT10="23,340", A_PCT25="28,250", A_MEDIAN="35,900")
    row.update(A_PCT75="46,640", A_PCT90="59,160")
    row.update(values)
    return [row[name] for name in NATIONAL_HEADER]


def test_national_layout_takes_its_release_from_a_bls_file_name_and_splits_soc_2010_codes(occupations, tmp_path):
    path = write(
        tmp_path / "national_M2014_dl.csv",
        NATIONAL_HEADER,
        [national_row("29-2071", "Medical Records and Health Information Technicians")],
    )

    output = run("import_oews", path)

    assert "wage estimates: 2 created" in output
    rows = WageEstimate.objects.order_by("occupation__soc_code")
    assert [row.occupation.soc_code for row in rows] == ["29-2072", "29-9021"]
    for row in rows:
        assert (row.soc_code, row.release, row.employment, row.annual_median) == ("29-2071", "May 2014", 184740, 35900)
        assert row.source == "BLS Occupational Employment Statistics (OES), May 2014"


def test_national_layout_without_a_release_needs_one_given(occupations, tmp_path):
    path = write(tmp_path / "national.csv", NATIONAL_HEADER, [national_row("11-9111", "Managers", A_PCT90="#")])

    with pytest.raises(CommandError, match="does not name its release"):
        run("import_oews", path)
    run("import_oews", path, "--release", "May 2016")

    row = WageEstimate.objects.get()
    assert (row.release, row.reference_date, row.annual_p90) == ("May 2016", datetime.date(2016, 5, 1), None)
    with pytest.raises(CommandError, match="'Spring 2016' is not a month and year"):
        run("import_oews", path, "--release", "Spring 2016")


def test_import_oews_of_the_public_files_matches_the_bundle_exactly(shared_data):
    """The commands and `make data` read the same way: importing the public files over the bundle changes nothing."""
    call_command("load_bundled_data", verbosity=0)

    assert "1741 unchanged" in run("import_oews", shared_data / "oews_may2025_soc_292072_119111_299021.csv")
    assert "0 created, 0 updated, 3 unchanged" in run("import_oews", shared_data / "bls_oes_national_M2014_dl.csv")
    for name in ["bls_ep_2016-26_ipatents.csv", "bls_ep_2021-31_nafrye.csv"]:
        assert "0 created, 0 updated, 3 unchanged" in run("import_projections", shared_data / name)


def test_import_oews_of_the_public_file_into_an_empty_release_gives_the_files_figures(occupations, shared_data):
    run("import_oews", shared_data / "oews_may2025_soc_292072_119111_299021.csv")

    national = WageEstimate.objects.national_all_industries().get(occupation__soc_code="29-2072")
    assert (national.employment, national.annual_median, national.hourly_median) == (194720, 51140, Decimal("24.59"))
    assert WageEstimate.objects.filter(area_type="metro").count() == 1208


# import_projections


def ep_row(code='="29-2072"', **values):
    row = dict.fromkeys(EP_HEADER, "")
    row.update(
        {
            "Occupation Title": "Medical records specialists",
            "Occupation Code": code,
            "Employment 2021": "186.4",
            "Employment 2031": "198.7",
            "Employment Change, 2021-2031": "12.3",
            "Employment Percent Change, 2021-2031": "6.6",
            "Occupational Openings, 2021-2031 Annual Average": "14.9",
            "Median Annual Wage 2021": "46,660",
            "Typical Entry-Level Education": "Postsecondary nondegree award",
        }
    )
    row.update(values)
    return [row[name] for name in EP_HEADER]


def test_import_projections_reads_the_period_from_the_header_and_stores_persons(occupations, tmp_path):
    path = write(tmp_path / "ep.csv", EP_HEADER, [ep_row()])

    output = run("import_projections", path)

    assert "projections: 1 created" in output
    row = Projection.objects.get()
    assert (row.base_year, row.target_year, row.soc_code) == (2021, 2031, "29-2072")
    assert (row.base_employment, row.projected_employment, row.annual_openings) == (186400, 198700, 14900)
    assert (row.percent_change, row.base_year_median_wage) == (Decimal("6.6"), 46660)
    assert (row.source, row.quoted) == ("BLS Employment Projections 2021-31", False)


def test_import_projections_reads_the_older_layout_in_thousands_too(occupations, tmp_path):
    header = [
        "Occupation Title",
        "SOC Code",
        "Employment 2016 (thousands)",
        "Employment 2026 (thousands)",
        "Employment change, 2016-2026 (percent)",
        "Occupational openings, 2016-2026 annual average (thousands)",
        "2016 median annual wage",
    ]
    path = write(
        tmp_path / "ep2016.csv", header, [["Medical records", '="29-2071"', "206.3", "234.1", "13.5", "15.8", "N/A"]]
    )

    run("import_projections", path)

    rows = Projection.objects.order_by("occupation__soc_code")
    assert [(r.occupation.soc_code, r.base_year, r.base_employment) for r in rows] == [
        ("29-2072", 2016, 206300),
        ("29-9021", 2016, 206300),
    ]
    assert rows[0].base_year_median_wage is None
    assert rows[0].entry_education == ""


def test_import_projections_twice_changes_nothing(occupations, tmp_path):
    path = write(tmp_path / "ep.csv", EP_HEADER, [ep_row(), ep_row('="11-9111"', **{"Employment 2021": "480.7"})])
    run("import_projections", path)

    assert "projections: 0 created, 0 updated, 2 unchanged" in run("import_projections", path)


def test_a_bad_projection_line_is_reported_and_nothing_is_imported(occupations, tmp_path):
    path = write(
        tmp_path / "ep.csv",
        EP_HEADER,
        [ep_row('="11-9111"'), ep_row(**{"Employment Percent Change, 2021-2031": "lots"})],
    )

    with pytest.raises(CommandError, match=r"^ep\.csv:3: Employment Percent Change, 2021-2031: 'lots' is not a number"):
        run("import_projections", path)

    assert not Projection.objects.exists()


def test_an_unknown_projections_layout_is_refused_naming_what_is_missing(occupations, tmp_path):
    path = write(tmp_path / "ep.csv", ["Occupation Code", "Employment 2021", "Jobs later"], [])

    with pytest.raises(CommandError) as raised:
        run("import_projections", path)

    message = str(raised.value)
    assert message.startswith("ep.csv:1: not a BLS Employment Projections layout we read: missing ")
    assert "a percent change" in message and "two employment columns" in message
    assert "SOC Code" not in message  # the code column is there


def test_a_missing_or_undecodable_file_is_reported_by_name(occupations, tmp_path):
    with pytest.raises(CommandError, match="^nothing.csv: file not found"):
        run("import_projections", tmp_path / "nothing.csv")
    (tmp_path / "latin.csv").write_bytes("Occupation Code,Employment 2021\n\xe9".encode("latin-1"))
    with pytest.raises(CommandError, match="^latin.csv:2: not valid utf-8 text"):
        run("import_oews", tmp_path / "latin.csv")
