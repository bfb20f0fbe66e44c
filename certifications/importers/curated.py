"""Reading and checking the hand-written certifications/data/credentials.json, without the database.

Both stages use it: build checks the file, load writes what it returns. Every problem is a
DataError naming the file and the JSON path (`credentials.cpc.fees[0].as_of`), because a JSON
file has no rows to point at.
"""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from catalog.importing import DataError

from ..models import CertifyingBody, Credential, CredentialFee

CURATED_FILE = Path(__file__).resolve().parent.parent / "data" / "credentials.json"
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")

# What each key may hold: "text", "int", "bool", "date" or "amount"; "?" allows null (unknown).
BODY_FIELDS = {"name": "text", "slug": "text", "website": "text", "description": "text"}
CREDENTIAL_FIELDS = {
    "abbreviation": "text",
    "name": "text",
    "setting": "text",
    "exam_questions": "int?",
    "exam_minutes": "int?",
    "exam_format": "text",
    "exam_open_book": "bool?",
    "exam_delivery": "text",
    "exam_verified": "bool",
    "exam_source_url": "text",
    "eligibility": "text",
    "has_formal_prerequisite": "bool",
    "renewal_ceus": "int?",
    "renewal_cycle_years": "int?",
    "renewal_notes": "text",
    "membership_required": "bool?",
    "status": "text",
    "former_abbreviation": "text",
    "former_name": "text",
    "apprentice_designation": "text",
    "apprentice_notes": "text",
    "source_url": "text",
    "as_of": "date",
}
FEE_FIELDS = {
    "amount": "amount",
    "description": "text",
    "verified": "bool",
    "source": "text",
    "source_url": "text",
    "as_of": "date",
}
# Keys that are not model fields: links to other rows.
CREDENTIAL_LINKS = {"body", "fees", "occupations"}
REQUIRED_BODY = {"name", "slug"}
REQUIRED_CREDENTIAL = {"body", "abbreviation", "name", "as_of"}
REQUIRED_FEE = {"amount", "source", "as_of"}
CENTS = Decimal("0.01")
KIND_NAMES = {"text": "text", "int": "a whole number", "bool": "true or false", "date": "a date", "amount": "an amount"}


def _error(path, where, message):
    return DataError(path, 0, f"{where}: {message}")


def _value(kind, value, path, where):
    nullable = kind.endswith("?")
    kind = kind.rstrip("?")
    if value is None:
        if nullable:
            return None
        raise _error(path, where, "a value is required")
    if kind == "text" and isinstance(value, str):
        return value.strip()
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise _error(path, where, f"{value!r} is not a date (YYYY-MM-DD)") from None
    if kind == "amount" and isinstance(value, int | Decimal) and not isinstance(value, bool):
        try:
            return Decimal(value).quantize(CENTS)
        except InvalidOperation:
            raise _error(path, where, f"{value!r} is not an amount") from None
    raise _error(path, where, f"{value!r} is not {KIND_NAMES[kind]}")


def _object(data, spec, required, path, where, links=frozenset()):
    """The model fields of one JSON object, type-checked; keys it does not have are left out."""
    if not isinstance(data, dict):
        raise _error(path, where, "expected an object")
    unknown = sorted(set(data) - set(spec) - set(links))
    if unknown:
        raise _error(path, where, f"unknown key(s): {', '.join(unknown)}")
    missing = sorted(required - set(data))
    if missing:
        raise _error(path, where, f"missing key(s): {', '.join(missing)}")
    return {name: _value(kind, data[name], path, f"{where}.{name}") for name, kind in spec.items() if name in data}


def _check_model_fields(instance, exclude, path, where):
    """Lengths, choices, URLs and slugs as the model declares them."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        name, errors = sorted(exc.message_dict.items())[0]
        raise _error(path, f"{where}.{name}", " ".join(errors)) from None


def _fees(data, path, where):
    if not isinstance(data, list):
        raise _error(path, where, "expected a list")
    fees, seen = [], set()
    for index, item in enumerate(data):
        here = f"{where}[{index}]"
        fee = _object(item, FEE_FIELDS, REQUIRED_FEE, path, here)
        key = (fee["amount"], fee.get("description", ""))
        if key in seen:
            raise _error(path, here, f"a second ${key[0]} fee described {key[1]!r}")
        seen.add(key)
        _check_model_fields(CredentialFee(**fee), ["credential"], path, here)
        fees.append(fee)
    return fees


def _occupation_codes(data, path, where):
    if not isinstance(data, list):
        raise _error(path, where, "expected a list")
    for index, code in enumerate(data):
        if not isinstance(code, str) or not SOC_CODE.match(code):
            raise _error(path, f"{where}[{index}]", f"{code!r} is not a SOC code like 29-2072")
    if len(set(data)) != len(data):
        raise _error(path, where, "a SOC code is listed twice")
    return list(data)


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs):
    """json.loads keeps the last of two equal keys silently; a curated file should say each thing once."""
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise _DuplicateKey(f"key {key!r} appears twice in one object")
    return dict(pairs)


def read_credentials(path=CURATED_FILE):
    """The bodies and credentials in the file, checked: ({abbreviation: fields}, {slug: credential})."""
    path = Path(path)
    if not path.exists():
        raise DataError(path, 0, "file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, getattr(exc, "lineno", 0), f"not valid JSON: {exc}") from None
    except _DuplicateKey as exc:
        raise DataError(path, 0, str(exc)) from None
    if not isinstance(data, dict) or set(data) != {"bodies", "credentials"}:
        raise DataError(path, 0, 'expected an object with exactly "bodies" and "credentials"')
    if not isinstance(data["bodies"], dict) or not isinstance(data["credentials"], dict):
        raise DataError(path, 0, '"bodies" and "credentials" must be objects keyed by abbreviation and slug')

    bodies = {}
    for abbreviation, item in data["bodies"].items():
        where = f"bodies.{abbreviation}"
        fields = _object(item, BODY_FIELDS, REQUIRED_BODY, path, where)
        if any(other["slug"] == fields["slug"] for other in bodies.values()):
            raise _error(path, f"{where}.slug", f"slug {fields['slug']!r} is already used")
        _check_model_fields(CertifyingBody(abbreviation=abbreviation, **fields), [], path, where)
        bodies[abbreviation] = fields

    credentials, abbreviations = {}, set()
    for slug, item in data["credentials"].items():
        where = f"credentials.{slug}"
        fields = _object(item, CREDENTIAL_FIELDS, REQUIRED_CREDENTIAL, path, where, links=CREDENTIAL_LINKS)
        if not isinstance(item["body"], str) or item["body"] not in bodies:
            raise _error(path, f"{where}.body", f"unknown certifying body {item['body']!r}")
        if (item["body"], fields["abbreviation"]) in abbreviations:
            raise _error(path, f"{where}.abbreviation", f"a second {item['body']} {fields['abbreviation']}")
        abbreviations.add((item["body"], fields["abbreviation"]))
        _check_model_fields(Credential(slug=slug, **fields), ["body"], path, where)
        credentials[slug] = {
            "body": item["body"],
            "fields": fields,
            "fees": _fees(item["fees"], path, f"{where}.fees") if "fees" in item else None,
            "occupations": _occupation_codes(item["occupations"], path, f"{where}.occupations")
            if "occupations" in item
            else None,
        }
    return bodies, credentials
