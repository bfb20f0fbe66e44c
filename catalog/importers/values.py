"""Turning CSV cells into typed values, with a `DataError` naming file and line when one is wrong.

Public files write numbers their own way ("42214.0", "True", "-2" for not applicable); our derived
files write them one way only ("42214", "true", empty for unknown). Each has its own parsers so a
derived file that drifts from that form is caught rather than silently reinterpreted.
"""

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from catalog.importing import DataError

CIP_SERIES = "51.07"
CIP_CODE = re.compile(r"^\d{2}\.\d{4}$")
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# Characters a URL may carry as they are; anything else (spaces, accented letters) is percent-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
URL_MAX_LENGTH = 500

_validate_url = URLValidator()


def _number(text, path, line, column):
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DataError(path, line, f"{column}: {text!r} is not a number") from None
    if not value.is_finite():
        raise DataError(path, line, f"{column}: {text!r} is not a number")
    return value


# Public files ------------------------------------------------------------------------------------


def public_whole(text, path, line, column):
    """A published count or dollar figure such as "42214.0": a non-negative int, or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    value = _number(text, path, line, column)
    if value != value.to_integral_value() or value < 0:
        raise DataError(path, line, f"{column}: {text!r} is not a whole, non-negative number")
    return int(value)


def public_ratio(text, path, line, column, places=3):
    """A published non-negative ratio such as "0.96", to `places` decimals, or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    value = _number(text, path, line, column)
    if value < 0:
        raise DataError(path, line, f"{column}: {text!r} is negative")
    return value.quantize(Decimal(1).scaleb(-places))


def public_coordinate(text, path, line, column, limit):
    """A latitude (limit 90) or longitude (limit 180) in degrees, to 6 decimals, or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    value = _number(text, path, line, column).quantize(Decimal("0.000001"))
    if abs(value) > limit:
        raise DataError(path, line, f"{column}: {text!r} is outside -{limit}..{limit}")
    return value


def public_cip_code(text):
    """A CIP code as NCES and others write it: 51.0713, "51.0713" or ="51.0713"."""
    return (text or "").strip().lstrip("=").strip('"').strip()


def public_url(text):
    """(url, problem): a directory URL with an https:// scheme added where it has none, spaces encoded.

    IPEDS stores addresses as typed by each school ("www.example.edu/", paths with spaces). An
    address that is still not a URL after that is dropped (problem "invalid") rather than guessed at.
    """
    # A few addresses end in a stray " ." typed after them.
    text = (text or "").strip().rstrip(" .")
    if not text:
        return "", None
    if not URL_SCHEME.match(text):
        text = f"https://{text}"
    url = quote(text, safe=URL_SAFE)
    problem = "encoded" if url != text else None
    try:
        _validate_url(url)
    except ValidationError:
        return "", "invalid"
    if len(url) > URL_MAX_LENGTH:
        return "", "invalid"
    return url, problem


# Derived files -----------------------------------------------------------------------------------


def derived_int(text, path, line, column, required=False):
    """Plain digits, or empty for unknown."""
    text = text or ""
    if not text:
        if required:
            raise DataError(path, line, f"{column}: a value is required")
        return None
    if not text.isascii() or not text.isdigit():
        raise DataError(path, line, f"{column}: {text!r} is not a whole, non-negative number")
    return int(text)


def derived_decimal(text, path, line, column, places):
    """A decimal such as "0.960" or "-86.568502", or empty for unknown."""
    text = text or ""
    if not text:
        return None
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise DataError(path, line, f"{column}: {text!r} is not a number")
    value = Decimal(text)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise DataError(path, line, f"{column}: {text!r} has more than {places} decimals")
    return value


def derived_bool(text, path, line, column):
    """ "true", "false", or empty for unknown."""
    values = {"true": True, "false": False, "": None}
    if text not in values:
        raise DataError(path, line, f"{column}: {text!r} is not true, false or empty")
    return values[text]


def derived_code(text, path, line, column, pattern, example):
    if not pattern.match(text or ""):
        raise DataError(path, line, f"{column}: {text!r} is not a code like {example}")
    return text


def cell(value):
    """How a derived file writes a value: empty for unknown, booleans lower-case, the rest as str()."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
