"""Where Django keeps each request's language, time zone, script prefix and URLconf: context variables read in a
tenth of a microsecond (issue 15).

Django keeps the translation that `translation.activate()` chose in `trans_real._active`, and the time zone, the
script prefix and the URLconf in three more module-level asgiref `Local`s, and reads them on every `get_language()`,
`gettext()`, `reverse()` and `localtime()`. asgiref's `Local` takes a lock, checks the owning thread and goes through
two `__getattr__`s: about a microsecond a read measured here, and a page reads them 150 to 250 times (every number
localized, every month named, every translated word a tag looks up, every address): some 5% of an uncached page's
time (docs/performance.md, stop 26).

`ContextValue` keeps the one attribute Django uses, `value`, in a `contextvars.ContextVar`. That is what asgiref's
`Local` (not thread-critical) stores it in too, so it is seen where asgiref's is: in the request's thread or task,
in the code `sync_to_async` and `async_to_sync` run for it, not in another thread or request. On the Pythons this
project runs (3.11 to 3.13) a new thread starts with an empty context, so a thread never sees another's value.
(asgiref also tags its storage with the thread that set it, for Python 3.14's free-threaded builds, where a new
thread may inherit its parent's context; this project does not run there.)

`install()` puts them in place when the project's apps are ready (config/apps.py). Django puts a fresh `Local` back
in `trans_real` where a translation catalogue changes under a running process: its test signals do when LANGUAGES,
LANGUAGE_CODE or LOCALE_PATHS change (tests/conftest.py installs a fresh one after them), and runserver's
autoreloader when a .mo file changes (development only; reads are slower until the next restart, and as correct).
tests/test_context_locals.py holds them to asgiref's behaviour.
"""

import contextvars

from django.urls import base as urls_base
from django.utils import timezone
from django.utils.translation import trans_real

_UNSET = object()

# (module, attribute) of each asgiref Local of Django's that holds a single `value`.
PLACES = [(trans_real, "_active"), (timezone, "_active"), (urls_base, "_prefixes"), (urls_base, "_urlconfs")]


class ContextValue:
    """A stand-in for asgiref's `Local` with the one attribute these Django modules use, `value`."""

    __slots__ = ("_value",)

    def __init__(self):
        self._value = contextvars.ContextVar("django_local_value", default=_UNSET)

    @property
    def value(self):
        value = self._value.get()
        if value is _UNSET:
            raise AttributeError("value")
        return value

    @value.setter
    def value(self, value):
        self._value.set(value)

    @value.deleter
    def value(self):
        if self._value.get() is _UNSET:
            raise AttributeError("value")
        self._value.set(_UNSET)


def install():
    """Put a fresh ContextValue in each place that does not hold one already."""
    for module, name in PLACES:
        if not isinstance(getattr(module, name), ContextValue):
            setattr(module, name, ContextValue())
