"""Named querysets: each page asks for what it shows, with its joins already chosen."""

from django.db import models
from django.db.models import Count, Prefetch, Q


class InstitutionQuerySet(models.QuerySet):
    def with_published_programs(self):
        """Schools that have at least one public listing, with how many."""
        return self.annotate(published_program_count=Count("programs", filter=Q(programs__status="published"))).filter(
            published_program_count__gt=0
        )

    def for_detail(self):
        from .models import Program

        return self.prefetch_related(
            Prefetch(
                "programs",
                queryset=Program.objects.published().select_related("cip_code").order_by("credential_level", "title"),
                to_attr="published_programs",
            )
        )


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def search(self, query):
        """A plain text match over the fields a student types; full-text search comes later."""
        query = (query or "").strip()
        if not query:
            return self
        condition = Q()
        for word in query.split()[:10]:
            condition &= (
                Q(title__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(institution__city__icontains=word)
                | Q(institution__state__iexact=word)
                | Q(cip_code__title__icontains=word)
            )
        return self.filter(condition)

    def for_search_results(self):
        from .models import Outcome

        return self.select_related("institution", "cip_code").prefetch_related(
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-release_date"), to_attr="outcomes_newest_first")
        )

    def for_detail(self):
        from .models import Course, Outcome

        return self.select_related("institution", "cip_code").prefetch_related(
            Prefetch("courses", queryset=Course.objects.order_by("order", "title")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-release_date"), to_attr="outcomes_newest_first"),
            "prepares_for__body",
        )
