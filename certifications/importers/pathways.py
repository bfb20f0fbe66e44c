"""Reading, checking and loading the hand-written eligibility_rules.json and guides.json.

Same rules as credentials.json (curated.py): everything is read and checked, and every credential and
SOC code looked up, before anything is written; errors name the file and the JSON path
(`eligibility_rules.json: rules.rhit-cahiim-associate.credential_levels[0]: ...`); rows are written
only when a value differs, so a second load changes nothing. The load runs inside load_bundled_data's
transaction, so a bad file leaves the database as it was.
"""

import json
import shutil
from decimal import Decimal
from pathlib import Path

from careers.models import Occupation
from catalog.importing import DataError
from catalog.models import Program

from ..models import Credential, EligibilityRule, Guide
from .curated import _check_model_fields, _DuplicateKey, _error, _no_duplicate_keys, _object, _occupation_codes

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
RULES_FILE = "eligibility_rules.json"
GUIDES_FILE = "guides.json"

RULE_FIELDS = {
    "kind": "text",
    "cip_code": "text",
    "required_accreditation": "text",
    "requirement": "text",
    "experience_note": "text",
    "source": "text",
    "source_url": "text",
    "as_of": "date",
}
RULE_LINKS = {"credential", "credential_levels"}
REQUIRED_RULE = {"credential", "kind", "credential_levels", "requirement", "source", "as_of"}
GUIDE_FIELDS = {
    "title": "text",
    "order": "int",
    "cip_code": "text",
    "admission_prerequisite": "text",
    "summary": "text",
    "teaches": "text",
    "admission": "text",
    "hands_on": "text",
    "note": "text",
}
GUIDE_LINKS = {"credential_levels", "courses", "skills", "occupations"}
REQUIRED_GUIDE = {"title", "credential_levels", "admission_prerequisite", "summary", "teaches", "admission"}
GUIDE_SOURCE = "The article this site grew from (editorial guidance, not a figure)"


