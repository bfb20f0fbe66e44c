from django.db import models
from django.db.models import Max, Prefetch, Q

# OEWS cross-industry rows: stored with an empty industry code (the 2025 file writes 000000).
CROSS_INDUSTRY = ["", "000000"]


class WageEstimateQuerySet(models.QuerySet):
    def national_all_industries(self):
        """Cross-industry national rows: the headline figures of each release."""
        return self.filter(area_type="national", industry_code__in=CROSS_INDUSTRY)

    def national_by_industry(self):
        """National rows for one industry each (NAICS sectors down to 6-digit industries, and ownerships)."""
        return self.filter(area_type="national").exclude(industry_code__in=CROSS_INDUSTRY)

    def states(self):
        return self.filter(area_type="state", industry_code__in=CROSS_INDUSTRY)

    def metro_areas(self):
        """Metropolitan and nonmetropolitan areas, as OEWS publishes them."""
        return self.filter(area_type="metro", industry_code__in=CROSS_INDUSTRY)

    def in_release(self, release):
        return self.filter(release=release)

    def newest_first(self):
        return self.order_by("-reference_date")

    def newest_reference_date(self):
        """The reference month of the newest release loaded, whatever the occupation; None when none is."""
        return self.aggregate(newest=Max("reference_date"))["newest"]


class ProjectionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-base_year", "quoted")

    def newest_base_year(self):
        return self.aggregate(newest=Max("base_year"))["newest"]


class OutlookThresholdQuerySet(models.QuerySet):
    def label_projections(self, projections):
        """Set `outlook` on each projection: BLS's phrase for its growth in its own period, or None.

        One query whatever the number of projections. A period without stored thresholds gets None, so
        no phrase is shown rather than one borrowed from another period.
        """
        projections = list(projections)
        periods = {(p.base_year, p.target_year) for p in projections}
        bands = {}
        if periods:
            query = Q()
            for base_year, target_year in periods:
                query |= Q(base_year=base_year, target_year=target_year)
            for threshold in self.filter(query):
                bands.setdefault((threshold.base_year, threshold.target_year), []).append(threshold)
        for projection in projections:
            projection.outlook = _band_for(bands.get((projection.base_year, projection.target_year), []), projection)
        return projections


def _band_for(thresholds, projection):
    """The band with the highest lowest-percent at or below the projection's rounded change; else the open band."""
    whole = projection.whole_percent_change
    bounded = [t for t in thresholds if t.min_percent is not None and whole >= t.min_percent]
    if bounded:
        return max(bounded, key=lambda t: t.min_percent)
    return next((t for t in thresholds if t.min_percent is None), None)


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
        """The occupation page: headline figures, every earlier release, credentials and CIP codes leading to it."""
        from certifications.models import Credential

        return self.with_headline_figures().prefetch_related(
            Prefetch("credentials", queryset=Credential.objects.select_related("body")),
            "cip_codes",
        )

    def similar_to(self, occupation):
        """The other occupations we carry that share a CIP code or a credential with `occupation`."""
        shared = Q(cip_codes__occupations=occupation) | Q(credentials__occupations=occupation)
        return self.filter(shared).exclude(pk=occupation.pk).distinct().order_by("title")
