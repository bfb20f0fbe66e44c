"""`{% state_rows %}`: the body of an occupation page's state table, some fifty rows of links and pay cells; and
`{% state_options %}`, the state picker's options, one per state by name.

As a template loop it was a third of the page's rendering time (issue 15: each row resolved a `{% querystring %}`,
a `{% url %}` and a `{% blocktranslate %}`); here the address, the query string and the fixed words are worked out
once per table. The markup is the loop's, row for row.
"""

import re
from urllib.parse import quote_plus

from django import template
from django.template.defaultfilters import capfirst
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from catalog.templatetags.figures import (
    _cell,
    _names_release,
    _separators,
    figure,
    localize_months,
    pay_cells,
    value,
)
from catalog.templatetags.search_filters import count_text
from config.addresses import copied_query, view_address
from config.escaping import conditional_escape, escape
from config.escaping import escape_text as html_escape

register = template.Library()

_STAND_IN = "\x00state\x00"
_PLAIN_POSTAL = re.compile(r"[A-Z]{2}")
_ENCODED_STAND_IN = quote_plus(_STAND_IN)


@register.simple_tag(takes_context=True)
def state_rows(context, rows, chosen_state, programs_state_parameter):
    """`chosen_state`: one of `rows` or None, found by identity (a model's == is a microsecond, 54 a page)."""
    params = copied_query(context.request.GET)
    # The query string with a stand-in for the state, encoded once; each row puts its postal code in its place
    # (QueryDict keeps a replaced key where it was, so this is params.urlencode() with the row's state).
    params["state"] = _STAND_IN
    query = escape(params.urlencode())
    programs_url = escape(view_address("catalog:program_list"))
    figures_words = escape(gettext("(figures and metropolitan areas)"))
    programs_word = escape(gettext("Programs"))
    at_schools_in = gettext("at schools in %(state)s")
    parameter = escape(programs_state_parameter)
    separators = _separators()
    state_link = f'<th scope="row"><a href="?{query}#state-and-area"'
    programs_link = f'<td><a href="{programs_url}?{parameter}='
    current = ' aria-current="true"'
    parts = []
    for row in rows:
        chosen = row is chosen_state
        name = html_escape(row.area_name)
        postal = row.postal
        parts.append('<tr class="is-chosen">\n' if chosen else "<tr>\n")
        if postal:
            if _PLAIN_POSTAL.fullmatch(postal):
                quoted = postal  # two capital letters: the same quoted and escaped
            else:
                postal, quoted = html_escape(postal), html_escape(quote_plus(postal))
            parts.append(
                f"{state_link.replace(_ENCODED_STAND_IN, quoted)}{current if chosen else ''}>{name}"
                f'<span class="visually-hidden"> {figures_words}</span></a></th>\n'
            )
        else:
            parts.append(f'<th scope="row">{name}</th>\n')
        parts.append(
            f"<td>{_cell(row.employment, 'count', separators)}</td>\n"
            f"<td>{_cell(row.annual_median, 'usd', separators)}</td>\n"
            f"<td>{_cell(row.hourly_median, 'usd_cents', separators)}</td>\n"
        )
        if postal:
            parts.append(
                f'{programs_link}{postal}">{programs_word}<span class="visually-hidden"> '
                f"{at_schools_in % {'state': name}}</span></a></td>\n</tr>\n"
            )
        else:
            parts.append("<td></td>\n</tr>\n")
    return mark_safe("".join(parts))


@register.simple_tag
def state_options(rows, chosen_state):
    """The state picker's options: each state (a row with a postal code), by name, the chosen one selected. As a
    template loop (dictsort, two tests and two lookups per row) it was a millisecond of every occupation page.
    `chosen_state`: one of `rows` or None, found by identity (a model's == is a microsecond, 54 a page)."""
    named = sorted((row for row in rows if row.postal), key=lambda row: row.area_name)
    return mark_safe(
        "".join(
            f'<option value="{escape(row.postal)}"{" selected" if row is chosen_state else ""}>'
            f"{escape(row.area_name)}</option>"
            for row in named
        )
    )


