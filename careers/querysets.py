from django.apps import apps
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject, Left, Length, Round, StrIndex

from config.prepared import PreparedQuery, attach

from .areas import METRO_CODE_PREFIX, POSTAL_TO_FIPS
from .figures import INDUSTRY_GROUP, TOP_INDUSTRIES

# OEWS cross-industry rows: stored with an empty industry code (the 2025 file writes 000000).
CROSS_INDUSTRY = ["", "000000"]


class IsIndustryGroup(models.Func):
    """True where the column holds a 4-digit NAICS industry group's code (figures.INDUSTRY_GROUP, 622100).

    A regular expression on PostgreSQL; on SQLite the same test as a GLOB, which SQLite runs itself, where its
    REGEXP calls back into Python for every row (an occupation's 160 national rows: 0.11 ms against 0.03 ms). The
    GLOB's pattern is written into the SQL, not bound: SQLite compiles a bound pattern again for every row it
    tests, and the occupation page's wage rows test some 500 (0.77 against 0.55 ms for the whole query).
    """

    arity = 1
    output_field = models.BooleanField()
    GLOB = "[0-9][0-9][0-9][1-9]00"

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} {connection.operators['regex']}", (*params, INDUSTRY_GROUP.pattern)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} GLOB '{self.GLOB}'", params


class WageEstimateQuerySet(models.QuerySet):
    def national_all_industries(self):
        """Cross-industry national rows: the headline figures of each release."""
        return self.filter(area_type="national", industry_code__in=CROSS_INDUSTRY)

    def national_by_industry(self):
        """National rows for one industry each (NAICS sectors down to 6-digit industries, and ownerships)."""
        return self.filter(area_type="national").exclude(industry_code__in=CROSS_INDUSTRY)

    def national_industry_groups(self):
        """National rows of 4-digit NAICS industry groups, the one level the page compares industries at
        (figures.INDUSTRY_GROUP): some 60 of an occupation's 160 industry rows."""
        return self.national_by_industry().filter(IsIndustryGroup("industry_code"))

    def leading(self, limit=TOP_INDUSTRIES):
        """The rows that can be among the `limit` with the most jobs or the `limit` best paid (figures.most_jobs(),
        figures.highest_paid()): those with at least the jobs, or at least the median wage, of the `limit`-th row
        by that figure, ties at the boundary included; all rows with the figure when fewer have it. The page picks
        its rows from these in Python, as before, so the choice and its tie-breaking by name are the same."""
        bounds = {}
        for field in ("employment", "annual_median"):
            ranked = self.filter(**{f"{field}__isnull": False}).order_by(F(field).desc()).values(field)
            bounds[field] = Coalesce(Subquery(ranked[limit - 1 : limit]), models.Value(0))
        return self.filter(Q(employment__gte=bounds["employment"]) | Q(annual_median__gte=bounds["annual_median"]))

    def states(self):
        return self.filter(area_type="state", industry_code__in=CROSS_INDUSTRY)

    def metro_areas(self):
        """Metropolitan and nonmetropolitan areas, as OEWS publishes them."""
        return self.filter(area_type="metro", industry_code__in=CROSS_INDUSTRY)

    def maybe_in_state(self, postal, fips=None):
        """The rows of areas that may lie in the state `postal`: every one figures.areas_in_state() picks, and a
        few it does not. A nonmetropolitan area by its code, which begins with the state's FIPS code (`fips`, by
        default the state's own); a metropolitan area (code 00...) when its name holds the postal code, as
        "Texarkana, TX-AR" does and "Abilene, TX" does too. The page picks the areas exactly in Python
        (careers/areas.py, states_of_area()); this only keeps it from reading every area of the country (some 500
        rows, more than half the time of a page with a state chosen, docs/performance.md, stop 29). By the first
        two characters and the postal code's position, not by LIKE, so that a prepared query (config/prepared.py)
        binds both as plain values."""
        fips = POSTAL_TO_FIPS.get(postal, "") if fips is None else fips
        named = StrIndex("area_name", Value(postal, output_field=models.CharField()))
        return self.alias(code_prefix=Left("area_code", 2), postal_at=named).filter(
            Q(code_prefix=fips) | Q(code_prefix=METRO_CODE_PREFIX, postal_at__gt=0)
        )

    def in_release(self, release):
        return self.filter(release=release)

    def newest_first(self):
        """Newest release first. NULLS LAST (the date is never null) keeps PostgreSQL from reading an occupation's
        rows through the index on the reference date alone, backwards through every occupation's newer rows: the
        newest-release subqueries of the occupation page took 0.4 ms each that way, six a page (docs/performance.md,
        stop 25). That index is for newest_reference_date(), across all occupations."""
        return self.order_by(F("reference_date").desc(nulls_last=True))

    def for_occupation_page(self, occupation, state="", fips=None):
        """Every row an occupation page shows, in ONE query, for the page to sort out by area and industry.

        The national cross-industry rows of every release (its history), the national industry-group rows (the
        only industry level it shows) of the newest release that can be among its five with the most jobs or the
        best pay (leading(): some 12 of 60, marked when the rows change, careers/leading.py), the state rows of
        every release, and with a `state` (a postal code; `fips`, its FIPS code, by default the state's own) the
        rows of the newest state release's areas that may lie in it (maybe_in_state(); the page picks its areas
        from these in Python).
        """
        own = self.filter(occupation=occupation)
        rows = own.national_all_industries() | own.filter(leading_industry=True)
        rows |= own.states()
        if state:
            newest_state_release = Subquery(own.states().newest_first().values("release")[:1])
            rows |= own.metro_areas().filter(release=newest_state_release).maybe_in_state(state, fips)
        # Columns no occupation page reads (the mean hourly wage, the leading-industry mark), not read and converted:
        # some 70 rows' decimals and booleans. Reading one loads it, a query per row.
        return rows.newest_first().defer("hourly_mean", "leading_industry")

    def newest_reference_date(self):
        """As a subquery: the reference month of the newest release loaded, whatever the occupation."""
        return Subquery(self.order_by("-reference_date").values("reference_date")[:1])


class ProjectionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-base_year", "quoted")

    def newest_base_year(self):
        """As a subquery: the base year of the newest projections loaded, whatever the occupation."""
        return Subquery(self.order_by("-base_year").values("base_year")[:1])

    def with_outlook(self):
        """Each projection with BLS's phrase for its growth in its own period, in the same query.

        `outlook_descriptor`, `outlook_source`, `outlook_source_url` and `outlook_stated` come from BLS's own
        statement for the projection's published code and period where one is stored (an OutlookStatement),
        or else from the period's threshold with the highest lowest-percent at or below the change rounded to
        a whole percent (as the Handbook rounds, half away from zero, which ROUND does on both databases), or
        else its open lowest band. A period without either gets none, so no phrase is shown rather than one
        borrowed from another period. `Projection.outlook` reads them.
        """
        from .models import OutlookStatement, OutlookThreshold

        stated = OutlookStatement.objects.filter(
            soc_code=OuterRef("soc_code"), base_year=OuterRef("base_year"), target_year=OuterRef("target_year")
        )
        band = (
            OutlookThreshold.objects.filter(base_year=OuterRef("base_year"), target_year=OuterRef("target_year"))
            .filter(Q(min_percent__lte=Round(OuterRef("percent_change"))) | Q(min_percent__isnull=True))
            .order_by(F("min_percent").desc(nulls_last=True), "pk")
        )
        # A statement's fields are never NULL, so where one exists each Coalesce takes all three from it.
        return self.annotate(
            outlook_stated=Exists(stated),
            **{
                f"outlook_{name}": Coalesce(Subquery(stated.values(name)[:1]), Subquery(band.values(name)[:1]))
                for name in ("descriptor", "source", "source_url")
            },
        )


