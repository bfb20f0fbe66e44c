from django.urls import reverse

from config.sitemaps import BilingualSitemap

from .models import Occupation


class OccupationSitemap(BilingualSitemap):
    def items(self):
        return Occupation.objects.order_by("pk")


class CareersIndexSitemap(BilingualSitemap):
    def items(self):
        return ["careers:occupation_list"]

    def location(self, item):
        return reverse(item)
