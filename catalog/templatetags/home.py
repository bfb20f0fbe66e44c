"""`{% level_links level_counts %}`: the home page's programs by credential level, each a link to its search with
the count (issue 15). As a template loop each row reversed the search's address and rendered a
`{% blocktranslate count %}`; here the address is reversed once. The markup and msgids are the loop's."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from config.addresses import view_address
from config.escaping import conditional_escape

from .search_filters import count_text

register = template.Library()


@register.simple_tag
def level_links(level_counts):
    search = conditional_escape(view_address("catalog:program_list"))
    rows = []
    for row in level_counts:
        count = row["count"]
        counted = ngettext("(%(total)s program)", "(%(total)s programs)", count) % {
            "total": conditional_escape(count_text(count))
        }
        rows.append(
            f'            <li><a href="{search}?credential_level={conditional_escape(row["credential_level"])}">'
            f"{conditional_escape(row['label'])}</a>\n              {counted}</li>\n"
        )
    return mark_safe("".join(rows))