class OccupationQuerySet(models.QuerySet):
    def with_headline_figures(self):
        """Each occupation with its national wage rows and projections (with their outlook), newest first, in two
        queries; and the newest releases loaded, to judge which figures are older (with_newest_releases())."""
        from .models import WageEstimate

        return self.with_newest_releases().prefetch_related(
            Prefetch(
                "wage_estimates",
                queryset=WageEstimate.objects.national_all_industries().newest_first(),
                to_attr="national_estimates",
            ),
            self._projections_prefetch(),
        )

    @staticmethod
    def _projections_prefetch():
        from .models import Projection

        return Prefetch(
            "projections", queryset=Projection.objects.newest_first().with_outlook(), to_attr="projections_newest_first"
        )

    def with_newest_releases(self):
        """`newest_wage_date` and `newest_projection_year`: the newest releases loaded, whatever the occupation.

        Subqueries that do not depend on the row, so they ride along in the occupations' own query.
        """
        from .models import Projection, WageEstimate

        return self.annotate(
            newest_wage_date=WageEstimate.objects.newest_reference_date(),
            newest_projection_year=Projection.objects.newest_base_year(),
        )

    def with_national_pay(self):
        """Each occupation's newest national median pay, in the same query: `national_pay_median`, `_source`,
        `_source_url` and `_release` (Occupation's properties), from its newest national cross-industry row (all
        None without one).

        One subquery gives all four as a JSON object (`national_pay`): as four subqueries, each found and sorted
        the same rows again, 0.07 against 0.04 ms on SQLite for three occupations and 1.1 against 0.5 ms on
        PostgreSQL (docs/performance.md). For short lists of occupations with their pay ({% occupation_pay_list %}
        in career_tables).
        """
        from .models import WageEstimate

        newest = WageEstimate.objects.national_all_industries().filter(occupation=OuterRef("pk")).newest_first()
        pay = JSONObject(median="annual_median", source="source", source_url="source_url", release="release")
        return self.annotate(national_pay=Subquery(newest.values(pay=pay)[:1]))

    def for_cip_code(self, code):
        """Occupations linked through the crosswalk to a CIP code or any code under a series (51.07).

        By the ids the crosswalk's links give, not a join: joined, an occupation came once per linked code and
        its annotations (with_national_pay()'s four subqueries) were worked out for each before DISTINCT, eleven
        rows for three occupations under 51.07 on the real bundle (0.22 ms of SQL a program page; 0.08 ms now).

        The code's first characters are compared with `code` (left(code, length(code)) = code), not by LIKE
        (`startswith`): SQLite prepares a statement afresh whenever the pattern of a LIKE is a bound parameter, as
        this prepared query's is (config/prepared.py), and that took 0.15 against 0.05 ms for the real bundle's
        program page (docs/performance.md, stop 27). CIP codes are digits and dots, so the two agree."""
        prefix = Left("cipcode__code", Length(Value(code, output_field=models.CharField())))
        links = self.model.cip_codes.through.objects.annotate(prefix=prefix).filter(prefix=code)
        return self.filter(pk__in=links.values("occupation_id"))

    @staticmethod
    def detail_prefetches():
        """For the occupation page's occupation: its projections with their outlook, and the credentials leading
        to it with their body and eligibility rules (three queries). Its wage rows come from
        WageEstimate.objects.for_occupation_page(), its similar occupations from with_similar()."""
        from certifications.models import Credential

        return [
            OccupationQuerySet._projections_prefetch(),
            Prefetch("credentials", queryset=Credential.objects.select_related("body").prefetch_related("rules")),
        ]

    def similar_to(self, occupation):
        """The other occupations we carry that share a CIP code or a credential with `occupation`."""
        return self._sharing_with(pk=occupation.pk)

    def with_similar(self, slug):
        """The occupation with this slug and its similar occupations (similar_to()), by title, in one query."""
        similar = self.model.objects.all()._sharing_with(slug=slug).values("pk")
        return self.filter(Q(slug=slug) | Q(pk__in=similar)).order_by("title")

    def _sharing_with(self, **occupation):
        """Occupations that share a CIP code or a credential with the one `occupation` names (pk= or slug=)."""
        ((field, value),) = occupation.items()
        shared = Q(**{f"cip_codes__occupations__{field}": value}) | Q(**{f"credentials__occupations__{field}": value})
        return self.filter(shared).exclude(**occupation).distinct().order_by("title")


# Prepared (config/prepared.py): built and compiled once per process and language, run per request.
with_national_pay = PreparedQuery(lambda: apps.get_model("careers", "Occupation").objects.with_national_pay())
with_national_pay.__doc__ = "Every occupation with its national pay: Occupation.objects.with_national_pay(), as a list."
for_cip_code_with_national_pay = PreparedQuery(
    lambda code: apps.get_model("careers", "Occupation").objects.for_cip_code(code).with_national_pay(), str
)
for_cip_code_with_national_pay.__doc__ = "Occupation.objects.for_cip_code(code).with_national_pay(), as a list."


def _occupation_page_rows(slug):
    from catalog.search.index import token_subquery

    Occupation = apps.get_model("careers", "Occupation")
    return (
        Occupation.objects.with_similar(slug)
        .with_national_pay()
        .with_newest_releases()
        .annotate(catalog_token=token_subquery())
    )


_occupation_page = PreparedQuery(_occupation_page_rows, str)
_projections = PreparedQuery(
    lambda occupation: OccupationQuerySet._projections_prefetch().queryset.filter(occupation=occupation), int
)
_credentials = PreparedQuery(
    lambda occupation: (
        apps.get_model("certifications", "Credential")
        .objects.select_related("body")
        .prefetch_related("rules")
        .filter(occupations=occupation)
    ),
    int,
)
_wage_rows = PreparedQuery(
    lambda occupation: apps.get_model("careers", "WageEstimate").objects.for_occupation_page(occupation), int
)
_wage_rows_with_areas = PreparedQuery(
    lambda occupation, state, fips: apps.get_model("careers", "WageEstimate").objects.for_occupation_page(
        occupation, state, fips
    ),
    int,
    str,
    str,
)


def occupation_page(slug):
    """(occupation, its similar occupations) for the occupation page, or (None, []) when no occupation has this
    slug. As Occupation.objects.with_similar(slug).with_national_pay().with_newest_releases() with the catalog's
    token (`catalog_token`), and detail_prefetches(), from prepared queries: four."""
    rows = _occupation_page(slug)
    occupation = next((row for row in rows if row.slug == slug), None)
    if occupation is None:
        return None, []
    occupation.projections_newest_first = _projections(occupation.pk)
    attach(occupation, "credentials", _credentials(occupation.pk))
    return occupation, [row for row in rows if row is not occupation]


def occupation_page_wage_rows(occupation, state=""):
    """WageEstimate.objects.for_occupation_page(occupation, state), from a prepared query, as a list. `state`: a
    postal code we know (areas.POSTAL_TO_FIPS), or "" for none."""
    if not state:
        return _wage_rows(occupation.pk)
    return _wage_rows_with_areas(occupation.pk, state, POSTAL_TO_FIPS[state])