@register.simple_tag
def program_level_rows(levels):
    """The rows of an occupation page's "Program levels that lead here" table: each level, and its number of
    programs linked to their search. A template loop of a dozen nodes per level before (issue 15)."""
    wider = gettext("(the search also lists programs at this level in fields not linked to this occupation)")
    parts = []
    for level in levels:
        count = level["count"]
        programs = ngettext("%(number)s program", "%(number)s programs", count) % {
            "number": conditional_escape(count_text(count))
        }
        note = "" if level["search_exact"] else f' <span class="small">{wider}</span>'
        parts.append(
            "\n              <tr>\n"
            f'                <th scope="row">{conditional_escape(level["label"])}</th>\n'
            f'                <td><a href="{conditional_escape(level["search_url"])}">{programs}</a>{note}</td>\n'
            "              </tr>\n            "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def program_level_line(levels):
    """The same levels as one line, for paper: "Certificate: 12 programs; Associate's degree: 3 programs"."""
    return mark_safe(
        "; ".join(
            ngettext("%(label)s: %(number)s program", "%(label)s: %(number)s programs", level["count"])
            % {"label": conditional_escape(level["label"]), "number": conditional_escape(count_text(level["count"]))}
            for level in levels
        )
    )


@register.simple_tag
def outlook_phrase(projection, url_printed=False):
    """BLS's phrase for one projection's growth: BLS's own words for this occupation and period, or its phrase for
    the period's threshold band (projection.outlook, from Projection.objects.with_outlook()), or as a publication we
    quote worded it; otherwise a short reason why there is none. `url_printed`: the same source's address is already
    on paper (in the quick facts), so this link does not print it again. Ends with a line break, as the include it
    replaces (careers/includes/outlook_phrase.html) did."""
    outlook = projection.outlook
    if outlook:
        if outlook.stated:
            whose = gettext("BLS's words for this occupation:")
        else:
            whose = gettext("BLS's phrase for %(period)s:") % {"period": conditional_escape(projection.period)}
        source = conditional_escape(outlook.source)
        if outlook.source_url:
            printed = ' class="url-printed"' if url_printed else ""
            source = f'<a href="{conditional_escape(outlook.source_url)}"{printed}>{source}</a>'
        descriptor = conditional_escape(capfirst(outlook.descriptor))
        phrase = (
            f'<span class="outlook-phrase" lang="en">{descriptor}</span> '
            f'<span class="figure-source">({whose} {source})</span>'
        )
    elif projection.quoted_descriptor:
        quoted = gettext("quoted from %(source)s") % {"source": conditional_escape(projection.source)}
        phrase = (
            f'<span class="outlook-phrase">“<span lang="en">{conditional_escape(projection.quoted_descriptor)}</span>”'
            f'</span> <span class="figure-source">({quoted})</span>'
        )
    else:
        none = gettext(
            "No growth phrase: we hold neither BLS's definitions for %(period)s nor its words for this occupation."
        ) % {"period": conditional_escape(projection.period)}
        why = gettext("Why")
        not_shown = gettext("no growth phrase is shown")
        phrase = (
            f'<span class="small muted">{none} <a class="screen-only" href="#outlook-phrases">{why}'
            f'<span class="visually-hidden"> {not_shown}</span></a></span>'
        )
    return mark_safe(f"{phrase}\n")


@register.simple_tag
def projection_rows(projections, occupation, headline_projection):
    """The rows of the job outlook table, every projection newest first; paper shows the newest two (the line
    under the table says where the rest are). A template loop of some forty nodes per row before (issue 15)."""
    older = gettext("older figure")
    quoted_label = gettext("Quoted, not from a BLS table we hold")
    earlier = gettext("an earlier code: see History")
    separators = _separators()
    parts = []
    for counter, projection in enumerate(projections, start=1):
        classes = ("is-quoted " if projection.quoted else "") + ("screen-only" if counter > 2 else "")
        row_class = f' class="{classes}"' if projection.quoted or counter > 2 else ""
        stale = f' <strong class="figure-stale">{older}</strong>' if projection.stale else ""
        source = conditional_escape(projection.source)
        if projection.source_url:
            source = f'<a href="{conditional_escape(projection.source_url)}">{source}</a>'
        quoted = f'<br><strong class="quoted-label">{quoted_label}</strong>' if projection.quoted else ""
        code = conditional_escape(projection.soc_code)
        if projection.soc_code != occupation.soc_code:
            code = f'{code}<br><span class="muted">{earlier}</span>'
        phrase = outlook_phrase(projection, url_printed=projection == headline_projection)
        parts.append(
            "\n            \n"
            f"            <tr{row_class}>\n"
            f'              <th scope="row">{conditional_escape(projection.period)}{stale}<br>\n'
            f'                <span class="figure-source">{source}</span>\n'
            f"                {quoted}</th>\n"
            f"              <td>{code}</td>\n"
            f"              <td>{value(projection.base_employment, 'count', separators)}</td>\n"
            f"              <td>{value(projection.projected_employment, 'count', separators)}</td>\n"
            f"              <td>{value(projection.percent_change, 'percent', separators)}</td>\n"
            f"              <td>{value(projection.annual_openings, 'count', separators)}</td>\n"
            "              \n"
            f"              <td>{phrase}</td>\n"
            "            </tr>\n          "
        )
    return mark_safe("".join(parts))


# The columns of the occupation page's two industry tables (pay.html): (attribute, kind) per cell.
INDUSTRY_COLUMNS = {
    "jobs": (("employment", "count"), ("share", "percent"), ("annual_median", "usd")),
    "pay": (("annual_median", "usd"), ("employment", "count")),
}


@register.simple_tag
def industry_rows(rows, columns):
    """The rows of an industry table: each industry group with its NAICS code, then the figures `columns` names
    ("jobs": jobs, share and median wage; "pay": median wage and jobs)."""
    separators = _separators()
    cells = INDUSTRY_COLUMNS[columns]
    parts = []
    for row in rows:
        figures = "".join(
            f"                  <td>{value(getattr(row, name), kind, separators)}</td>\n" for name, kind in cells
        )
        parts.append(
            "\n                <tr>\n"
            f'                  <th scope="row">{conditional_escape(row.industry_name)} '
            f'<span class="muted">(NAICS {conditional_escape(row.industry_code)})</span></th>\n'
            f"{figures}"
            "                </tr>\n              "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def history_rows(rows, occupation):
    """The rows of the history table: the national figures of every wage release loaded, newest first."""
    older = gettext("older figure")
    earlier = gettext("an earlier code: see the note below")
    separators = _separators()
    parts = []
    for row in rows:
        stale = f' <strong class="figure-stale">{older}</strong>' if row.stale else ""
        source = conditional_escape(localize_months(row.source))
        if row.source_url:
            source = f'<a href="{conditional_escape(row.source_url)}">{source}</a>'
        published = conditional_escape(row.soc_code)
        if row.published_title:
            published = f"{published} {conditional_escape(row.published_title)}"
        if row.soc_code != occupation.soc_code:
            published = f'{published}<br><span class="muted">{earlier}</span>'
        parts.append(
            "\n            <tr>\n"
            f'              <th scope="row">{conditional_escape(localize_months(row.release))}{stale}<br>\n'
            f'                <span class="figure-source">{source}</span></th>\n'
            f"              <td>{published}</td>\n"
            f"              {pay_cells(row, separators)}\n"
            f"              <td>{value(row.annual_p10, 'usd', separators)}</td>\n"
            f"              <td>{value(row.annual_p90, 'usd', separators)}</td>\n"
            "            </tr>\n          "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def area_rows(rows):
    """Rows of states or areas: the area's name, then its jobs and median annual and hourly pay (pay_cells)."""
    separators = _separators()
    return mark_safe(
        "".join(
            "\n        <tr>\n"
            f'          <th scope="row">{conditional_escape(row.area_name)}</th>\n'
            f"          {pay_cells(row, separators)}\n"
            "        </tr>\n      "
            for row in rows
        )
    )


@register.simple_tag
def occupation_pay_list(occupations):
    """Occupations, each linked, with its newest national median pay; expects `occupations` from
    Occupation.objects.with_national_pay(). On the home, program, credential, guide, pathway and occupation pages;
    it was an include (careers/includes/occupation_pay_list.html) whose markup this keeps."""
    label = gettext("National median pay:")
    items = []
    for occupation in occupations:
        pay = ""
        if occupation.national_pay_release:
            shown = figure(
                value=occupation.national_pay_median,
                kind="usd",
                source=occupation.national_pay_source,
                url=occupation.national_pay_source_url,
                release=occupation.national_pay_release,
            )
            pay = f"<br>\n        {label} {shown}\n      "
        items.append(
            f'\n    <li><a href="{conditional_escape(occupation.get_absolute_url())}">'
            f"{conditional_escape(occupation.title)}</a>\n      {pay}</li>\n  "
        )
    return mark_safe(f'\n<ul class="plain-list">\n  {"".join(items)}\n</ul>\n')


@register.simple_tag
def row_source(row):
    """ "(source, release)" for a table's caption: `row` is any figure row with source, source_url and release; the
    release is left out where the source already names it. It was an include (careers/includes/source.html) of
    some ten nodes, six of them on an occupation page; the markup is the include's, line break and all."""
    source = getattr(row, "source", "")
    shown = conditional_escape(localize_months(source))
    if getattr(row, "source_url", ""):
        shown = f'<a href="{conditional_escape(row.source_url)}">{shown}</a>'
    release = getattr(row, "release", "")
    if release and _names_release(release, source):
        shown = f"{shown}, {conditional_escape(localize_months(release))}"
    return mark_safe(f'<span class="figure-source">({shown})</span>\n')


@register.simple_tag
def credential_items(credentials, print_view=False):
    """The occupation page's list of credentials that lead to it: each linked, with its body and, on screen, its
    eligibility rules (kind, program levels, accreditation) and a search for the programs each covers. It was a
    template loop of some twenty nodes per credential and rule (issue 15); the markup is the loop's."""
    from certifications.templatetags.credentials import credential_name

    any_level = escape(gettext("any program level"))
    matching = escape(gettext("Matching programs"))
    no_rule = escape(gettext("No eligibility rule naming program levels is recorded for it."))
    parts = []
    for credential in credentials:
        rules = credential.rules.all()
        if print_view:
            shown = "\n              "
        elif rules:
            items = []
            for rule in rules:
                labels = rule.level_labels
                levels = ", ".join(conditional_escape(label) for label in labels) if labels else any_level
                accreditation = ""
                if rule.required_accreditation:
                    accreditation = f" ({conditional_escape(rule.get_required_accreditation_display())})"
                kind = conditional_escape(rule.get_kind_display())
                items.append(
                    f"\n                    <li>{kind}: {levels}{accreditation}. "
                    f'<a class="screen-only" href="{conditional_escape(rule.search_url())}">{matching}</a></li>\n'
                    "                  "
                )
            shown = (
                '\n                <ul class="credential-rules">\n                  '
                f"{''.join(items)}\n                </ul>\n              "
            )
        else:
            shown = f'\n                <p class="small screen-only">{no_rule}</p>\n              '
        parts.append(
            f'\n          <li><a href="{conditional_escape(credential.get_absolute_url())}">'
            f"{conditional_escape(credential.abbreviation)}: {credential_name(credential)}</a> "
            f"({conditional_escape(credential.body.abbreviation)})\n            \n              {shown}\n"
            "            \n          </li>\n        "
        )
    return mark_safe("".join(parts))
