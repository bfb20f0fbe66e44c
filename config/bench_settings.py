"""Settings for `make bench` only: the real settings plus one bare view, the benchmark's ceiling."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "config.bench_urls"
# The ceiling is measured through the whole middleware stack, but never from the page cache.
PAGE_CACHE_EXCLUDED_PREFIXES = (*PAGE_CACHE_EXCLUDED_PREFIXES, "/bench/")  # noqa: F405
