"""The comparison table of all credentials: one row each, sorted by links (no script), nulls last, and printable."""

import re
from decimal import Decimal

import pytest
from django.conf import settings

from tests.certifications.test_credential_pages import load_bundle, page_text
from tests.factories import CertifyingBodyFactory, CredentialFactory, CredentialFeeFactory

pytestmark = pytest.mark.django_db

URL = "/certifications/compare/"


@pytest.fixture
def bundle(db):
    load_bundle()


@pytest.fixture
def three(db):
    """Three credentials: one with no fee and no exam facts, so every sort has a value to put last."""
    ahima = CertifyingBodyFactory(abbreviation="AHIMA", name="American Health Information Management Association")
    cheap = CredentialFactory(abbreviation="CCA", body=ahima, exam_minutes=120, exam_questions=105, renewal_ceus=20)
    dear = CredentialFactory(abbreviation="CPC", exam_minutes=240, exam_questions=100, renewal_ceus=36)
    CredentialFactory(abbreviation="RHIA", body=ahima, exam_minutes=None, exam_questions=None, renewal_ceus=None)
    CredentialFeeFactory(credential=cheap, amount=Decimal("199.00"), description="members", verified=False)
    CredentialFeeFactory(credential=cheap, amount=Decimal("299.00"), description="non-members", verified=False)
    CredentialFeeFactory(credential=dear, amount=Decimal("399.00"), description="one attempt", verified=True)


def row_order(response):
    """The credential abbreviations of the table's rows, top to bottom."""
    return re.findall(r'<th scope="row"><a href="/certifications/[^/]+/">([^<]+)</a>', response.content.decode())


def header(response, label):
    """The <th> of the column whose link reads `label`."""
    return re.search(rf"<th scope=\"col\"[^>]*><a [^>]*>{label}<.*?</th>", response.content.decode()).group(0)


def test_the_credential_list_links_to_the_comparison(client, three):
    assert f'href="{URL}"' in client.get("/certifications/").content.decode()


def test_the_table_shows_a_row_per_credential_with_its_facts_and_lowest_fee(client, three):
    response = client.get(URL)

    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert row_order(response) == ["CPC", "CCA", "RHIA"]  # by body (AAPC, AHIMA), then abbreviation
    assert "CCA Certified Professional Coder AHIMA 120 minutes 105 from $199 (AAPC, as of Jan. 1, 2025)" in text
    assert ": members unverified" in text
    assert "$399 (AAPC, as of Jan. 1, 2025): one attempt AHIMA" not in text  # CPC's fee is verified: no label
    assert "$399 (AAPC, as of Jan. 1, 2025): one attempt" in text
    assert "36 every 2 years" in text
    assert "RHIA Certified Professional Coder AHIMA Not reported Not reported Not reported" in text


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("fee", ["CCA", "CPC", "RHIA"]),
        ("-fee", ["CPC", "CCA", "RHIA"]),
        ("minutes", ["CCA", "CPC", "RHIA"]),
        ("-minutes", ["CPC", "CCA", "RHIA"]),
        ("questions", ["CPC", "CCA", "RHIA"]),
        ("-questions", ["CCA", "CPC", "RHIA"]),
        ("ceus", ["CCA", "CPC", "RHIA"]),
        ("-ceus", ["CPC", "CCA", "RHIA"]),
        ("-body", ["CCA", "RHIA", "CPC"]),
    ],
)
def test_each_sort_orders_the_rows_with_unreported_values_last(client, three, sort, order):
    assert row_order(client.get(URL, {"sort": sort})) == order


def test_the_sorted_column_carries_aria_sort_and_links_to_the_other_direction(client, three):
    response = client.get(URL, {"sort": "fee"})

    fee = header(response, "Lowest exam fee")
    assert 'aria-sort="ascending"' in fee
    assert 'href="?sort=-fee#compare-table"' in fee
    assert "(sort descending)" in fee
    minutes = header(response, "Exam length")
    assert "aria-sort" not in minutes
    assert 'href="?sort=minutes#compare-table"' in minutes
    assert 'aria-sort="descending"' in header(client.get(URL, {"sort": "-fee"}), "Lowest exam fee")
    assert response.content.decode().count("aria-sort=") == 1


@pytest.mark.parametrize("bad", ["price", "--fee", "-", "<script>", "x" * 500, "fee\x00"])
def test_a_bad_sort_value_is_ignored_with_a_note(client, three, bad):
    response = client.get(URL, {"sort": bad})

    assert response.status_code == 200
    assert row_order(response) == ["CPC", "CCA", "RHIA"]
    text = page_text(response.content.decode())
    assert "so the table is in its usual order, by body." in text
    assert "<script>" not in response.content.decode().split("<main")[1]
    assert 'aria-sort="ascending"' in header(response, "Body")


def test_no_note_without_a_sort_or_with_a_good_one(client, three):
    assert "usual order" not in page_text(client.get(URL).content.decode())
    assert "usual order" not in page_text(client.get(URL, {"sort": "-ceus"}).content.decode())


def test_the_table_scrolls_inside_a_labelled_focusable_region(client, three):
    content = client.get(URL).content.decode()

    region = re.search(r"<div class=\"table-scroll\"[^>]*>", content).group(0)
    assert 'role="region"' in region and 'tabindex="0"' in region
    assert 'aria-labelledby="compare-caption"' in region
    assert '<caption id="compare-caption">' in content


def test_the_print_stylesheet_repeats_the_header_row_and_keeps_rows_whole():
    css = (settings.BASE_DIR / "catalog" / "static" / "css" / "site.css").read_text()
    section = css.split("/* ==== Certifications (issue 5, part 1)")[1]
    printing = section.split("@media print {", 1)[1]

    assert re.search(r"\.compare-credentials thead \{\s*display: table-header-group;", printing)
    assert re.search(r"\.compare-credentials tr \{\s*break-inside: avoid;", printing)


def test_an_empty_catalog_says_there_is_nothing_to_compare(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No certifications are listed yet." in page_text(response.content.decode())


@pytest.mark.parametrize("count", [1, 25])
def test_comparison_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    """Guards against N+1 queries: 25 credentials with several fees each cost the same queries as one."""
    for index in range(count):
        credential = CredentialFactory()
        CredentialFeeFactory(credential=credential, amount=Decimal(100 + index))
        CredentialFeeFactory(credential=credential, amount=Decimal(200 + index))
    for query in ({"sort": "-fee"}, {"sort": "fee", "print": "1"}):
        with django_assert_max_num_queries(2):
            assert client.get(URL, query).status_code == 200


def test_bundled_comparison_lists_all_nine_and_puts_credentials_without_a_fee_last(client, bundle):
    response = client.get(URL, {"sort": "fee"})

    order = row_order(response)
    assert sorted(order) == sorted(["CPC", "COC", "CPC-P", "CIC", "CRC", "CCA", "CCS", "RHIT", "RHIA"])
    assert set(order[-2:]) == {"CIC", "RHIA"}  # credentials.md found no fee for them
    assert order[0] == "CCA"  # $199, the lowest fee in the notes
    text = page_text(response.content.decode())
    assert "COC Certified Outpatient Coder formerly CPC-H" in text
    assert (
        "from $199 (secondary pages (they conflict), as of Jan. 1, 2025): AHIMA members; sources conflict unverified"
        in text
    )
