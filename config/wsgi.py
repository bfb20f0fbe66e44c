"""WSGI entry point for gunicorn (`make serve`).

A worker's long-lived objects (modules, compiled templates, translations, prepared queries, the search index:
some 134,000 on the real bundle) are moved out of the garbage collector's sight once the worker is warm
(`FreezeWhenWarm`). Python's full collection walked every one of them, 90 ms on the bench machine, about once
every 50 to 100 requests: a pause that fell on whichever request was running and every one queued behind it
(docs/performance.md, stop 24).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class FreezeWhenWarm:
    """`app`, which, before its 1st, 10th, 100th and 1000th request, collects garbage and then freezes every object
    still alive (gc.freeze): they are kept, never walked again by a collection, and freed as usual when nothing
    refers to them. The first freeze takes what start-up made; the later ones what the first requests loaded and
    keep (templates, translations, the search index). The collection first, so no garbage cycle is frozen."""

    MILESTONES = frozenset({1, 10, 100, 1000})

    def __init__(self, app):
        self.app = app
        self.requests = 0

    def __call__(self, environ, start_response):
        self.requests += 1
        if self.requests in self.MILESTONES:
            gc.collect()
            gc.freeze()
        return self.app(environ, start_response)


application = FreezeWhenWarm(get_wsgi_application())
