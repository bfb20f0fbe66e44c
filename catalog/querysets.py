"""Named querysets: each page asks for what it shows, with its joins already chosen."""

import functools

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q

from config.prepared import PreparedQuery, attach, padded

from .search import search_programs

# Columns a result card never shows: the search vector alone is a kilobyte a row (PostgreSQL), and the CIP code's
# definition a paragraph.
NOT_ON_CARDS = ("search_vector", "cip_code__definition")


class CIPCodeQuerySet(models.QuerySet):
    def with_program_counts_by_level(self, occupation, state=""):
        """The CIP codes linked to `occupation` and those holding published programs, counted by level: ONE query.

        Rows {"pk", "code", "title", "linked", "credential_level", "count"}, by code then level, plus "in_state"
        (programs at schools in that state) when `state` is given. A code without published programs has one row,
        with level None and count 0, so the linked codes come with the counts an occupation page shows.
        """
        from .models import Program

        links = self.model.occupations.through.objects.filter(cipcode=OuterRef("pk"), occupation=occupation)
        extra = {"in_state": Count("published", filter=Q(published__institution__state=state))} if state else {}
        return (
            self.annotate(
                linked=Exists(links),
                published=FilteredRelation("programs", condition=Q(programs__status=Program.Status.PUBLISHED)),
            )
            .filter(Q(linked=True) | Q(published__isnull=False))
            .values("pk", "code", "title", "linked", credential_level=F("published__credential_level"))
            .annotate(count=Count("published"), **extra)
            .order_by("code", "credential_level")
        )


