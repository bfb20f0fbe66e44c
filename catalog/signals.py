"""Keep the program search index current on every save: admin edits, shell edits, factories.

A program's index row holds text from its school, CIP code, courses and credentials, so a change to any
of them refreshes the programs it shows up in. Bulk operations send no signals (`QuerySet.update`,
`bulk_create`, `bulk_update`): code that uses them calls `refresh_search_index` itself, as the bundle
loader does. Fixture loading (`raw`) is skipped too: run `refresh_search_index()` after `loaddata`.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from certifications.models import Credential

from .models import CIPCode, Course, Institution, Program
from .search import refresh_search_index

# The fields of a program that are in its index row; a save of other fields alone changes nothing there.
INDEXED_PROGRAM_FIELDS = {
    "title",
    "description",
    "credential_level",
    "delivery_mode",
    "institution",
    "institution_id",
    "cip_code",
    "cip_code_id",
}


def _refresh(ids, using):
    ids = list(ids)
    if ids:
        refresh_search_index(ids, using=using)


@receiver(post_save, sender=Program, dispatch_uid="catalog_search_program_saved")
def program_saved(sender, instance, raw, using, update_fields, **kwargs):
    if raw or (update_fields is not None and not INDEXED_PROGRAM_FIELDS.intersection(update_fields)):
        return
    _refresh([instance.pk], using)


@receiver(post_delete, sender=Program, dispatch_uid="catalog_search_program_deleted")
def program_deleted(sender, instance, using, **kwargs):
    # SQLite's FTS5 row is a separate table; on PostgreSQL the vector went with the row.
    _refresh([instance.pk], using)


@receiver(post_save, sender=Institution, dispatch_uid="catalog_search_institution_saved")
def institution_saved(sender, instance, raw, using, **kwargs):
    if not raw:
        _refresh(instance.programs.using(using).values_list("pk", flat=True), using)


@receiver(post_save, sender=Course, dispatch_uid="catalog_search_course_saved")
@receiver(post_delete, sender=Course, dispatch_uid="catalog_search_course_deleted")
def course_changed(sender, instance, using, raw=False, **kwargs):
    if not raw:
        _refresh([instance.program_id], using)


@receiver(post_save, sender=CIPCode, dispatch_uid="catalog_search_cip_code_saved")
def cip_code_saved(sender, instance, raw, using, **kwargs):
    """Programs filed under this code, and under its series (whose rows list the titles of its codes)."""
    if not raw:
        filed_here = Q(cip_code=instance) | Q(cip_code__code=instance.code[:5])
        _refresh(Program.objects.using(using).filter(filed_here).values_list("pk", flat=True), using)


@receiver(m2m_changed, sender=Program.prepares_for.through, dispatch_uid="catalog_search_prepares_for_changed")
def prepares_for_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            _refresh([instance.pk], using)
    elif action == "pre_clear":
        instance._search_program_ids = list(instance.programs.using(using).values_list("pk", flat=True))
    elif action == "post_clear":
        _refresh(getattr(instance, "_search_program_ids", []), using)
    elif action in ("post_add", "post_remove"):
        _refresh(pk_set or [], using)


@receiver(post_save, sender=Credential, dispatch_uid="catalog_search_credential_saved")
def credential_saved(sender, instance, raw, using, **kwargs):
    if not raw:
        _refresh(instance.programs.using(using).values_list("pk", flat=True), using)


@receiver(pre_delete, sender=Credential, dispatch_uid="catalog_search_credential_deleting")
def credential_deleting(sender, instance, using, **kwargs):
    # Its links to programs are deleted without an m2m signal: remember whose rows name it.
    instance._search_program_ids = list(instance.programs.using(using).values_list("pk", flat=True))


@receiver(post_delete, sender=Credential, dispatch_uid="catalog_search_credential_deleted")
def credential_deleted(sender, instance, using, **kwargs):
    _refresh(getattr(instance, "_search_program_ids", []), using)
