"""Result cards and the small pieces they are made of, written as Python (issue 15).

A search page shows twenty cards; as templates each card was some 150 nodes and five includes, most of a search's
rendering time. As Python one card is a few dozen string operations. The markup and the words are those of the
templates they replace (msgids included, for the translations); tests read them as a student does.

- `{% program_card program heading_level=2 hide_school=False %}`: a program in a list. `program` comes from a
  queryset with for_search_results(), or for_result_cards() for the median debt and the other figures it
  prefetches. Lines for figures the queryset did not prefetch are left out, and a distance shows only on a list
  that set `distance_miles`. Facts the school has not reported, and figures not published yet, are named together
  in one short line at the end.
- `{% compare_control program %}`: add a program to the compare list or take it off, with a plain form (no
  JavaScript, no account), and a link to the comparison while the list has programs in it. The program's title
  and school complete the button's accessible name, since many buttons share a page (an aria-label, so the title
  is not repeated in the page's text). After the form is sent, the visitor comes back to this control.
- `{% federal_price program %}`: the whole-program tuition and fees the school reported to IPEDS, with the source.
- `{% federal_months months %}`: (fewest, most) months to complete, from Program.federal_months.
- `{% school_tuition school label=True %}`: a school's yearly tuition and fees with their source and year, a
  school-wide figure for a year of full-time undergraduate study, not the price of one program. label=False
  leaves out the words before the figures (a table row that is already labelled).
"""

import functools

from django import template
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from config.escaping import conditional_escape, format_html

from .figures import figure, format_number

register = template.Library()

# Each piece ends with a line break, as the template it replaces did: the break is the space a reader sees between
# a figure and the words after it ("…2018-19)<br>For a year…").
END = "\n"


@functools.cache
def _labels(language):
    """A card's fixed words and choice labels in one language, translated once per process (each gettext call
    and each lazy label costs microseconds, and a page of cards asked for hundreds)."""
    from catalog.models import Program

    return {
        "levels": {value: str(label) for value, label in Program.CredentialLevel.choices},
        "deliveries": {value: str(label) for value, label in Program.DeliveryMode.choices},
        "distance": {
            Program.DistanceEducation.ALL: gettext("Can be completed online"),
            Program.DistanceEducation.SOME: gettext("Some can be completed online"),
            Program.DistanceEducation.NONE: gettext("Not offered fully online"),
        },
        "cost": gettext("Program cost:"),
        "earnings": gettext("Graduates’ median earnings:"),
        "earnings_horizon": gettext("Graduates’ median earnings %(horizon)s:"),
        "debt": gettext("Median debt:"),
        "ratio": gettext("Debt-to-earnings ratio:"),
        "ratio_missing": gettext("Debt-to-earnings ratio: not reported yet."),
        "completers": gettext("Graduates in the cohort:"),
        "completers_missing": gettext("Number of graduates: not reported yet."),
        "unreported": gettext("Not yet reported by the school:"),
        "no_earnings_or_debt": gettext("No earnings or debt figures published yet."),
        "no_earnings": gettext("No earnings figures published yet."),
        "no_debt": gettext("No debt figures published yet."),
        "add": gettext("Add to compare"),
        "add_label": gettext("Add to compare: %(title)s, %(school)s"),
        "remove": gettext("Remove from compare"),
        "remove_label": gettext("Remove from compare: %(title)s, %(school)s"),
        "mile": gettext("less than a mile away"),
        "tuition": gettext("School’s tuition and fees per year:"),
        "tuition_both": gettext("$%(amount)s in-state and out-of-state"),
        "tuition_in": gettext("$%(amount)s in-state"),
        "tuition_out": gettext("$%(amount)s out-of-state"),
    }


@functools.cache
def _paths(language, prefix):
    """The addresses a card links to, reversed once per language and script prefix; a program's and a school's
    address are their pattern with the slug put in."""
    marker = "slug-marker"
    return {
        "program": reverse("catalog:program_detail", args=[marker]).split(marker),
        "school": reverse("catalog:institution_detail", args=[marker]).split(marker),
        "compare_add": reverse("catalog:compare_add"),
        "compare_remove": reverse("catalog:compare_remove"),
        "compare": reverse("catalog:compare"),
    }


def _words_now():
    return _labels(get_language())


def _paths_now():
    return _paths(get_language(), get_script_prefix())


def _at(pattern, slug):
    before, after = pattern
    return f"{before}{slug}{after}"


def _escape(value):
    return conditional_escape(value if isinstance(value, str) else str(value))


