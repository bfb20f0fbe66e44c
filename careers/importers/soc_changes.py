"""The hand-written record of how our occupations' SOC codes changed (careers/data/soc_changes.csv).

It is curated rather than derived: the split of 29-2071 in SOC 2018 is described in prose (BLS, and
the notes in ../shared/data), not in any machine-readable file we read. Both stages use it: build to
know which SOC 2010 rows of older releases to keep, load to attach those rows to each SOC 2018
occupation they cover.
"""

from catalog.importing import DataError, read_csv

from .releases import SOC_CHANGE_FIELDS
from .values import parse_soc_code


def read_soc_changes(path, known_codes):
    """The hand-written SOC 2010 -> 2018 changes of `known_codes`: {new code: (line, row)}."""
    changes = {}
    for line, row in read_csv(path, required=SOC_CHANGE_FIELDS):
        code = parse_soc_code(row["soc_code"], path, line)
        if code not in known_codes:
            raise DataError(path, line, f"unknown SOC code {code}")
        if code in changes:
            raise DataError(path, line, f"{code} appears more than once")
        parse_soc_code(row["previous_soc_code"], path, line, "previous_soc_code")
        changes[code] = (line, {name: row[name].strip() for name in SOC_CHANGE_FIELDS})
    return changes
