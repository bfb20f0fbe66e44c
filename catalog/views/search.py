"""The program search page: one form of filters with counts, near me, sorting, and forgiving pagination."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from ..models import Program
from ..querysets import published_cards, set_card_figures
from ..search.filters import SORT_FIGURES, ProgramFilter


def _lower_first(text):
    text = str(text)
    return text[:1].lower() + text[1:]


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows page 1 or the last page with a note.

    Django's default is a 404, which is right for a crawler but not for a student who edited a URL or
    followed an old link after the results shrank.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        requested = self.request.GET.get(self.page_kwarg, "").strip()
        shown = requested if len(requested) <= 20 else requested[:20] + "…"
        self.pagination_note = ""
        try:
            number = paginator.validate_number(requested or 1)
        except PageNotAnInteger:
            if requested.isdigit():  # too many digits to be a number at all: past the end
                number = paginator.num_pages
                self.pagination_note = _("There is no page %(page)s, so page %(number)s is shown.") % {
                    "page": shown,
                    "number": number,
                }
            else:
                number = 1
                self.pagination_note = _("“%(page)s” is not a page number, so the first page is shown.") % {
                    "page": shown
                }
        except EmptyPage:
            number = paginator.num_pages
            self.pagination_note = _("There is no page %(page)s, so page %(number)s is shown.") % {
                "page": shown,
                "number": number,
            }
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            context["pagination_note"] = self.pagination_note
        return context


class ProgramListView(ForgivingPaginationMixin, FilterView):
    """`/programs/`: every filter, the sort and near me live in ProgramFilter; this view only presents them."""

    filterset_class = ProgramFilter
    # Parameters that do not validate are dropped (with a note) rather than emptying the results.
    strict = False
    paginate_by = 20
    # `?print=1` (the Print control without JavaScript) is a counselor's handout: the first 50 results as one
    # compact table, whatever page the screen was on.
    print_rows = 50
    template_name = "catalog/program_list.html"

    def get(self, request, *args, **kwargs):
        """The list, its order and its counts come from the in-memory index (catalog/search/listing.py); only the
        page's programs are read from the database. FilterView would also build the SQL list (`filterset.qs`),
        which the page does not read."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.filterset.use_index = True
        self.object_list = self.filterset.queryset
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    @property
    def is_print_view(self):
        return self.request.GET.get("print") == "1"

    def get_paginate_by(self, queryset):
        return self.print_rows if self.is_print_view else self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        """Pages of the listing's ids, in its order; the page's own programs are then read in one query (and their
        outcomes in one more), in that order."""
        if self.is_print_view:
            self.page_kwarg = "print-starts-at-page-1"  # a name no link carries, so page 1 is shown
        listing = self.filterset.listing
        paginator, page, ids, is_paginated = super().paginate_queryset(listing.ids, page_size)
        ids = [int(program_id) for program_id in ids]
        programs = {program.pk: program for program in published_cards(ids, self.card_figures)}
        values = listing.card_values(ids)
        shown = []
        for program_id in ids:
            program = programs.get(program_id)
            if program is None:  # unpublished or deleted since the index was built
                continue
            program.search_rank, program.distance_miles = values.get(program_id, (0.0, None))
            shown.append(program)
        page.object_list = set_card_figures(shown, self.card_figures)
        return paginator, page, page.object_list, is_paginated

    @cached_property
    def card_figures(self):
        """Cards show median debt beside earnings, and the figure the list is sorted on when it is another one."""
        figures = ["median_debt"]
        kind, figure = SORT_FIGURES.get(self.request.GET.get("sort", "").lstrip("-"), ("", ""))
        if kind == "outcome" and figure not in figures and figure != "median_earnings":
            figures.append(figure)
        return figures

    def get_queryset(self):
        return Program.objects.published().for_result_cards(figures=self.card_figures)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if getattr(self, "known_total", None) is not None:
            paginator.count = self.known_total  # counted with the facets, in the same query
        return paginator

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        facets, extra = filterset.facet_counts()
        self.known_total = extra["total"]
        context = super().get_context_data(**kwargs)
        query_string = filterset.query_string()
        ranges = self.range_groups(filterset, extra)
        # A facet none of these programs has a value for is named in one note, not shown as disabled boxes.
        # (With no results at all every count is 0 for another reason; the facets then stay, to widen the search.)
        empty = [facet for facet in facets if facet.is_empty] if extra["total"] else []
        context.update(
            heading=filterset.heading(),
            facets=[facet for facet in facets if facet not in empty],
            facets_by_name={facet.name: facet for facet in facets},
            ranges=ranges,
            # Lower-case first letters only: "field of study (6-digit CIP, IPEDS)" keeps its capitals.
            unreported_filters=[_lower_first(facet.facet.label) for facet in empty]
            + [group["label"] for group in ranges.values() if group["collapsed"]],
            no_coordinates_count=extra.get("no_coordinates"),
            near=filterset.near,
            ignored_notes=filterset.ignored_input_notes(),
            search_notes=filterset.search_notes(),
            chips=filterset.chips(),
            sort_key=filterset.sort_key,
            sort_options=filterset.sort_options(),
            sort_figure=SORT_FIGURES.get(filterset.sort_key.lstrip("-"), ("", ""))[1],
            hidden_for_sort=[(name, value) for name, value in filterset.applied_params() if name != "sort"],
            explicit_sort=dict(filterset.applied_params()).get("sort", ""),
            export_href=self.export_href(query_string),
        )
        if self.is_print_view:
            # The print table names each figure's release year in its cell and its sources once, below.
            shown = [
                outcome
                for program in context["page_obj"].object_list
                for outcome in [*program.earnings_newest_first[:1], *program.median_debt_newest_first[:1]]
            ]
            context["print_sources"] = sorted({outcome.source for outcome in shown})
        return context

    @staticmethod
    def range_groups(filterset, extra):
        """{"cost" | "tuition" | "length": {"label", "unreported", "in_use", "collapsed"}}: a range that no
        program in the list has a figure for (and that is not in use) is collapsed into the page's note."""
        labels = {"cost": _("program cost"), "tuition": _("school’s tuition per year"), "length": _("length")}
        groups = {}
        for group, label in labels.items():
            unreported = extra[f"{group}_unreported"]
            in_use = group in filterset.ranges
            groups[group] = {
                "label": label,
                "unreported": unreported,
                "in_use": in_use,
                "collapsed": not in_use and extra["total"] > 0 and unreported == extra["total"],
            }
        return groups

    @staticmethod
    def export_href(query_string):
        """The CSV of this very list (same filters and sort), or "" while the export is not installed."""
        try:
            url = reverse("catalog:program_export")
        except NoReverseMatch:
            return ""
        return f"{url}?{query_string}" if query_string else url
