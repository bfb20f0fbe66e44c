"""The program list as CSV: the same programs in the same order as the page, every page, safe in a spreadsheet."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone

from catalog.models import Program
from catalog.search.filters import ProgramFilter
from catalog.views import export
from tests.factories import InstitutionFactory, OutcomeFactory, ProgramFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db

PROGRAM_URL = 25  # the last column


def export_csv(client, query_string=""):
    """(response, rows) of /programs/export.csv; rows[0] is the header."""
    response = client.get("/programs/export.csv" + query_string)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(body[1:])))


def listed_urls(client, query_string):
    """Every program the list page shows for these parameters, page after page, as absolute URLs."""
    urls, page = [], 1
    separator = "&" if query_string else "?"
    while True:
        response = client.get(f"/programs/{query_string}{separator}page={page}")
        assert response.status_code == 200
        urls += [f"http://testserver{program.get_absolute_url()}" for program in response.context["page_obj"]]
        if not response.context["page_obj"].has_next():
            return urls
        page += 1


@pytest.fixture
def catalog():
    ohio = InstitutionFactory(name="Buckeye Career Institute", city="Columbus", state="OH")
    texas = InstitutionFactory(name="Lone Star College", city="Houston", state="TX")
    for index in range(45):
        # Costs and earnings repeat and are sometimes missing, so sorts have ties and blanks to place.
        program = ProgramFactory(
            institution=ohio if index % 2 else texas,
            title=f"Medical Coding {index:02d}" if index % 3 else f"Health Information {index:02d}",
            credential_level=index % 3 + 1,
            cost=Decimal(1000 + index % 4 * 500) if index % 5 else None,
            cost_year=2025 if index % 5 else None,
            length_months=index % 6 * 3 or None,
        )
        if index % 4:
            OutcomeFactory(program=program, median_earnings=30000 + index % 7 * 500, median_debt=index % 3 * 4000)
    ProgramFactory(institution=texas, title="Draft Coding Program", status=Program.Status.DRAFT)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "?q=coding",
        "?q=ohio",
        "?credential_level=2",
        "?q=health&credential_level=1",
        "?credential_level=abc&q=coding",  # an unusable level is dropped, as the list drops it
        "?q=nothing-matches-this",
        "?sort=-earnings",
        "?sort=cost&credential_level=2",
        "?q=coding&sort=debt",
        "?sort=-length&state=OH",
        "?sort=name",
        "?sort=not-a-sort&q=health",
    ],
)
def test_the_export_has_the_lists_programs_in_the_lists_order_across_all_pages(client, query_string):
    _, rows = export_csv(client, query_string)
    assert [row[PROGRAM_URL] for row in rows[1:]] == listed_urls(client, query_string)


def test_the_export_is_a_dated_utf8_attachment_with_a_byte_order_mark(client):
    ProgramFactory()
    response, rows = export_csv(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="programs-{timezone.localdate():%Y-%m-%d}.csv"'
    assert rows[0] == [
        "program",
        "school",
        "city",
        "state",
        "credential level",
        "delivery",
        "length (months)",
        "credit hours",
        "cost (USD)",
        "cost year",
        "can be completed online (IPEDS)",
        "program tuition and fees, whole program (IPEDS, USD)",
        "program tuition year (IPEDS)",
        "school's tuition and fees per year, in-state (USD)",
        "school's tuition and fees per year, out-of-state (USD)",
        "tuition year",
        "tuition source",
        "median earnings (USD)",
        "earnings measured",
        "median debt (USD)",
        "debt-to-earnings ratio",
        "completers",
        "out-earns high school graduates in the state",
        "outcome source",
        "outcome release date",
        "program URL",
    ]


def test_each_row_has_the_programs_facts_and_its_newest_outcome(client):
    school = InstitutionFactory(
        name="Escuela Técnica de Salud",
        city="San Juan",
        state="PR",
        tuition_in_state=6300,
        tuition_out_of_state=6300,
        tuition_year="2018-19",
        tuition_source="College Scorecard",
    )
    program = ProgramFactory(
        institution=school,
        title="Medical Coding Certificate",
        slug="medical-coding-certificate",
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
        delivery_mode=Program.DeliveryMode.HYBRID,
        length_months=9,
        credit_hours=Decimal("30.5"),
        cost=Decimal("4200.00"),
        cost_year=2025,
    )
    OutcomeFactory(program=program, median_earnings=30000, release_date=datetime.date(2024, 1, 15))
    OutcomeFactory(
        program=program,
        median_earnings=41000,
        median_debt=9000,
        debt_to_earnings_ratio=Decimal("0.220"),
        completers=25,
        earns_more_than_hs_graduates=False,
        release_date=datetime.date(2026, 6, 10),
    )
    ProgramFactory(title="No outcome yet")

    _, rows = export_csv(client, "?q=medical+coding+certificate")

    assert rows[1:] == [
        [
            "Medical Coding Certificate",
            "Escuela Técnica de Salud",
            "San Juan",
            "PR",
            "Undergraduate certificate or diploma",
            "Hybrid",
            "9",
            "30.5",
            "4200.00",
            "2025",
            "",
            "",
            "",
            "6300",
            "6300",
            "2018-19",
            "College Scorecard",
            "41000",
            "4 years after completing",
            "9000",
            "0.220",
            "25",
            "no",
            "College Scorecard field of study data",
            "2026-06-10",
            "http://testserver/programs/medical-coding-certificate/",
        ]
    ]
    # A program without outcomes or school-added facts has blank cells, never "None".
    _, rows = export_csv(client, "?q=outcome")
    assert rows[1][0] == "No outcome yet"
    assert rows[1][5:25] == [""] * 20


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
def test_cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe(client, dangerous):
    ProgramFactory(title=dangerous, institution=InstitutionFactory(name=dangerous, city=dangerous))
    _, rows = export_csv(client)
    assert rows[1][:3] == [f"'{dangerous}"] * 3


def test_a_safe_cell_is_left_as_it_is(client):
    ProgramFactory(title="Coding = billing? 100% @home")
    _, rows = export_csv(client)
    assert rows[1][0] == "Coding = billing? 100% @home"


def test_a_longer_list_is_capped_with_a_note_row(client, monkeypatch):
    monkeypatch.setattr(export, "ROW_LIMIT", 3)
    for index in range(5):
        ProgramFactory(title=f"Program {index}")
    _, rows = export_csv(client)
    assert [row[0] for row in rows[1:4]] == ["Program 0", "Program 1", "Program 2"]
    assert rows[4] == ["Only the first 3 programs are in this file. Narrow the search to export the rest."]
    assert len(rows) == 5


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "query_string",
    [
        "?q=" + "coding%20" * 1500,
        "?q=cod%00ing",
        "?credential_level=9999999999999999999999",
        "?credential_level=abc&credential_level=2&q=x&q=coding",
        "?page=abc",
        "?q=%27%3B%20DROP%20TABLE%20catalog_program%3B%20--",
        "?q=%E9%25_%5C",
        "?unknown=1&programs=,,,",
    ],
)
def test_bad_parameters_never_give_an_error(client, query_string):
    response, rows = export_csv(client, query_string)
    assert rows[0][0] == "program"


@pytest.mark.parametrize("count", [3, 60])
def test_export_query_count_does_not_grow_with_the_rows(client, django_assert_max_num_queries, count):
    """Guards against N+1 queries: 60 rows, each with two releases of outcomes, cost the same queries as 3.

    Two once the search index is built: the catalog's token, and the rows with their newest outcomes (one query
    per 500 rows).
    """
    for _ in range(count):
        program = ProgramFactory()
        OutcomeFactory(program=program)
        OutcomeFactory(program=program, release_date=datetime.date(2020, 1, 1))
    build_search_index()
    with django_assert_max_num_queries(2):
        _, rows = export_csv(client, "?credential_level=2")
    assert len(rows) == count + 1


def test_the_export_in_the_bundled_data_matches_the_filtered_list(client):
    call_command("load_bundled_data", stdout=io.StringIO())

    for query_string in ["", "?q=texas&credential_level=1", "?q=birmingham"]:
        _, rows = export_csv(client, query_string)
        filterset = ProgramFilter(
            QueryDict(query_string.lstrip("?")), queryset=Program.objects.published().for_search_results()
        )
        expected = [f"http://testserver{p.get_absolute_url()}" for p in filterset.qs]
        assert [row[PROGRAM_URL] for row in rows[1:]] == expected, query_string
    assert len(export_csv(client)[1]) == 3752 + 1
    _, rows = export_csv(client, "?q=birmingham")
    uab = next(row for row in rows if row[PROGRAM_URL].endswith("/university-of-alabama-at-birmingham-bachelor/"))
    assert uab[10:13] == ["", "", ""]  # no IPEDS file is bundled
    assert uab[13:25] == [
        "8568",
        "19704",
        "2018-19",
        "College Scorecard",
        "53021",
        "4 years after completing",
        "25125",
        "0.474",
        "137",
        "yes",
        "College Scorecard field-of-study data, CIP 51.07",
        "2026-06-10",
    ]
    assert uab[5:10] == ["", "", "", "", ""]  # delivery, length, credits and cost are not in the public data
