"""One FilterSet per list page, applied on top of the page's already-optimised queryset."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Program

MAX_QUERY_LENGTH = 200


class ProgramFilter(django_filters.FilterSet):
    """The program search: free text and a credential level.

    The view applies only the fields that validate; `ignored_input_notes()` tells the reader which
    ones it dropped, so a hand-edited or stale URL shows a note instead of an error page.
    """

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search programs"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("A program, school, city or state."),
    )
    credential_level = django_filters.ChoiceFilter(
        choices=Program.CredentialLevel.choices,
        label=_("Credential level"),
        empty_label=_("Any level"),
    )

    class Meta:
        model = Program
        fields = ["q", "credential_level"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def ignored_input_notes(self):
        """A sentence per parameter that could not be used."""
        if not self.is_bound:
            return []
        notes = []
        errors = self.form.errors
        if "q" in errors:
            notes.append(
                _("Your search text could not be used, so all programs are shown: keep it to %(limit)s characters.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        if "credential_level" in errors:
            notes.append(
                _("“%(value)s” is not a credential level we list, so all levels are shown.")
                % {"value": self.data.get("credential_level", "")[:50]}
            )
        return notes

    @property
    def active_credential_level_label(self):
        if not self.is_bound or "credential_level" in self.form.errors:
            return ""
        value = self.form.cleaned_data.get("credential_level")
        return Program.CredentialLevel(int(value)).label if value else ""
