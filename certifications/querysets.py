from django.apps import apps
from django.db import models
from django.db.models import Min, Prefetch
from django.utils.text import slugify

from config.prepared import PreparedQuery, attach


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


# The credential page's queries, prepared (config/prepared.py): built and compiled once per process and language.
def _credential_rows(slug):
    from catalog.search.index import token_subquery

    Credential = apps.get_model("certifications", "Credential")
    return Credential.objects.select_related("body").annotate(catalog_token=token_subquery()).filter(slug=slug)


_credential = PreparedQuery(_credential_rows, str)
_fees = PreparedQuery(
    lambda credential: apps.get_model("certifications", "CredentialFee").objects.filter(credential=credential), int
)
_rules = PreparedQuery(
    lambda credential: apps.get_model("certifications", "EligibilityRule").objects.filter(credential=credential), int
)
_occupations = PreparedQuery(
    lambda credential: (
        apps.get_model("careers", "Occupation").objects.with_national_pay().filter(credentials=credential)
    ),
    int,
)


# The home page's list of every credential with its body.
credentials_with_body = PreparedQuery(lambda: apps.get_model("certifications", "Credential").objects.with_body())


def credential_page(slug):
    """The credential with this slug as for_detail() gives it (body, fees, occupations with their national pay),
    with its eligibility rules and the catalog's token (`catalog_token`); None when there is none. Four queries."""
    found = _credential(slug)
    if not found:
        return None
    credential = found[0]
    attach(credential, "fees", _fees(credential.pk))
    attach(credential, "occupations", _occupations(credential.pk))
    attach(credential, "rules", _rules(credential.pk))
    return credential
