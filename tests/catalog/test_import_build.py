"""Building catalog's derived CSVs from public files in their publishers' formats.

Most tests write tiny files in those formats into tmp_path, so they run on any machine; the last two
read the real files in ../shared/data and skip where that folder is absent.
"""

import csv
from pathlib import Path

import pytest

from catalog.importers import build
from catalog.importers.bundle import (
    CIP_SOURCE_FILE,
    CROSSWALK_SOURCE_FILE,
    IPEDS_SOURCE_FILE,
    SCORECARD_DICTIONARY_FILE,
    SCORECARD_INSTITUTIONS_FILE,
    SCORECARD_SOURCE_FILE,
)
from catalog.importing import DataError

BUNDLE = Path(__file__).resolve().parents[2] / "catalog" / "data"
SCORECARD_HEADER = [
    "unitid",
    "opeid6",
    "inst_name",
    "state",
    "control",
    "cip_code",
    "cip_desc",
    "credential_level",
    "credential_desc",
    "completers_count",
    "earnings",
    "earnings_horizon",
    "earnings_threshold_state",
    "fails_ep_state",
    "debt_median",
    "debt_to_earnings_ratio",
]
IPEDS_HEADER = [
    "UNITID",
    "INSTNM",
    "CITY",
    "STABBR",
    "ZIP",
    "OPEID",
    "WEBADDR",
    "FAIDURL",
    "NPRICURL",
    "CONTROL",
    "LOCALE",
    "CBSA",
    "LONGITUD",
    "LATITUDE",
]


def write(path, header, rows, encoding="utf-8", newline="\n"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)


def scorecard_row(unitid, name, state, level, description, earnings="", horizon="", fails="", debt="", ratio=""):
    return [unitid, "", name, state, "Public", "5107", "Health and Medical Administrative Services.", level,
            description, "12.0", earnings, horizon, "36976.0", fails, debt, ratio]  # fmt: skip


@pytest.fixture
def public(tmp_path):
    """A tiny copy of each public file: two schools, one of them too new for IPEDS HD2020."""
    folder = tmp_path / "public"
    folder.mkdir()
    write(
        folder / CIP_SOURCE_FILE,
        ["CIPFamily", "CIPCode", "Action", "CIPTitle", "CIPDefinition"],
        [
            ["51", "51", "No change", "HEALTH PROFESSIONS AND RELATED PROGRAMS.", "Programs that..."],
            ["51", "51.07", "No change", "Health and Medical Administrative Services.", "Defined in 51.0701-51.0799."],
            ["51", '="51.0713"', "No change", "Medical Insurance Coding Specialist/Coder.", "A program that..."],
            ["51", "51.0799", "No change", "Health and Medical Administrative Services, Other.", "Any program..."],
            ["51", "51.0801", "No change", "Medical/Clinical Assistant.", "A program..."],
        ],
    )
    write(
        folder / CROSSWALK_SOURCE_FILE,
        ["Current TOP Code", "2020 CIP Code", "2020 CIP Title", "2018 SOC Code", "2018 SOC Title"],
        [
            ["1223.10", "51.0713", "Coder", "29-2072", "Medical Records Specialists"],
            ["1223.10", "51.0713", "Coder", "29-9093", "Surgical Assistants"],
            ["1223.00", "51.0713", "Coder", "29-2072", "Medical Records Specialists"],
            ["1210.00", "51.0908", "Respiratory Care", "29-2072", "Medical Records Specialists"],
        ],
        newline="\r\n",
    )
    levels = ["Undergraduate Certificate or Diploma", "Associate's Degree", "Bachelor's Degree"]
    write(
        folder / SCORECARD_DICTIONARY_FILE,
        ["NAME OF DATA ELEMENT", "VARIABLE NAME", "VALUE", "LABEL"],
        [["Level of credential", "CREDLEV", "1", levels[0]], ["", "", "2", levels[1]], ["", "", "3", levels[2]]],
    )
    write(
        folder / SCORECARD_SOURCE_FILE,
        SCORECARD_HEADER,
        [
            scorecard_row("496399", "Agape College of Business and Science", "CA", "2", levels[1]),
            scorecard_row(
                "166027",
                "Harbor College",
                "",
                "1",
                levels[0],
                "41000.0",
                "4yr_after_completion",
                "False",
                "9500.0",
                "0.23",
            ),  # fmt: skip
            scorecard_row("166027", "Harbor College", "", "99", "Non-Credential Program (Preparatory Coursework)"),
        ],
    )
    write(
        folder / IPEDS_SOURCE_FILE,
        IPEDS_HEADER,
        [
            [
                "166027",
                "Harbor Collège",
                "Bostón",
                "MA",
                "2116",
                "217800",
                "www.harbor.edu/",
                " ",
                "www.harbor.edu/Net Price Calculator/npcalc.htm",
                "1",
                "41",
                "-2",
                "-71.118313",
                "42.374471",
            ],
            [
                "100654",
                "Alabama A & M University",
                "Normal",
                "AL",
                "35762",
                "100200",
                "www.aamu.edu/",
                " ",
                " ",
                "1",
                "12",
                "26620",
                "-86.568502",
                "34.783368",
            ],
        ],  # fmt: skip
        encoding="cp1252",
        newline="\r\n",
    )
    write(
        folder / SCORECARD_INSTITUTIONS_FILE,
        ["INSTNM", "CITY", "STABBR", "LATITUDE", "LONGITUDE", "ADM_RATE", "SAT_AVG", "TUITIONFEE_IN", "TUITIONFEE_OUT"],
        [
            ["Harbor College", "Boston", "MA", "42.374471", "-71.118313", "NULL", "NULL", "4200", "9100"],
            ["Alabama A & M University", "Normal", "AL", "34.783368", "-86.568502", "0.8986", "957", "9744", "18354"],
        ],
    )
    return folder


