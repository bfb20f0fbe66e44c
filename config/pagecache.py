"""Whole-page caching for anonymous visitors that stays correct: every save and import shows at once.

A public page depends on the catalog's data, the visitor's language, the address (path and query), the
host (canonical links), today's date (the printed "on" date) and one cookie: the compare list. The cache
key holds all of these plus a *content version*. Any change to the data bumps the version, so every page
cached before it is simply never asked for again and expires on its own; nothing has to find and delete
the pages a change touched. The version is bumped:

- on every committed save, delete or many-to-many change of a catalog, careers or certifications model
  (`post_save`, `post_delete`, `m2m_changed`, connected in `connect_signals`);
- after every successful unsafe request (POST, ...) of a signed-in user, which covers admin actions and
  CSV imports that use `QuerySet.update` or `bulk_create` and so send no signals;
- by the bulk loaders (`load_bundled_data`, `import_oews`, `import_projections`, the benchmark generator),
  which call `invalidate_pages()` when their transaction commits.

Only anonymous requests are served from the cache: a request that carries any cookie other than the
compare list and the language is passed through (a session means a signed-in user, a `messages` cookie a
one-off notice). A response is stored only when it is a plain 200 that sets no cookie and varies on nothing
the key does not hold.

The cache is the default cache (`REDIS_URL` for Redis, else local memory). Local memory belongs to one
process, so a version bumped in one gunicorn worker would not reach another: the page cache is therefore on
by default only with a shared cache (see `PAGE_CACHE_SECONDS` in settings).

A cache outage costs speed, never a page (issue 15). The Redis backend reads an unreachable Redis as a miss
and drops writes to it (settings: `IGNORE_EXCEPTIONS`); a cache that cannot give back the version it was just
given is not answering, and then:

- pages are rendered and served uncached, and this process leaves the cache alone for `RETRY_SECONDS`, so
  only one request in that time waits for Redis's timeouts;
- a change made meanwhile could not bump the version, and Redis still holds the pages cached before it. So a
  process that found the cache out *owes* a bump: the first time the cache answers it again, the version moves
  on before any page is read. Every process that served a request or saved a change during the outage owes one,
  the one that made the change included.
"""

import hashlib
import logging
import re
import secrets
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import cc_delim_re

from catalog.compare import COOKIE_NAME as COMPARE_COOKIE

VERSION_KEY = "pagecache:version"
# The apps whose data the public pages show.
CONTENT_APPS = frozenset({"catalog", "careers", "certifications"})
# Their models that no page shows: derived data rebuilt from the others.
NOT_SHOWN_MODELS = frozenset({"catalog.SearchWord", "catalog.CatalogVersion"})
# Cookies a cached page may depend on; their values are part of the key. Any other cookie skips the cache, except
# the language cookie: a page's language comes from its address alone (/es/ for Spanish, issue 16), so the key's
# address already holds it.
KEY_COOKIES = (COMPARE_COOKIE,)
IGNORED_COOKIES = (settings.LANGUAGE_COOKIE_NAME,)
# Response headers that vary on something the key already holds.
KEYED_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
HEADER = "X-Page-Cache"
# GZipMiddleware's own test of Accept-Encoding.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


# After the cache fails to answer, this process serves uncached pages for this long before it asks again.
RETRY_SECONDS = 5

logger = logging.getLogger(__name__)


