"""Load stage: careers/data/*.csv -> Occupation, WageEstimate, Projection, OutlookThreshold, OutlookStatement.

Every file is read and validated before anything is written, so a bad row stops the load with
the file and line and no partial data (the orchestrator's transaction covers the other apps).
Rows are matched on their natural keys and written only when a value differs, so loading the
same files twice reports no change.
"""

from pathlib import Path

from django.core.exceptions import ValidationError

from catalog.importing import DataError, read_csv

from ..leading import mark_leading_industries
from ..models import Occupation, OutlookStatement, OutlookThreshold, Projection, WageEstimate
from .releases import (
    OCCUPATION_FIELDS,
    OCCUPATIONS_FILE,
    OUTLOOK_STATEMENT_FIELDS,
    OUTLOOK_STATEMENTS_FILE,
    OUTLOOK_THRESHOLD_FIELDS,
    OUTLOOK_THRESHOLDS_FILE,
    PERCENTILES,
    PROJECTION_FIELDS,
    PROJECTIONS_FILE,
    QUOTED_PROJECTION_FIELDS,
    QUOTED_PROJECTIONS_FILE,
    SOC_CHANGE_FIELDS,
    SOC_CHANGES_FILE,
    WAGE_FIELDS,
    WAGE_RELEASE_FIELDS,
    WAGE_RELEASES_FILE,
    WAGES_FILE,
)
from .soc_changes import read_soc_changes
from .values import check_percentiles_ordered, parse_date, parse_decimal, parse_int, parse_soc_code

OCCUPATION_DATA_FIELDS = [*OCCUPATION_FIELDS[1:], *SOC_CHANGE_FIELDS[1:]]
WAGE_KEY = ["occupation_id", "soc_code", "release", "area_type", "area_code", "industry_code"]
WAGE_DATA_FIELDS = [name for name in [*WAGE_FIELDS, *WAGE_RELEASE_FIELDS] if name not in WAGE_KEY]
WAGE_INTS = ["employment", "annual_mean", *PERCENTILES]
WAGE_DECIMALS = ["hourly_mean", "hourly_median"]
PROJECTION_KEY = ["occupation_id", "base_year", "target_year", "quoted"]
PROJECTION_DATA_FIELDS = [
    name for name in [*PROJECTION_FIELDS, "quoted_descriptor", "note"] if name not in PROJECTION_KEY
]
THRESHOLD_KEY = ["base_year", "target_year", "descriptor"]
THRESHOLD_DATA_FIELDS = ["min_percent", "source", "source_url"]
STATEMENT_KEY = ["soc_code", "base_year", "target_year"]
STATEMENT_DATA_FIELDS = ["stated_percent", "descriptor", "source", "source_url", "note"]
PROJECTION_INTS = ["base_employment", "projected_employment", "annual_openings", "base_year_median_wage"]
BATCH_SIZE = 500


def check_fields(instance, path, line, exclude=()):
    """Lengths, choices, URLs and slugs as the model declares them, reported at the row's line."""
    try:
        instance.clean_fields(exclude=["occupation", *exclude])
    except ValidationError as exc:
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in sorted(exc.message_dict.items()))
        raise DataError(path, line, problems) from None


def _read_occupations(path):
    occupations = {}
    slugs = set()
    for line, row in read_csv(path, required=OCCUPATION_FIELDS):
        code = parse_soc_code(row["soc_code"], path, line)
        fields = {name: row[name].strip() for name in OCCUPATION_FIELDS}
        if code in occupations or fields["slug"] in slugs:
            raise DataError(path, line, f"{code} or its slug {fields['slug']!r} appears more than once")
        check_fields(Occupation(**fields), path, line)
        occupations[code] = fields
        slugs.add(fields["slug"])
    return occupations


def publication_targets(occupations, changes):
    """Which occupations a published code's figures belong to: its own, and every one it was split into."""
    targets = {code: [code] for code in occupations}
    for code, (_, row) in sorted(changes.items()):
        targets.setdefault(row["previous_soc_code"], []).append(code)
    return targets


