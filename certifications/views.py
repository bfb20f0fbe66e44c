"""Credential pages: the exam, what it costs, who may sit it, how it is kept, and where it leads."""

from django.views.generic import DetailView, ListView

from catalog.models import Program

from .models import Credential

PROGRAMS_SHOWN = 5


class CredentialListView(ListView):
    template_name = "certifications/credential_list.html"
    context_object_name = "credentials"

    def get_queryset(self):
        return Credential.objects.for_list()


class CredentialDetailView(DetailView):
    template_name = "certifications/credential_detail.html"
    context_object_name = "credential"

    def get_queryset(self):
        return Credential.objects.for_detail()

    def get_context_data(self, **kwargs):
        programs = Program.objects.published().preparing_for(self.object).for_search_results()
        return super().get_context_data(program_count=programs.count(), programs=programs[:PROGRAMS_SHOWN], **kwargs)
