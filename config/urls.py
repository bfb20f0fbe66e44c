from django.contrib import admin
from django.urls import include, path

from catalog.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # No trailing slash: load balancers ask for /healthz, and SECURE_REDIRECT_EXEMPT matches it exactly.
    path("healthz", healthz, name="healthz"),
    path("careers/", include("careers.urls")),
    path("certifications/", include("certifications.urls")),
    path("", include("catalog.urls")),
]
