"""`get_FOO_display()` without rebuilding the field's choices on every call (issue 15).

Django's Model._get_FIELD_display builds a dict of the field's choices, made hashable, on every call: about 15 µs,
and a compare table of ten programs made some 120 such calls (a tenth of the page). Every choice field here has
fixed choices (TextChoices and IntegerChoices), so the dict is built once per field; its labels stay lazy, so each
call still gives the label in the request's language. A model takes this by listing ChoiceLabels before
models.Model in its bases; tests/test_choices.py holds it to Django's own on every choice field.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS = {}


class ChoiceLabels:
    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name, overridden)
        value = getattr(self, field.attname)
        try:
            labels = _LABELS[field]
        except KeyError:
            labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value, as Django makes it hashable
            label = labels.get(make_hashable(value), value)
        return force_str(label, strings_only=True)
