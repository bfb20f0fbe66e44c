"""The home page, program and school pages, and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from careers.models import Occupation
from certifications.models import Credential

from ..models import Institution, Program


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            level_counts=Program.objects.published().count_by_credential_level(),
            occupations=Occupation.objects.with_headline_figures(),
            credentials=Credential.objects.with_body(),
            **kwargs,
        )


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
