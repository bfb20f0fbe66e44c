"""Which wage rows are an occupation's leading industries (`WageEstimate.leading_industry`), kept current.

The occupation page compares industries by their five with the most jobs and their five best paid, at the NAICS
industry-group level, in the newest release (careers/figures.py picks them, ties broken by name). Finding the rows
that can be among them took two ranking subqueries over the occupation's some 160 national rows on every page view:
0.45 of the wage query's 0.94 ms on SQLite (docs/performance.md, stop 27). They change only when wage rows do, so
they are marked then: `WageEstimateQuerySet.leading()` chooses them, as the page's query did before.

Kept current by the wage rows' save and delete signals (the admin, factories, the shell) and by the loaders, which
write in bulk without signals and call `mark_leading_industries()` themselves (careers/importers/loading.py), as
bulk writers of programs call refresh_search_index(). Code that writes wage rows in bulk any other way
(`QuerySet.update()`, `bulk_create()`, SQL) calls it too.
"""

from django.db import transaction
from django.db.models import Subquery
from django.db.models.signals import post_delete, post_save


def mark_leading_industries(occupation_ids=None, using="default", model=None):
    """Mark the leading industry rows of these occupations (all when None), and unmark every other row of theirs.
    `model`: the WageEstimate model to write through (a migration's historical one); the app's by default."""
    from .models import WageEstimate
    from .querysets import WageEstimateQuerySet

    rows = WageEstimateQuerySet(model=model or WageEstimate, using=using)
    if occupation_ids is None:
        occupation_ids = rows.order_by().values_list("occupation_id", flat=True).distinct()
    occupation_ids = sorted(set(occupation_ids))
    with transaction.atomic(using=using):
        for occupation_id in occupation_ids:
            own = rows.filter(occupation_id=occupation_id)
            newest = own.national_all_industries().newest_first().values("release")[:1]
            leading = own.national_industry_groups().filter(release=Subquery(newest)).leading()
            chosen = set(leading.values_list("pk", flat=True))
            own.filter(leading_industry=True).exclude(pk__in=chosen).update(leading_industry=False)
            own.filter(pk__in=chosen, leading_industry=False).update(leading_industry=True)


def _wage_row_changed(sender, instance, using, raw=False, **kwargs):
    if not raw:
        mark_leading_industries([instance.occupation_id], using=using)


def connect():
    """Called when the careers app is ready."""
    from .models import WageEstimate

    post_save.connect(_wage_row_changed, sender=WageEstimate, dispatch_uid="careers_leading_saved")
    post_delete.connect(_wage_row_changed, sender=WageEstimate, dispatch_uid="careers_leading_deleted")
