"""A program's IPEDS fields once imported: read-only in the admin, and (phase 2) on its page and in search.

The data is the invented test data in tests/fixtures/ipeds, for the factory-made schools of test_import_ipeds.
"""

import csv
import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.importers.ipeds import apply_tuition_to_rows
from catalog.importers.ipeds_files import read_ipeds_file
from catalog.models import Program, ProgramField
from tests.admin_helpers import assert_saved
from tests.catalog.test_import_ipeds import CERTIFICATE, CODES, FIXTURES
from tests.catalog.test_import_ipeds import catalog as fixture_catalog  # noqa: F401 (a fixture)
from tests.catalog.test_staff_scoping import program_post
from tests.factories import SchoolMembershipFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db

FILES = ("c2023_a.csv", "c2023dep.csv", "ic2023_py.csv", "ic2023_ay.csv")


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


@pytest.fixture
def imported(request):
    programs = request.getfixturevalue("fixture_catalog")
    call_command("import_ipeds", *(str(FIXTURES / name) for name in FILES), verbosity=0)
    return {name: Program.objects.get(pk=program.pk) for name, program in programs.items()}


def test_school_staff_see_the_ipeds_fields_but_cannot_change_them(client, imported):
    program = imported["institute"]
    client.force_login(SchoolMembershipFactory(institution=program.institution).user)
    url = reverse("admin:catalog_program_change", args=[program.pk])

    page = client.get(url)

    text = page_text(page)
    assert f"51.0713 {CODES['51.0713']}" in text
    assert "$14,500 (IPEDS, 2023-24)" in text
    assert "IPEDS C2023_A, C2023DEP, IC2023_PY (NCES)" in text
    assert 'name="distance_education"' not in page.text
    fields = list(ProgramField.objects.values())

    response = client.post(url, program_post(program, distance_education="none", title="Coding Certificate"))

    assert_saved(response)
    program.refresh_from_db()
    assert (program.title, program.distance_education) == ("Coding Certificate", Program.DistanceEducation.ALL)
    assert list(ProgramField.objects.values()) == fields


def test_tuition_reaches_institutions_csv_rows_only_when_the_file_has_tuition_columns():
    tuition_file = read_ipeds_file(FIXTURES / "ic2023_ay.csv")
    rows = [{"unitid": "990001", "tuition_year": "2019-20", "tuition_source": "College Scorecard"}]
    tuition = [(tuition_file, {990001: (3450, 9450)})]

    assert "no tuition columns" in apply_tuition_to_rows(rows, tuition, columns=["unitid", "name"])[0]
    assert rows[0]["tuition_year"] == "2019-20"

    columns = ["unitid", "tuition_in_state", "tuition_out_of_state", "tuition_year", "tuition_source"]
    apply_tuition_to_rows(rows, tuition, columns=columns)
    assert rows[0] == {
        "unitid": "990001",
        "tuition_in_state": "3450",
        "tuition_out_of_state": "9450",
        "tuition_year": "2023-24",
        "tuition_source": "IPEDS IC2023_AY (NCES)",
    }


def test_after_importing_a_program_page_shows_its_6_digit_title(client, imported):
    """The import half of the end-to-end test; the page and search halves are phase 2 (below)."""
    program = imported["institute"]
    assert program.title == f"{CODES['51.0713']} — {CERTIFICATE}"
    assert program.distance_education == Program.DistanceEducation.ALL
    coding = program.fields.get()
    assert (coding.tuition_and_fees, coding.charges_year, coding.source) == (
        14500,
        "2023-24",
        "IPEDS C2023_A, C2023DEP, IC2023_PY (NCES)",
    )

    text = page_text(client.get(program.get_absolute_url()))

    assert f"{CODES['51.0713']} — {CERTIFICATE}" in text


def test_after_importing_the_page_shows_delivery_and_price_and_search_filters_on_delivery(
    client, imported, django_assert_max_num_queries
):
    """The end-to-end test: a program shows its 6-digit title, delivery and price, and "online coding
    certificate" filters on the imported delivery."""
    program = imported["institute"]
    with django_assert_max_num_queries(6):
        response = client.get(program.get_absolute_url())
    text = page_text(response)
    assert f"{CODES['51.0713']} — {CERTIFICATE}" in text
    assert "Delivery Can be completed online (IPEDS C2023_A, C2023DEP, IC2023_PY (NCES))" in text
    assert "Program cost (total tuition and fees) Program tuition and fees: $14,500 (IPEDS IC2023_PY, 2023-24)" in text
    assert "Fields of study (IPEDS)" in text and "CIP 51.0713" in text
    assert "books and supplies: $1,200" in text
    # Delivery, length and cost are known now: the "not yet reported" list no longer names them.
    gaps = text[text.index("Not yet reported by the school") :]
    assert "Delivery," not in gaps and "program cost" not in gaps and "length," not in gaps

    build_search_index()
    with django_assert_max_num_queries(6):
        response = client.get("/programs/", {"q": "online coding certificate"})
    results = page_text(response)
    listed = [found.pk for found in response.context["page_obj"]]
    assert program.pk in listed  # its certificates: all can be completed online
    assert imported["bachelor"].pk not in listed  # not a certificate
    assert all(
        found.distance_education == "all" or found.delivery_mode == "online" for found in response.context["page_obj"]
    )
    assert "Delivery: Online (from your search)" in results
    assert "Can be completed online (IPEDS)" in results
    assert "Program tuition and fees: $14,500 (IPEDS IC2023_PY, 2023-24)" in results
    assert "delivery is not known" not in results


def test_the_field_facet_lists_the_6_digit_codes_and_filters_by_them(client, imported):
    response = client.get("/programs/")
    facet = response.context["facets_by_name"]["field"]
    counts = {option.value: option.count for option in facet.options}
    assert counts["51.0713"] >= 1
    coding = client.get("/programs/", {"field": "51.0713"})
    assert coding.context["paginator"].count == counts["51.0713"]
    assert all("51.0713" in [field["code"] for field in found.federal_fields] for found in coding.context["page_obj"])


def test_a_program_keeps_a_summary_of_its_fields_for_its_pages(imported):
    program = imported["institute"]
    assert program.federal_fields[0]["code"] == "51.0713"
    assert program.federal_price == {"low": 14500, "high": 14500, "count": 1, "year": "2023-24"}
    assert program.federal_months == (9, 9)


def test_compare_and_export_carry_the_ipeds_delivery_and_price(client, imported):
    program, other = imported["institute"], imported["bachelor"]
    compare = client.get("/compare/", {"programs": f"{program.slug},{other.slug}"})
    rows = {row.key: row for row in compare.context["rows"]}
    assert rows["delivery"].cells[0].text == "Can be completed online (IPEDS C2023_A, C2023DEP, IC2023_PY (NCES))"
    assert rows["cost"].cells[0].text == "$14,500 (IPEDS IC2023_PY, 2023-24)"

    content = b"".join(client.get("/programs/export.csv").streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content)))
    row = dict(zip(header, next(row for row in rows if row[0] == program.title), strict=True))
    assert row["can be completed online (IPEDS)"] == "All can be completed online"
    assert row["program tuition and fees, whole program (IPEDS, USD)"] == "14500"
    assert row["program tuition year (IPEDS)"] == "2023-24"