class InstitutionQuerySet(models.QuerySet):
    def with_published_programs(self):
        """Schools that have at least one public listing, with how many."""
        return self.annotate(published_program_count=Count("programs", filter=Q(programs__status="published"))).filter(
            published_program_count__gt=0
        )

    def for_detail(self):
        """The school page: the school and its published programs as search-result cards."""
        from .models import Program

        return self.prefetch_related(
            Prefetch(
                "programs",
                queryset=Program.objects.published().for_search_results().order_by("credential_level", "title"),
                to_attr="published_programs",
            )
        )


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def search(self, query):
        """Programs matching a query (str or `catalog.search.Interpretation`), annotated `search_rank`.

        Full text over title, school, city, state, field of study, courses and description, with stemming,
        synonyms and typo correction; a state named in the query filters by the school's state. When no
        program matches every word, programs matching any are returned (`Interpretation.relaxed`). Not
        ordered: order by "-search_rank" for relevance. See catalog/search/.
        """
        return search_programs(self, query)

    def preparing_for(self, credential):
        return self.filter(prepares_for=credential)

    def eligible_for(self, credential):
        """Programs a school says prepare for `credential`, or that its eligibility rules cover (one query).

        The rules (certifications.EligibilityRule) are read first; each is a condition on level, CIP code and
        accreditation, so the result needs no DISTINCT. Per rule, `rule.search_url()` is the matching search.
        """
        from .models import Program

        condition = Q(pk__in=Program.prepares_for.through.objects.filter(credential=credential).values("program_id"))
        for rule in credential.rules.all():
            condition |= rule.program_condition()
        return self.filter(condition)

    def count_by_credential_level(self):
        """[{"credential_level": 1, "label": "...", "count": 12}, ...] for the levels that have programs."""
        from .models import Program

        # COUNT(*), not COUNT(id): PostgreSQL then answers from the (status, credential_level) index alone,
        # 25 ms instead of 150 ms at 100,000 programs (make bench).
        rows = self.order_by("credential_level").values("credential_level").annotate(count=Count("*"))
        return [{**row, "label": Program.CredentialLevel(row["credential_level"]).label} for row in rows]

    def for_search_results(self):
        """Cards: school and CIP code joined, and the outcomes that report earnings, newest first."""
        from .models import Outcome

        return self._cards(
            Outcome.objects.filter(median_earnings__isnull=False).order_by("-release_date"), "earnings_newest_first"
        )

    def _cards(self, outcomes, to_attr):
        """School and CIP code joined, the columns a card never shows left out, and these outcomes prefetched."""
        return (
            self.select_related("institution", "cip_code")
            .defer(*NOT_ON_CARDS)
            .prefetch_related(Prefetch("outcomes", queryset=outcomes, to_attr=to_attr))
        )

    def for_detail(self):
        """The program page: school and CIP code joined, and detail_prefetches()."""
        return self.select_related("institution", "cip_code").prefetch_related(*self.detail_prefetches())

    @staticmethod
    def detail_prefetches():
        """The program page's courses, outcomes (newest first) and the credentials it prepares for: three queries."""
        from certifications.models import Credential

        from .models import Course, Outcome

        return [
            Prefetch("courses", queryset=Course.objects.order_by("order", "title")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-release_date"), to_attr="outcomes_newest_first"),
            Prefetch("prepares_for", queryset=Credential.objects.select_related("body")),
        ]

    def with_school_programs(self, slug):
        """The program with this slug and the other programs of its school, in one query (this queryset's filters
        apply to all of them), ordered as a school lists them: by level, then title."""
        return (
            self.filter(institution__programs__slug=slug)
            .select_related("institution", "cip_code")
            .order_by("credential_level", "title")
        )

    def for_compare(self):
        """The compare table: school and CIP code joined, every release newest first, and credentials."""
        from certifications.models import Credential

        from .models import Outcome

        return self.select_related("institution", "cip_code").prefetch_related(
            Prefetch(
                "outcomes", queryset=Outcome.objects.order_by("-release_date", "-pk"), to_attr="outcomes_newest_first"
            ),
            Prefetch("prepares_for", queryset=Credential.objects.select_related("body")),
        )

    def at_same_school_as(self, program):
        """The school's other programs, for links from a program page."""
        return (
            self.filter(institution_id=program.institution_id)
            .exclude(pk=program.pk)
            .order_by("credential_level", "title")
        )

    def with_newest_outcome(self):
        """Each program's newest release of outcome figures as `newest_outcome_*` columns, in the same query.

        For the CSV export, which streams thousands of rows: subqueries keep it one query however many
        rows there are, where a prefetch would run once per chunk.
        """
        from django.db.models import OuterRef, Subquery

        from .models import Outcome

        newest = Outcome.objects.filter(program=OuterRef("pk")).order_by("-release_date", "-pk")
        fields = [
            "median_earnings",
            "earnings_horizon",
            "median_debt",
            "debt_to_earnings_ratio",
            "completers",
            "earns_more_than_hs_graduates",
            "source",
            "release_date",
        ]
        return self.annotate(**{f"newest_outcome_{name}": Subquery(newest.values(name)[:1]) for name in fields})

    # The program list's results page (catalog/filters.py, catalog/views/search.py).

    def for_result_cards(self, figures=("median_debt",)):
        """Result cards: school and CIP code joined, and in ONE prefetch the outcomes that report earnings or any of
        `figures`, newest first (`reported_outcomes`).

        Once the page's programs are read, set_card_figures() sorts them out per figure as for_search_results()
        does for earnings: `earnings_newest_first` and `<figure>_newest_first` (e.g. `median_debt_newest_first`),
        so a card shows the newest release that reports each figure, the same value the list sorts on.
        """
        from .models import Outcome

        reported = Q(median_earnings__isnull=False)
        for figure in figures:
            reported |= Q(**{f"{figure}__isnull": False})
        return self._cards(Outcome.objects.filter(reported).order_by("-release_date", "-pk"), "reported_outcomes")

    def with_newest_reported(self, figure, name):
        """`name`: the outcome figure (median_earnings, median_debt, ...) of the newest release that reports it."""
        from django.db.models import OuterRef, Subquery

        from .models import Outcome

        newest = Outcome.objects.filter(program=OuterRef("pk"), **{f"{figure}__isnull": False}).order_by(
            "-release_date", "-pk"
        )
        return self.annotate(**{name: Subquery(newest.values(figure)[:1])})

    def with_distance_from(self, latitude, longitude):
        """`distance_miles` from a point to the program's school, in SQL; NULL where the school has no coordinates."""
        from .geo import distance_miles

        return self.annotate(distance_miles=distance_miles(latitude, longitude))

    def near(self, latitude, longitude, miles, include_online=False):
        """Programs at schools within `miles` of a point (annotated `distance_miles`); online ones too if asked."""
        from .geo import near_condition

        return self.with_distance_from(latitude, longitude).filter(
            near_condition(latitude, longitude, miles, include_online)
        )


def set_card_figures(programs, figures=("median_debt",)):
    """Sort out the outcomes ProgramQuerySet.for_result_cards() prefetched: on each program, `earnings_newest_first`
    and, per figure, `<figure>_newest_first`, the outcomes that report it, newest first. Returns the programs."""
    programs = list(programs)
    for program in programs:
        program.earnings_newest_first = [o for o in program.reported_outcomes if o.median_earnings is not None]
        for figure in figures:
            setattr(
                program,
                f"{figure}_newest_first",
                [outcome for outcome in program.reported_outcomes if getattr(outcome, figure) is not None],
            )
    return programs


# The program page's queries, prepared (config/prepared.py): built and compiled once per process and language
# rather than on every request. The same querysets as for_detail() and with_school_programs(); tested equal.
_school_programs = PreparedQuery(
    lambda slug: apps.get_model("catalog", "Program").objects.published().with_school_programs(slug), str
)


def _detail_rows(name, **program):
    """detail_prefetches()'s queryset for `name`, narrowed to one program's rows."""
    (prefetch,) = [p for p in ProgramQuerySet.detail_prefetches() if p.prefetch_through == name]
    return prefetch.queryset.filter(**program)


_courses = PreparedQuery(lambda program: _detail_rows("courses", program=program), int)
_outcomes = PreparedQuery(lambda program: _detail_rows("outcomes", program=program), int)
_prepares_for = PreparedQuery(lambda program: _detail_rows("prepares_for", programs=program), int)


def published_program_page(slug):
    """(program, the school's other published programs) for the program page, or (None, []) when no published
    program has this slug. The program comes with its courses, its outcomes newest first
    (`outcomes_newest_first`) and the credentials it prepares for, as for_detail() prefetches them: four queries."""
    school_programs = _school_programs(slug)
    program = next((other for other in school_programs if other.slug == slug), None)
    if program is None:
        return None, []
    attach(program, "courses", _courses(program.pk))
    program.outcomes_newest_first = _outcomes(program.pk)
    attach(program, "prepares_for", _prepares_for(program.pk))
    return program, [other for other in school_programs if other is not program]


# A short list of programs (up to FIRST_PROGRAMS, as cards): prepared for that many ids, the last repeated.
FIRST_PROGRAMS = 5
_first_programs = PreparedQuery(
    lambda *ids: apps.get_model("catalog", "Program").objects.filter(pk__in=ids).for_search_results(),
    *[int] * FIRST_PROGRAMS,
)


def first_programs(ids):
    """Program.objects.filter(pk__in=ids).for_search_results() for at most FIRST_PROGRAMS ids, not in order."""
    ids = [int(pk) for pk in ids]
    return _first_programs(*padded(ids, FIRST_PROGRAMS)) if ids else []


# The compare table's programs, for up to COMPARED slugs (catalog.compare.MAX_PROGRAMS).
COMPARED = 10  # tests/test_prepared.py checks it is MAX_PROGRAMS
_compared = PreparedQuery(
    lambda *slugs: apps.get_model("catalog", "Program").objects.published().for_compare().filter(slug__in=slugs),
    *[str] * COMPARED,
)


def published_for_compare(slugs):
    """Program.objects.published().for_compare().filter(slug__in=slugs) for at most COMPARED slugs, not in order."""
    slugs = list(slugs)
    return _compared(*padded(slugs, COMPARED)) if slugs else []


# A results page's cards (catalog/views/search.py): a page of 20, or the printed list's 50.
CARD_PAGE_SIZES = (20, 50)


@functools.cache
def _cards(figures, size):
    return PreparedQuery(
        lambda *ids: (
            apps.get_model("catalog", "Program")
            .objects.published()
            .for_result_cards(figures=figures)
            .filter(pk__in=ids)
        ),
        *[int] * size,
    )


def published_cards(ids, figures=("median_debt",)):
    """Program.objects.published().for_result_cards(figures).filter(pk__in=ids), not in order; prepared for a
    page of up to 50 ids."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return []
    size = next((size for size in CARD_PAGE_SIZES if len(ids) <= size), None)
    if size is None:
        return list(
            apps.get_model("catalog", "Program").objects.published().for_result_cards(figures).filter(pk__in=ids)
        )
    return _cards(tuple(figures), size)(*padded(ids, size))