class CacheOutage:
    """What this process knows of the cache's health: whether to ask it now, and whether it owes a version bump."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0  # time.monotonic() before which the cache is not asked
        self.version_owed = False

    def should_ask(self):
        return time.monotonic() >= self.retry_at

    def failed(self):
        with self.lock:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.version_owed = True
            if self.down:
                return
            self.down = True
        logger.warning(
            "The cache is not answering: pages are served uncached, and the content version moves on when it "
            "answers again."
        )

    def answered(self):
        if not self.down:
            return
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            logger.warning("The cache answers again.")


outage = CacheOutage()


def content_version():
    """The current content version, or None while the cache is not answering (pages are then served uncached).

    A missing one (first start, eviction, a Redis that lost its data) starts from the clock, so it never repeats
    a number whose pages might still be in the cache.
    """
    if not outage.should_ask():
        return None
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
        if version is None:  # it cannot hold what it was just given
            outage.failed()
            return None
    if outage.version_owed:
        # Pages cached before the outage may predate a change made during it: none of them is read again.
        version = _bump_version()
        if version is None:
            outage.failed()
            return None
        outage.version_owed = False
    outage.answered()
    return version


def _bump_version():
    """The new content version, or None when the cache did not take it."""
    try:
        bumped = cache.incr(VERSION_KEY)
    except ValueError:  # no version yet, or evicted
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        bumped = True
    # An unreachable Redis answers an increment with None. The number it returns otherwise is not used: it passes
    # through a Lua script in django-redis, whose numbers are doubles, and a clock-sized version loses its last
    # digits there. The stored one is exact.
    return cache.get(VERSION_KEY) if bumped is not None else None


def invalidate_pages():
    """Make every cached page stale at once, by moving to a new content version; while the cache is out, when it
    answers again."""
    already_owed = outage.version_owed
    if not outage.should_ask():
        outage.version_owed = True
    elif _bump_version() is None:
        outage.failed()
    else:
        return
    if not already_owed:
        # Said once: a command that exits before the cache is back takes its owed bump with it.
        logger.warning("A change could not reach the cache: its pages are made stale when the cache answers again.")


def cache_answers():
    """Whether the cache keeps a value and gives it back (for /healthz). A cache that answers after an outage gets
    the version bump this process owes."""
    key, token = f"pagecache:probe:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        outage.failed()
        return False
    cache.delete(key)
    outage.retry_at = 0.0
    content_version()
    return True


def invalidate_pages_on_commit(using=None):
    """Invalidate when the current transaction commits (at once outside one): a rolled-back import changes
    nothing, and no page can be cached from data that is about to change under the new version. A
    transaction that saves a thousand rows still invalidates once."""
    connection = transaction.get_connection(using)
    savepoints = set(connection.savepoint_ids)
    if any(sids == savepoints and func is invalidate_pages for sids, func, *_ in connection.run_on_commit):
        return
    transaction.on_commit(invalidate_pages, using=using)


def _content_changed(sender, using=None, **kwargs):
    invalidate_pages_on_commit(using=using)


def connect_signals():
    """Bump the version on every save, delete and many-to-many change of the public apps' models.

    Connected model by model, not to every sender: a delete receiver makes Django fetch rows before deleting
    them, so models the pages do not show (the search vocabulary, history rows) keep their fast bulk deletes.
    `m2m_changed` is sent by the through model, which is among each app's models (auto-created included).
    """
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model._meta.label in NOT_SHOWN_MODELS or model.__name__.startswith("Historical"):
                continue
            uid = f"pagecache_{model._meta.label}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_save")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_delete")
            m2m_changed.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_m2m")


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests from the cache; store their plain 200 responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or not self._cacheable_request(request):
            response = self.get_response(request)
            self._invalidate_after_change(request, response)
            return response
        version = content_version()
        if version is None:  # the cache is not answering: a page rendered now, not one from before an outage
            return self.get_response(request)
        key = self._key(request, version)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            response[HEADER] = "miss"
            cache.set(key, response, seconds)
        return response

    @staticmethod
    def _cacheable_request(request):
        if request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
            return False
        return all(name in KEY_COOKIES or name in IGNORED_COOKIES for name in request.COOKIES)

    @staticmethod
    def _cacheable_response(response):
        if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
            return False
        if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
            return False
        vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
        return vary <= KEYED_VARY

    @staticmethod
    def _key(request, version):
        parts = [
            str(version),
            request.get_host(),
            request.scheme,
            request.get_full_path(),
            timezone.localdate().isoformat(),
            # Stored as GZipMiddleware (below this one) made it: compressed for clients that accept gzip.
            "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "identity",
            *(request.COOKIES.get(name, "") for name in KEY_COOKIES),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        # HEAD and GET share an entry: a view answers HEAD as GET, body included, and the server leaves it out.
        return f"pagecache:page:{digest}"

    @staticmethod
    def _invalidate_after_change(request, response):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or response.status_code >= 400:
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            invalidate_pages()
