"""`{% facet_options facet %}`: a facet's options on the program list, each a box with its count (issue 15).

As a template loop the options cost some twenty nodes each, and a search shows a hundred or more of them (fifty
states among them); as Python they are one format per option. The markup is the template's: a radio "Any" first
for a single-choice facet, and for each shown option a box whose label gives the count, read out as "N programs";
an option no program has under the other filters is disabled unless it is ticked.
"""

import functools

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from catalog.templatetags.figures import format_number
from config.escaping import conditional_escape, escape, format_html

register = template.Library()


@functools.cache
def _words(language):
    return {
        "any": gettext("Any"),
        "programs": gettext("programs"),
        "none": gettext("None of these programs has one yet."),
    }


def count_text(count):
    """`count|intcomma` for a whole number (the figures' formatter, which groups as intcomma does)."""
    return format_number(count, "0g") if type(count) is int else intcomma(count)


@register.simple_tag
def facet_options(facet):
    words = _words(get_language())
    multiple = facet.facet.multiple
    items = []
    if not multiple:
        items.append(
            format_html(
                '<li class="check">\n<input type="radio" id="id_{name}_any" name="{name}" value=""{checked}>\n'
                '<label for="id_{name}_any">{any} <span class="facet-count">{count}'
                '<span class="visually-hidden"> {programs}</span></span></label>\n</li>',
                name=facet.name,
                checked=mark_safe(" checked") if not facet.selected_count else "",
                any=words["any"],
                count=count_text(facet.any_count),
                programs=words["programs"],
            )
        )
    options = facet.shown_options
    name = escape(facet.name)
    kind = "checkbox" if multiple else "radio"
    programs = escape(words["programs"])
    for number, option in enumerate(options, start=1):
        disabled = option.disabled
        items.append(
            f'<li class="check{" is-disabled" if disabled else ""}">\n'
            f'<input type="{kind}" id="id_{name}_{number}" name="{name}" value="{escape(option.value)}"'
            f"{' checked' if option.selected else ''}{' disabled' if disabled else ''}>\n"
            f'<label for="id_{name}_{number}">{conditional_escape(option.label)} <span class="facet-count">'
            f'{escape(count_text(option.count))}<span class="visually-hidden"> {programs}</span></span></label>\n'
            "</li>"
        )
    if not options:
        items.append(format_html("<li>{}</li>", words["none"]))
    return format_html('<ul class="facet-options">\n{}\n</ul>\n', mark_safe("\n".join(items)))
