"""The sitemaps' common base: every address in English and in Spanish, each listing the other (issue 16)."""

from django.contrib.sitemaps import Sitemap


class BilingualSitemap(Sitemap):
    # One <url> per page and language (LANGUAGES), with <xhtml:link rel="alternate" hreflang> to each version
    # and x-default to the English one, as the pages' own <link rel="alternate"> say.
    i18n = True
    alternates = True
    x_default = True
