from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Credential


class CredentialSitemap(Sitemap):
    def items(self):
        return Credential.objects.order_by("pk")


class CertificationsIndexSitemap(Sitemap):
    def items(self):
        return ["certifications:credential_list"]

    def location(self, item):
        return reverse(item)