def _occupation_codes(row, targets, path, line):
    code = parse_soc_code(row["soc_code"], path, line)
    if code not in targets:
        raise DataError(path, line, f"unknown SOC code {code}: not in {OCCUPATIONS_FILE} or {SOC_CHANGES_FILE}")
    return code, targets[code]


def _read_wage_releases(path):
    releases = {}
    for line, row in read_csv(path, required=WAGE_RELEASE_FIELDS):
        fields = {name: row[name].strip() for name in WAGE_RELEASE_FIELDS}
        if not fields["release"] or fields["release"] in releases:
            raise DataError(path, line, f"release {fields['release']!r} is empty or appears more than once")
        fields["reference_date"] = parse_date(row["reference_date"], path, line, "reference_date")
        if not fields["source"]:
            raise DataError(path, line, "source: a value is required")
        releases[fields.pop("release")] = fields
    return releases


def _read_wages(path, targets, releases):
    rows, seen = [], set()
    for line, row in read_csv(path, required=WAGE_FIELDS):
        code, occupation_codes = _occupation_codes(row, targets, path, line)
        fields = {name: row[name].strip() for name in WAGE_FIELDS}
        fields["soc_code"] = code
        if fields["release"] not in releases:
            raise DataError(path, line, f"release {fields['release']!r} is not in {WAGE_RELEASES_FILE}")
        fields.update(releases[fields["release"]])
        for name in WAGE_INTS:
            fields[name] = parse_int(row[name], path, line, name)
        for name in WAGE_DECIMALS:
            fields[name] = parse_decimal(row[name], path, line, name, places=2)
        check_percentiles_ordered([(name, fields[name]) for name in PERCENTILES], path, line)
        key = tuple(fields[name] for name in WAGE_KEY[1:])
        if key in seen:
            raise DataError(path, line, f"a second row for {', '.join(key)}")
        seen.add(key)
        check_fields(WageEstimate(**fields), path, line)
        rows.extend((occupation_code, fields) for occupation_code in occupation_codes)
    return rows


def _projection_fields(row, names, path, line, quoted):
    fields = {name: row[name].strip() for name in names}
    fields["base_year"] = parse_int(row["base_year"], path, line, "base_year", required=True)
    fields["target_year"] = parse_int(row["target_year"], path, line, "target_year", required=True)
    if fields["target_year"] <= fields["base_year"]:
        raise DataError(path, line, "target_year must be after base_year")
    for name in PROJECTION_INTS:
        if name in names:
            # A table row always has both employment figures; a quoted one has what the publication gave.
            required = name.endswith("employment") and not quoted
            fields[name] = parse_int(row[name], path, line, name, required=required)
    fields["percent_change"] = parse_decimal(row["percent_change"], path, line, "percent_change", 1, True)
    if not fields["source"]:
        raise DataError(path, line, "source: a value is required")
    blank = {"base_year_median_wage": None, "entry_education": "", "quoted_descriptor": "", "note": ""}
    return {**blank, **fields, "quoted": quoted}


def _read_projections(path, targets, quoted=False):
    """Projections from a table (projections.csv) or quoted by hand (quoted_projections.csv)."""
    names = QUOTED_PROJECTION_FIELDS if quoted else PROJECTION_FIELDS
    rows, seen = [], set()
    for line, row in read_csv(path, required=names):
        code, occupation_codes = _occupation_codes(row, targets, path, line)
        fields = _projection_fields(row, names, path, line, quoted)
        fields["soc_code"] = code
        for occupation_code in occupation_codes:
            key = (occupation_code, fields["base_year"], fields["target_year"])
            if key in seen:
                raise DataError(path, line, f"a second {fields['base_year']}-{fields['target_year']} row for {key[0]}")
            seen.add(key)
        check_fields(Projection(**fields), path, line)
        rows.extend((occupation_code, fields) for occupation_code in occupation_codes)
    return rows


