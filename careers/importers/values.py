"""Turning the text of a CSV cell into a number, for both the public files and our derived ones.

Every parser takes the file and line it reads from, so a bad value stops the import with a
`DataError` that says where it is rather than a bare ValueError.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from catalog.importing import DataError

SOC_CODE = re.compile(r"^\d{2}-\d{4}$")

# BLS writes these instead of a number: "-" or "*" estimate not available, "**" employment not
# available, "#" wage at or above the top-code (no exact figure published). All are stored as
# unknown (null) rather than guessed.
BLS_NOT_A_NUMBER = {"", "-", "*", "**", "#", "N/A"}


def _decimal(text, path, line, column):
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise DataError(path, line, f"{column}: {text!r} is not a number") from None
    if not value.is_finite():
        raise DataError(path, line, f"{column}: {text!r} is not a number")
    return value


def bls_decimal(text, path, line, column):
    """A published BLS figure such as "35,900", "17.26", "#" or "-": a Decimal, or None where BLS gives none."""
    text = (text or "").strip()
    if text in BLS_NOT_A_NUMBER:
        return None
    return _decimal(text, path, line, column)


def whole(value, path, line, column):
    """A Decimal that must be a non-negative whole number (people, dollars a year) as an int."""
    if value is None:
        return None
    if value != value.to_integral_value() or value < 0:
        raise DataError(path, line, f"{column}: {value} is not a whole, non-negative number")
    return int(value)


def parse_int(text, path, line, column, required=False):
    """A derived-file integer: digits only, or empty for unknown."""
    text = (text or "").strip()
    if not text:
        if required:
            raise DataError(path, line, f"{column}: a value is required")
        return None
    if not text.isdigit():
        raise DataError(path, line, f"{column}: {text!r} is not a whole number")
    return int(text)


def parse_decimal(text, path, line, column, places, required=False):
    """A derived-file decimal such as "24.59", or empty for unknown."""
    text = (text or "").strip()
    if not text:
        if required:
            raise DataError(path, line, f"{column}: a value is required")
        return None
    if "," in text:
        raise DataError(path, line, f"{column}: {text!r} is not a number")
    return _decimal(text, path, line, column).quantize(Decimal(1).scaleb(-places))


def parse_date(text, path, line, column):
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        raise DataError(path, line, f"{column}: {text!r} is not a date (YYYY-MM-DD)") from None


def parse_soc_code(text, path, line, column="soc_code"):
    text = (text or "").strip()
    if not SOC_CODE.match(text):
        raise DataError(path, line, f"{column}: {text!r} is not a SOC code like 29-2072")
    return text


def check_percentiles_ordered(values, path, line):
    """10th <= 25th <= median <= 75th <= 90th among the percentiles that are known."""
    known = [(name, value) for name, value in values if value is not None]
    for (low_name, low), (high_name, high) in zip(known, known[1:], strict=False):
        if low > high:
            raise DataError(path, line, f"percentiles out of order: {low_name} {low} > {high_name} {high}")


def cell(value):
    """How a derived file writes a value: empty for unknown, plain digits, decimals as published."""
    return "" if value is None else str(value)
