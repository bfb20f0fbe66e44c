"""The site's header, footer and print header, around every page (`{% load chrome %}` in base.html; issue 15).

As includes they cost about 1.1 ms of every page's rendering (the header's five `{% url %}`s and its tests of the
resolver match, the footer's eleven translations, the print header's date), a sixth of the home page's. Here:

- the header's addresses and words are worked out once per language, script prefix and URLconf, and each
  request adds what is its own: which link is the current page or section, and the language switch;
- the footer depends on nothing but the language, so its template (includes/footer.html, which stays the place
  to edit it) is rendered once per language and process; with DEBUG on it is rendered every time, so that an
  edit shows at once under `make run`;
- the print header is two values in one line.
"""

import datetime
import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from config.escaping import escape

register = template.Library()

# The header's sections: (view, label, the view's url_name that is the section's own page (None: any page of the
# section's namespace is), the namespace whose other pages are in the section).
_SECTIONS = (
    ("catalog:program_list", "Programs", "program_list", "catalog"),
    ("careers:occupation_list", "Careers and pay", "occupation_list", "careers"),
    ("certifications:credential_list", "Certifications", "credential_list", "certifications"),
    ("guides:guide_list", "Guides", "guide_list", "guides"),
    ("pathways:pathway", "Pathways", None, "pathways"),
)
_HEADERS = {}
_FOOTERS = {}


def _header_parts():
    key = (get_language(), get_script_prefix(), get_urlconf())
    try:
        return _HEADERS[key]
    except KeyError:
        pass
    # The labels are the msgids above, translated here; gettext_noop would hide nothing more from makemessages.
    labels = {
        "Programs": gettext("Programs"),
        "Careers and pay": gettext("Careers and pay"),
        "Certifications": gettext("Certifications"),
        "Guides": gettext("Guides"),
        "Pathways": gettext("Pathways"),
    }
    parts = {
        "home": escape(reverse("catalog:home")),
        "site_name": escape(gettext("Medical Coding Catalog")),
        "main": escape(gettext("Main")),
        "sections": [
            (escape(reverse(view)), escape(labels[label]), page, namespace)
            for view, label, page, namespace in _SECTIONS
        ],
    }
    _HEADERS[key] = parts
    return parts


def _current(page, namespace, match):
    """The section link's aria-current: "page" on the section's own page, "true" elsewhere in the section."""
    if match is None:
        return ""
    if page is None:
        return ' aria-current="page"' if match.namespace == namespace else ""
    if match.url_name == page:
        return ' aria-current="page"'
    # The home page belongs to the catalog's URLs but to no section.
    if match.namespace == namespace and not (namespace == "catalog" and match.url_name == "home"):
        return ' aria-current="true"'
    return ""


@register.simple_tag(takes_context=True)
def site_header(context):
    parts = _header_parts()
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    home_current = ' aria-current="page"' if match is not None and match.url_name == "home" else ""
    links = "".join(
        f'        <li><a href="{href}"{_current(page, namespace, match)}>{label}</a></li>\n'
        for href, label, page, namespace in parts["sections"]
    )
    switch = "".join(
        f'<a href="{escape(version["url"])}" hreflang="{escape(version["code"])}" lang="{escape(version["code"])}">'
        f"{escape(capfirst(version['name']))}</a>"
        for version in context.get("language_versions") or ()
        if not version["current"]
    )
    return mark_safe(
        '<header class="site-header">\n'
        '  <div class="wrap site-header-inner">\n'
        f'    <a class="site-name" href="{parts["home"]}"{home_current}>{parts["site_name"]}</a>\n'
        f'    <nav class="site-nav" aria-label="{parts["main"]}">\n'
        "      <ul>\n"
        f"{links}"
        "      </ul>\n"
        "    </nav>\n"
        f'    <p class="language-switch">{switch}</p>\n'
        "  </div>\n"
        "</header>\n"
    )


@register.simple_tag
def site_footer():
    if settings.DEBUG:
        return mark_safe(render_to_string("includes/footer.html"))
    language = get_language()
    try:
        return _FOOTERS[language]
    except KeyError:
        footer = _FOOTERS[language] = mark_safe(render_to_string("includes/footer.html"))
        return footer


@functools.lru_cache(maxsize=64)
def _printed_on(language, day):
    """ "Printed on <date>" in a language, once per day: formatting the date was a tenth of a home page's
    rendering, 0.28 ms (issue 15)."""
    return gettext("Printed on %(date)s") % {"date": escape(date_format(day, "DATE_FORMAT"))}


@register.simple_tag(takes_context=True)
def print_header(context):
    """The page's own address (without ?print=1) and the date it was printed: shown on paper, and on screen in the
    print-ready view only (site.css)."""
    day = timezone.localdate() if settings.USE_TZ else datetime.date.today()
    printed = _printed_on(get_language(), day)
    return mark_safe(
        f'<div class="print-header">\n  <p><span class="print-url">{escape(context.get("page_address", ""))}</span>'
        f" · {printed}</p>\n</div>\n"
    )
