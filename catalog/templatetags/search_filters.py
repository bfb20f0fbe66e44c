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

from config.escaping import format_html

register = template.Library()


@functools.cache
def _words(language):
    return {
        "any": gettext("Any"),
        "programs": gettext("programs"),
        "none": gettext("None of these programs has one yet."),
    }


OPTION = (
    '<li class="check{disabled_class}">\n'
    '<input type="{kind}" id="id_{name}_{number}" name="{name}" value="{value}"{checked}{disabled}>\n'
    '<label for="id_{name}_{number}">{label} <span class="facet-count">{count}'
    '<span class="visually-hidden"> {programs}</span></span></label>\n'
    "</li>"
)


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
                count=intcomma(facet.any_count),
                programs=words["programs"],
            )
        )
    options = facet.shown_options
    for number, option in enumerate(options, start=1):
        disabled = option.disabled
        items.append(
            format_html(
                OPTION,
                disabled_class=" is-disabled" if disabled else "",
                kind="checkbox" if multiple else "radio",
                name=facet.name,
                number=number,
                value=option.value,
                checked=mark_safe(" checked") if option.selected else "",
                disabled=mark_safe(" disabled") if disabled else "",
                label=option.label,
                count=intcomma(option.count),
                programs=words["programs"],
            )
        )
    if not options:
        items.append(format_html("<li>{}</li>", words["none"]))
    return format_html('<ul class="facet-options">\n{}\n</ul>\n', mark_safe("\n".join(items)))
