"""A URL configuration with the catalog's pages under /elsewhere/, for tests that change ROOT_URLCONF."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("catalog.urls"))]
