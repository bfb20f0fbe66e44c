"""The program search page: one box, filters, and forgiving pagination."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from ..filters import ProgramFilter
from ..models import Program


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
    filterset_class = ProgramFilter
    # Parameters that do not validate are dropped (with a note) rather than emptying the results.
    strict = False
    paginate_by = 25
    template_name = "catalog/program_list.html"

    def get_queryset(self):
        return Program.objects.published().for_search_results()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ignored_notes"] = self.filterset.ignored_input_notes()
        return context
