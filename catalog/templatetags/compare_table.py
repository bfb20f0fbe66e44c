"""`{% compare_row row not_reported %}`: one row of the compare table, its label and a cell per program (issue 15).

As a template loop a comparison of ten programs rendered some 250 cells of half a dozen nodes each, most of the
compare page's time. The markup is the loop's, byte for byte (tests/catalog/test_compare.py)."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .figures import _text

register = template.Library()


def _cell(cell, not_reported, best_label):
    if cell.text:
        text = _text(cell.text)
        shown = f'<a href="{_text(cell.url)}">{text}</a>' if cell.url else text
    else:
        shown = f'<span class="muted">{not_reported}</span>'
    best = f' <strong class="tag tag-best">{best_label}</strong>' if cell.best else ""
    return f"\n                <td>{shown}{best}</td>\n              "


@register.simple_tag
def compare_row(row, not_reported):
    differs = row.differs
    best_label = _text(row.best_label)
    not_reported = _text(not_reported)
    cells = "".join(_cell(cell, not_reported, best_label) for cell in row.cells)
    tag = ""
    if differs:
        word = gettext("differs")
        tag = f' <span class="tag tag-differs">{word}</span>'
    return mark_safe(
        f'\n            <tr class="compare-row-{_text(row.key)}{" row-differs" if differs else ""}">\n'
        f'              <th scope="row">{_text(row.label)}{tag}</th>\n'
        f"              {cells}\n"
        "            </tr>\n          "
    )


@register.simple_tag
def compare_columns(columns, is_own_list, return_url):
    """The compare table's column headers, one per program: its title and school, and a button that takes it off
    the visitor's own list, or on a shared comparison a link that leaves it out. A loop of some thirty nodes per
    program before (issue 15); the markup is the loop's."""
    remove_word = gettext("Remove")
    leave_out_word = gettext("Leave out")
    remove_url = _text(reverse("catalog:compare_remove"))
    back = _text(return_url)
    parts = []
    for column in columns:
        program = column["program"]
        values = {"title": _text(program.title), "school": _text(program.institution.name)}
        if is_own_list:
            label = gettext("Remove from compare: %(title)s, %(school)s") % values
            action = (
                f'\n                    <form method="post" action="{remove_url}">\n'
                f'                      <input type="hidden" name="program" value="{_text(program.slug)}">\n'
                f'                      <input type="hidden" name="next" value="{back}">\n'
                '                      <button type="submit" class="button-secondary button-small" '
                f'aria-label="{label}">{remove_word}</button>\n'
                "                    </form>\n                  "
            )
        else:
            label = gettext("Leave out of this comparison: %(title)s, %(school)s") % values
            leave_out = _text(column["leave_out_url"])
            action = (
                f'\n                    <a class="leave-out" href="{leave_out}" aria-label="{label}">'
                f"{leave_out_word}</a>\n                  "
            )
        parts.append(
            "\n              \n"
            '                <th scope="col">\n'
            f'                  <a href="{_text(program.get_absolute_url())}">{values["title"]}</a>\n'
            f'                  <span class="compare-school">{values["school"]}</span>\n'
            f"                  {action}\n"
            "                </th>\n              \n            "
        )
    return mark_safe("".join(parts))
