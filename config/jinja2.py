"""The Jinja2 environment of the pages written in Jinja2 (templates/jinja2/): the occupation and program pages
(issue 15).

Why Jinja2 for those pages: the occupation page is the site's longest (some 400 template nodes, 70 KB), and
measured on the real bundle its Django templates cost about a seventh of its time in node dispatch, variable
look-ups and translation look-ups that Jinja2 compiles away (docs/performance.md, stop 25); the program page's
Django template, some 200 nodes, was about half of that page's time (stop 27). Everything else stays in Django
templates.

Each page's markup is Django's, byte for byte: `tests/careers/test_jinja_occupation.py` and
`tests/catalog/test_jinja_program.py` render the page through these templates and through the Django templates
they were made from (kept in tests/fixtures/markup/<page>/), in English and Spanish, on screen and for print, for
listings chosen to take every branch, and compare them. What makes the two write the same bytes:

- `_finalize`: a `{{ value }}` is localized and escaped as Django's `{{ value }}` is (Django writes `&#x27;` and
  `&quot;` where markupsafe writes `&#39;` and `&#34;`); anything safe (`SafeString`, `Markup`) is written as it is.
  Jinja2's own autoescaping is off, as `_finalize` escapes every `{{ }}`: with it on, each of the occupation page's
  some 230 expressions also went through markupsafe's escape() and Markup() (five Python calls and a copy of the
  text, 4.6% of the page's instructions, stop 29). So a template here must not build markup as a string: a
  `{% set x %}...{% endset %}` block or a `~` joining safe and unsafe values comes out as one plain string, and
  `_finalize` escapes all of it. Pass such values through a function that returns a SafeString instead.
- The translation functions (`translations()`, a context processor of the Jinja2 backend): `{{ _("Jobs") }}` is
  `{% translate "Jobs" %}` (the literal's translation, unescaped), and `{% trans x=y %}...{% endtrans %}` is
  `{% blocktranslate with x=y %}...{% endblocktranslate %}` (the translation unescaped, each value localized and
  escaped; `{% pluralize counter %}` is `{% plural %}` with `count counter=`). They are bound to the request's
  language once per render: Django's gettext() looks the active language up on every call (an asgiref Local,
  about a microsecond), and the page makes some 170 of them.
- The Django tags the page uses are plain functions here (`figure(...)`, `state_rows(...)`, `url(...)`), called
  with the same arguments; those that read the template context get its request and variables.

`make messages` collects these templates' strings with Jinja2's own extractor (config/management/commands/
makemessages.py): Django's reads only Django templates.
"""

import datetime
import functools
import types
from collections.abc import Iterable

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.template.defaultfilters import capfirst, floatformat, linebreaks_filter
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import join as join_filter
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone, template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from careers.templatetags import career_tables
from catalog.templatetags import cards, figures, program_page
from certifications.templatetags import credentials
from config import chrome
from config.addresses import copied_query, view_address
from config.escaping import escape_text as _html_escape
from config.kept import keep

# A constant message's translation per language, kept: {{ _("Jobs") }} is written some 110 times an occupation page.
_KEPT = {}
# Messages kept per language at most: `_` is for constant strings, but a template could pass it anything.
_MAX_KEPT = 5000


def _forget_translations(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}:
        _KEPT.clear()
    if setting.startswith("STATIC") or setting == "STORAGES":
        _static_address.cache_clear()


setting_changed.connect(_forget_translations)


