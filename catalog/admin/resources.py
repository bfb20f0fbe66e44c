"""CSV columns for exporting and re-importing programs and courses (django-import-export).

A resource made with a `user` reads and writes only that user's schools (catalog.permissions): a row naming
another school, or the id of another school's program or course, is a validation error on that row and
column. Made without one (`manage.py import_programs`, site editors) it covers every school.
Model validation (catalog.models' constraints) runs on every row, and the admin and the command roll the
whole file back when any row is invalid.
"""

import decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from import_export import fields, resources, widgets

from ..models import CIPCode, Course, Institution, Program
from ..permissions import scope_to_user


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a readable key (a slug, a CIP code) among the rows the importer may use."""

    def __init__(self, model, field, *, scoped):
        super().__init__(model, field)
        self.scoped = scoped
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = self.model.objects.all()
        return scope_to_user(queryset, self.user) if self.scoped and self.user is not None else queryset

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            if self.scoped and self.user is not None:
                message = gettext("%(value)s is not one of your schools’ %(things)s.")
            else:
                message = gettext("There is no %(thing)s %(value)s.")
            raise ValueError(
                message
                % {
                    "value": value,
                    "thing": self.model._meta.verbose_name,
                    "things": self.model._meta.verbose_name_plural,
                }
            ) from None


class ClearNumberMixin:
    """A number column whose bad cell says what is wrong ("“abc” is not a number"), not a decimal-module class."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (decimal.InvalidOperation, ArithmeticError):
            raise ValueError(gettext("“%(value)s” is not a number.") % {"value": value}) from None


class ClearDecimalWidget(ClearNumberMixin, widgets.DecimalWidget):
    pass


class ClearIntegerWidget(ClearNumberMixin, widgets.IntegerWidget):
    pass


class SchoolScopedResource(resources.ModelResource):
    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.DecimalField):
            return ClearDecimalWidget
        if isinstance(f, models.IntegerField):  # the positive and small variants are subclasses
            return ClearIntegerWidget
        return super().widget_from_django_field(f, default)

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.user = user

    def get_queryset(self):
        queryset = super().get_queryset()
        return scope_to_user(queryset, self.user) if self.user is not None else queryset

    def get_instance(self, instance_loader, row):
        """An id must name a row this importer may change; leave it blank to add a new one."""
        value = row.get("id")
        if value in (None, ""):
            return None
        instance = super().get_instance(instance_loader, row)
        if instance is None:
            raise ValidationError(
                {
                    "id": gettext(
                        "No %(thing)s with id %(id)s among your schools’ listings; leave the id blank to add one."
                    )
                    % {"thing": self._meta.model._meta.verbose_name, "id": value}
                }
            )
        return instance


class ProgramResource(SchoolScopedResource):
    institution = fields.Field(
        attribute="institution",
        column_name="institution",
        widget=ScopedForeignKeyWidget(Institution, "slug", scoped=True),
    )
    cip_code = fields.Field(
        attribute="cip_code", column_name="cip_code", widget=ScopedForeignKeyWidget(CIPCode, "code", scoped=False)
    )

    class Meta:
        model = Program
        fields = (
            "id",
            "institution",
            "title",
            "slug",
            "cip_code",
            "credential_level",
            "delivery_mode",
            "length_months",
            "credit_hours",
            "cost",
            "cost_year",
            "admission_prerequisite",
            "prerequisite_notes",
            "externship_offered",
            "externship_hours",
            "externship_description",
            "accreditation",
            "description",
            "status",
            "last_reviewed",
            "source_url",
            "source_note",
        )
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("institution", "cip_code")


class CourseResource(SchoolScopedResource):
    program = fields.Field(
        attribute="program", column_name="program", widget=ScopedForeignKeyWidget(Program, "slug", scoped=True)
    )

    class Meta:
        model = Course
        fields = ("id", "program", "order", "title", "credits")
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("program")
