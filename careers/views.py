"""Occupation pages: what the work pays, how many do it, and the outlook, each figure with its release."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from catalog.models import Program
from catalog.search.index import published_index
from catalog.templatetags.figures import localize_months
from certifications.eligibility import SERIES_LENGTH, program_search_url
from config.addresses import view_address

from . import charts, figures
from .areas import POSTAL_TO_FIPS
from .jsonld import occupation_json_ld
from .models import Occupation, WageEstimate
from .querysets import CROSS_INDUSTRY, occupation_page, occupation_page_wage_rows

# The program list's filter for a school's state (catalog/filters.py).
PROGRAMS_STATE_PARAMETER = "state"


def _label_releases(occupations):
    """Mark older figures on each occupation's prefetched rows; returns the newest wage release's reference date.

    No query: the newest releases loaded come with the occupations (Occupation.objects.with_newest_releases()),
    and each projection's outlook phrase with the projections (Projection.objects.with_outlook()).
    """
    if not occupations:
        return None
    newest_wages, newest_projections = occupations[0].newest_wage_date, occupations[0].newest_projection_year
    for occupation in occupations:
        figures.mark_older(occupation.projections_newest_first, newest_projections)
        figures.mark_older(occupation.national_estimates, newest_wages)
    return newest_wages


class OccupationListView(ListView):
    template_name = "careers/occupation_list.html"
    context_object_name = "occupations"

    def get_queryset(self):
        return Occupation.objects.with_headline_figures()

    def get_context_data(self, **kwargs):
        occupations = list(self.object_list)
        _label_releases(occupations)
        estimates = [o.newest_estimate for o in occupations if o.newest_estimate]
        projections = [o.headline_projection for o in occupations if o.headline_projection]
        return super().get_context_data(
            # When every row's figure comes from one release, the column header names it once.
            shared_wage_release=_shared_release(estimates, len(occupations)),
            shared_projection_release=_shared_release(projections, len(occupations)),
            shared_outlook_source=_shared_outlook_source(projections),
            **kwargs,
        )


def _shared_outlook_source(projections):
    """The growth phrase of the first projection when every phrase shown comes from one source and kind; else None.

    Then the column header names the source once and each cell links its phrase to the row's own page, so a
    narrow phone column is not a tower of repeated citations.
    """
    outlooks = [projection.outlook for projection in projections if projection.outlook]
    if not outlooks or len({(outlook.source, outlook.stated) for outlook in outlooks}) != 1:
        return None
    return outlooks[0]


def _rows_by_kind(rows):
    """The occupation page's wage rows, in their order, as national (all industries), industries, states, metro."""
    kinds = {"national": [], "industries": [], "states": [], "metro": []}
    for row in rows:
        if row.area_type == WageEstimate.AreaType.NATIONAL:
            kinds["national" if row.industry_code in CROSS_INDUSTRY else "industries"].append(row)
        else:
            kinds["states" if row.area_type == WageEstimate.AreaType.STATE else "metro"].append(row)
    return kinds


def _shared_release(rows, expected):
    """The first row when all `expected` rows exist and share source and release; else None."""
    if len(rows) != expected or len({(row.source, row.source_url, row.release, row.stale) for row in rows}) != 1:
        return None
    return rows[0]


