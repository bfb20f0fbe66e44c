from django.db import models
from django.db.models import Min, Prefetch
from django.utils.text import slugify


class CredentialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def with_body(self):
        """Credentials with their certifying body joined, for a short list of names."""
        return self.select_related("body")

    def for_list(self):
        return self.select_related("body").prefetch_related("fees")

    def for_detail(self):
        """The credential page: its body, fees, and the occupations it leads to with their national median pay."""
        from careers.models import Occupation

        return self.select_related("body").prefetch_related(
            "fees", Prefetch("occupations", queryset=Occupation.objects.with_national_pay())
        )

    def for_comparison(self):
        """The comparison table: body joined, fees prefetched (cheapest first) and the lowest fee to sort on."""
        return self.select_related("body").prefetch_related("fees").annotate(lowest_fee=Min("fees__amount"))

    def formerly_abbreviated(self, slug):
        """The credential whose former abbreviation slugifies to `slug` (CPC-H -> cpc-h), or None.

        Compared in Python because no database function slugifies; only renamed credentials are read.
        """
        renamed = self.exclude(former_abbreviation="").only("slug", "former_abbreviation").order_by("pk")
        return next((credential for credential in renamed if slugify(credential.former_abbreviation) == slug), None)
