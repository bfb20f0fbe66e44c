from django.db import models
from django.db.models import Prefetch


class WageEstimateQuerySet(models.QuerySet):
    def national_all_industries(self):
        """Cross-industry national rows: the headline figures of each release."""
        return self.filter(area_type="national", industry_code__in=["", "000000"])

    def newest_first(self):
        return self.order_by("-reference_date")


class ProjectionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-base_year")


class OccupationQuerySet(models.QuerySet):
    def with_headline_figures(self):
        """Each occupation with its national wage rows and projections, newest first, in two queries."""
        from .models import Projection, WageEstimate

        return self.prefetch_related(
            Prefetch(
                "wage_estimates",
                queryset=WageEstimate.objects.national_all_industries().newest_first(),
                to_attr="national_estimates",
            ),
            Prefetch("projections", queryset=Projection.objects.newest_first(), to_attr="projections_newest_first"),
        )

    def for_cip_code(self, code):
        """Occupations linked through the crosswalk to a CIP code or any code under a series (51.07)."""
        return self.filter(cip_codes__code__startswith=code).distinct()

    def for_detail(self):
        """The occupation page: headline figures, every earlier release, and the credentials leading to it."""
        from certifications.models import Credential

        return self.with_headline_figures().prefetch_related(
            Prefetch("credentials", queryset=Credential.objects.select_related("body"))
        )
