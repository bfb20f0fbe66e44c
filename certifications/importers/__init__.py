"""The certifications data pipeline: the hand-written credentials.json -> the database.

`build(source_dir, out_dir)` and `load(data_dir, report)` are what `build_bundled_data` and
`load_bundled_data` call; load runs after the careers load, whose occupations it links to.
"""

from .building import build
from .loading import load

__all__ = ["build", "load"]
