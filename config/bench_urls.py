"""The site's URLs plus `/bench/ceiling/`, a view that returns a fixed string: what gunicorn and Django's
middleware cost with no page behind them. `make bench` reports each page's throughput against it."""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as site_urlpatterns


def ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *site_urlpatterns]
