"""config/choices.py: every choice field's get_FOO_display() gives what Django's own gives, in each language."""

from django.apps import apps
from django.db.models import Model
from django.utils.translation import override

from config.choices import ChoiceLabels


def choice_fields():
    for model in apps.get_models():
        if issubclass(model, ChoiceLabels):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_the_models_with_choice_fields_take_choice_labels():
    models = {model.__name__ for model, _field in choice_fields()}
    assert {"Program", "Institution", "Outcome", "WageEstimate", "Credential", "EligibilityRule"} <= models


def test_every_choice_fields_display_is_djangos_in_each_language():
    checked = 0
    for model, field in choice_fields():
        values = [value for value, _label in field.flatchoices] + ["not-a-choice", "", None]
        for language in ("en", "es"):
            with override(language):
                for value in values:
                    instance = model()
                    setattr(instance, field.attname, value)
                    ours = getattr(instance, f"get_{field.name}_display")()
                    assert ours == Model._get_FIELD_display(instance, field), (model, field.name, value)
                    assert type(ours) is type(Model._get_FIELD_display(instance, field))
                    checked += 1
    assert checked > 100
