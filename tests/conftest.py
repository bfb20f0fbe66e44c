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


def _after_feature_checks(assert_queries):
    """pytest-django's query-count assertion, after Django has asked each database whether it supports JSON.

    Django asks SQLite once per connection, on the first query that uses JSON (a savepoint, `SELECT JSON(...)` and
    its release): three queries counted against whichever page a process renders first (the home page's careers
    use JSON_OBJECT). Asked here first, a query-count test counts its page's own queries whether it runs alone or
    after others."""

    def counted(*args, **kwargs):
        from django.db import connections

        for connection in connections.all():
            connection.features.supports_json_field  # noqa: B018 - read for its side effect: the check is cached
        return assert_queries(*args, **kwargs)

    return counted


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _after_feature_checks(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _after_feature_checks(django_assert_max_num_queries)
