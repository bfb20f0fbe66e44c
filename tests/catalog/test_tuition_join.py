"""Joining College Scorecard's institution file (no UNITID) to our schools, for their yearly tuition and fees.

Tiny files in the file's own layout; the last tests read the real files in ../shared/data and skip without them.
"""

import csv
from pathlib import Path

import pytest

from catalog.importers.bundle import SCORECARD_INSTITUTIONS_FILE
from catalog.importers.tuition import join_tuition, normalise_name
from catalog.importing import DataError

HEADER = ["INSTNM", "CITY", "STABBR", "LATITUDE", "LONGITUDE", "ADM_RATE", "SAT_AVG", "TUITIONFEE_IN", "TUITIONFEE_OUT"]
BUNDLE = Path(__file__).resolve().parents[2] / "catalog" / "data"


def write_file(tmp_path, rows):
    path = tmp_path / SCORECARD_INSTITUTIONS_FILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for name, city, state, latitude, longitude, tuition_in, tuition_out in rows:
            writer.writerow([name, city, state, latitude, longitude, "NULL", "NULL", tuition_in, tuition_out])
    return path


def school(name, city="", state="TX", point=None, hd_name=""):
    return {"names": [name, hd_name], "city": city, "state": state, "point": point}


def test_names_are_compared_without_case_accents_punctuation_or_main_campus():
    assert normalise_name("The University of Texas-Permian Basin") == normalise_name(
        "university of texas permian basin"
    )
    assert normalise_name("Texas A&M University-Main Campus") == normalise_name("Texas A and M University")
    assert normalise_name("Colegio Universitario de San Juan") == normalise_name("Colegio Universitário de San Juán")
    assert normalise_name("St. John's College") == normalise_name("St Johns College")
    assert normalise_name("Texas State University") != normalise_name("Texas Southern University")


def test_an_exact_name_in_the_same_state_gives_the_row(tmp_path):
    path = write_file(tmp_path, [("Lone Star College", "Houston", "TX", "30.0", "-95.4", "1800", "3900")])

    matched, unmatched = join_tuition({1: school("Lone Star College")}, path)

    row, how = matched[1]
    assert (row["tuition_in_state"], row["tuition_out_of_state"], how) == (1800, 3900, "name")
    assert unmatched == {}


def test_the_same_name_in_another_state_is_not_a_match(tmp_path):
    path = write_file(tmp_path, [("Lone Star College", "Houston", "TX", "30.0", "-95.4", "1800", "3900")])

    matched, unmatched = join_tuition({1: school("Lone Star College", state="OK")}, path)

    assert matched == {}
    assert unmatched == {1: "not found"}


def test_the_older_ipeds_name_finds_a_school_renamed_since(tmp_path):
    path = write_file(tmp_path, [("Goodwin College", "East Hartford", "CT", "", "", "21000", "21000")])

    matched, _ = join_tuition({1: school("Goodwin University", state="CT", hd_name="Goodwin College")}, path)

    assert matched[1][1] == "name"


def test_a_normalised_name_matches_and_two_rows_of_it_are_told_apart_by_city(tmp_path):
    path = write_file(
        tmp_path,
        [
            ("Texas A & M University-Main Campus", "College Station", "TX", "", "", "11000", "38000"),
            ("Southern Careers Institute", "Austin", "TX", "", "", "NULL", "NULL"),
            ("Southern Careers Institute", "San Antonio", "TX", "", "", "15000", "15000"),
        ],
    )

    matched, _ = join_tuition(
        {
            1: school("Texas A&M University"),
            2: school("Southern Careers Institute", city="San Antonio"),
        },
        path,
    )

    assert matched[1][1] == "normalised name"
    row, how = matched[2]
    assert (row["city"], how) == ("San Antonio", "name and city")


def test_a_tie_that_city_cannot_break_is_never_guessed(tmp_path):
    path = write_file(
        tmp_path,
        [
            ("Western Technical College", "El Paso", "TX", "", "", "14000", "14000"),
            ("Western Technical College", "El Paso", "TX", "", "", "16000", "16000"),
        ],
    )

    matched, unmatched = join_tuition({1: school("Western Technical College", city="El Paso")}, path)

    assert matched == {}
    assert unmatched == {1: "ambiguous"}


def test_identical_ipeds_coordinates_find_a_renamed_school_when_no_name_does(tmp_path):
    path = write_file(tmp_path, [("Rasmussen College-Florida", "Ocala", "FL", "29.140099", "-82.197343", "10935", "")])

    matched, _ = join_tuition(
        {1: school("Rasmussen University-Florida", state="FL", point=(29.140099, -82.197343))}, path
    )

    assert matched[1][1] == "coordinates"


