"""`{% credential_name credential %}`: a credential's name as its publisher prints it, with the active language's
gloss beside it where there is one (certifications/glosses.py)."""

from django import template

from config.escaping import conditional_escape, format_html

from ..glosses import gloss

register = template.Library()


@register.simple_tag
def credential_name(credential):
    meaning = gloss(credential.name)
    if not meaning:
        return conditional_escape(credential.name)
    return format_html('{} <span class="gloss">({})</span>', credential.name, meaning)
