"""Occupation pages: what the work pays, how many do it, and the outlook, each figure with its release."""

from django.views.generic import DetailView, ListView

from .models import Occupation


class OccupationListView(ListView):
    template_name = "careers/occupation_list.html"
    context_object_name = "occupations"

    def get_queryset(self):
        return Occupation.objects.with_headline_figures()


class OccupationDetailView(DetailView):
    template_name = "careers/occupation_detail.html"
    context_object_name = "occupation"

    def get_queryset(self):
        return Occupation.objects.for_detail()

    def get_context_data(self, **kwargs):
        occupation = self.object
        figures = [*occupation.national_estimates, *occupation.projections_newest_first]
        # Codes such as 29-2071 (SOC 2010) that older releases used for this work: the page explains the change.
        other_soc_codes = sorted({figure.soc_code for figure in figures} - {occupation.soc_code})
        return super().get_context_data(other_soc_codes=other_soc_codes, **kwargs)
