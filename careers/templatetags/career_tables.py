"""`{% state_rows %}`: the body of an occupation page's state table, some fifty rows of links and pay cells; and
`{% state_options %}`, the state picker's options, one per state by name.

As a template loop it was a third of the page's rendering time (issue 15: each row resolved a `{% querystring %}`,
a `{% url %}` and a `{% blocktranslate %}`); here the address, the query string and the fixed words are worked out
once per table. The markup is the loop's, row for row.
"""

from urllib.parse import quote_plus

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from catalog.templatetags.figures import pay_cells
from config.escaping import escape

register = template.Library()

_STAND_IN = "\x00state\x00"
_ENCODED_STAND_IN = quote_plus(_STAND_IN)


@register.simple_tag(takes_context=True)
def state_rows(context, rows, chosen_state, programs_state_parameter):
    params = context.request.GET.copy()
    # The query string with a stand-in for the state, encoded once; each row puts its postal code in its place
    # (QueryDict keeps a replaced key where it was, so this is params.urlencode() with the row's state).
    params["state"] = _STAND_IN
    query = escape(params.urlencode())
    programs_url = escape(reverse("catalog:program_list"))
    figures_words = escape(gettext("(figures and metropolitan areas)"))
    programs_word = escape(gettext("Programs"))
    at_schools_in = gettext("at schools in %(state)s")
    parameter = escape(programs_state_parameter)
    parts = []
    for row in rows:
        chosen = row == chosen_state
        name = escape(row.area_name)
        parts.append('<tr class="is-chosen">\n' if chosen else "<tr>\n")
        if row.postal:
            current = ' aria-current="true"' if chosen else ""
            row_query = query.replace(_ENCODED_STAND_IN, escape(quote_plus(row.postal)))
            parts.append(
                f'<th scope="row"><a href="?{row_query}#state-and-area"{current}>{name}'
                f'<span class="visually-hidden"> {figures_words}</span></a></th>\n'
            )
        else:
            parts.append(f'<th scope="row">{name}</th>\n')
        parts.append(pay_cells(row))
        if row.postal:
            postal = escape(row.postal)
            parts.append(
                f'<td><a href="{programs_url}?{parameter}={postal}">{programs_word}<span class="visually-hidden"> '
                f"{at_schools_in % {'state': name}}</span></a></td>\n"
            )
        else:
            parts.append("<td></td>\n")
        parts.append("</tr>\n")
    return mark_safe("".join(parts))


@register.simple_tag
def state_options(rows, chosen_state):
    """The state picker's options: each state (a row with a postal code), by name, the chosen one selected. As a
    template loop (dictsort, two tests and two lookups per row) it was a millisecond of every occupation page."""
    named = sorted((row for row in rows if row.postal), key=lambda row: row.area_name)
    return mark_safe(
        "".join(
            f'<option value="{escape(row.postal)}"{" selected" if row == chosen_state else ""}>'
            f"{escape(row.area_name)}</option>"
            for row in named
        )
    )
