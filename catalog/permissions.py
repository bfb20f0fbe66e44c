"""Who may see and edit which school's listings.

A staff account belongs to schools through `SchoolMembership`; it sees and changes only their profile,
programs, courses and outcomes. Superusers and members of the "Site editors" group see every school.
Every admin page and the draft preview ask these functions, so the rule lives in one place.
"""

from django.db.models import Q

SCHOOL_STAFF_GROUP = "School staff"
SITE_EDITORS_GROUP = "Site editors"

# What each group may do; migration catalog/0004_staff_groups created the groups with these lists.
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
SITE_EDITOR_APPS = {
    "catalog": ["institution", "program", "course", "outcome", "cipcode", "schoolmembership"],
    "careers": None,  # every model of the app
    "certifications": None,
}


def sync_staff_groups():
    """Create both groups if missing and give them their permissions (after a flush, or for new models)."""
    from django.contrib.auth.models import Group, Permission

    staff, _ = Group.objects.get_or_create(name=SCHOOL_STAFF_GROUP)
    condition = Q()
    for app_label, codename in SCHOOL_STAFF_PERMISSIONS:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    staff.permissions.set(Permission.objects.filter(condition))
    editors, _ = Group.objects.get_or_create(name=SITE_EDITORS_GROUP)
    condition = Q()
    for app_label, models in SITE_EDITOR_APPS.items():
        condition |= Q(content_type__app_label=app_label, **({"content_type__model__in": models} if models else {}))
    editors.permissions.add(*Permission.objects.filter(condition))
    return staff, editors


# From each catalog model to its school, as a lookup path ("" is the school itself).
SCHOOL_PATHS = {
    "institution": "",
    "program": "institution",
    "course": "program__institution",
    "outcome": "program__institution",
}


def sees_every_school(user):
    """Superusers and site editors: no school scoping. Cached on the user for the request."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_sees_every_school"):
        user._sees_every_school = user.is_superuser or user.groups.filter(name=SITE_EDITORS_GROUP).exists()
    return user._sees_every_school


def school_ids(user):
    """The ids of the schools `user` is staff of (empty for anonymous or inactive users)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_school_ids"):
        user._school_ids = frozenset(user.school_memberships.values_list("institution_id", flat=True))
    return user._school_ids


def school_condition(user, path):
    """A Q that keeps only rows whose school (reached by lookup `path`) the user may see."""
    if sees_every_school(user):
        return Q()
    field = f"{path}__id__in" if path else "id__in"
    return Q(**{field: school_ids(user)})


def scope_to_user(queryset, user):
    """`queryset` of a catalog model narrowed to the user's schools (unchanged for site editors)."""
    path = SCHOOL_PATHS[queryset.model._meta.model_name]
    return queryset.filter(school_condition(user, path))


def school_id_of(obj):
    """The school an Institution, Program, Course or Outcome belongs to (None when not yet set)."""
    path = SCHOOL_PATHS[obj._meta.model_name]
    if not path:
        return obj.pk
    value = obj
    *through, last = path.split("__")
    for name in through:
        value = getattr(value, name, None) if getattr(value, f"{name}_id", None) is not None else None
        if value is None:
            return None
    return getattr(value, f"{last}_id", None)


def may_manage(user, obj):
    """Whether `user` may see and edit `obj` (a catalog object), judged by the school it belongs to."""
    if sees_every_school(user):
        return True
    school_id = school_id_of(obj)
    return school_id is not None and school_id in school_ids(user)