def _rendered(value):
    """A value as Django's template engine writes it: in local time, localized, escaped unless already safe."""
    if type(value) is str:  # most values: localize() and conditional_escape() would only escape it
        return SafeString(_html_escape(value))
    if isinstance(value, datetime.datetime):
        value = template_localtime(value)
    value = localize(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(_html_escape(str(value)))


def _finalize(value):
    """Each `{{ expression }}`'s value before Jinja2 writes it, written as Django writes it (autoescaping is off:
    this is the escaping). A plain str, the commonest value, is escaped at once."""
    if type(value) is str:
        return _html_escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _rendered(value)


def _formatted(message, variables):
    """`message` % the variables as Django's {% blocktranslate %} writes them."""
    return message % {name: _rendered(value) for name, value in variables.items()}


class _Translations:
    """The page's translation functions for one language."""

    def __init__(self, language):
        if settings.USE_I18N:
            from django.utils.translation import trans_real

            catalogue = trans_real.translation(language or settings.LANGUAGE_CODE)
            self._gettext, self._ngettext = catalogue.gettext, catalogue.ngettext
        else:
            self._gettext = str
            self._ngettext = lambda singular, plural, count: singular if count == 1 else plural
        # {{ _("...") }} by message; {% trans %} blocks by message, or by (singular, plural, count) for a whole count.
        self._kept = _KEPT.setdefault(language, {})

    def translate(self, message):
        """`{{ _("text") }}`: {% translate "text" %}. Django looks a literal up with its percent signs doubled."""
        try:
            return self._kept[message]
        except KeyError:
            pass
        if not message:  # as Django's gettext: "" is "" (a catalogue's "" entry is its header)
            return SafeString("")
        return keep(
            self._kept, message, SafeString(self._gettext(message.replace("%", "%%")).replace("%%", "%")), _MAX_KEPT
        )

    def gettext(self, message, **variables):
        """A `{% trans %}` block (Jinja2's i18n extension, new style, calls it with the block's variables)."""
        try:
            translated = self._kept["block", message]
        except KeyError:
            translated = keep(self._kept, ("block", message), self._gettext(message) if message else "", _MAX_KEPT)
        try:
            return SafeString(_formatted(translated, variables))
        except (KeyError, ValueError):
            # A translation that does not fit its variables: the English, as Django's tag falls back.
            return SafeString(_formatted(message, variables))

    def ngettext(self, singular, plural, count, **variables):
        """A `{% trans %}` block with `{% pluralize %}`."""
        try:
            translated = self._kept[singular, plural, count] if type(count) is int else None
        except KeyError:
            translated = keep(self._kept, (singular, plural, count), self._ngettext(singular, plural, count), _MAX_KEPT)
        if translated is None:  # a count that is not a whole number is not kept
            translated = self._ngettext(singular, plural, count)
        try:
            return SafeString(_formatted(translated, variables))
        except (KeyError, ValueError):
            return SafeString(_formatted(singular if count == 1 else plural, variables))


_BY_LANGUAGE = {}


def translations(request):
    """Context processor: `_`, `gettext` and `ngettext` bound to the language active when the render starts."""
    language = get_language()
    try:
        bound = _BY_LANGUAGE[language]
    except KeyError:
        bound = _BY_LANGUAGE[language] = _Translations(language)
    if bound._kept is not _KEPT.get(language):  # the settings changed since: bind afresh
        bound = _BY_LANGUAGE[language] = _Translations(language)
    return {"_": bound.translate, "gettext": bound.gettext, "ngettext": bound.ngettext}


class _DjangoContext:
    """What the Django tags that take their template's context read of it: `.request` and `.get()`."""

    __slots__ = ("context", "request")

    def __init__(self, context):
        self.context = context
        self.request = context.get("request")

    def get(self, key, default=None):
        return self.context.get(key, default)


def _with_context(function):
    """A Django tag that takes its context, as a Jinja2 function that is passed it."""

    @pass_context
    def call(context, *args, **kwargs):
        return function(_DjangoContext(context), *args, **kwargs)

    call.__name__ = function.__name__
    return call


def url(name, *args, **kwargs):
    """`{{ url("catalog:program_list") }}`: {% url "catalog:program_list" %}; without arguments from the addresses
    reversed once (config/addresses.py)."""
    if not args and not kwargs:
        return view_address(name)
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def querystring_(context, query_dict=None, **kwargs):
    """`{{ querystring(state_sort="name") }}`: Django's {% querystring %} (the same code) with a cheaper copy."""
    if query_dict is None:
        query_dict = context.get("request").GET
    params = copied_query(query_dict)
    for key, value in kwargs.items():
        if value is None:
            if key in params:
                del params[key]
        elif isinstance(value, Iterable) and not isinstance(value, str):
            params.setlist(key, value)
        else:
            params[key] = value
    if not params and not query_dict:
        return ""
    return f"?{params.urlencode()}"


@functools.lru_cache(maxsize=256)
def _static_address(path):
    return static(path)


def now(format_string):
    """`{{ now("DATE_FORMAT") }}`: {% now "DATE_FORMAT" %}, today in the current time zone."""
    return date_filter(datetime.datetime.now(tz=get_current_timezone() if settings.USE_TZ else None), format_string)


def static_(path):
    """`{{ static("css/site.css") }}`: {% static %}. Its addresses come from the static files' manifest, read once
    when the process starts, so each is worked out once (some 30 µs each); with DEBUG on, every time."""
    return static(path) if settings.DEBUG else _static_address(path)


# The Django tags the Jinja2 templates call, by the tag's name.
_TAGS = [
    figures.figure,
    figures.value,
    figures.pay_cells,
    career_tables.row_source,
    career_tables.state_options,
    career_tables.program_level_rows,
    career_tables.program_level_line,
    career_tables.credential_items,
    career_tables.industry_rows,
    career_tables.projection_rows,
    career_tables.history_rows,
    career_tables.area_rows,
    career_tables.occupation_pay_list,
    career_tables.outlook_phrase,
    cards.federal_months,
    cards.federal_price,
    cards.school_tuition,
    program_page.course_items,
    program_page.federal_field_items,
    program_page.outcome_rows,
    credentials.credential_name,
    credentials.eligibility_rule,
    chrome.site_footer,
]
_CONTEXT_TAGS = [career_tables.state_rows, cards.compare_control, chrome.site_header, chrome.print_header]


_FUNCTION, _METHOD, _PARTIAL = types.FunctionType, types.MethodType, functools.partial


class _Context(Context):
    """Jinja2's template context, whose `call()` calls a plain Python function or method (no pass_context and the
    like) at once. Jinja2 sends every call in a template through `call()`, which looks for those markers on the
    callable and on its `__call__`, about 1.6 µs a call measured here; the occupation page makes some 190 calls
    (its translations, figures and tables). A partial of such a function or method (a model's
    get_<field>_display(), nine a program page) is called at once too. Anything else, or a marked function, is
    Jinja2's own `call()`."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature, so a keyword "self" passes
        cls = __obj.__class__
        if cls is _PARTIAL and "jinja_pass_arg" not in __obj.__dict__:  # a model's get_<field>_display()
            function = __obj.func
            cls = function.__class__
        else:
            function = __obj
        if cls is _FUNCTION:
            marked = "jinja_pass_arg" in function.__dict__
        elif cls is _METHOD:
            marked = "jinja_pass_arg" in getattr(function.__func__, "__dict__", ())
        else:
            marked = True
        if marked:
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def environment(**options):
    """The Jinja2 backend's environment (TEMPLATES "OPTIONS" "environment")."""
    options.setdefault("keep_trailing_newline", True)  # as Django writes a template's last line break
    options["autoescape"] = False  # _finalize escapes (the module's docstring says why)
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=_finalize, **options)
    env.context_class = _Context
    env.newstyle_gettext = True  # {% trans %} calls gettext(message, **variables); translations() supplies it
    env.globals.update({tag.__name__: tag for tag in _TAGS})
    env.globals.update({tag.__name__: _with_context(tag) for tag in _CONTEXT_TAGS})
    env.globals.update(url=url, static=static_, querystring=querystring_, get_language=get_language, now=now)
    env.filters.update(
        capfirst=capfirst,
        floatformat=floatformat,
        months=figures.months,
        date=figures.kept_date,
        intcomma=intcomma,
        linebreaks=linebreaks_filter,
        join=lambda value, separator: join_filter(value, separator, autoescape=True),
    )
    return env
