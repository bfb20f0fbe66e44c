from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Occupation


class OccupationSitemap(Sitemap):
    def items(self):
        return Occupation.objects.order_by("pk")


class CareersIndexSitemap(Sitemap):
    def items(self):
        return ["careers:occupation_list"]

    def location(self, item):
        return reverse(item)
