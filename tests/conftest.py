from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture
def shared_data():
    """The public files in ../shared/data; tests that need them skip on a machine without them."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip("../shared/data is not on this machine")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request to a Spanish page leaves Spanish active in the test's thread (LocaleMiddleware activates a
    language per request and never resets it); the next test starts in English, as a new request would."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