def read_rows(folder, name):
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_cip_family_is_the_series_and_its_codes_without_closing_periods(public, tmp_path):
    build(public, tmp_path / "out")

    rows = read_rows(tmp_path / "out", "cip_codes.csv")
    assert [(row["code"], row["title"]) for row in rows] == [
        ("51.07", "Health and Medical Administrative Services"),
        ("51.0713", "Medical Insurance Coding Specialist/Coder"),
        ("51.0799", "Health and Medical Administrative Services, Other"),
    ]


def test_crosswalk_keeps_each_51_07_link_to_our_occupations_once(public, tmp_path):
    build(public, tmp_path / "out")

    rows = read_rows(tmp_path / "out", "cip_occupations.csv")
    assert [(row["cip_code"], row["soc_code"], row["soc_title"]) for row in rows] == [
        ("51.0713", "29-2072", "Medical Records Specialists")
    ]


def test_schools_get_their_ipeds_directory_facts_under_their_newer_scorecard_name(public, tmp_path):
    """HD2020 is older than the 2026 Scorecard file: a renamed school keeps the name it goes by now.

    The city checks that the cp1252 IPEDS file is decoded (its accent survives).
    """
    build(public, tmp_path / "out")

    school = read_rows(tmp_path / "out", "institutions.csv")[0]
    assert school == {
        "unitid": "166027",
        "opeid6": "002178",
        "name": "Harbor College",
        "slug": "harbor-college",
        "city": "Bostón",
        "state": "MA",
        "zip_code": "02116",
        "ownership": "public",
        "locale": "rural",
        "cbsa_code": "",
        "website": "https://www.harbor.edu/",
        "net_price_calculator_url": "https://www.harbor.edu/Net%20Price%20Calculator/npcalc.htm",
        "financial_aid_url": "",
        "latitude": "42.374471",
        "longitude": "-71.118313",
        "source": "Name: College Scorecard, 2026-06-10 release; directory facts: IPEDS HD2020 (NCES)",
        "tuition_in_state": "4200",
        "tuition_out_of_state": "9100",
        "tuition_year": "2018-19",
        "tuition_source": "College Scorecard",
    }


def test_school_missing_from_ipeds_keeps_scorecard_name_and_state_and_is_counted(public, tmp_path):
    summary = build(public, tmp_path / "out")

    school = read_rows(tmp_path / "out", "institutions.csv")[1]
    assert (school["unitid"], school["name"], school["state"]) == (
        "496399",
        "Agape College of Business and Science",
        "CA",
    )
    assert school["city"] == school["website"] == school["latitude"] == school["ownership"] == ""
    assert "not in IPEDS HD2020" in school["source"]
    assert "catalog: schools: 2 (1 not in IPEDS HD2020" in "\n".join(summary)