def _program_levels(occupation, chosen):
    """The CIP codes linked to `occupation`, and the levels of the published programs that lead to it with counts
    and search links (counted on the program list's in-memory index, catalog/search/index.py: one query).

    A program leads here when its CIP code is one the crosswalk links to the occupation, or that code's
    series (programs from College Scorecard are filed under 51.07): the same test as preparing_programs().
    One grouped count over every published program tells, per level, whether the level's search alone
    lists exactly those programs; when it would list others, the link adds the CIP code they share. The
    same query lists the linked codes, with or without programs.
    """
    index = published_index(token=getattr(occupation, "catalog_token", ...))
    rows = index.counts_by_code_and_level(occupation.pk, chosen.postal if chosen is not None else "")
    cip_codes = list({row["code"]: row for row in rows if row["linked"]}.values())
    codes = {cip["code"] for cip in cip_codes}
    codes |= {code[:SERIES_LENGTH] for code in codes}
    levels, total, in_state = {}, 0, 0
    for row in rows if codes else []:
        if row["credential_level"] is None:  # a linked code without published programs
            continue
        level = levels.setdefault(row["credential_level"], {"count": 0, "level_total": 0, "cip_codes": set()})
        level["level_total"] += row["count"]
        if row["code"] in codes:
            level["count"] += row["count"]
            level["cip_codes"].add(row["code"])
            total += row["count"]
            in_state += row.get("in_state", 0)
    program_levels = []
    programs_url = view_address("catalog:program_list")
    for value, level in sorted(levels.items()):
        if not level["count"]:
            continue
        parameters = [("credential_level", str(value))]
        exact = level["count"] == level["level_total"]
        if not exact and len(level["cip_codes"]) == 1:
            parameters.append(("cip_code", next(iter(level["cip_codes"]))))
            exact = True
        program_levels.append(
            {
                "value": value,
                # In the page's language once: a lazy label is translated again each time it is written (four).
                "label": str(Program.CredentialLevel(value).label),
                "count": level["count"],
                "search_url": program_search_url(parameters, programs_url),
                # False only when the programs span several CIP codes and the level has others too.
                "search_exact": exact,
            }
        )
    return {
        "cip_codes": cip_codes,
        "program_levels": program_levels,
        "program_counts": {"total": total, "in_state": in_state},
    }


