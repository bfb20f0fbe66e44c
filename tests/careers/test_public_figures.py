"""The pages' figures against the public BLS file itself (read here with the csv module, not our importer)."""

import csv
import re

import pytest

pytestmark = pytest.mark.django_db

OEWS = "oews_may2025_soc_292072_119111_299021.csv"
SLUGS = {
    "29-2072": "medical-records-specialists",
    "29-9021": "health-information-technologists-and-medical-registrars",
    "11-9111": "medical-and-health-services-managers",
}


def published(shared_data, **match):
    with (shared_data / OEWS).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if all(row[key] == value for key, value in match.items())]


def money(text):
    return "Not reported" if text in {"*", "**", "#", "-", "N/A", ""} else f"${int(text):,}"


def count(text):
    return "Not reported" if text in {"*", "**", "#", "-", "N/A", ""} else f"{int(text):,}"


def cells(response):
    """Each table row's cells as text, in order."""
    content = response.content.decode()
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", content, re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


@pytest.mark.parametrize("soc_code", ["29-2072", "29-9021", "11-9111"])
def test_every_state_row_on_the_page_matches_the_public_file(client, careers_bundle, shared_data, soc_code):
    public = published(shared_data, soc_code=soc_code, areatype="S")
    slug = SLUGS[soc_code]

    rows = {row[0].split(" (figures")[0]: row for row in cells(client.get(f"/careers/{slug}/")) if "(figures" in row[0]}

    assert len(rows) == len(public) >= 50
    for state in public:
        row = rows[state["area_name"]]
        assert row[1:3] == [count(state["employment"]), money(state["annual_median"])], state["area_name"]


@pytest.mark.parametrize("soc_code", ["29-2072", "29-9021", "11-9111"])
def test_national_percentiles_on_the_page_match_the_public_file(client, careers_bundle, shared_data, soc_code):
    (national,) = published(shared_data, soc_code=soc_code, areatype="N", industry_code="000000")
    slug = SLUGS[soc_code]

    percentiles = {"10th", "25th", "50th (median)", "75th", "90th"}
    table = [row for row in cells(client.get(f"/careers/{slug}/")) if row and row[0].split(":")[0] in percentiles]

    assert [row[1] for row in table] == [
        money(national[name]) for name in ["annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90"]
    ]


def test_ohio_areas_on_the_page_match_the_public_file(client, careers_bundle, shared_data):
    public = [
        row
        for row in published(shared_data, soc_code="29-2072", areatype="M")
        if re.search(r", ([A-Z]{2}-)*OH(-[A-Z]{2})*$", row["area_name"]) or row["area_code"].startswith("39")
    ]

    response = client.get("/careers/medical-records-specialists/", {"state": "OH"})

    shown = {row[0]: row for row in cells(response) if len(row) == 4 and row[0] in {p["area_name"] for p in public}}
    assert len(shown) == len(public) == 19
    for area in public:
        assert shown[area["area_name"]][1:3] == [count(area["employment"]), money(area["annual_median"])]
