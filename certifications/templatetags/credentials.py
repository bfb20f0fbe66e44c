"""`{% credential_name credential %}`: a credential's name as its publisher prints it, with the active language's
gloss beside it where there is one (certifications/glosses.py)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from config.escaping import conditional_escape, format_html

from ..glosses import gloss

register = template.Library()


@register.simple_tag
def credential_name(credential):
    meaning = gloss(credential.name)
    if not meaning:
        return conditional_escape(credential.name)
    return format_html('{} <span class="gloss">({})</span>', credential.name, meaning)


@register.simple_tag
def eligibility_rule(rule):
    """One eligibility rule as a list item: the credential, what the rule asks, and its source. It was an include
    (certifications/guides/rule.html) of some thirty nodes, rendered per rule on program, guide and pathway pages
    (issue 15); the markup and the words are the include's."""
    from catalog.templatetags.figures import _long_date, _text

    credential = rule.credential
    kind = gettext("eligible to sit the exam") if rule.kind == "eligible" else gettext("prepares for the exam")
    accreditation = ""
    if rule.required_accreditation:
        only = gettext("only from a program that is %(accreditation)s") % {
            "accreditation": _text(rule.get_required_accreditation_display())
        }
        accreditation = f'<span class="muted">({only})</span>'
    experience = f' <span lang="en">{_text(rule.experience_note)}</span>' if rule.experience_note else ""
    by_rules = gettext("By the credential’s rules:")
    source = _text(rule.source)
    if rule.source_url:
        source = f'<a href="{_text(rule.source_url)}">{source}</a>'
    as_of = gettext("as of %(date)s") % {"date": _text(_long_date(rule.as_of) if rule.as_of else "")}
    return mark_safe(
        f'\n<li><a href="{_text(credential.get_absolute_url())}">{_text(credential.abbreviation)}: '
        f"{credential_name(credential)}</a> ({_text(credential.body.abbreviation)})\n"
        f"  · <strong>{kind}</strong>\n"
        f"  {accreditation}\n"
        f'  <br><span class="small">{by_rules} '
        f'<span lang="en">{_text(rule.requirement)}</span>{experience}\n'
        f'  <span class="figure-source">({source}, {as_of})</span></span>\n'
        "</li>\n"
    )


@register.simple_tag
def credential_source_note(credential):
    """Where a section's facts come from: the credential's source page on its body's site, and the date they were
    checked. Four times on a credential page; it was an include (certifications/includes/source_note.html)."""
    from catalog.templatetags.figures import _long_date

    values = {
        "body": conditional_escape(credential.body.abbreviation),
        "date": conditional_escape(_long_date(credential.as_of) if credential.as_of else ""),
    }
    if credential.source_url:
        values["url"] = conditional_escape(credential.source_url)
        note = gettext('Source: <a href="%(url)s">%(body)s</a>, as of %(date)s.') % values
    else:
        note = gettext("Source: %(body)s, as of %(date)s.") % values
    return mark_safe(f'<p class="small credential-source">{note}</p>\n')
