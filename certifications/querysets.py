from django.db import models


class CredentialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def for_list(self):
        return self.select_related("body").prefetch_related("fees")

    def for_detail(self):
        return self.select_related("body").prefetch_related("fees", "occupations")
