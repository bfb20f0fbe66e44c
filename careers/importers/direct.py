"""Public BLS files straight into the database: what `import_oews` and `import_projections` run.

They read with the same code as the build stage (`read_oews`, `read_projections`), then check and
save rows the way the load stage does (`check_fields`, `sync_rows`): rows are matched on their natural
keys, so importing the same file twice changes nothing. Figures attach to the occupations already in
the database, and to every occupation an earlier SOC code was split into (29-2071 -> 29-2072 and
29-9021). The commands wrap this in one transaction, so a bad line leaves the database as it was.
"""

from catalog.importing import DataError

from ..models import Occupation, Projection, WageEstimate
from .loading import (
    PROJECTION_DATA_FIELDS,
    PROJECTION_KEY,
    WAGE_KEY,
    check_fields,
    sync_rows,
    sync_wage_rows,
)
from .oews import read_oews
from .projections import read_projections


def carried_occupations(path):
    """{soc code: Occupation} and {published code: [our soc codes]}, from the occupations in the database."""
    occupations = {o.soc_code: o for o in Occupation.objects.order_by("soc_code")}
    if not occupations:
        raise DataError(path, 0, "no occupations in the database yet: run `manage.py load_bundled_data` first")
    targets = {code: [code] for code in occupations}
    for code, occupation in occupations.items():
        if occupation.previous_soc_code and occupation.previous_soc_code not in occupations:
            targets.setdefault(occupation.previous_soc_code, []).append(code)
    return occupations, targets


def _attach(model, key_fields, rows, targets, path):
    """(our soc code, fields) for each published row; a repeated natural key is reported at its line."""
    attached, seen = [], {}
    for row in rows:
        fields = dict(row)
        line = fields.pop("line")
        check_fields(model(**fields), path, line)
        for occupation_code in targets[fields["soc_code"]]:
            key = (occupation_code, *(fields[name] for name in key_fields))
            if key in seen:
                raise DataError(path, line, f"the same row as line {seen[key]} ({', '.join(map(str, key))})")
            seen[key] = line
            attached.append((occupation_code, fields))
    return attached


def import_oews(path, report, release=None):
    occupations, targets = carried_occupations(path)
    rows = read_oews(path, set(targets), release=release)
    attached = _attach(WageEstimate, WAGE_KEY[1:], rows, targets, path)
    sync_wage_rows(attached, occupations, report)
    return len(rows)


def import_projections(path, report):
    occupations, targets = carried_occupations(path)
    rows = [
        {**row, "quoted": False, "quoted_descriptor": "", "note": ""} for row in read_projections(path, set(targets))
    ]
    attached = _attach(Projection, PROJECTION_KEY[1:], rows, targets, path)
    sync_rows(Projection, PROJECTION_KEY, PROJECTION_DATA_FIELDS, attached, occupations, "projections", report)
    return len(rows)
