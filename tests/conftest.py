from pathlib import Path

import django.test.signals  # noqa: F401  (Django's setting_changed receivers, connected before ours below)
import pytest
from django.core.signals import setting_changed

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


def _keep_fast_language_storage(*, setting, **kwargs):
    """Django's test signals give its translation module a fresh asgiref Local when LANGUAGES, LANGUAGE_CODE or
    LOCALE_PATHS change (to forget the active translation); the suite runs on what production runs, so a fresh
    config.context_locals.ContextValue takes its place, forgetting the translation as well."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        from config import context_locals

        context_locals.install()


# Connected after Django's own receiver (django.test.signals, imported above), so it runs after it.
setting_changed.connect(_keep_fast_language_storage)
