"""The home page, program search, program and school pages, and the health check."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from careers.models import Occupation
from certifications.models import Credential

from .filters import ProgramFilter
from .models import Institution, Program


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            level_counts=Program.objects.published().count_by_credential_level(),
            occupations=Occupation.objects.with_headline_figures(),
            credentials=Credential.objects.with_body(),
            **kwargs,
        )


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


class ProgramDetailView(DetailView):
    template_name = "catalog/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return Program.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        program = self.object
        return super().get_context_data(
            latest_earnings=next((o for o in program.outcomes_newest_first if o.median_earnings is not None), None),
            occupations=Occupation.objects.for_cip_code(program.cip_code.code).with_headline_figures(),
            **kwargs,
        )


class InstitutionDetailView(DetailView):
    template_name = "catalog/institution_detail.html"
    context_object_name = "institution"

    def get_queryset(self):
        return Institution.objects.for_detail()


@require_safe
@never_cache
def healthz(request):
    """200 "ok" when the database answers a trivial query, 503 when it does not: for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
