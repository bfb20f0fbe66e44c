"""The server error page: 503 "temporarily unavailable" while the database does not answer, 500 for anything else.

A database that refuses or drops connections is an outage, not a bug in the page: the visitor is asked to come
back (`Retry-After`) rather than told that something broke, and crawlers keep the page they have. Django calls this
for every uncaught exception, in a view, a template or a middleware, so an outage answers 503 wherever it shows.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.defaults import server_error as page_error

# Seconds a visitor or crawler is asked to wait before trying again while the database is out.
RETRY_AFTER_SECONDS = 30


def database_unavailable(error):
    """Whether an exception means the database is not answering (refused, dropped, timed out), not a bug: Django
    raises OperationalError or InterfaceError for those, and other errors (IntegrityError, ProgrammingError) for
    what the code asked."""
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return page_error(request)


def service_unavailable(request):
    # Rendered without a request context, as Django renders 500.html: context processors may query (the user).
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
