"""The program page's lists and tables as tags (issue 15): its courses, its fields of study as IPEDS reports them,
and its graduates' outcomes by release. Each was a template loop of a dozen to forty nodes per row; the markup is
the loop's, byte for byte (tests/catalog/test_program_page.py renders the old loops, tests/fixtures/markup)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from config.escaping import conditional_escape

from .figures import _long_date, _text, format_number

register = template.Library()


@register.simple_tag
def course_items(courses):
    """Each course as a list item, with its credits where the school gives them."""
    parts = []
    for course in courses:
        credits = ""
        if course.credits is not None:
            counted = ngettext("%(credits)s credit", "%(credits)s credits", course.credits) % {
                "credits": _text(floatformat(course.credits, "-1"))
            }
            credits = f' <span class="muted">({counted})</span>'
        parts.append(f"\n        <li>{_text(course.title)}{credits}</li>\n      ")
    return mark_safe("".join(parts))


def _whole(value):
    """`value|intcomma`; a whole number by format_number(), in a fifth of the time (the outcome figures are)."""
    return format_number(value, "0g") if type(value) is int else intcomma(value)


def _dollars(value):
    return f"${_text(_whole(value))}"


@register.simple_tag
def outcome_rows(outcomes):
    """The graduates' outcomes table, one row per release, newest first."""
    not_reported = gettext("Not reported")
    parts = []
    for outcome in outcomes:
        source = _text(outcome.source)
        if outcome.source_url:
            source = f'<a href="{_text(outcome.source_url)}">{source}</a>'
        released = _text(_long_date(outcome.release_date) if outcome.release_date else "")
        if outcome.median_earnings is not None:
            earnings = _dollars(outcome.median_earnings)
            if outcome.earnings_horizon:
                horizon = _text(outcome.get_earnings_horizon_display().lower())
                earnings = f'{earnings} <span class="muted">({horizon})</span>'
        else:
            earnings = not_reported
        debt = _dollars(outcome.median_debt) if outcome.median_debt is not None else not_reported
        ratio = outcome.debt_to_earnings_ratio
        ratio = _text(format_number(ratio, "2")) if ratio is not None else not_reported
        completers = _text(_whole(outcome.completers)) if outcome.completers is not None else not_reported
        passes = outcome.earns_more_than_hs_graduates
        if passes is None:
            verdict = f"{not_reported}\n                  "
        elif passes:
            verdict = f"{gettext('Passes')}\n                  "
        else:
            verdict = gettext("Does not pass")
        threshold = ""
        if outcome.state_hs_earnings_threshold is not None:
            line = gettext("state threshold $%(threshold)s") % {
                "threshold": _text(_whole(outcome.state_hs_earnings_threshold))
            }
            threshold = f'<br><span class="muted">{line}</span>'
        parts.append(
            "\n              <tr>\n"
            f'                <th scope="row">{source}, {released}</th>\n'
            f"                <td>{earnings}</td>\n"
            f"                <td>{debt}</td>\n"
            f"                <td>{ratio}</td>\n"
            f"                <td>{completers}</td>\n"
            "                <td>\n"
            f"                  {verdict}\n"
            f"                  {threshold}\n"
            "                </td>\n"
            "              </tr>\n            "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def federal_field_items(fields):
    """The fields of study the school reported to IPEDS for this level (Program.federal_field_rows), each with
    its awards, certificate lengths, distance education, charges and length where reported."""
    parts = []
    for field in fields:
        facts = []
        completions = field.get("completions")
        if completions is not None:
            awards = ngettext("%(counter)s award in %(year)s", "%(counter)s awards in %(year)s", completions) % {
                "counter": _text(completions),
                "year": _text(field.get("completions_year", "")),
            }
            facts.append(f"<li>{awards}</li>")
        facts.append("\n            ")
        if field.get("award_length_labels"):
            lengths = ", ".join(conditional_escape(label) for label in field["award_length_labels"])
            facts.append(f"<li>{gettext('Certificate length:')} {lengths}</li>")
        facts.append("\n            ")
        if field.get("distance_label"):
            year = _text(field.get("programs_year", ""))
            facts.append(f'<li>{_text(field["distance_label"])} <span class="muted">({year})</span></li>')
        facts.append("\n            ")
        if field.get("tuition_and_fees") is not None:
            charges = gettext("Tuition and fees for the whole program: $%(amount)s (%(year)s)") % {
                "amount": _text(floatformat(field["tuition_and_fees"], "0g")),
                "year": _text(field.get("charges_year", "")),
            }
            if field.get("books_and_supplies") is not None:
                books = gettext("books and supplies: $%(amount)s") % {
                    "amount": _text(floatformat(field["books_and_supplies"], "0g"))
                }
                charges = f"{charges}; {books}"
            facts.append(f"<li>{charges}</li>")
        facts.append("\n            ")
        months = field.get("months_to_complete")
        if field.get("length"):
            length = gettext("Length: %(length)s %(unit)s") % {
                "length": _text(field["length"]),
                "unit": _text(field.get("length_unit_label", "")),
            }
            if months:
                length = f"{length}, {_months_to_complete(months)}"
            facts.append(f"<li>{length}</li>\n            ")
        elif months:
            facts.append(f"<li>{_months_to_complete(months)}</li>")
        parts.append(
            "\n        <li>\n"
            f"          <strong>{_text(field.get('title', ''))}</strong> "
            f'<span class="muted">(CIP {_text(field.get("code", ""))})</span>\n'
            '          <ul class="field-facts">\n'
            f"            {''.join(facts)}\n"
            "          </ul>\n"
            "        </li>\n      "
        )
    return mark_safe("".join(parts))


def _months_to_complete(months):
    return ngettext("%(months)s month to complete", "%(months)s months to complete", months) % {"months": _text(months)}
