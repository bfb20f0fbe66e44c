"""Settings come from the environment, and production refuses to start unsafe.

Each case runs Django in a fresh process, because settings are read once at start-up.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-value-used-only-by-this-test-0123456789abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "coding-programs.example.org",
}


def run_django(args, **env):
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def show_setting(expression, **env):
    code = f"from django.conf import settings; print({expression})"
    return run_django(["shell", "--no-imports", "-c", code], **env)


def test_debug_is_off_unless_asked_for():
    assert show_setting("settings.DEBUG", **PRODUCTION_ENV).stdout.strip() == "False"
    assert show_setting("settings.DEBUG", DJANGO_DEBUG="1").stdout.strip() == "True"


def test_management_commands_print_no_login_throttle_banner():
    result = run_django(["check"], DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


def test_missing_secret_key_with_debug_off_stops_with_a_clear_message():
    result = run_django(["check"])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_defaults_to_sqlite_in_the_project_folder():
    result = show_setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']", DJANGO_DEBUG="1"
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")]


def test_a_sqlite_database_is_kept_open_between_requests_unless_told_otherwise():
    """A new SQLite connection per request re-reads the schema and re-prepares every statement (docs/performance.md);
    PostgreSQL's connections stay as DJANGO_CONN_MAX_AGE says, 0 by default."""
    max_age = "settings.DATABASES['default']['CONN_MAX_AGE']"
    assert show_setting(max_age, DJANGO_DEBUG="1").stdout.strip() == "600"
    assert show_setting(max_age, DJANGO_DEBUG="1", DJANGO_CONN_MAX_AGE="0").stdout.strip() == "0"
    postgres = show_setting(max_age, DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere")
    assert postgres.stdout.strip() == "0"


def test_database_url_selects_postgresql():
    result = show_setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "somewhere"]


def test_allowed_hosts_come_from_the_environment():
    result = show_setting("settings.ALLOWED_HOSTS", **PRODUCTION_ENV)
    assert result.stdout.strip() == "['coding-programs.example.org']"


def test_redis_url_selects_a_shared_cache_for_pages_and_import_uploads():
    expression = (
        "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], settings.PAGE_CACHE_SECONDS, "
        "getattr(settings, 'IMPORT_EXPORT_TMP_STORAGE_CLASS', 'TempFolderStorage')"
    )
    shared = show_setting(expression, DJANGO_DEBUG="1", REDIS_URL="redis://cache.internal:6379/0")
    assert shared.stdout.split() == [
        "django_redis.cache.RedisCache",
        "redis://cache.internal:6379/0",
        "600",
        "import_export.tmp_storages.CacheStorage",
    ]
    # Without Redis the cache is this process's memory, so whole-page caching stays off: another worker
    # would keep serving a page after a change.
    local = show_setting(expression, DJANGO_DEBUG="1")
    assert local.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "medcoding",
        "0",
        "TempFolderStorage",
    ]


def test_email_goes_out_by_smtp_when_a_host_is_set_and_to_the_console_otherwise():
    expression = "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS"
    smtp = show_setting(
        f"*({expression}), settings.DEFAULT_FROM_EMAIL, sep=' '",
        DJANGO_DEBUG="1",
        DJANGO_EMAIL_HOST="smtp.example.org",
        DJANGO_EMAIL_PORT="2525",
        DJANGO_DEFAULT_FROM_EMAIL="listings@example.org",
    )
    assert smtp.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "2525",
        "True",
        "listings@example.org",
    ]
    console = show_setting("settings.EMAIL_BACKEND", DJANGO_DEBUG="1")
    assert console.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_production_settings_with_redis_pass_the_deploy_check():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV, REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_postgresql_connections_turn_off_the_jit_compiler_and_give_up_connecting_after_5_seconds():
    """JIT compiling the facet-count query cost seconds at 100,000 programs (docs/performance.md). A database host
    that stopped answering fails the request with the 503 page instead of holding the worker (issue 15). The
    pages' prepared queries are prepared on the server (config/prepared.py), unless DJANGO_DB_PREPARE=0 (for a
    transaction-pooling PgBouncer)."""
    result = show_setting(
        "settings.DATABASES['default']['OPTIONS']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
    )
    assert result.stdout.strip() == "{'options': '-c jit=off', 'connect_timeout': 5, 'prepare_threshold': 0}"
    sqlite = show_setting("settings.DATABASES['default'].get('OPTIONS', {})", DJANGO_DEBUG="1")
    assert "jit" not in sqlite.stdout
    pooled = show_setting(
        "settings.DATABASES['default']['OPTIONS']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
        DJANGO_DB_PREPARE="0",
    )
    assert "prepare_threshold" not in pooled.stdout and "jit=off" in pooled.stdout


@pytest.mark.django_db
def test_the_live_postgresql_connection_runs_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
