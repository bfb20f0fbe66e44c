"""`makemessages`, which also collects the strings of the Jinja2 templates (templates/jinja2/, config/jinja2.py).

Django's command reads every template as a Django template, and Jinja2's `{% trans %}` blocks are not Django's
syntax: their messages would be missed, and `make messages --no-obsolete` would drop their translations. Here a
Jinja2 template is read by Jinja2's own extractor instead, and handed to xgettext as the gettext() and ngettext()
calls it makes, each on its template line. The messages are the ones the page looks up (config/jinja2.py): a
`{% trans %}` block's as Jinja2 writes it, with `%(name)s` for each value and a literal percent sign doubled, as
Django's `{% blocktranslate %}` writes it; a `{{ _("...") }}` literal with its percent signs doubled, as Django's
`{% translate "..." %}` looks it up.

It lives in the project's own app (config/apps.py): an app's command of this name takes the place of Django's own.
"""

from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages
from django.template import engines
from jinja2.ext import extract_from_ast


def _jinja2_dirs():
    """The directories of the Jinja2 backend's templates (settings.TEMPLATES)."""
    return [
        Path(directory).resolve()
        for engine in settings.TEMPLATES
        if engine["BACKEND"] == "django.template.backends.jinja2.Jinja2"
        for directory in engine.get("DIRS", [])
    ]


def jinja2_as_python(source):
    """A Jinja2 template's messages as Python calls for xgettext, each on the template line it comes from."""
    environment = engines["jinja2"].env
    lines = [""] * (source.count("\n") + 1)
    for lineno, function, strings in extract_from_ast(environment.parse(source)):
        strings = strings if isinstance(strings, tuple) else (strings,)
        if function == "_":
            lines[lineno - 1] += f" gettext({strings[0].replace('%', '%%')!r}) "
        elif function == "gettext":
            lines[lineno - 1] += f" gettext({strings[0]!r}) "
        elif function == "ngettext":
            lines[lineno - 1] += f" ngettext({strings[0]!r}, {strings[1]!r}, 1) "
        else:
            raise ValueError(f"{function}() is not a translation function the Jinja2 pages use")
    return "\n".join(lines)


class BuildFile(makemessages.BuildFile):
    @cached_property
    def is_jinja2(self):
        path = Path(self.path).resolve()
        return self.domain == "django" and any(path.is_relative_to(directory) for directory in _jinja2_dirs())

    def preprocess(self):
        if not self.is_jinja2:
            return super().preprocess()
        with open(self.path, encoding="utf-8") as source:
            content = jinja2_as_python(source.read())
        with open(self.work_path, "w", encoding="utf-8") as work:
            work.write(content)


class Command(makemessages.Command):
    build_file_class = BuildFile
