"""The admin's per-school scoping: one base class narrows every page, form and permission to the user's schools.

School staff (catalog.permissions) see only their schools' rows on the change list, search, filters, change,
delete, history and revert pages, autocomplete answers, bulk actions and CSV import/export; another school's
object answers 404. Foreign keys to a school or program offer only theirs, so nothing moves to another school.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV
from simple_history.admin import SimpleHistoryAdmin

from ..models import Institution, Program
from ..permissions import may_manage, school_ids, scope_to_user, sees_every_school


class SchoolScopedAdmin(SimpleHistoryAdmin):
    """Base admin for models that belong to a school (Institution, Program, Course, Outcome), with history."""

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        # Django would redirect to the index with "doesn't exist"; another school's object is simply not found.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("No such record, or it belongs to another school."))
        return obj

    def _require_in_scope(self, request, object_id):
        """404 unless the object exists and belongs to one of the user's schools (history of deleted rows:
        site editors only)."""
        if sees_every_school(request.user):
            return
        try:
            found = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            found = False
        if not found:
            raise Http404(gettext("No such record, or it belongs to another school."))

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or may_manage(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_manage(request.user, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Institution:
            kwargs.setdefault("queryset", scope_to_user(Institution.objects.all(), request.user))
        elif db_field.related_model is Program:
            kwargs.setdefault("queryset", scope_to_user(Program.objects.select_related("institution"), request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The form's choices already keep the school in scope; this is the last line if a form ever does not.
        if not may_manage(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, scope_to_user(queryset, request.user))


class SchoolScopedImportExportAdmin(SchoolScopedAdmin, ImportExportModelAdmin):
    """CSV export and import (django-import-export) whose resource is scoped to the signed-in user's schools."""

    import_formats = [CSV]
    export_formats = [CSV]

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        # Nothing is saved unless every row is valid: a row with a validation error rolls back the whole file.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}


class SchoolFilter(admin.SimpleListFilter):
    """The school filter, listing only the schools the user may see (site editors: every school with rows)."""

    title = _("school")
    parameter_name = "institution__id__exact"
    school_path = "institution"

    def lookups(self, request, model_admin):
        if sees_every_school(request.user):
            schools = Institution.objects.filter(
                pk__in=model_admin.get_queryset(request).values(f"{self.school_path}__id")
            )
        else:
            schools = Institution.objects.filter(pk__in=school_ids(request.user))
        return [(str(pk), name) for pk, name in schools.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            try:
                return queryset.filter(**{f"{self.school_path}__id": int(self.value())})
            except ValueError:
                return queryset.none()
        return queryset


class CourseSchoolFilter(SchoolFilter):
    parameter_name = "program__institution__id__exact"
    school_path = "program__institution"


class SchoolStateFilter(admin.SimpleListFilter):
    """The school's state, offering only states of the schools in the user's list."""

    title = _("state")
    parameter_name = "institution__state"

    def lookups(self, request, model_admin):
        states = (
            model_admin.get_queryset(request)
            .exclude(institution__state="")
            .order_by("institution__state")
            .values_list("institution__state", flat=True)
            .distinct()
        )
        return [(state, state) for state in states]

    def queryset(self, request, queryset):
        return queryset.filter(institution__state=self.value()) if self.value() else queryset


class ReviewFilter(admin.SimpleListFilter):
    """Listings whose facts the school has not confirmed in the last 12 months (or ever)."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Not reviewed in 12 months")), ("current", _("Reviewed in the last 12 months"))]

    def queryset(self, request, queryset):
        cutoff = review_cutoff()
        if self.value() == "overdue":
            return queryset.filter(last_reviewed__isnull=True) | queryset.filter(last_reviewed__lt=cutoff)
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff)
        return queryset


def review_cutoff():
    return timezone.localdate() - Program.REVIEW_INTERVAL
