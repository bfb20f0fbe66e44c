"""Credential pages: the exam, what it costs, who may sit it, how it is kept, and where it leads; and the
comparison table of all credentials, sorted by links rather than script."""

from django.db.models import F
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from catalog.querysets import FIRST_PROGRAMS, first_programs
from catalog.search.index import published_index

from .eligibility import program_search_url
from .jsonld import credential_json_ld
from .models import Credential
from .querysets import credential_page

PROGRAMS_SHOWN = FIRST_PROGRAMS

# ?sort= key -> (column heading, the field to order by). Each sorts ascending, or descending with a leading "-";
# credentials that do not report the value come last either way.
COMPARISON_SORTS = {
    "body": (_("Body"), "body__abbreviation"),
    "minutes": (_("Exam length"), "exam_minutes"),
    "questions": (_("Questions"), "exam_questions"),
    "fee": (_("Lowest exam fee"), "lowest_fee"),
    "ceus": (_("CEUs per cycle"), "renewal_ceus"),
}
DEFAULT_SORT = "body"


class CredentialListView(ListView):
    template_name = "certifications/credential_list.html"
    context_object_name = "credentials"

    def get_queryset(self):
        return Credential.objects.for_list()


class CredentialDetailView(DetailView):
    template_name = "certifications/credential_detail.html"
    context_object_name = "credential"

    def get_object(self, queryset=None):
        # With the catalog's token, for the counts below (catalog/search/index.py).
        credential = credential_page(self.kwargs[self.slug_url_kwarg])
        if credential is None:
            raise Http404(_("No credential found matching the query"))
        return credential

    def get(self, request, *args, **kwargs):
        """A former abbreviation's address (/certifications/cpc-h/) moves permanently to the credential's page."""
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            renamed = Credential.objects.formerly_abbreviated(kwargs["slug"])
            if renamed is None:
                raise
            return HttpResponsePermanentRedirect(renamed.get_absolute_url())

    def get_context_data(self, **kwargs):
        # How many published programs say they prepare for it, the first few of them, and how many each of its
        # rules covers: counted on the program list's in-memory index (catalog/search/index.py), not by scanning
        # the programs table for each count.
        index = published_index(token=self.object.catalog_token)
        preparing = index.link_mask("prepares_for", [self.object.slug])
        first = index.first_ids(preparing, PROGRAMS_SHOWN)
        found = {program.pk: program for program in first_programs(first)}
        rules = list(self.object.rules.all())
        for rule in rules:  # each with the search that lists exactly them
            rule.program_count = index.count(
                index.covered(rule.credential_levels, rule.cip_code, rule.required_accreditation)
            )
        return super().get_context_data(
            program_count=index.count(preparing),
            programs=[found[pk] for pk in first if pk in found],
            programs_search_url=program_search_url({"prepares_for": self.object.slug}),
            rules=rules,
            json_ld=credential_json_ld(self.object, self.request.build_absolute_uri(self.object.get_absolute_url())),
            **kwargs,
        )


class CredentialCompareView(ListView):
    """`/certifications/compare/`: every credential side by side; `?sort=fee` or `?sort=-fee` reorders it."""

    template_name = "certifications/credential_compare.html"
    context_object_name = "credentials"

    def sort_asked(self):
        """(key, descending, unknown): the sort in force, and the value asked for when it could not be used."""
        asked = self.request.GET.get("sort", "")
        key = asked.removeprefix("-")
        if key in COMPARISON_SORTS:
            return key, asked.startswith("-"), ""
        return DEFAULT_SORT, False, asked

    def get_queryset(self):
        key, descending, _unknown = self.sort_asked()
        field = F(COMPARISON_SORTS[key][1])
        order = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
        return Credential.objects.for_comparison().order_by(order, "body__abbreviation", "abbreviation")

    def get_context_data(self, **kwargs):
        key, descending, unknown = self.sort_asked()
        columns = [
            {
                "key": name,
                "label": label,
                "current": name == key,
                "aria_sort": ("descending" if descending else "ascending") if name == key else "",
                # The column in force links to the other direction; every other column starts ascending.
                "next": f"-{name}" if name == key and not descending else name,
            }
            for name, (label, _field) in COMPARISON_SORTS.items()
        ]
        return super().get_context_data(
            columns={column["key"]: column for column in columns}, unknown_sort=unknown, **kwargs
        )
