"""A cache outage costs speed, never a page; a database outage answers 503, and both recover on their own (issue 15).

Each fault is made on the real service: the site runs in gunicorn on production settings (tests/faults.py) with
`REDIS_URL` at a closed port or at a TCP proxy to the local Redis that the test cuts and restores, and
`DATABASE_URL` through such a proxy to the local PostgreSQL. Nothing in the cache client is mocked.
"""

import logging
import os
import sqlite3
import sys
import time
import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.formats import date_format
from django_redis.exceptions import ConnectionInterrupted

from catalog.models import Program
from config import errors, pagecache
from config.logfilters import OutageOncePerMinute
from tests.factories import UserFactory
from tests.faults import ServedSite, TcpProxy, closed_port
from tests.quality.site import build_site

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 7
STAFF, PASSWORD = "registrar@lakeshore.edu", "a long and unguessable test passphrase"
# A visitor waits no longer than this for a page while the cache is out (issue 15).
UNCACHED_PAGE_SECONDS = 2


@pytest.fixture
def site(transactional_db):
    """One page of every public type, and a superuser. Committed (transactional), so a server process sees it."""
    pages = build_site()
    staff = UserFactory(username=STAFF, is_superuser=True)
    # Production settings hash with PBKDF2 only: the test settings' fast MD5 hash would let no one in there.
    staff.password = PBKDF2PasswordHasher().encode(PASSWORD, "faulttestsalt", iterations=1000)
    staff.save(update_fields=["password"])
    return pages


def public_pages(site):
    return {
        name: path for name, path in site.items() if not name.startswith("not found") and not path.startswith("/admin/")
    }


@pytest.fixture
def database_url(site, tmp_path):
    """The test database, as a URL a server process can open: PostgreSQL's test database itself, or on SQLite a
    file copy of the in-memory one."""
    if connection.vendor == "postgresql":
        return postgres_url(connection.settings_dict["PORT"] or 5432)
    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


def postgres_url(port):
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@127.0.0.1:{port}/{db['NAME']}"


@pytest.fixture
def redis_server():
    """The local Redis; CI requires it (REQUIRE_REDIS=1), elsewhere the cache fault tests skip without it."""
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"no Redis at {REDIS_HOST}:{REDIS_PORT}")
    prefix = f"resilience-{uuid.uuid4().hex[:12]}"
    yield prefix
    # This test's keys only (its own prefix in database 7): never a flush of anything shared.
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def redis_proxy(redis_server):
    proxy = TcpProxy(REDIS_PORT, REDIS_HOST)
    yield proxy
    proxy.close()


def served(tmp_path, database_url, redis_port, prefix, **env):
    return ServedSite(
        tmp_path,
        database_url,
        REDIS_URL=f"redis://{REDIS_HOST}:{redis_port}/{REDIS_DB}",
        DJANGO_CACHE_KEY_PREFIX=prefix,
        **env,
    )


