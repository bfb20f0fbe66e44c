"""Sitemaps of the public catalog: only published programs, and schools that have one."""

from django.urls import reverse

from config.sitemaps import BilingualSitemap

from .models import Institution, Program


class StaticPagesSitemap(BilingualSitemap):
    def items(self):
        return ["catalog:home", "catalog:program_list"]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(BilingualSitemap):
    limit = 5000

    def items(self):
        return Program.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, program):
        return program.updated_at


class InstitutionSitemap(BilingualSitemap):
    limit = 5000

    def items(self):
        return Institution.objects.with_published_programs().only("slug", "updated_at").order_by("pk")

    def lastmod(self, institution):
        return institution.updated_at