class OccupationDetailView(DetailView):
    # Jinja2 (config/jinja2.py says why): templates/jinja2/careers/occupation_detail.html.
    template_engine = "jinja2"
    template_name = "careers/occupation_detail.html"
    context_object_name = "occupation"

    def get_object(self, queryset=None):
        """The occupation, with its similar occupations from the same query (kept as `similar_occupations`)."""
        # With the catalog's token, for the program counts (catalog/search/index.py) without a query of their own.
        occupation, self.similar_occupations = occupation_page(self.kwargs[self.slug_url_kwarg])
        if occupation is None:
            raise Http404(_("No occupation found matching the query"))
        return occupation

    def get_context_data(self, **kwargs):
        occupation = self.object
        # Every wage row the page shows, in one query; the areas that may lie in a state only when one is asked for.
        asked = self._asked_state().upper()
        rows = _rows_by_kind(occupation_page_wage_rows(occupation, asked if asked in POSTAL_TO_FIPS else ""))
        occupation.national_estimates = rows["national"]
        newest_wages = _label_releases([occupation])
        estimate = occupation.newest_estimate
        figures_ = [*occupation.national_estimates, *occupation.projections_newest_first]
        # Codes such as 29-2071 (SOC 2010) that older releases used for this work: the page explains the change.
        other_soc_codes = sorted({figure.soc_code for figure in figures_} - {occupation.soc_code})
        return super().get_context_data(
            estimate=estimate,
            headline_projection=occupation.headline_projection,
            other_soc_codes=other_soc_codes,
            **self._pay(occupation, estimate, rows["industries"]),
            **self._states(occupation, newest_wages, rows["states"], rows["metro"]),
            **self._history(occupation),
            similar_occupations=self.similar_occupations,
            citation_date=timezone.localdate(),
            page_url=self.request.build_absolute_uri(occupation.get_absolute_url()),
            json_ld=occupation_json_ld(
                occupation, estimate, self.request.build_absolute_uri(occupation.get_absolute_url())
            ),
            **kwargs,
        )

    def _asked_state(self):
        return self.request.GET.get("state", "").strip()

    def _pay(self, occupation, estimate, rows):
        """`rows`: the national industry rows of the newest release."""
        if estimate is None:
            return {"industries_most_jobs": [], "industries_highest_pay": [], "percentile_chart": ""}
        labels = {10: _("10th percentile"), 25: _("25th percentile"), 50: _("Median"), 75: _("75th percentile")}
        labels[90] = _("90th percentile")
        bars = [charts.Bar(labels[p], value, highlight=p == 50) for p, value in estimate.percentiles]
        return {
            "industries_most_jobs": figures.most_jobs(rows, estimate.employment),
            "industries_highest_pay": figures.highest_paid(rows),
            "percentile_chart": charts.bar_chart(
                bars,
                chart_id="percentile-chart",
                title=_("Annual wages of %(title)s by percentile, %(release)s")
                % {"title": occupation.title, "release": localize_months(estimate.release)},
                description=_("Bar chart; the same figures are in the table that follows it. Source: %(source)s.")
                % {"source": localize_months(estimate.source)},
            ),
        }

    def _states(self, occupation, newest_wages, state_rows, metro_rows):
        """`state_rows`: every release's; `metro_rows`: the newest state release's that may lie in the state asked
        for, when one is."""
        state_rows = figures.mark_older(figures.newest_release_rows(state_rows), newest_wages)
        table = figures.state_table(state_rows, self.request.GET.get("state_sort", ""))
        by_postal = {row.postal: row for row in table.rows if row.postal}
        asked = self._asked_state()
        chosen = by_postal.get(asked.upper()) if asked else None
        context = {
            "state_table": table,
            "chosen_state": chosen,
            "ignored_state": asked[:40] if asked and chosen is None else "",
            "state_chart": self._state_chart(occupation, table.rows, chosen),
            "areas": [],
            "programs_state_parameter": PROGRAMS_STATE_PARAMETER,
            # Older releases hold national figures only; the state summary says so next to the state's figure.
            "national_since": self._national_since(occupation, chosen),
        }
        if chosen is not None:
            context["areas"] = figures.areas_in_state(metro_rows, chosen.postal)
            context["areas_most_jobs"] = figures.most_jobs_first(context["areas"])
            context["chosen_state_programs_url"] = (
                f"{view_address('catalog:program_list')}?{PROGRAMS_STATE_PARAMETER}={chosen.postal}"
            )
        context.update(_program_levels(occupation, chosen))
        return context

    def _national_since(self, occupation, chosen):
        """The oldest national figure when it predates the chosen state's release: the "since" comparison."""
        if chosen is None or not occupation.national_estimates:
            return None
        oldest = occupation.national_estimates[-1]
        return oldest if oldest.reference_date < chosen.reference_date else None

    def _state_chart(self, occupation, rows, chosen):
        ranked = sorted((row for row in rows if row.annual_median is not None), key=lambda row: -row.annual_median)
        if not ranked:
            return ""
        return charts.bar_chart(
            [charts.Bar(row.area_name, row.annual_median, highlight=row is chosen) for row in ranked],
            chart_id="state-chart",
            title=_("Median annual wage of %(title)s by state, highest first, %(release)s")
            % {"title": occupation.title, "release": localize_months(ranked[0].release)},
            description=_("Bar chart; every figure is also in the state table. Source: %(source)s.")
            % {"source": localize_months(ranked[0].source)},
        )

    def _history(self, occupation):
        points = [
            charts.Point(
                estimate.reference_date, localize_months(estimate.release), estimate.annual_median, estimate.soc_code
            )
            for estimate in occupation.national_estimates
        ]
        codes_differ = len({point.group for point in points if point.value is not None}) > 1
        chart = ""
        if len([point for point in points if point.value is not None]) > 1:
            chart = charts.line_chart(
                points,
                chart_id="history-chart",
                title=_("National median annual wage of %(title)s in each release") % {"title": occupation.title},
                description=_(
                    "Line chart; the same figures are in the table that follows it. A dashed line joins figures "
                    "published under different SOC codes, which counted differently drawn groups of jobs."
                ),
            )
        return {"history_chart": chart, "history_codes_differ": codes_differ}
