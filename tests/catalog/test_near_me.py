"""Near me: programs within N miles of a ZIP code, the distance on each card, and honest messages."""

import html
import io
import re
import socket
from decimal import Decimal

import pytest
import zipcodes
from django.core.management import call_command
from django.http import QueryDict

from catalog import geo
from catalog.models import Institution, Program
from catalog.search.filters import ProgramFilter
from tests.factories import InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db

HOUSTON = (29.7594, -95.3594)  # ZIP 77002's centre in the zipcodes package
MILES_PER_DEGREE_NORTH = geo.EARTH_RADIUS_MILES * 3.141592653589793 / 180


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def school_north_of_houston(miles, name=None, **fields):
    """A school `miles` due north of ZIP 77002's centre."""
    return InstitutionFactory(
        name=name or f"School {miles} miles north",
        latitude=Decimal(str(round(HOUSTON[0] + miles / MILES_PER_DEGREE_NORTH, 6))),
        longitude=Decimal(str(HOUSTON[1])),
        **fields,
    )


@pytest.fixture
def ring():
    """Programs at 5, 20, 40, 80 and 150 miles, one online program far away, and one school with no location."""
    programs = {miles: ProgramFactory(institution=school_north_of_houston(miles)) for miles in (5, 20, 40, 80, 150)}
    programs["online far away"] = ProgramFactory(institution=school_north_of_houston(900), delivery_mode="online")
    programs["online nowhere"] = ProgramFactory(
        institution=InstitutionFactory(name="Unplaced Online"), delivery_mode="online"
    )
    programs["nowhere"] = ProgramFactory(institution=InstitutionFactory(name="Unplaced College"))
    return programs


def listed(query_string):
    return list(ProgramFilter(QueryDict(query_string), queryset=Program.objects.published()).qs)


# ZIP codes


@pytest.mark.parametrize(
    "typed,expected",
    [("77002", "77002"), (" 77002-1234 ", "77002"), ("7700", None), ("770021", None), ("abcde", None), ("", None)],
)
def test_zip_codes_are_read_as_five_ascii_digits(typed, expected):
    assert geo.normalise_zip(typed) == expected


def test_a_zip_codes_centre_comes_from_the_package():
    assert geo.zip_centroid("77002") == pytest.approx(HOUSTON)
    assert geo.zip_centroid("00000") is None
    # Full-width digits make the package itself panic (a Rust panic, not a ValueError): never sent to it.
    assert geo.zip_centroid("７７００２") is None


def test_zip_lookups_need_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    geo.zip_centroid.cache_clear()
    assert geo.zip_centroid("35294") == pytest.approx((33.5, -86.9), abs=0.1)


def test_the_bounding_box_holds_the_circle_and_gives_up_longitude_across_the_date_line():
    lat_min, lat_max, lon_min, lon_max = geo.bounding_box(*HOUSTON, 50)
    assert lat_min < HOUSTON[0] - 50 / 69.2 and lat_max > HOUSTON[0] + 50 / 69.2
    assert lon_min < HOUSTON[1] - 50 / 60.1 and lon_max > HOUSTON[1] + 50 / 60.1
    assert geo.bounding_box(52.0, 179.5, 100)[2:] == (None, None)  # the Aleutians straddle 180°


# Distances in SQL


def test_the_distance_is_computed_in_sql_and_matches_the_haversine_formula():
    dallas = InstitutionFactory(latitude=Decimal("32.7767"), longitude=Decimal("-96.7970"))
    ProgramFactory(institution=dallas)
    ProgramFactory(institution=InstitutionFactory())  # no coordinates: no distance
    distances = sorted(
        Program.objects.with_distance_from(*HOUSTON).values_list("distance_miles", flat=True),
        key=lambda miles: miles is None,
    )
    expected = zipcodes.haversine(HOUSTON[1], HOUSTON[0], -96.7970, 32.7767)
    assert distances[0] == pytest.approx(expected, rel=0.002)
    assert 220 < distances[0] < 230
    assert distances[1] is None


@pytest.mark.usefixtures("ring")
@pytest.mark.parametrize("miles,expected", [(10, [5]), (25, [5, 20]), (50, [5, 20, 40]), (100, [5, 20, 40, 80])])
def test_within_n_miles_keeps_the_schools_that_close(ring, miles, expected):
    assert listed(f"zip=77002&within={miles}") == [ring[distance] for distance in expected]