def _read_outlook_thresholds(path):
    rows, seen = [], set()
    for line, row in read_csv(path, required=OUTLOOK_THRESHOLD_FIELDS):
        fields = {name: row[name].strip() for name in OUTLOOK_THRESHOLD_FIELDS}
        fields["base_year"] = parse_int(row["base_year"], path, line, "base_year", required=True)
        fields["target_year"] = parse_int(row["target_year"], path, line, "target_year", required=True)
        text = fields["min_percent"]
        try:
            fields["min_percent"] = int(text) if text else None
        except ValueError:
            raise DataError(path, line, f"min_percent: {text!r} is not a whole number") from None
        if not fields["descriptor"] or not fields["source"]:
            raise DataError(path, line, "descriptor and source are required")
        key = tuple(fields[name] for name in THRESHOLD_KEY)
        period = key[:2]
        if key in seen or (fields["min_percent"], period) in seen:
            raise DataError(path, line, f"a second band {fields['descriptor']!r} or {text or 'open'} for {period}")
        seen.update({key, (fields["min_percent"], period)})
        if fields["target_year"] <= fields["base_year"]:
            raise DataError(path, line, "target_year must be after base_year")
        check_fields(OutlookThreshold(**fields), path, line)
        rows.append(fields)
    return rows


def _read_outlook_statements(path, targets, projections):
    """BLS's own phrase per code and period; each must describe a projection we load, at the percent it printed."""
    described = {}
    for _, fields in projections:
        described.setdefault((fields["soc_code"], fields["base_year"], fields["target_year"]), {})[fields["quoted"]] = (
            fields["percent_change"]
        )
    rows, seen = [], set()
    for line, row in read_csv(path, required=OUTLOOK_STATEMENT_FIELDS):
        code, _ = _occupation_codes(row, targets, path, line)
        fields = {name: row[name].strip() for name in OUTLOOK_STATEMENT_FIELDS}
        fields["soc_code"] = code
        for name in ("base_year", "target_year", "stated_percent"):
            fields[name] = parse_int(row[name], path, line, name, required=True)
        if fields["target_year"] <= fields["base_year"]:
            raise DataError(path, line, "target_year must be after base_year")
        if not fields["descriptor"] or not fields["source"]:
            raise DataError(path, line, "descriptor and source are required")
        key = tuple(fields[name] for name in STATEMENT_KEY)
        period = f"{key[1]}-{key[2]}"
        if key in seen:
            raise DataError(path, line, f"a second statement for {code} {period}")
        seen.add(key)
        if key not in described:
            raise DataError(
                path, line, f"no projection for {code} {period} in {PROJECTIONS_FILE} or {QUOTED_PROJECTIONS_FILE}"
            )
        for quoted, percent in sorted(described[key].items()):
            printed = Projection(percent_change=percent).whole_percent_change
            if printed != fields["stated_percent"]:
                source = QUOTED_PROJECTIONS_FILE if quoted else PROJECTIONS_FILE
                raise DataError(
                    path,
                    line,
                    f"stated_percent {fields['stated_percent']} does not match {source}, whose {percent}% "
                    f"for {code} {period} the Handbook would print as {printed}%",
                )
        check_fields(OutlookStatement(**fields), path, line)
        rows.append(fields)
    return rows


def _sync_by_key(model, key_fields, data_fields, rows, label, report):
    """Create missing rows and update differing ones of a model not tied to one occupation."""
    existing = {tuple(getattr(obj, name) for name in key_fields): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for fields in rows:
        current = existing.get(tuple(fields[name] for name in key_fields))
        if current is None:
            to_create.append(model(**fields))
        elif any(getattr(current, name) != fields[name] for name in data_fields):
            for name in data_fields:
                setattr(current, name, fields[name])
            to_update.append(current)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, data_fields)
    unchanged = len(rows) - len(to_create) - len(to_update)
    report.add(label, created=len(to_create), updated=len(to_update), unchanged=unchanged)


