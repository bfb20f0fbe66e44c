from django.db import models
from django.db.models import Prefetch


class CredentialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def with_body(self):
        """Credentials with their certifying body joined, for a short list of names."""
        return self.select_related("body")

    def for_list(self):
        return self.select_related("body").prefetch_related("fees")

    def for_detail(self):
        """The credential page: its body, fees, and the occupations it leads to with their headline pay."""
        from careers.models import Occupation

        return self.select_related("body").prefetch_related(
            "fees", Prefetch("occupations", queryset=Occupation.objects.with_headline_figures())
        )
