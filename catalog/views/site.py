"""Site-wide files for crawlers: robots.txt (the sitemap itself is Django's sitemap view)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# Pages a crawler should not spend time on: the admin, per-visitor compare lists, and downloads that
# repeat the result pages.
DISALLOWED = ["/admin/", "/compare/", "/programs/export.csv"]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
