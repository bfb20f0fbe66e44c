"""Eligibility rules and program guides: their querysets, and the program search links they share.

A rule or a guide names programs by credential level, CIP code (or series) and accreditation; the
program search (catalog/filters.py) takes the same three as `credential_level`, `cip_code` and
`accreditation`, so every count shown next to a link is the count that link's search gives.

Its `cip_code` filter matches one code exactly. A series (51.07) is therefore left out of a link:
every CIP code in the catalog is in the 51.07 series (catalog/data/cip_codes.csv), so a series
condition selects every program and the search without it lists the same programs.
"""

from urllib.parse import urlencode

from django.apps import apps
from django.db import models
from django.db.models import Count, Prefetch

from config.addresses import view_address
from config.prepared import PreparedQuery

SERIES_LENGTH = 5  # "51.07"


def search_parameters(levels, cip_code, accreditation):
    """[(name, value)] for the program search: the levels, an exact CIP code, the accreditation."""
    parameters = [("credential_level", str(level)) for level in sorted(levels)]
    if cip_code and len(cip_code) > SERIES_LENGTH:
        parameters.append(("cip_code", cip_code))
    if accreditation:
        parameters.append(("accreditation", accreditation))
    return parameters


def program_search_url(parameters, programs_url=None):
    """The program search with these [(name, value)]; `programs_url`: the search's address, when the caller has it
    (a loop of a dozen links looks it up once)."""
    url = programs_url or view_address("catalog:program_list")
    return f"{url}?{urlencode(parameters)}" if parameters else url


def count_published_programs(items):
    """Set `program_count` on each rule or guide: how many published programs it covers, in one query."""
    from catalog.models import Program

    items = list(items)
    if items:
        counts = Program.objects.published().aggregate(
            **{f"n{index}": Count("pk", filter=item.program_condition()) for index, item in enumerate(items)}
        )
        for index, item in enumerate(items):
            item.program_count = counts[f"n{index}"]
    return items


class EligibilityRuleQuerySet(models.QuerySet):
    def for_pages(self):
        """Rules with their credential and its body joined: one query for any page's rule list."""
        return self.select_related("credential__body")

    def with_occupations(self):
        """for_pages() plus each credential's occupations with their national median pay."""
        from careers.models import Occupation

        return self.for_pages().prefetch_related(
            Prefetch("credential__occupations", queryset=Occupation.objects.with_national_pay())
        )

    def covering(self, level, cip_code, accreditation):
        """The rules a program at this level, CIP code and accreditation meets (filtered in Python: one query)."""
        return [rule for rule in self if rule.covers(level, cip_code, accreditation)]

    def for_program(self, program):
        return self.for_pages().covering(program.credential_level, program.cip_code.code, program.accreditation)


def rules_for_program(program):
    """EligibilityRule.objects.for_program(program), from a prepared query (config/prepared.py)."""
    rules = _rules_for_pages()
    return [
        rule for rule in rules if rule.covers(program.credential_level, program.cip_code.code, program.accreditation)
    ]


_rules_for_pages = PreparedQuery(lambda: apps.get_model("certifications", "EligibilityRule").objects.for_pages())


class GuideQuerySet(models.QuerySet):
    def with_occupations(self):
        from careers.models import Occupation

        return self.prefetch_related(Prefetch("occupations", queryset=Occupation.objects.with_national_pay()))

    def leading_to(self, occupation):
        return self.filter(occupations=occupation)
