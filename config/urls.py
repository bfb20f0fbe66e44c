from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from careers.sitemaps import CareersIndexSitemap, OccupationSitemap
from catalog.sitemaps import InstitutionSitemap, ProgramSitemap, StaticPagesSitemap
from catalog.views import healthz
from catalog.views.site import robots_txt
from certifications.sitemaps import CertificationsIndexSitemap, CredentialSitemap

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "programs": ProgramSitemap,
    "schools": InstitutionSitemap,
    "careers-index": CareersIndexSitemap,
    "careers": OccupationSitemap,
    "certifications-index": CertificationsIndexSitemap,
    "certifications": CredentialSitemap,
}

urlpatterns = [
    # Password reset for staff, in the admin's look (Django's registration templates); under /admin/ so that
    # the page cache and crawlers leave it alone. A staff invitation links to the confirm step.
    path("admin/password_reset/", auth_views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("admin/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("admin/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    # No trailing slash: load balancers ask for /healthz, and SECURE_REDIRECT_EXEMPT matches it exactly.
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # An index of per-section sitemaps, each paged at 5,000 URLs, so it stays valid as the catalog grows.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
] + i18n_patterns(
    # Every public page in English at its address of old and in Spanish under /es/ (issue 16); the admin, the
    # health check, robots.txt and the sitemaps stay unprefixed.
    path("careers/", include("careers.urls")),
    path("certifications/", include("certifications.urls")),
    path("guides/", include("certifications.urls_guides")),
    path("pathways/", include("certifications.urls_pathways")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)

# 503 "temporarily unavailable" while the database does not answer, the usual 500 page otherwise.
handler500 = "config.errors.server_error"