def test_coordinates_only_match_in_the_same_state_and_only_one_row(tmp_path):
    path = write_file(
        tmp_path,
        [
            ("Campus One", "Tempe", "AZ", "33.4", "-111.9", "9000", "9000"),
            ("Campus Two", "Tempe", "AZ", "33.4", "-111.9", "9500", "9500"),
            ("Elsewhere", "Reno", "NV", "39.5", "-119.8", "7000", "7000"),
        ],
    )

    matched, unmatched = join_tuition(
        {
            1: school("Renamed", state="AZ", point=(33.4, -111.9)),
            2: school("Renamed Too", state="AZ", point=(39.5, -119.8)),
        },
        path,
    )

    assert matched == {}
    assert unmatched == {1: "ambiguous", 2: "not found"}


def test_a_name_match_far_from_the_school_is_another_campus_and_refused(tmp_path):
    path = write_file(tmp_path, [("Hodges University", "Naples", "FL", "26.213940", "-81.799927", "14000", "14000")])

    matched, unmatched = join_tuition({1: school("Hodges University", state="FL", point=(26.61, -81.87))}, path)

    assert matched == {}
    assert unmatched == {1: "other campus"}


def test_a_row_two_of_our_schools_fit_goes_to_the_one_in_its_city_or_to_neither(tmp_path):
    path = write_file(
        tmp_path,
        [
            ("Centura College-Chesapeake", "Chesapeake", "VA", "", "", "15000", "15000"),
            ("Gwinnett Institute", "Orlando", "FL", "", "", "14000", "14000"),
        ],
    )

    matched, unmatched = join_tuition(
        {
            1: school("Centura College-Chesapeake", city="Chesapeake", state="VA"),
            2: school("Centura College-Chesapeake", city="Virginia Beach", state="VA"),
            3: school("Gwinnett Institute", state="FL"),
            4: school("Gwinnett Institute", state="FL"),
        },
        path,
    )

    assert set(matched) == {1}
    assert unmatched == {2: "shared", 3: "shared", 4: "shared"}


def test_null_tuition_is_unknown_not_zero(tmp_path):
    path = write_file(tmp_path, [("Program Reporter Institute", "Dallas", "TX", "", "", "NULL", "NULL")])

    matched, _ = join_tuition({1: school("Program Reporter Institute")}, path)

    row, _how = matched[1]
    assert (row["tuition_in_state"], row["tuition_out_of_state"]) == (None, None)


def test_a_bad_tuition_cell_names_file_and_line(tmp_path):
    path = write_file(
        tmp_path,
        [
            ("Good College", "Dallas", "TX", "", "", "1000", "2000"),
            ("Bad College", "Dallas", "TX", "", "", "about 4000", "2000"),
        ],
    )

    with pytest.raises(
        DataError, match=rf"^{SCORECARD_INSTITUTIONS_FILE}:3: TUITIONFEE_IN: 'about 4000' is not a number"
    ):
        join_tuition({1: school("Good College")}, path)


@pytest.mark.shared_data
def test_the_real_files_price_at_least_four_in_five_programs(shared_data, tmp_path):
    from catalog.importers import build

    summary = "\n".join(build(shared_data, tmp_path))

    with (tmp_path / "institutions.csv").open(encoding="utf-8", newline="") as handle:
        priced = {row["unitid"] for row in csv.DictReader(handle) if row["tuition_source"]}
    with (tmp_path / "programs.csv").open(encoding="utf-8", newline="") as handle:
        programs = [row["unitid"] for row in csv.DictReader(handle)]
    share = sum(unitid in priced for unitid in programs) / len(programs)
    assert share >= 0.80
    # Every school left unpriced is named in the build's output, with the reason.
    assert "tuition ambiguous: Western Technical College (El Paso, TX; UNITID 224660)" in summary
    assert "tuition not found: Dallas College (Dallas, TX; UNITID 224615)" in summary
    assert "tuition other campus: Hodges University (Fort Myers, FL; UNITID 367884)" in summary


def test_the_committed_bundle_prices_at_least_four_in_five_programs():
    """The same figure on the committed files, so a machine without ../shared/data checks it too."""
    with (BUNDLE / "institutions.csv").open(encoding="utf-8", newline="") as handle:
        schools = {row["unitid"]: row for row in csv.DictReader(handle)}
    with (BUNDLE / "programs.csv").open(encoding="utf-8", newline="") as handle:
        programs = [row["unitid"] for row in csv.DictReader(handle)]

    priced = [
        unitid for unitid in programs if schools[unitid]["tuition_in_state"] or schools[unitid]["tuition_out_of_state"]
    ]
    assert len(priced) / len(programs) >= 0.80
    assert all(schools[unitid]["tuition_year"] == "2018-19" for unitid in priced)
    assert all(schools[unitid]["tuition_source"] == "College Scorecard" for unitid in priced)
