from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture
def shared_data():
    """The public files in ../shared/data; tests that need them skip on a machine without them."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip("../shared/data is not on this machine")
    return SHARED_DATA