def _words(text, **values):
    """A translated sentence with escaped values in it, as {% blocktranslate %} renders it."""
    return mark_safe(text % {name: _escape(value) for name, value in values.items()})


def _dollars(value):
    return format_number(value, "0g")


@register.simple_tag
def federal_months(months):
    low, high = months
    if low == high:
        words = _words(ngettext("%(months)s month to complete", "%(months)s months to complete", low), months=low)
    else:
        words = _words(gettext("%(low)s to %(high)s months to complete"), low=low, high=high)
    return mark_safe(words + END)


@register.simple_tag
def federal_price(program):
    price = program.federal_price
    if price["low"] == price["high"]:
        amount = mark_safe("$" + _dollars(price["low"]))
    else:
        amount = _words(gettext("$%(low)s to $%(high)s"), low=_dollars(price["low"]), high=_dollars(price["high"]))
    return format_html(
        '<span class="figure">{} <span class="figure-value">{}</span> '
        '<span class="figure-source">(IPEDS IC{}_PY, {})</span></span>' + END,
        gettext("Program tuition and fees:"),
        amount,
        str(price["year"])[:4],
        price["year"],
    )


@register.simple_tag
def school_tuition(school, label=True):
    in_state, out_of_state = school.tuition_in_state, school.tuition_out_of_state
    labels = _words_now()
    if in_state is not None and in_state == out_of_state:
        amounts = _words(labels["tuition_both"], amount=_dollars(in_state))
    else:
        parts = []
        if in_state is not None:
            parts.append(_words(labels["tuition_in"], amount=_dollars(in_state)))
        if out_of_state is not None:
            parts.append(_words(labels["tuition_out"], amount=_dollars(out_of_state)))
        amounts = mark_safe(", ".join(parts))
    words = format_html("{} ", labels["tuition"]) if label is not False else ""
    return format_html(
        '<span class="figure school-tuition">{}<span class="figure-value">{}</span> '
        '<span class="figure-source">({}, {})</span></span>' + END,
        words,
        amounts,
        school.tuition_source,
        school.tuition_year,
    )


@register.simple_tag(takes_context=True)
def compare_control(context, program):
    slugs = context.get("compare_slugs") or []
    title, school = program.title, program.institution.name
    words, paths = _words_now(), _paths_now()
    if program.slug in slugs:
        action, button = paths["compare_remove"], words["remove"]
        label = _words(words["remove_label"], title=title, school=school)
    else:
        action, button = paths["compare_add"], words["add"]
        label = _words(words["add_label"], title=title, school=school)
    link = ""
    if slugs:
        count = len(slugs)
        link = format_html(
            '<a class="compare-link" href="{}">{}<span class="visually-hidden"> {}</span></a>',
            paths["compare"],
            _words(gettext("Compare (%(count)s)"), count=count),
            ngettext("program in your list", "programs in your list", count),
        )
    slug, e = conditional_escape(program.slug), conditional_escape
    return mark_safe(
        f'<div class="compare-control" id="compare-{slug}">'
        f'<form method="post" action="{e(action)}">'
        f'<input type="hidden" name="program" value="{slug}">'
        f'<input type="hidden" name="next" value="{e(context.get("compare_next", ""))}#compare-{slug}">'
        f'<button type="submit" class="button-secondary" aria-label="{e(label)}">{e(button)}</button>'
        f"</form>{e(link)}</div>" + END
    )


def _school_line(program):
    school, e = program.institution, conditional_escape
    parts = [f'<a href="{e(_at(_paths_now()["school"], school.slug))}">{e(school.name)}</a>']
    if school.city:
        parts.append(f", {e(school.city)}")
    if school.state:
        parts.append(f", {e(school.state)}")
    distance = getattr(program, "distance_miles", None)
    if distance is not None:
        if distance < 1:
            away = _words_now()["mile"]
        else:
            miles = floatformat(distance, "0")
            away = _words(ngettext("%(miles)s mile away", "%(miles)s miles away", int(miles)), miles=miles)
        parts.append(f' · <span class="card-distance">{e(away)}</span>')
    return mark_safe(f'<p class="card-school">{"".join(parts)}</p>')


