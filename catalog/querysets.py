"""Named querysets: each page asks for what it shows, with its joins already chosen."""

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr

from .search import parse_search, stem


class InstitutionQuerySet(models.QuerySet):
    def with_published_programs(self):
        """Schools that have at least one public listing, with how many."""
        return self.annotate(published_program_count=Count("programs", filter=Q(programs__status="published"))).filter(
            published_program_count__gt=0
        )

    def for_detail(self):
        """The school page: the school and its published programs as search-result cards."""
        from .models import Program

        return self.prefetch_related(
            Prefetch(
                "programs",
                queryset=Program.objects.published().for_search_results().order_by("credential_level", "title"),
                to_attr="published_programs",
            )
        )


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def search(self, query):
        """Programs matching every word typed, in the title, school, city or field of study, and any state named.

        A word matches a field of study when it is in the title of the program's CIP code, or of a code in
        the series a program is filed under: College Scorecard files every listing under the series 51.07,
        so "coding" (51.0713 Medical Insurance Coding Specialist/Coder) must find them. A plain text match;
        full-text search comes later.
        """
        from .models import CIPCode

        states, words = parse_search(query)
        if not states and not words:
            return self
        condition = Q(institution__state__in=states) if states else Q()
        for word in words:
            cip_codes = CIPCode.objects.filter(title__icontains=stem(word))
            condition &= (
                Q(title__icontains=stem(word))
                | Q(institution__name__icontains=word)
                | Q(institution__city__icontains=word)
                | Q(cip_code__in=cip_codes)
                | Q(cip_code__code__in=cip_codes.annotate(series=Substr("code", 1, 5)).values("series"))
            )
        return self.filter(condition)

    def preparing_for(self, credential):
        return self.filter(prepares_for=credential)

    def count_by_credential_level(self):
        """[{"credential_level": 1, "label": "...", "count": 12}, ...] for the levels that have programs."""
        from .models import Program

        rows = self.order_by("credential_level").values("credential_level").annotate(count=Count("id"))
        return [{**row, "label": Program.CredentialLevel(row["credential_level"]).label} for row in rows]

    def for_search_results(self):
        """Cards: school and CIP code joined, and the outcomes that report earnings, newest first."""
        from .models import Outcome

        return self.select_related("institution", "cip_code").prefetch_related(
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.filter(median_earnings__isnull=False).order_by("-release_date"),
                to_attr="earnings_newest_first",
            )
        )

    def for_detail(self):
        from certifications.models import Credential

        from .models import Course, Outcome

        return self.select_related("institution", "cip_code").prefetch_related(
            Prefetch("courses", queryset=Course.objects.order_by("order", "title")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-release_date"), to_attr="outcomes_newest_first"),
            Prefetch("prepares_for", queryset=Credential.objects.select_related("body")),
        )