def test_programs_say_what_scorecard_says_and_cite_it(public, tmp_path):
    build(public, tmp_path / "out")

    programs = read_rows(tmp_path / "out", "programs.csv")
    assert [(row["external_id"], row["slug"], row["title"]) for row in programs] == [
        (
            "scorecard:166027:5107:1",
            "harbor-college-certificate",
            "Health and Medical Administrative Services — Undergraduate Certificate or Diploma",
        ),
        (
            "scorecard:166027:5107:99",
            "harbor-college-non-credential",
            "Health and Medical Administrative Services — Non-Credential Program (Preparatory Coursework)",
        ),
        (
            "scorecard:496399:5107:2",
            "agape-college-of-business-and-science-associate",
            "Health and Medical Administrative Services — Associate's Degree",
        ),
    ]
    assert programs[0]["source_url"] == "https://collegescorecard.ed.gov/school/?166027"
    assert programs[0]["source_note"] == "College Scorecard field-of-study data, CIP 51.07, release 2026-06-10"
    assert {row["status"] for row in programs} == {"published"}


def test_outcomes_turn_failing_the_earnings_premium_into_earning_more(public, tmp_path):
    build(public, tmp_path / "out")

    outcome = read_rows(tmp_path / "out", "outcomes.csv")[0]
    assert outcome == {
        "external_id": "scorecard:166027:5107:1",
        "median_earnings": "41000",
        "earnings_horizon": "4yr_after_completion",
        "median_debt": "9500",
        "debt_to_earnings_ratio": "0.230",
        "completers": "12",
        "state_hs_earnings_threshold": "36976",
        "earns_more_than_hs_graduates": "true",
        "source": "College Scorecard field-of-study data, CIP 51.07",
        "source_url": "https://collegescorecard.ed.gov/school/?166027",
        "release_date": "2026-06-10",
    }


def test_a_bad_public_line_names_file_and_line_and_writes_nothing(public, tmp_path):
    path = public / SCORECARD_SOURCE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("41000.0", "n/a"), encoding="utf-8")

    with pytest.raises(DataError, match=rf"^{SCORECARD_SOURCE_FILE}:3: earnings: 'n/a' is not a number"):
        build(public, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_credential_level_neither_the_dictionary_nor_the_model_knows_is_refused(public, tmp_path):
    path = public / SCORECARD_SOURCE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(",99,", ",42,"), encoding="utf-8")

    with pytest.raises(DataError, match=rf"^{SCORECARD_SOURCE_FILE}:4: credential_level: 42 is not a known"):
        build(public, tmp_path / "out")


def test_an_ipeds_file_that_is_not_cp1252_names_its_line(public, tmp_path):
    path = public / IPEDS_SOURCE_FILE
    path.write_bytes(path.read_bytes().replace(b"Normal", b"Norm\x81l"))

    with pytest.raises(DataError, match=rf"^{IPEDS_SOURCE_FILE}:3: not valid cp1252 text"):
        build(public, tmp_path / "out")


def test_an_unknown_ipeds_control_code_is_refused(public, tmp_path):
    path = public / IPEDS_SOURCE_FILE
    path.write_bytes(path.read_bytes().replace(b",1,41,", b",7,41,"))

    with pytest.raises(DataError, match=rf"^{IPEDS_SOURCE_FILE}:2: CONTROL: '7' is not an IPEDS CONTROL code"):
        build(public, tmp_path / "out")


@pytest.mark.shared_data
def test_building_from_the_public_files_reproduces_the_committed_bundle(shared_data, tmp_path):
    build(shared_data, tmp_path)

    committed = sorted(path.name for path in BUNDLE.glob("*.csv"))
    assert sorted(path.name for path in tmp_path.glob("*.csv")) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (BUNDLE / name).read_bytes(), name


@pytest.mark.shared_data
def test_a_bad_line_in_the_real_scorecard_file_names_that_file_and_line(shared_data, tmp_path):
    public = tmp_path / "public"
    public.mkdir()
    for name in (
        CIP_SOURCE_FILE,
        CROSSWALK_SOURCE_FILE,
        IPEDS_SOURCE_FILE,
        SCORECARD_DICTIONARY_FILE,
        SCORECARD_INSTITUTIONS_FILE,
    ):
        (public / name).symlink_to(shared_data / name)
    lines = (shared_data / SCORECARD_SOURCE_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1999] = lines[1999].replace(",5107,", ",5108,")
    (public / SCORECARD_SOURCE_FILE).write_text("".join(lines), encoding="utf-8")

    with pytest.raises(DataError, match=rf"^{SCORECARD_SOURCE_FILE}:2000: cip_code: '5108' is not 5107"):
        build(public, tmp_path / "out")
    assert not (tmp_path / "out").exists()