def assert_pages_answer_uncached(visitor, pages):
    for name, path in pages.items():
        response = visitor.get(path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        assert response.seconds < UNCACHED_PAGE_SECONDS, f"{name} ({path}) took {response.seconds:.2f} s"
        assert response.header("X-Page-Cache") is None, f"{name} ({path}) claims the cache"


def test_every_public_page_answers_when_redis_is_unreachable_at_start(site, database_url, redis_server, tmp_path):
    with served(tmp_path, database_url, closed_port(), redis_server) as server:
        visitor = server.visitor()
        assert_pages_answer_uncached(visitor, public_pages(site))
        assert visitor.get("/no-such-page/").status == 404
        health = visitor.get("/healthz")
        assert health.status == 200, "pages are served, so the server is healthy"
        assert "cache: unavailable" in health.text


@pytest.mark.parametrize("silent", [False, True], ids=["connections-reset", "no-answer"])
def test_every_public_page_answers_when_redis_is_cut_while_serving_and_is_cached_again_after(
    site, database_url, redis_server, redis_proxy, tmp_path, silent
):
    pages = public_pages(site)
    with served(tmp_path, database_url, redis_proxy.port, redis_server) as server:
        visitor = server.visitor()
        program = site["program"]
        assert visitor.get(program).header("X-Page-Cache") == "miss"
        assert visitor.get(program).header("X-Page-Cache") == "hit"
        assert "cache: ok" in visitor.get("/healthz").text

        redis_proxy.cut(silent=silent)
        assert_pages_answer_uncached(visitor, pages)
        health = visitor.get("/healthz")
        assert health.status == 200
        assert "cache: unavailable" in health.text

        redis_proxy.restore()
        assert "cache: ok" in visitor.get("/healthz").text
        assert served_through_the_cache(visitor, program), "pages are cached again once Redis answers"
        assert visitor.get(program).header("X-Page-Cache") == "hit"


def served_through_the_cache(visitor, path, states=("miss", "hit"), seconds=15):
    """The first response for `path` that went through the page cache (X-Page-Cache in `states`) within `seconds`,
    else None: a process that found the cache out leaves it alone for a few seconds before asking again."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = visitor.get(path)
        assert response.status == 200
        if response.header("X-Page-Cache") in states:
            return response
        time.sleep(0.5)
    return None


def test_an_edit_made_while_redis_was_down_shows_once_it_is_back(
    site, database_url, redis_server, redis_proxy, tmp_path
):
    """No page cached before the outage is served after it: the content version was not bumped while Redis was
    unreachable, so the process that saw it fail bumps it when Redis answers again."""
    program = Program.objects.get(slug="medical-coding-certificate", last_reviewed=None)
    page = site["program"]
    with served(tmp_path, database_url, redis_proxy.port, redis_server) as server:
        visitor = server.visitor()
        assert "Not yet verified by the school." in visitor.get(page).text
        assert visitor.get(page).header("X-Page-Cache") == "hit"

        redis_proxy.cut()
        staff = server.visitor()
        assert staff.sign_in(STAFF, PASSWORD).status == 302
        marked = staff.post("/admin/catalog/program/", {"action": "mark_reviewed", "_selected_action": program.pk})
        assert marked.status == 302, marked.text[:2000]
        verified = f"Last verified on {date_format(timezone.localdate())} by the school."
        assert verified in visitor.get(page).text, "served uncached while Redis is out"

        redis_proxy.restore()
        first = served_through_the_cache(visitor, page)
        assert first is not None, "pages are cached again once Redis answers"
        assert verified in first.text, f"the page cached before the outage came back ({first.header('X-Page-Cache')})"
        again = visitor.get(page)
        assert again.header("X-Page-Cache") == "hit"
        assert verified in again.text


def test_sign_in_the_admin_and_login_throttling_work_without_redis(site, database_url, redis_server, tmp_path):
    with served(tmp_path, database_url, closed_port(), redis_server, DJANGO_AXES_FAILURE_LIMIT="3") as server:
        staff = server.visitor()
        assert staff.sign_in(STAFF, PASSWORD).status == 302
        assert staff.get("/admin/").status == 200
        assert staff.get("/admin/catalog/program/").status == 200
        assert staff.get("/admin/catalog/program/?q=coding").status == 200

        intruder = server.visitor()
        for _ in range(3):
            assert intruder.sign_in(STAFF, "wrong").status in (200, 429)
        locked = intruder.sign_in(STAFF, PASSWORD)
        assert locked.status == 429, "the lockout is counted in the database, not in the cache"
        assert "Sign-in locked" in locked.text


def test_cache_failures_are_logged_once_a_minute_not_per_request(site, database_url, redis_server, tmp_path):
    """Requests for longer than the page cache's pause between attempts, so the process asks Redis again (and
    fails again) more than once, yet logs one traceback."""
    with served(tmp_path, database_url, closed_port(), redis_server) as server:
        visitor = server.visitor()
        started = time.monotonic()
        requests = 0
        while time.monotonic() - started < pagecache.RETRY_SECONDS * 2 + 1:
            for path in public_pages(site).values():
                assert visitor.get(path).status == 200
                requests += 1
        assert visitor.get("/healthz").status == 200
    log = server.log()
    assert requests > 20
    assert server.count_in_log(r"Exception ignored") == 1, log
    assert server.count_in_log(r"The cache is not answering") == 1, log


def test_an_outage_is_logged_once_a_minute_and_anything_else_every_time():
    """The filter itself, on made-up records: the cache and database errors it holds back, and one it must not."""
    held_back = OutageOncePerMinute(seconds=0.5)

    def record(error, name="django_redis.cache"):
        try:
            raise error
        except Exception:
            return logging.LogRecord(name, logging.ERROR, __file__, 1, "Exception ignored", (), sys.exc_info())

    refused = [record(ConnectionInterrupted(connection=None)) for _ in range(50)]
    assert [held_back.filter(r) for r in refused].count(True) == 1
    assert held_back.filter(record(OperationalError("server closed the connection"), "django.request"))
    assert all(held_back.filter(record(ValueError("a bug"))) for _ in range(3)), "bugs are logged every time"
    time.sleep(0.6)
    later = record(ConnectionInterrupted(connection=None))
    assert held_back.filter(later)
    assert "49 more like this" in later.getMessage()


# The 503 page in the language of the address asked for (issue 16).
UNAVAILABLE = {"en": "Temporarily unavailable", "es": "Temporalmente no disponible"}


def assert_temporarily_unavailable(response, what, path=""):
    language = "es" if path.startswith("/es/") else "en"
    assert response.status == 503, f"{what} answered {response.status}"
    assert response.header("Retry-After") == str(errors.RETRY_AFTER_SECONDS), what
    assert f"<h1>{UNAVAILABLE[language]}</h1>" in response.text, what
    assert f'<html lang="{language}">' in response.text, what


def test_pages_answer_503_when_the_database_cannot_be_opened(tmp_path):
    """The SQLite run's database outage: a file database cannot be cut, but it can be missing. No REDIS_URL, so
    no cached page stands in for the database."""
    with ServedSite(tmp_path, f"sqlite:///{tmp_path}/no-such-folder/site.sqlite3") as server:
        visitor = server.visitor()
        for path in ["/", "/programs/?q=coding", "/programs/medical-coding-certificate/", "/careers/"]:
            assert_temporarily_unavailable(visitor.get(path), path, path)
        health = visitor.get("/healthz")
        assert health.status == 503
        assert health.text == "database: unavailable\ncache: ok\n"
        assert health.header("Retry-After") == str(errors.RETRY_AFTER_SECONDS)
    # Django logs each failed page with its traceback: once a minute for an outage, not once per request.
    assert server.count_in_log(r"Service Unavailable: /(?!healthz)") == 1, server.log()


@pytest.fixture
def postgres_proxy(site):
    """The test database through a proxy the test cuts. PostgreSQL only: on the SQLite run the database is a file
    in this process, with no connection to cut (that run checks a database that cannot be opened instead)."""
    if connection.vendor != "postgresql":
        pytest.skip("a SQLite file has no connection to cut; the PostgreSQL run of .ci/run cuts PostgreSQL")
    db = connection.settings_dict
    proxy = TcpProxy(int(db["PORT"] or 5432), db["HOST"] or "127.0.0.1")
    yield proxy
    proxy.close()


def test_pages_answer_503_while_postgresql_is_cut_and_200_as_soon_as_it_is_back(site, postgres_proxy, tmp_path):
    pages = public_pages(site)
    database_url = postgres_url(postgres_proxy.port)
    with ServedSite(tmp_path, database_url, DJANGO_CONN_MAX_AGE="600") as server:
        visitor = server.visitor()
        assert_pages_answer_uncached(visitor, pages)

        postgres_proxy.cut()
        answered = {}
        for name, path in pages.items():
            response = visitor.get(path)
            answered[name] = response.status
            if response.status != 200:  # a page that needs no query (the pathways page) still answers
                assert_temporarily_unavailable(response, f"{name} ({path})", path)
        assert answered["program"] == answered["results"] == answered["home"] == 503
        health = visitor.get("/healthz")
        assert health.status == 503
        assert health.text == "database: unavailable\ncache: ok\n"

        postgres_proxy.restore()
        # The first request after the database is back: no restart, no failed request first.
        assert visitor.get(pages["program"]).status == 200
        assert visitor.get("/healthz").text == "database: ok\ncache: ok\n"
        assert_pages_answer_uncached(visitor, pages)


def test_a_persistent_connection_broken_while_idle_is_replaced_before_the_next_request(site, postgres_proxy, tmp_path):
    """PostgreSQL restarted (or the network blinked) between two requests: the worker's kept connection is dead,
    and without a health check the next request would fail on it."""
    with ServedSite(tmp_path, postgres_url(postgres_proxy.port), DJANGO_CONN_MAX_AGE="600") as server:
        visitor = server.visitor()
        assert visitor.get(site["program"]).status == 200
        postgres_proxy.cut()
        postgres_proxy.restore()
        assert visitor.get(site["program"]).status == 200
        assert visitor.get(site["school"]).status == 200


def test_a_database_host_that_stops_answering_gets_a_503_after_the_connect_timeout(site, postgres_proxy, tmp_path):
    """No refusal, no reset: connections are accepted and never answered, as when the host is gone. Without a
    connect timeout the worker would wait until gunicorn killed it."""
    with ServedSite(tmp_path, postgres_url(postgres_proxy.port)) as server:
        visitor = server.visitor()
        assert visitor.get(site["program"]).status == 200
        postgres_proxy.cut(silent=True)
        response = visitor.get(site["program"], timeout=20)
        assert_temporarily_unavailable(response, "the program page")
        assert response.seconds < 8, f"answered after {response.seconds:.1f} s"
        postgres_proxy.restore()
        assert visitor.get(site["program"]).status == 200
