"""`{% state_rows %}`: the body of an occupation page's state table, some fifty rows of links and pay cells.

As a template loop it was a third of the page's rendering time (issue 15: each row resolved a `{% querystring %}`,
a `{% url %}` and a `{% blocktranslate %}`); here the address, the query string and the fixed words are worked out
once per table. The markup is the loop's, row for row.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from catalog.templatetags.figures import pay_cells

register = template.Library()


@register.simple_tag(takes_context=True)
def state_rows(context, rows, chosen_state, programs_state_parameter):
    params = context.request.GET.copy()
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
            params["state"] = row.postal
            current = ' aria-current="true"' if chosen else ""
            parts.append(
                f'<th scope="row"><a href="?{escape(params.urlencode())}#state-and-area"{current}>{name}'
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
