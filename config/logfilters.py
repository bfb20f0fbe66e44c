"""Logging filters: an outage is logged once a minute, not once per request."""

import logging
import threading
import time

import redis.exceptions
from django.db import InterfaceError, OperationalError
from django_redis.exceptions import ConnectionInterrupted

# A service that does not answer, as opposed to a bug: Redis unreachable or timing out (as django-redis reports it
# when it ignores the failure), PostgreSQL refusing connections or dropping them.
OUTAGE_ERRORS = (
    ConnectionInterrupted,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OperationalError,
    InterfaceError,
)


def outage_kind(record):
    """The chain of exception types behind a record about an outage, e.g. (ConnectionInterrupted, ConnectionError);
    None for any other record."""
    error = record.exc_info[1] if record.exc_info else None
    chain = []
    while error is not None and len(chain) < 5:
        chain.append(f"{type(error).__module__}.{type(error).__qualname__}")
        if isinstance(error, OUTAGE_ERRORS):
            return tuple(chain)
        error = error.__cause__ or error.__context__
    return None


class OutageOncePerMinute(logging.Filter):
    """One record a minute for each kind of outage and logger; every other record passes untouched.

    While Redis or PostgreSQL is out, every request fails in the same way: one traceback a minute says so as
    well as a thousand do, and keeps the rest of the log readable. The next record let through says how many
    were left out in between.
    """

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self.lock = threading.Lock()
        self.seen = {}  # (logger, kind) -> [monotonic time last logged, records left out since]

    def filter(self, record):
        kind = outage_kind(record)
        if kind is None:
            return True
        key = (record.name, kind)
        now = time.monotonic()
        with self.lock:
            seen = self.seen.get(key)
            if seen is not None and now - seen[0] < self.seconds:
                seen[1] += 1
                return False
            left_out = seen[1] if seen else 0
            self.seen[key] = [now, 0]
        if left_out:
            record.msg = f"{record.msg} ({left_out} more like this since the last one were not logged)"
        return True
