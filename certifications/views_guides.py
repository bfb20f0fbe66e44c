"""Program guides (the article's levels of study) and the pathway page."""

from django.views.generic import DetailView, ListView, TemplateView

from .eligibility import count_published_programs
from .models import EligibilityRule, Guide
from .pathways import PathwayForm, build_pathway


class GuideListView(ListView):
    template_name = "certifications/guides/guide_list.html"
    context_object_name = "guides"

    def get_queryset(self):
        return Guide.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guides"] = count_published_programs(context["guides"])
        return context


class GuideDetailView(DetailView):
    template_name = "certifications/guides/guide_detail.html"
    context_object_name = "guide"

    def get_queryset(self):
        return Guide.objects.with_occupations()

    def get_context_data(self, **kwargs):
        guide = self.object
        count_published_programs([guide])
        return super().get_context_data(rules=guide.rules_from(EligibilityRule.objects.for_pages()), **kwargs)


class PathwayView(TemplateView):
    """A GET form: the answer is a shareable URL, and values it does not know show the form again."""

    template_name = "certifications/pathways/pathway.html"

    def get_context_data(self, **kwargs):
        form = PathwayForm(self.request.GET or None)
        pathway = None
        if form.is_bound and form.is_valid():
            pathway = build_pathway(form.cleaned_data["have"], form.cleaned_data["field"])
        return super().get_context_data(form=form, pathway=pathway, **kwargs)