def test_the_default_distance_is_25_miles(ring):
    assert listed("zip=77002") == [ring[5], ring[20]]


def test_online_programs_can_be_kept_wherever_they_are(ring):
    result = listed("zip=77002&within=10&include_online=1")
    # Nearest first; online programs with no distance to show come last.
    assert result[:2] == [ring[5], ring["online far away"]]
    assert result[2:] == [ring["online nowhere"]]


def test_cards_say_how_far_away_and_the_list_is_nearest_first(client, ring):
    response = client.get("/programs/?zip=77002&within=50")
    text = page_text(response)
    assert "5 miles away" in text and "20 miles away" in text and "40 miles away" in text
    assert text.index("5 miles away") < text.index("20 miles away") < text.index("40 miles away")
    assert response.context["sort_key"] == "distance"
    assert response.context["heading"] == "Programs within 50 miles of 77002"


def test_a_school_at_the_zip_codes_centre_is_less_than_a_mile_away(client):
    ProgramFactory(institution=school_north_of_houston(0.2))
    assert "less than a mile away" in page_text(client.get("/programs/?zip=77002&within=10"))


def test_the_distance_can_be_sorted_by_another_figure_and_back(client, ring):
    response = client.get("/programs/?zip=77002&within=100&sort=name")
    assert [p.institution.name for p in response.context["page_obj"]] == sorted(
        p.institution.name for p in response.context["page_obj"]
    )
    options = [value for value, _label, _selected in response.context["sort_options"]]
    assert "distance" in options and "relevance" not in options


def test_the_page_says_how_many_programs_a_distance_search_leaves_out(client, ring):
    text = page_text(client.get("/programs/?zip=77002&within=100"))
    assert "2 programs are left out because the IPEDS directory has no location for their schools." in text
    # With online programs kept, the online one without a location is no longer left out.
    text = page_text(client.get("/programs/?zip=77002&within=100&include_online=1"))
    assert "1 program is left out because the IPEDS directory has no location for its school." in text


@pytest.mark.usefixtures("ring")
@pytest.mark.parametrize(
    "zip_code,note",
    [
        ("abcde", "“abcde” is not a US ZIP code (five digits), so the results are not limited by distance."),
        ("7700", "“7700” is not a US ZIP code (five digits), so the results are not limited by distance."),
        ("７７００２", "“７７００２” is not a US ZIP code (five digits), so the results are not limited by distance."),
        ("1" * 500, "is not a US ZIP code (five digits), so the results are not limited by distance."),
        ("00000", "We could not find ZIP code 00000, so the results are not limited by distance."),
    ],
)
def test_an_unknown_or_malformed_zip_code_gets_a_clear_message_and_no_distance_filter(client, zip_code, note):
    response = client.get("/programs/", {"zip": zip_code, "within": "10"})
    assert response.status_code == 200
    assert note in page_text(response)
    assert response.context["paginator"].count == 8
    assert response.context["sort_key"] == "name"
    assert "miles away" not in page_text(response)


def test_the_form_keeps_the_zip_code_distance_and_online_choice(client, ring):
    content = client.get("/programs/?zip=77002&within=50&include_online=1").content.decode()
    assert 'name="zip" inputmode="numeric" autocomplete="postal-code" maxlength="10" size="7" value="77002"' in content
    assert '<option value="50" selected>50 miles</option>' in content
    assert 'name="include_online" value="1" checked>' in content


def test_near_me_in_the_bundled_data_finds_birmingham_and_counts_the_schools_without_a_location(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    unplaced = Institution.objects.filter(latitude__isnull=True).count()
    assert unplaced == 22

    response = client.get("/programs/?zip=35294&within=10")

    names = {program.institution.name for program in response.context["page_obj"]}
    assert "University of Alabama at Birmingham" in names
    assert all(program.distance_miles <= 10 for program in response.context["page_obj"])
    unplaced_programs = Program.objects.published().filter(institution__latitude__isnull=True).count()
    assert response.context["no_coordinates_count"] == unplaced_programs
    assert f"{unplaced_programs} programs are left out because the IPEDS directory" in page_text(response)