def _save_occupations(occupations, changes, report):
    existing = {o.soc_code: o for o in Occupation.objects.filter(soc_code__in=occupations)}
    created = updated = unchanged = 0
    for code, fields in sorted(occupations.items()):
        change = changes.get(code, (None, dict.fromkeys(SOC_CHANGE_FIELDS, "")))[1]
        values = {name: fields.get(name, change.get(name)) for name in OCCUPATION_DATA_FIELDS}
        occupation = existing.get(code)
        if occupation is None:
            existing[code] = Occupation.objects.create(soc_code=code, **values)
            created += 1
            continue
        differs = [name for name, value in values.items() if getattr(occupation, name) != value]
        if differs:
            for name in differs:
                setattr(occupation, name, values[name])
            occupation.save(update_fields=differs)
            updated += 1
        else:
            unchanged += 1
    report.add("occupations", created=created, updated=updated, unchanged=unchanged)
    return existing


def sync_rows(model, key_fields, data_fields, rows, occupations, label, report):
    """Create missing rows and update differing ones in bulk; `rows` are (occupation code, fields)."""
    ids = [occupation.pk for occupation in occupations.values()]
    existing = {
        tuple(getattr(obj, name) for name in key_fields): obj for obj in model.objects.filter(occupation__in=ids)
    }
    to_create, to_update = [], []
    for occupation_code, fields in rows:
        values = {"occupation_id": occupations[occupation_code].pk, **fields}
        current = existing.get(tuple(values[name] for name in key_fields))
        if current is None:
            to_create.append(model(**values))
        elif any(getattr(current, name) != values[name] for name in data_fields):
            for name in data_fields:
                setattr(current, name, values[name])
            to_update.append(current)
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, data_fields, batch_size=BATCH_SIZE)
    report.add(
        label, created=len(to_create), updated=len(to_update), unchanged=len(rows) - len(to_create) - len(to_update)
    )


def sync_wage_rows(rows, occupations, report):
    """sync_rows() for wage estimates, then their occupations' leading industries marked (careers/leading.py): bulk
    writes send no signals."""
    sync_rows(WageEstimate, WAGE_KEY, WAGE_DATA_FIELDS, rows, occupations, "wage estimates", report)
    mark_leading_industries([occupation.pk for occupation in occupations.values()])


def load(data_dir, report):
    """Read the careers derived files in `data_dir` into the database; counts go into `report`."""
    data_dir = Path(data_dir)
    occupations = _read_occupations(data_dir / OCCUPATIONS_FILE)
    changes = read_soc_changes(data_dir / SOC_CHANGES_FILE, occupations)
    targets = publication_targets(occupations, changes)
    releases = _read_wage_releases(data_dir / WAGE_RELEASES_FILE)
    wages = _read_wages(data_dir / WAGES_FILE, targets, releases)
    projections = _read_projections(data_dir / PROJECTIONS_FILE, targets)
    projections += _read_projections(data_dir / QUOTED_PROJECTIONS_FILE, targets, quoted=True)
    thresholds = _read_outlook_thresholds(data_dir / OUTLOOK_THRESHOLDS_FILE)
    statements = _read_outlook_statements(data_dir / OUTLOOK_STATEMENTS_FILE, targets, projections)

    saved = _save_occupations(occupations, changes, report)
    sync_wage_rows(wages, saved, report)
    sync_rows(Projection, PROJECTION_KEY, PROJECTION_DATA_FIELDS, projections, saved, "projections", report)
    _sync_by_key(OutlookThreshold, THRESHOLD_KEY, THRESHOLD_DATA_FIELDS, thresholds, "job outlook thresholds", report)
    _sync_by_key(OutlookStatement, STATEMENT_KEY, STATEMENT_DATA_FIELDS, statements, "job outlook statements", report)