def _read(path, top):
    path = Path(path)
    if not path.exists():
        raise DataError(path, 0, "file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, getattr(exc, "lineno", 0), f"not valid JSON: {exc}") from None
    except _DuplicateKey as exc:
        raise DataError(path, 0, str(exc)) from None
    if not isinstance(data, dict) or set(data) != {top} or not isinstance(data[top], dict):
        raise DataError(path, 0, f'expected an object with exactly "{top}", an object keyed by slug')
    return path, data[top]


def _levels(value, path, where, allow_empty):
    valid = set(Program.CredentialLevel.values)
    if not isinstance(value, list) or (not value and not allow_empty):
        raise _error(path, where, "expected a list of College Scorecard credential levels")
    for index, level in enumerate(value):
        if not isinstance(level, int) or isinstance(level, bool) or level not in valid:
            raise _error(path, f"{where}[{index}]", f"{level!r} is not a College Scorecard credential level")
    if len(set(value)) != len(value):
        raise _error(path, where, "a level is listed twice")
    return sorted(value)


def _texts(value, path, where):
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise _error(path, where, "expected a list of non-empty texts")
    return [item.strip() for item in value]


def read_rules(path):
    """{key: fields} with `credential` as a slug, checked."""
    path, items = _read(path, "rules")
    rules = {}
    for key, item in items.items():
        where = f"rules.{key}"
        fields = _object(item, RULE_FIELDS, REQUIRED_RULE, path, where, links=RULE_LINKS)
        if not isinstance(item["credential"], str):
            raise _error(path, f"{where}.credential", "expected a credential slug")
        fields["credential_levels"] = _levels(item["credential_levels"], path, f"{where}.credential_levels", True)
        rule = EligibilityRule(key=key, **fields)
        _check_model_fields(rule, ["credential"], path, where)
        rules[key] = {**fields, "credential": item["credential"]}
    return rules


def read_guides(path):
    """{slug: fields} with `occupations` as SOC codes, checked."""
    path, items = _read(path, "guides")
    guides = {}
    for slug, item in items.items():
        where = f"guides.{slug}"
        fields = _object(item, GUIDE_FIELDS, REQUIRED_GUIDE, path, where, links=GUIDE_LINKS)
        fields["credential_levels"] = _levels(item["credential_levels"], path, f"{where}.credential_levels", False)
        for name in ("courses", "skills"):
            fields[name] = _texts(item.get(name, []), path, f"{where}.{name}")
        fields["source"] = GUIDE_SOURCE
        _check_model_fields(Guide(slug=slug, **fields), [], path, where)
        occupations = _occupation_codes(item.get("occupations", []), path, f"{where}.occupations")
        guides[slug] = {"fields": fields, "occupations": occupations}
    return guides


def check(data_dir=DATA_DIR):
    """Read both files (build stage); return summary lines."""
    rules = read_rules(Path(data_dir) / RULES_FILE)
    guides = read_guides(Path(data_dir) / GUIDES_FILE)
    return [f"certifications: checked {len(rules)} eligibility rules in {RULES_FILE}, {len(guides)} guides"]


def _save(model, key_name, rows):
    """Create or update one row per key with exactly `values`; ({key: row}, {key: "created"|"updated"|...})."""
    existing = {getattr(row, key_name): row for row in model.objects.filter(**{f"{key_name}__in": rows})}
    saved, outcome = {}, {}
    for key, values in sorted(rows.items()):
        row = existing.get(key)
        if row is None:
            saved[key], outcome[key] = model.objects.create(**{key_name: key}, **values), "created"
            continue
        names = [name for name, value in values.items() if getattr(row, name) != value]
        for name in names:
            setattr(row, name, values[name])
        if names:
            row.save(update_fields=names)
        saved[key], outcome[key] = row, "updated" if names else "unchanged"
    return saved, outcome


def _counts(outcome):
    return {name: sum(1 for value in outcome.values() if value == name) for name in ("created", "updated", "unchanged")}


def load(data_dir, report):
    """Load the rules and guides in `data_dir` (each file only when present); credentials must be loaded."""
    data_dir = Path(data_dir)
    if (data_dir / RULES_FILE).exists():
        path = data_dir / RULES_FILE
        rules = read_rules(path)
        credential_ids = dict(Credential.objects.values_list("slug", "pk"))
        for key, fields in sorted(rules.items()):
            if fields["credential"] not in credential_ids:
                raise _error(path, f"rules.{key}.credential", f"unknown credential {fields['credential']!r}")
            fields["credential_id"] = credential_ids[fields.pop("credential")]
        _saved, outcome = _save(EligibilityRule, "key", rules)
        report.add("eligibility rules", **_counts(outcome))
    if (data_dir / GUIDES_FILE).exists():
        path = data_dir / GUIDES_FILE
        guides = read_guides(path)
        codes = {code for guide in guides.values() for code in guide["occupations"]}
        occupation_ids = dict(Occupation.objects.filter(soc_code__in=codes).values_list("soc_code", "pk"))
        for slug, guide in sorted(guides.items()):
            for index, code in enumerate(guide["occupations"]):
                if code not in occupation_ids:
                    raise _error(path, f"guides.{slug}.occupations[{index}]", f"unknown SOC code {code}")
        saved, outcome = _save(Guide, "slug", {slug: guide["fields"] for slug, guide in guides.items()})
        for slug, guide in sorted(guides.items()):
            wanted = {occupation_ids[code] for code in guide["occupations"]}
            if set(saved[slug].occupations.values_list("pk", flat=True)) != wanted:
                saved[slug].occupations.set(wanted)
                if outcome[slug] == "unchanged":
                    outcome[slug] = "updated"
        report.add("program guides", **_counts(outcome))


def build(out_dir):
    """Check the committed rules and guides; copy them into `out_dir` when it is another folder."""
    lines = check(DATA_DIR)
    for name in (RULES_FILE, GUIDES_FILE):
        target = Path(out_dir) / name
        if target.resolve() != (DATA_DIR / name).resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(DATA_DIR / name, target)
    return lines
