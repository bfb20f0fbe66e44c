"""Near me: ZIP code centroids (offline, from the `zipcodes` package) and distances computed in SQL.

`zipcodes` ships its ZIP table inside the wheel, so a lookup never touches the network. School
coordinates are IPEDS's (Institution.latitude/longitude); schools without them cannot be placed and
are left out of a distance search.
"""

import math
import re
from functools import lru_cache

import zipcodes
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt

# Mean radius of the Earth in statute miles.
EARTH_RADIUS_MILES = 3958.8
# One degree of latitude is about 69 miles everywhere; a degree of longitude shrinks with cos(latitude).
MILES_PER_DEGREE = 69.0
# ASCII digits only: the package's own parser panics (a Rust panic, not a ValueError) on other digits.
ZIP_PATTERN = re.compile(r"^[0-9]{5}(?:-[0-9]{4})?$")


def normalise_zip(text):
    """'77002', ' 77002-1234 ' -> '77002'; anything that is not a US ZIP code -> None."""
    text = (text or "").strip()
    return text[:5] if ZIP_PATTERN.match(text) else None


@lru_cache(maxsize=2048)
def zip_centroid(zip_code):
    """(latitude, longitude) of a five-digit ZIP code's centre, or None when the package does not know it."""
    if not zip_code or not ZIP_PATTERN.match(zip_code):
        return None
    try:
        matches = zipcodes.matching(zip_code)
    except ValueError:
        return None
    for match in matches:
        try:
            return float(match["lat"]), float(match["long"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def bounding_box(latitude, longitude, miles):
    """(lat_min, lat_max, lon_min, lon_max) around a point, or longitudes None where the box would cross ±180°.

    A cheap prefilter an index on the coordinates can serve; the exact distance test follows it.
    """
    lat_delta = miles / MILES_PER_DEGREE
    lat_min, lat_max = max(latitude - lat_delta, -90.0), min(latitude + lat_delta, 90.0)
    widest = max(abs(lat_min), abs(lat_max))
    if widest >= 89.0:
        return lat_min, lat_max, None, None
    lon_delta = miles / (MILES_PER_DEGREE * math.cos(math.radians(widest)))
    lon_min, lon_max = longitude - lon_delta, longitude + lon_delta
    if lon_min < -180.0 or lon_max > 180.0:
        return lat_min, lat_max, None, None
    return lat_min, lat_max, lon_min, lon_max


def distance_miles(latitude, longitude, lat_field="institution__latitude", lon_field="institution__longitude"):
    """The great-circle distance in miles from a point to each row's coordinates (haversine), as SQL.

    NULL where the row has no coordinates. Django provides these math functions on SQLite too.
    """
    row_lat = Radians(Cast(F(lat_field), FloatField()))
    row_lon = Radians(Cast(F(lon_field), FloatField()))
    here_lat = Radians(Value(float(latitude), output_field=FloatField()))
    here_lon = Radians(Value(float(longitude), output_field=FloatField()))
    half_chord = Power(Sin((row_lat - here_lat) / 2), 2) + Cos(here_lat) * Cos(row_lat) * Power(
        Sin((row_lon - here_lon) / 2), 2
    )
    # Rounding can push the square root a hair above 1 for points on opposite sides of the Earth. The Case
    # keeps a school without coordinates NULL: PostgreSQL's LEAST skips NULLs (SQLite's MIN does not).
    has_coordinates = Q(**{f"{lat_field}__isnull": False, f"{lon_field}__isnull": False})
    distance = Value(2 * EARTH_RADIUS_MILES, output_field=FloatField()) * ASin(
        Least(Sqrt(half_chord), Value(1.0, output_field=FloatField())), output_field=FloatField()
    )
    return Case(When(has_coordinates, then=distance), default=None, output_field=FloatField())


def near_condition(latitude, longitude, miles, include_online=False):
    """The Q of programs within `miles` of a point, on a queryset annotated `distance_miles` (see above).

    A latitude/longitude box comes first, so an index on the coordinates can serve it; schools without
    coordinates are never within any distance. With `include_online`, online programs count wherever they are.
    """
    lat_min, lat_max, lon_min, lon_max = bounding_box(latitude, longitude, miles)
    within = Q(institution__latitude__gte=lat_min, institution__latitude__lte=lat_max)
    if lon_min is not None:
        within &= Q(institution__longitude__gte=lon_min, institution__longitude__lte=lon_max)
    within &= Q(distance_miles__lte=miles)
    if include_online:
        within |= Q(delivery_mode="online")
    return within
