"""`{% load i18n %}` is config/i18n.py: Django's library with faster translate tags, rendering what Django's do."""

from decimal import Decimal

import pytest
from django.template import Context, Engine, TemplateSyntaxError, engines
from django.test import override_settings
from django.utils import translation

from config.i18n import ConstantTranslateNode, KeptBlockTranslateNode

SNIPPETS = [
    '{% translate "Jobs" %}',
    '{% translate "Programs" %}|{% trans "Jobs" %}',
    '{% translate "50% off & <b>" %}',
    "{% translate 'Median annual pay' as word %}[{{ word }}]",
    '{% translate "Jobs" noop %}',
    '{% translate "May" context "month name" %}',
    "{% translate variable %}",
    '{% translate "jobs"|upper %}',
    "{% blocktranslate %}Jobs in {{ state }}{% endblocktranslate %}",
    "{% blocktranslate with state=place|upper %}Jobs in {{ state }}{% endblocktranslate %}",
    "{% blocktrans with state=place %}Programs at schools in {{ state }}{% endblocktrans %}",
    "{% blocktranslate count counter=n %}{{ counter }} program{% plural %}{{ counter }} programs"
    "{% endblocktranslate %}",
    "{% blocktranslate count counter=n with total=n %}({{ total }} program){% plural %}({{ total }} programs)"
    "{% endblocktranslate %}",
    "{% blocktranslate count n=n trimmed %}\n  {{ n }} month\n{% plural %}\n  {{ n }} months\n{% endblocktranslate %}",
    "{% blocktranslate asvar message %}Jobs in {{ state }}{% endblocktranslate %}<{{ message }}>",
    '{% blocktranslate context "month name" %}May{% endblocktranslate %}',
    "{% blocktranslate %}Hello {{ missing }} and 100%{% endblocktranslate %}",
    '{% autoescape off %}{% translate "a & <b>" %} {% blocktranslate %}{{ place }}{% endblocktranslate %}'
    "{% endautoescape %}",
]
VALUES = [
    {"state": "Texas", "place": "<Texas & Co>", "variable": "Jobs", "n": n}
    for n in (0, 1, 2, 5, 21, Decimal("1.5"), 1.0, 2.5)
]


def djangos_own():
    """An engine with Django's i18n library, as the project's engine would be without config/i18n.py."""
    return Engine(libraries={"i18n": "django.templatetags.i18n"})


def test_the_sites_templates_load_the_faster_tags():
    template = engines["django"].from_string(
        '{% load i18n %}{% translate "Jobs" %}{% blocktranslate %}x{% endblocktranslate %}'
    )
    assert [type(node) for node in template.template.nodelist[1:]] == [ConstantTranslateNode, KeptBlockTranslateNode]


@pytest.mark.filterwarnings("ignore:Plural value must be an integer")
@pytest.mark.parametrize("snippet", SNIPPETS)
def test_the_faster_tags_render_what_djangos_render(snippet):
    ours = engines["django"].engine.from_string("{% load i18n %}" + snippet)
    theirs = djangos_own().from_string("{% load i18n %}" + snippet)
    # Each language twice and back again: what a node keeps is its language's.
    for language in ("en", "es", "en", "es", None):
        for values in VALUES:
            with translation.override(language):
                assert ours.render(Context(values)) == theirs.render(Context(values)), (language, values)


def test_spanish_comes_out_of_the_kept_translations():
    template = engines["django"].engine.from_string(
        "{% load i18n %}{% translate 'Jobs' %} {% blocktranslate count counter=n with total=n %}({{ total }} program)"
        "{% plural %}({{ total }} programs){% endblocktranslate %}"
    )
    with translation.override("es"):
        assert template.render(Context({"n": 2})) == template.render(Context({"n": 2})) == "Empleos (2 programas)"
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "Jobs (1 program)"


def test_a_count_that_is_not_a_number_is_refused_as_django_refuses_it():
    snippet = "{% load i18n %}{% blocktranslate count counter=n %}a{% plural %}b{% endblocktranslate %}"
    for engine in (engines["django"].engine, djangos_own()):
        with pytest.raises(TemplateSyntaxError, match="must be a number"):
            engine.from_string(snippet).render(Context({"n": "two"}))


def test_kept_translations_are_forgotten_when_the_translation_settings_change(tmp_path):
    template = engines["django"].engine.from_string("{% load i18n %}{% translate 'Jobs' %}")
    with translation.override("es"):
        assert template.render(Context()) == "Empleos"
    # Without the project's catalogue, Spanish pages read the English words, as Django's own tag gives them.
    with override_settings(LOCALE_PATHS=[str(tmp_path)]), translation.override("es"):
        assert template.render(Context()) == "Jobs"
    with translation.override("es"):
        assert template.render(Context()) == "Empleos"


def test_the_system_check_expects_the_replaced_library_and_still_warns_of_any_other_clash():
    from django.template.backends.django import DjangoTemplates as DjangosBackend

    from config.i18n import DjangoTemplates

    def warnings(backend, libraries):
        engine = backend({"NAME": "t", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"libraries": libraries}})
        return [error.id for error in engine.check()]

    assert warnings(DjangoTemplates, {"i18n": "config.i18n"}) == []
    assert warnings(DjangosBackend, {"i18n": "config.i18n"}) == ["templates.W003"]
    assert warnings(DjangoTemplates, {"i18n": "config.i18n", "humanize": "config.i18n"}) == ["templates.W003"]
