"""`{% compare_row row not_reported %}`: one row of the compare table, its label and a cell per program (issue 15).

As a template loop a comparison of ten programs rendered some 250 cells of half a dozen nodes each, most of the
compare page's time. The markup is the loop's, byte for byte (tests/catalog/test_compare.py)."""

from django import template
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
