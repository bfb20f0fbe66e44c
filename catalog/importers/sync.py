"""Writing a derived file's rows to the database as differences: create what is new, update what changed.

Rows are matched on a natural key, not on primary keys, so the load works on a fresh database and
on one that school staff have been editing. Existing rows are fetched once and written in bulk, so
a full load takes seconds on SQLite and PostgreSQL.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.importing import DataError

BATCH_SIZE = 500


class Sync:
    """Collect the rows of one derived file for one model, then `save()` the differences.

    - `key`: a function giving an object's natural key (UNITID, external ID...).
    - `create_only`: fields set when a row is created and then left to staff (a slug in a URL).
    - `keep_when_blank`: a blank value in the data never erases a value already in the database,
      so a fact staff added where the public data has none survives a reload.
    - `skip_validation`: foreign keys, already resolved through the caller's lookups.
    """

    def __init__(self, model, path, key, *, create_only=(), keep_when_blank=False, skip_validation=()):
        self.model = model
        self.path = path
        self.key = key
        self.create_only = set(create_only)
        self.keep_when_blank = keep_when_blank
        self.skip_validation = list(skip_validation)
        self.existing = {}
        for obj in model._default_manager.order_by():
            if key(obj) is not None:
                self.existing[key(obj)] = obj
        self.unique_slugs = "slug" in {field.name for field in model._meta.fields}
        self.taken_slugs = set(model._default_manager.values_list("slug", flat=True)) if self.unique_slugs else set()
        self.seen = set()
        self.to_create, self.to_update, self.changed_fields = [], [], set()
        self.unchanged = 0

    def add(self, line, values):
        """Queue one row (`values` keyed by attribute name, e.g. institution_id); check it first."""
        candidate = self.model(**values)
        key = self.key(candidate)
        if key in self.seen:
            raise DataError(self.path, line, f"{key} appears twice")
        self.seen.add(key)
        current = self.existing.get(key)
        if current is None:
            self._validate(candidate, line)
            if self.unique_slugs:
                if candidate.slug in self.taken_slugs:
                    raise DataError(self.path, line, f"slug {candidate.slug!r} is already used by another row")
                self.taken_slugs.add(candidate.slug)
            self.to_create.append(candidate)
            return
        self._validate(candidate, line)
        changes = {
            name: value
            for name, value in values.items()
            if name not in self.create_only
            and getattr(current, name) != value
            and not (self.keep_when_blank and value in ("", None))
        }
        if not changes:
            self.unchanged += 1
            return
        for name, value in changes.items():
            setattr(current, name, value)
        self.to_update.append(current)
        self.changed_fields.update(changes)

    def _validate(self, obj, line):
        """The model's own field checks (choices, lengths, URLs, ranges), before the database sees it."""
        try:
            obj.clean_fields(exclude=self.skip_validation)
        except ValidationError as exc:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
            raise DataError(self.path, line, problems) from None

    def save(self, report, label):
        self.model._default_manager.bulk_create(self.to_create, batch_size=BATCH_SIZE)
        if self.to_update:
            fields = sorted(self.changed_fields)
            # bulk_update() skips auto_now, so "updated" is stamped here for rows that really changed.
            if any(field.name == "updated_at" for field in self.model._meta.fields):
                now = timezone.now()
                for obj in self.to_update:
                    obj.updated_at = now
                fields.append("updated_at")
            self.model._default_manager.bulk_update(self.to_update, fields, batch_size=BATCH_SIZE)
        report.add(label, created=len(self.to_create), updated=len(self.to_update), unchanged=self.unchanged)
