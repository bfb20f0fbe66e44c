from django.urls import reverse

from config.sitemaps import BilingualSitemap

from .models import Credential


class CredentialSitemap(BilingualSitemap):
    def items(self):
        return Credential.objects.order_by("pk")


class CertificationsIndexSitemap(BilingualSitemap):
    def items(self):
        return ["certifications:credential_list"]

    def location(self, item):
        return reverse(item)
