"""The pathway from what a reader holds now to programs, credentials and careers, driven by the data.

Steps come from the program guides (which levels a reader can enter next, by their admission
prerequisite) and from the eligibility rules (which credentials each level leads to); nothing here
names a credential, so changing a rule in the admin changes the answer.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Program

from .eligibility import count_published_programs
from .models import EligibilityRule, Guide

# What a reader holds, as the credential level it counts as (0: none yet) and how far it admits them.
EDUCATION = {
    "high_school": (0, _("A high school diploma or GED")),
    "associate": (Program.CredentialLevel.ASSOCIATE, _("An associate's degree")),
    "bachelor": (Program.CredentialLevel.BACHELOR, _("A bachelor's degree")),
}
# Admission prerequisites a holder of each education meets.
ADMITS = {
    "high_school": {"", "none", "high_school"},
    "associate": {"", "none", "high_school", "associate"},
    "bachelor": {"", "none", "high_school", "associate", "bachelor"},
}
FIELDS = [
    ("him_cahiim", _("Health information management, at a CAHIIM-accredited program")),
    ("him", _("Health information, medical billing or coding (not CAHIIM-accredited, or not sure)")),
    ("other", _("Another field")),
]
# The CIP series of health information, billing and coding programs (every program in the catalog).
HIM_SERIES = "51.07"


class PathwayForm(forms.Form):
    have = forms.ChoiceField(
        label=_("I have"),
        choices=[(key, label) for key, (_level, label) in EDUCATION.items()],
        widget=forms.RadioSelect,
    )
    field = forms.ChoiceField(
        label=_("In the field of (for a degree)"), choices=[("", _("Not saying")), *FIELDS], required=False
    )


@dataclass
class Step:
    guide: Guide
    rules: list = field(default_factory=list)
    occupations: list = field(default_factory=list)


@dataclass
class Pathway:
    education: str
    field: str
    rules_now: list
    steps: list

    @property
    def education_label(self):
        return EDUCATION[self.education][1]

    @property
    def field_label(self):
        return dict(FIELDS).get(self.field, "")


def _occupations(guide, rules):
    """The guide's occupations and those of the credentials its rules lead to, once each, by title."""
    found = {occupation.pk: occupation for occupation in guide.occupations.all()}
    for rule in rules:
        for occupation in rule.credential.occupations.all():
            found.setdefault(occupation.pk, occupation)
    return sorted(found.values(), key=lambda occupation: occupation.title)


def build_pathway(education, field_of_study=""):
    """The steps open to a holder of `education` (a key of EDUCATION), in order; a constant number of queries."""
    level, _label = EDUCATION[education]
    rules = list(EligibilityRule.objects.with_occupations())
    rules_now = []
    if level and field_of_study in ("him", "him_cahiim"):
        accreditation = Program.Accreditation.CAHIIM if field_of_study == "him_cahiim" else ""
        rules_now = [rule for rule in rules if rule.covers(level, HIM_SERIES, accreditation)]
    guides = [
        guide
        for guide in Guide.objects.with_occupations()
        if min(guide.credential_levels, default=0) > level and guide.admission_prerequisite in ADMITS[education]
    ]
    count_published_programs(guides)
    steps = []
    for guide in guides:
        guide_rules = guide.rules_from(rules)
        steps.append(Step(guide, guide_rules, _occupations(guide, guide_rules)))
    return Pathway(education, field_of_study, rules_now, steps)
