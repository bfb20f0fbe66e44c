"""`{% facet_options facet %}`: a facet's options on the program list, each a box with its count (issue 15).

As a template loop the options cost some twenty nodes each, and a search shows a hundred or more of them (fifty
states among them); as Python they are one format per option. The markup is the template's: a radio "Any" first
for a single-choice facet, and for each shown option a box whose label gives the count, read out as "N programs";
an option no program has under the other filters is disabled unless it is ticked.
"""

import functools

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaulttags import querystring
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from catalog.templatetags.figures import _text, format_number
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


@register.simple_tag
def facet_list(facets):
    """Every facet of the program list's filters, each a collapsible fieldset: its name and how many of its
    options are ticked, its explanation, its options (`facet_options`) and how many programs do not report it.
    A template loop of some twenty nodes per facet before (issue 15); the markup is the loop's."""
    parts = []
    for facet in facets:
        label = conditional_escape(facet.facet.label)
        selected = ""
        if facet.selected_count:
            count = facet.selected_count
            ticked = ngettext("(%(counter)s selected)", "(%(counter)s selected)", count) % {"counter": _text(count)}
            selected = f' <span class="facet-selected">{ticked}</span>'
        explanation = ""
        if facet.facet.explanation:
            explanation = f'<p class="hint">{conditional_escape(facet.facet.explanation)}</p>'
        unreported = ""
        if facet.unreported_count:
            missing = ngettext(
                "Not reported for %(number)s of %(total)s program.",
                "Not reported for %(number)s of %(total)s programs.",
                facet.unreported_count,
            ) % {
                "total": conditional_escape(intcomma(facet.any_count)),
                "number": conditional_escape(intcomma(facet.unreported_count)),
            }
            unreported = f'\n              <p class="hint">{missing}</p>\n            '
        parts.append(
            '\n        <details class="facet">\n'
            f"          <summary>{label}{selected}</summary>\n"
            "          <fieldset>\n"
            f'            <legend class="visually-hidden">{label}</legend>\n'
            f"            {explanation}\n"
            f"            {facet_options(facet)}\n"
            f"            {unreported}\n"
            "          </fieldset>\n"
            "        </details>\n      "
        )
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def pagination(context, page_obj, page_range, label=""):
    """Pagination for a ListView page: page_obj and page_range (Paginator.get_elided_page_range) from the view;
    `label` names the list, e.g. "Pages of programs". Links keep the other query parameters. It was an include
    (includes/pagination.html) of some ninety nodes; the markup is the include's."""
    if not page_obj.has_other_pages():
        return mark_safe("\n")

    def link(number):
        return conditional_escape(querystring(context, page=number))

    page_word = gettext("page")
    page_label = gettext("Page")
    previous = following = ""
    if page_obj.has_previous():
        previous_word = gettext("Previous")
        previous = (
            f'\n      <li><a href="{link(page_obj.previous_page_number())}" rel="prev">{previous_word}'
            f'<span class="visually-hidden"> {page_word}</span></a></li>\n    '
        )
    if page_obj.has_next():
        next_word = gettext("Next")
        following = (
            f'\n      <li><a href="{link(page_obj.next_page_number())}" rel="next">{next_word}'
            f'<span class="visually-hidden"> {page_word}</span></a></li>\n    '
        )
    skipped = gettext("pages skipped")
    numbers = []
    for number in page_range:
        shown = _text(number)
        if number == page_obj.paginator.ELLIPSIS:
            item = (
                f'<li class="pagination-gap"><span aria-hidden="true">{shown}</span>'
                f'<span class="visually-hidden">{skipped}</span></li>'
            )
        else:
            current = ' aria-current="page"' if number == page_obj.number else ""
            item = (
                f'<li><a href="{link(number)}"{current}><span class="visually-hidden">{page_label} </span>'
                f"{shown}</a></li>"
            )
        numbers.append(f"\n      \n        {item}\n      \n    ")
    name = conditional_escape(label or gettext("Pages of results"))
    return mark_safe(
        f'\n<nav class="pagination" aria-label="{name}">\n  <ul>\n    {previous}\n    {"".join(numbers)}\n'
        f"    {following}\n  </ul>\n</nav>\n\n"
    )
