"""The "School staff" and "Site editors" groups, with the permissions each needs and no more.

School staff edit their own school's profile, programs and courses (catalog/permissions.py narrows every
admin page to their schools); they only read outcomes, CIP codes and credentials, which come from federal
data and the certifying bodies. They cannot delete a program (archiving retires it), add a school, or see
careers, users or groups. Site editors manage the whole catalog and its reference data.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCHOOL_STAFF = "School staff"
SITE_EDITORS = "Site editors"

SCHOOL_STAFF_PERMISSIONS = [
    ("catalog", "view_institution"),
    ("catalog", "change_institution"),
    ("catalog", "view_program"),
    ("catalog", "add_program"),
    ("catalog", "change_program"),
    ("catalog", "view_course"),
    ("catalog", "add_course"),
    ("catalog", "change_course"),
    ("catalog", "delete_course"),
    ("catalog", "view_outcome"),
    ("catalog", "view_cipcode"),
    ("certifications", "view_credential"),
]
SITE_EDITOR_MODELS = {
    "catalog": ["institution", "program", "course", "outcome", "cipcode", "schoolmembership"],
    "careers": None,  # every model of the app
    "certifications": None,
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    staff, _ = Group.objects.get_or_create(name=SCHOOL_STAFF)
    for app_label, codename in SCHOOL_STAFF_PERMISSIONS:
        staff.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

    editors, _ = Group.objects.get_or_create(name=SITE_EDITORS)
    for app_label, models in SITE_EDITOR_MODELS.items():
        permissions = Permission.objects.filter(content_type__app_label=app_label)
        if models is not None:
            permissions = permissions.filter(content_type__model__in=models)
        editors.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[SCHOOL_STAFF, SITE_EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_staff_drafts_history"),
        ("careers", "0001_initial"),
        ("certifications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
