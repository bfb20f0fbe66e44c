"""The careers data pipeline: BLS and O*NET public files -> careers/data/*.csv -> the database.

`build(source_dir, out_dir)` and `load(data_dir, report)` are what `build_bundled_data` and
`load_bundled_data` call; see catalog/importing.py for the two stages.
"""

from .building import build
from .loading import load

__all__ = ["build", "load"]