def _facts(program, words):
    e = conditional_escape
    items = [f'<li class="card-level">{e(words["levels"].get(program.credential_level, ""))}</li>']
    if program.delivery_mode:
        items.append(f"<li>{e(words['deliveries'].get(program.delivery_mode, program.delivery_mode))}</li>")
    elif program.distance_education:
        label = words["distance"].get(program.distance_education, "")
        items.append(f'<li>{e(label)} <span class="muted">(IPEDS)</span></li>')
    if program.length_months:
        months = program.length_months
        length = _words(ngettext("%(months)s month", "%(months)s months", months), months=months)
        items.append(f"<li>{length}</li>")
    elif program.federal_months:
        items.append(f'<li>{federal_months(program.federal_months)} <span class="muted">(IPEDS)</span></li>')
    return mark_safe('<ul class="card-facts">\n' + "\n".join(items) + "\n</ul>")


def _outcome_figure(outcome, value, **kwargs):
    return figure(value=value, source=outcome.source, url=outcome.source_url, release=outcome.release_date, **kwargs)


def _figures(program, words):
    lines = []
    if program.cost is not None:
        source = program.source_note or program.institution.name
        lines.append(
            format_html(
                '<p class="card-cost">{} {}</p>',
                words["cost"],
                figure(value=program.cost, kind="usd", source=source, release=program.cost_year),
            )
        )
    elif program.federal_price:
        lines.append(format_html('<p class="card-cost">{}</p>', federal_price(program)))
    if program.institution.has_tuition:
        lines.append(format_html('<p class="card-tuition">{}</p>', school_tuition(program.institution)))
    earnings = program.earnings_newest_first
    if earnings:
        outcome = earnings[0]
        if outcome.earnings_horizon:
            heading = _words(words["earnings_horizon"], horizon=outcome.get_earnings_horizon_display().lower())
        else:
            heading = words["earnings"]
        lines.append(
            format_html(
                '<p class="card-earnings">{} {}</p>',
                heading,
                _outcome_figure(outcome, outcome.median_earnings, kind="usd"),
            )
        )
    debts = getattr(program, "median_debt_newest_first", None)
    if debts:
        outcome = debts[0]
        lines.append(
            format_html(
                '<p class="card-debt">{} {}</p>',
                words["debt"],
                _outcome_figure(outcome, outcome.median_debt, kind="usd"),
            )
        )
    ratios = getattr(program, "debt_to_earnings_ratio_newest_first", None)
    if ratios is not None:
        if ratios:
            outcome = ratios[0]
            value = floatformat(outcome.debt_to_earnings_ratio, "2")
            line = format_html("{} {}", words["ratio"], _outcome_figure(outcome, value))
        else:
            line = words["ratio_missing"]
        lines.append(format_html('<p class="card-ratio">{}</p>', line))
    completers = getattr(program, "completers_newest_first", None)
    if completers is not None:
        if completers:
            outcome = completers[0]
            figure_html = _outcome_figure(outcome, outcome.completers, kind="count")
            line = format_html("{} {}", words["completers"], figure_html)
        else:
            line = words["completers_missing"]
        lines.append(format_html('<p class="card-completers">{}</p>', line))
    return lines


def _gaps(program, debts, words):
    """One line naming the facts the school has not reported and the figures not published yet, or ""."""
    missing = program.unreported_facts()
    no_earnings = not program.earnings_newest_first
    # Debt read and none reported; None where the queryset did not read debt (the school page).
    no_debt = debts is not None and not debts
    if not (missing or no_earnings or no_debt):
        return ""
    parts = []
    if missing:
        parts.append(format_html("{} {}.", words["unreported"], ", ".join(str(fact) for fact in missing)))
    if no_earnings:
        parts.append(words["no_earnings_or_debt"] if no_debt else words["no_earnings"])
    elif no_debt:
        parts.append(words["no_debt"])
    return format_html('<p class="card-gaps">{}</p>', mark_safe(" ".join(conditional_escape(part) for part in parts)))


@register.simple_tag(takes_context=True)
def program_card(context, program, heading_level=2, hide_school=False):
    level = heading_level or 2
    words = _words_now()
    debts = getattr(program, "median_debt_newest_first", None)
    url, title = conditional_escape(_at(_paths_now()["program"], program.slug)), conditional_escape(program.title)
    level = conditional_escape(level)
    parts = [f'<article class="card"><h{level} class="card-title"><a href="{url}">{title}</a></h{level}>']
    if not hide_school:
        parts.append(_school_line(program))
    parts.append(_facts(program, words))
    parts += _figures(program, words)
    parts.append(_gaps(program, debts, words))
    parts.append(compare_control(context, program))
    parts.append(mark_safe("</article>"))
    return mark_safe("\n".join(str(part) for part in parts if part) + END)
