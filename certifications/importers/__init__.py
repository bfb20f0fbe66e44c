"""The certifications data pipeline: the hand-written JSON files -> the database.

`build(source_dir, out_dir)` and `load(data_dir, report)` are what `build_bundled_data` and
`load_bundled_data` call; load runs after the careers and catalog loads, whose occupations it links to.
credentials.json comes first: eligibility_rules.json names its credentials; guides.json its occupations.
"""

from . import pathways
from .building import build as build_credentials
from .loading import load as load_credentials


def build(source_dir, out_dir):
    return [*build_credentials(source_dir, out_dir), *pathways.build(out_dir)]


def load(data_dir, report):
    load_credentials(data_dir, report)
    pathways.load(data_dir, report)


__all__ = ["build", "load"]
