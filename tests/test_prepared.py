"""config/prepared.py: a queryset built and compiled once gives what the queryset gives, on both databases."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, signals
from django.utils import translation

from careers.models import Occupation
from careers.querysets import for_cip_code_with_national_pay, occupation_page, occupation_page_wage_rows
from catalog.models import Program
from catalog.querysets import first_programs, published_program_page
from certifications.eligibility import rules_for_program
from certifications.models import Credential, EligibilityRule
from certifications.querysets import credential_page, credentials_with_body
from config import prepared
from config.prepared import PreparedQuery
from tests.factories import (
    CIPCodeFactory,
    CourseFactory,
    CredentialFactory,
    CredentialFeeFactory,
    EligibilityRuleFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    ProjectionFactory,
    WageEstimateFactory,
)

pytestmark = pytest.mark.django_db


def fields(instance):
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


def test_a_prepared_query_lists_what_its_queryset_lists_for_each_value():
    first = ProgramFactory(title="Medical Coding Certificate")
    second = ProgramFactory(title="Health Information Technology", institution=first.institution)
    other = ProgramFactory(title="Medical Billing")
    by_school = PreparedQuery(
        lambda school: Program.objects.filter(institution=school).select_related("institution").order_by("title"), int
    )
    for school in (first.institution, other.institution):
        expected = list(Program.objects.filter(institution=school).select_related("institution").order_by("title"))
        got = by_school(school.pk)
        assert [fields(program) for program in got] == [fields(program) for program in expected]
        assert [program.institution.name for program in got] == [program.institution.name for program in expected]
    assert [program.pk for program in by_school(first.institution.pk)] == [second.pk, first.pk]
    assert by_school(-1) == []


def test_a_prepared_query_keeps_annotations_and_takes_a_like_prefix():
    CourseFactory(program=ProgramFactory(cip_code=CIPCodeFactory(code="51.0713")))
    ProgramFactory(cip_code=CIPCodeFactory(code="51.0707"))
    ProgramFactory(cip_code=CIPCodeFactory(code="52.0101"))
    counted = PreparedQuery(
        lambda prefix: (
            Program.objects.filter(cip_code__code__startswith=prefix).annotate(n=Count("courses")).order_by("pk")
        ),
        str,
    )
    for prefix in ("51.07", "51.0713", "52", "9", "51_0", "51%"):
        expected = Program.objects.filter(cip_code__code__startswith=prefix).annotate(n=Count("courses")).order_by("pk")
        assert [(p.pk, p.n) for p in counted(prefix)] == [(p.pk, p.n) for p in expected], prefix
    assert len(counted("51.07")) == 2
    assert counted("51_0") == [] and counted("51%") == []  # LIKE's wildcards are escaped, as the ORM escapes them


def test_a_value_the_sql_does_not_take_as_it_is_is_refused_when_prepared():
    contains = PreparedQuery(lambda text: Program.objects.filter(title__icontains=text), str)
    with pytest.raises(ImproperlyConfigured):
        contains("coding")
    unused = PreparedQuery(lambda text: Program.objects.all(), str)
    with pytest.raises(ImproperlyConfigured):
        unused("coding")
    values = PreparedQuery(lambda pk: Program.objects.filter(pk=pk).values("title"), int)
    with pytest.raises(ImproperlyConfigured):
        values(1)


def test_a_prepared_query_checks_its_values():
    by_pk = PreparedQuery(lambda pk: Program.objects.filter(pk=pk), int)
    with pytest.raises(TypeError):
        by_pk("1")
    with pytest.raises(TypeError):
        by_pk(True)
    with pytest.raises(TypeError):
        by_pk()


def test_the_pages_prepared_queries_give_what_their_querysets_give():
    """The program, occupation and credential pages' prepared queries against the querysets they stand for,
    related rows included."""
    program = ProgramFactory(cip_code=CIPCodeFactory(code="51.0713"), accreditation=Program.Accreditation.CAHIIM)
    ProgramFactory(institution=program.institution, title="Another")
    CourseFactory(program=program, order=2, title="Coding II")
    CourseFactory(program=program, order=1, title="Coding I")
    OutcomeFactory(program=program)
    OutcomeFactory(program=program, release_date=datetime.date(2025, 6, 1))
    occupation = OccupationFactory()
    occupation.cip_codes.add(program.cip_code)
    WageEstimateFactory(occupation=occupation)
    WageEstimateFactory(occupation=occupation, release="May 2024", reference_date=datetime.date(2024, 5, 1))
    WageEstimateFactory(occupation=occupation, area_type="state", area_code="39", area_name="Ohio")
    for code, name in [("0017140", "Cincinnati, OH-KY-IN"), ("3900002", "Southern Ohio"), ("0019100", "Dallas, TX")]:
        WageEstimateFactory(occupation=occupation, area_type="metro", area_code=code, area_name=name)
    ProjectionFactory(occupation=occupation)
    credential = CredentialFactory()
    credential.occupations.add(occupation)
    CredentialFeeFactory(credential=credential)
    EligibilityRuleFactory(credential=credential)
    program.prepares_for.add(credential)

    found, others = published_program_page(program.slug)
    expected = Program.objects.published().for_detail().get(pk=program.pk)
    assert fields(found) == fields(expected)
    assert list(found.courses.all()) == list(expected.courses.all())
    assert found.outcomes_newest_first == expected.outcomes_newest_first
    assert list(found.prepares_for.all()) == list(expected.prepares_for.all()) == [credential]
    assert [other.title for other in others] == ["Another"]
    assert published_program_page("no-such-program") == (None, [])
    assert for_cip_code_with_national_pay(program.cip_code.code) == list(
        Occupation.objects.for_cip_code(program.cip_code.code).with_national_pay()
    )
    assert rules_for_program(found) == EligibilityRule.objects.for_program(found) != []

    page, similar = occupation_page(occupation.slug)
    expected = Occupation.objects.with_national_pay().with_newest_releases().get(pk=occupation.pk)
    assert page.national_pay_median == expected.national_pay_median is not None
    assert page.newest_wage_date == expected.newest_wage_date
    assert list(page.credentials.all()) == [credential]
    assert occupation_page("nobody") == (None, [])
    for state, areas in [("", 0), ("OH", 2), ("TX", 1)]:
        rows = occupation_page_wage_rows(occupation, state)
        assert rows == list(occupation.wage_estimates.for_occupation_page(occupation, state))
        assert len([row for row in rows if row.area_type == "metro"]) == areas

    shown = credential_page(credential.slug)
    expected = Credential.objects.for_detail().get(pk=credential.pk)
    assert fields(shown) == {**fields(expected), "catalog_token": shown.catalog_token}
    assert list(shown.occupations.all()) == list(expected.occupations.all()) == [occupation]
    assert list(shown.fees.all()) == list(expected.fees.all())
    assert list(shown.rules.all()) == list(expected.rules.all())
    assert credential_page("nothing") is None
    listed = credentials_with_body()
    assert [(c.pk, c.body.name) for c in listed] == [(c.pk, c.body.name) for c in Credential.objects.with_body()]
    assert {p.pk for p in first_programs([program.pk])} == {program.pk}
    assert first_programs([]) == []


def test_a_prepared_query_is_built_in_the_language_of_the_request():
    """A query that reads a translated word when it is built is built once per language."""
    from django.db.models import Value
    from django.utils.translation import gettext

    program = ProgramFactory()
    worded = PreparedQuery(lambda pk: Program.objects.filter(pk=pk).annotate(word=Value(gettext("Programs"))), int)
    with translation.override("en"):
        assert worded(program.pk)[0].word == "Programs"
    with translation.override("es"):
        assert worded(program.pk)[0].word == gettext("Programs") != "Programs"


def test_the_compare_table_prepares_for_as_many_programs_as_a_list_may_hold():
    from catalog.compare import MAX_PROGRAMS
    from catalog.querysets import COMPARED, published_for_compare

    assert COMPARED == MAX_PROGRAMS
    programs = [ProgramFactory() for _ in range(3)]
    slugs = [program.slug for program in programs]
    assert {program.slug for program in published_for_compare(slugs[:1])} == set(slugs[:1])
    assert {program.slug for program in published_for_compare([*slugs, "gone"])} == set(slugs)
    assert published_for_compare([]) == []
    with pytest.raises(ValueError):
        published_for_compare(["x"] * (COMPARED + 1))


def test_a_results_page_reads_its_cards_from_a_query_prepared_for_its_size():
    from catalog.querysets import published_cards

    programs = [ProgramFactory() for _ in range(3)]
    OutcomeFactory(program=programs[0])
    OutcomeFactory(program=programs[0], median_earnings=None, release_date=datetime.date(2027, 1, 1))
    ProgramFactory(status=Program.Status.DRAFT)
    ids = [program.pk for program in Program.objects.order_by("pk")]
    for figures in (("median_debt",), ("median_debt", "completers")):
        expected = Program.objects.published().for_result_cards(figures).filter(pk__in=ids).order_by("pk")
        got = sorted(published_cards(ids, figures), key=lambda program: program.pk)
        assert [fields(program) for program in got] == [fields(program) for program in expected]
        assert [program.reported_outcomes for program in got] == [program.reported_outcomes for program in expected]
    assert len(published_cards(ids)) == 3  # the draft is not listed
    assert published_cards([]) == []
    many = ids * 20  # more than a printed page: the queryset, as it was
    assert {program.pk for program in published_cards(many)} == {program.pk for program in programs}


def test_an_in_list_is_padded_with_its_last_value_to_the_size_it_was_prepared_for():
    from config.prepared import padded

    assert padded([3, 1], 4) == [3, 1, 1, 1]
    assert padded(["a"], 1) == ["a"]
    with pytest.raises(ValueError):
        padded([], 3)
    with pytest.raises(ValueError):
        padded([1, 2, 3, 4], 3)


def test_prepared_instances_are_the_instances_from_db_makes():
    program = ProgramFactory()
    by_pk = PreparedQuery(lambda pk: Program.objects.filter(pk=pk), int)
    (found,) = by_pk(program.pk)
    expected = Program.objects.get(pk=program.pk)
    assert fields(found) == fields(expected)
    assert (found._state.adding, found._state.db) == (False, "default")
    assert found.get_deferred_fields() == set()
    assert found.institution == program.institution
    # A select_related object too: the instance from_db makes, already there.
    with_school = PreparedQuery(lambda pk: Program.objects.filter(pk=pk).select_related("institution"), int)
    (joined,) = with_school(program.pk)
    assert "institution" in joined._state.fields_cache
    school = joined._state.fields_cache["institution"]
    assert fields(school) == fields(program.institution.__class__.objects.get(pk=program.institution_id))
    assert (school._state.adding, school._state.db, type(school)) == (False, "default", type(program.institution))
    # Saved as a row already in the table: an update, not a second row.
    found.title = "Renamed"
    found.save()
    assert list(Program.objects.values_list("title", flat=True)) == ["Renamed"]


def test_prepared_decimals_are_the_ones_django_converts_each_to_its_columns_places():
    """On SQLite each decimal column's Decimals are kept per value (prepared._kept_decimals): a second run, and
    numerically equal values in columns with other places, still give exactly the ORM's Decimals."""
    first = ProgramFactory(credit_hours=Decimal("60"), cost=Decimal("60"), cost_year=2025)
    ProgramFactory(credit_hours=Decimal("60.5"), cost=Decimal("60.5"), cost_year=2025)
    by_pk = PreparedQuery(lambda pk: Program.objects.filter(pk__gte=pk).order_by("pk"), int)
    expected = [(p.credit_hours, p.cost) for p in Program.objects.filter(pk__gte=first.pk).order_by("pk")]
    for _run in range(2):
        found = [(p.credit_hours, p.cost) for p in by_pk(first.pk)]
        assert [tuple(map(str, pair)) for pair in found] == [tuple(map(str, pair)) for pair in expected]
    assert [tuple(map(str, pair)) for pair in found] == [("60.0", "60.00"), ("60.5", "60.50")]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL hands Decimals over as they are")
def test_kept_decimals_stay_bounded_and_still_convert_beyond_the_bound(monkeypatch):
    monkeypatch.setattr(prepared, "_MAX_KEPT_DECIMALS", 2)
    for hours in ["1.5", "2.5", "3.5", "4.5"]:
        ProgramFactory(credit_hours=Decimal(hours))
    by_pk = PreparedQuery(lambda pk: Program.objects.filter(pk__gte=pk).order_by("pk"), int)
    for _run in range(2):
        assert [str(p.credit_hours) for p in by_pk(0)] == ["1.5", "2.5", "3.5", "4.5"]
    compiled = by_pk._compiled()
    kept = [convert.kept for convs, _ in compiled.converters.values() for convert in convs if hasattr(convert, "kept")]
    assert kept and all(len(values) <= 2 for values in kept)


def test_a_deferred_field_is_left_for_its_instance_to_load_as_from_db_leaves_it(django_assert_num_queries):
    program = ProgramFactory(title="Coding")
    by_pk = PreparedQuery(lambda pk: Program.objects.filter(pk=pk).defer("title", "description"), int)
    (found,) = by_pk(program.pk)
    expected = Program.objects.defer("title", "description").get(pk=program.pk)
    assert found.get_deferred_fields() == expected.get_deferred_fields() == {"title", "description"}
    assert {name: value for name, value in vars(found).items() if name != "_state"} == {
        name: value for name, value in vars(expected).items() if name != "_state"
    }
    with django_assert_num_queries(1):
        assert found.title == "Coding"  # loaded when read
    assert found.get_deferred_fields() == {"description"}


def test_a_model_whose_instances_are_watched_gets_them_from_from_db():
    program = ProgramFactory()
    seen = []

    def watch(sender, instance, **kwargs):
        seen.append(instance.pk)

    signals.post_init.connect(watch, sender=Program)
    try:
        PreparedQuery(lambda pk: Program.objects.filter(pk=pk), int)(program.pk)
    finally:
        signals.post_init.disconnect(watch, sender=Program)
    assert seen == [program.pk]


def test_a_prepared_querys_prefetches_give_what_djangos_give(django_assert_num_queries):
    """Reverse foreign keys and many-to-many, with a Prefetch's queryset and to_attr or by name, for any number of
    instances: prepared up to PREFETCH_SIZES[-1], Django's own beyond."""
    from config.prepared import PREFETCH_SIZES, padded

    cpc, cca = CredentialFactory(), CredentialFactory()
    programs = [ProgramFactory() for _ in range(3)]
    OutcomeFactory(program=programs[0], release_date=datetime.date(2024, 1, 1))
    OutcomeFactory(program=programs[0], release_date=datetime.date(2025, 1, 1))
    OutcomeFactory(program=programs[2])
    CourseFactory(program=programs[1], order=2)
    CourseFactory(program=programs[1], order=1)
    programs[0].prepares_for.add(cpc, cca)
    programs[1].prepares_for.add(cpc)
    slugs = [program.slug for program in programs]

    def build(*slugs):
        return Program.objects.for_compare().prefetch_related("courses").filter(slug__in=slugs).order_by("pk")

    compared = PreparedQuery(build, *[str] * 3)
    compared(*slugs)  # prepared on its first run
    with django_assert_num_queries(4):  # the programs, their outcomes, credentials and courses
        got = compared(*padded(slugs[:2], 3))
    expected = list(build(*slugs[:2]))
    assert [program.pk for program in got] == [program.pk for program in expected]
    with django_assert_num_queries(0):
        for mine, django in zip(got, expected, strict=True):
            assert [fields(o) for o in mine.outcomes_newest_first] == [fields(o) for o in django.outcomes_newest_first]
            assert list(mine.prepares_for.all()) == list(django.prepares_for.all())
            assert [c.body.name for c in mine.prepares_for.all()] == [c.body.name for c in django.prepares_for.all()]
            assert list(mine.courses.all()) == list(django.courses.all())
            # A reverse foreign key's rows know their program, as Django's do.
            assert all(outcome.program is mine for outcome in mine.outcomes_newest_first)
    assert [len(p.outcomes_newest_first) for p in got] == [2, 0]
    assert [p.prepares_for.count() for p in got] == [2, 1]

    # More instances than the largest prepared size: Django's prefetch, with the same result.
    many = [ProgramFactory() for _ in range(PREFETCH_SIZES[-1])]
    many[-1].prepares_for.add(cca)
    everything = PreparedQuery(lambda status: Program.objects.for_compare().filter(status=status).order_by("pk"), str)
    listed = everything(Program.Status.PUBLISHED)
    assert len(listed) == len(programs) + len(many) > PREFETCH_SIZES[-1]
    assert list(listed[-1].prepares_for.all()) == [cca]
    assert len(listed[0].outcomes_newest_first) == 2


def test_on_postgresql_a_prepared_query_is_prepared_on_the_server_once_per_connection(
    client, django_assert_num_queries
):
    """Planning was 2 to 4.6 ms of a detail page's queries at 100,000 programs: each prepared query is planned
    once per connection, not per request. Everything else binds on the client and is never prepared."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    program = ProgramFactory()
    for _ in range(2):
        assert client.get(program.get_absolute_url()).status_code == 200

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    statements = prepared()
    assert any('FROM "catalog_course"' in statement for statement in statements), statements
    assert any(s.startswith('SELECT "catalog_program"') and "$1" in s for s in statements), statements
    assert not any("pg_prepared_statements" in statement for statement in statements)
    # The next request prepares nothing new, and its queries are logged with their text.
    with django_assert_num_queries(6) as queries:
        client.get(program.get_absolute_url())
    assert sorted(prepared()) == sorted(statements)
    assert all(query["sql"] and "$1" not in query["sql"] for query in queries.captured_queries)
    assert any(program.slug in query["sql"] for query in queries.captured_queries)


def test_a_prepared_query_works_out_its_columns_converters_once(monkeypatch):
    """Converted values (a Decimal cost, a date, a boolean from SQLite's integer) as the ORM gives them, with the
    converters found when the query is compiled rather than on every run."""
    from django.db.models.sql.compiler import SQLCompiler

    program = ProgramFactory(cost=Decimal("1234.50"), cost_year=2025)
    prepared = PreparedQuery(lambda pk: Program.objects.filter(pk=pk), int)
    prepared(program.pk)
    looked_up = []
    original = SQLCompiler.get_converters
    monkeypatch.setattr(SQLCompiler, "get_converters", lambda self, e: looked_up.append(1) or original(self, e))
    expected = Program.objects.get(pk=program.pk)
    looked_up.clear()

    got = prepared(program.pk)[0]

    assert looked_up == []
    for field in Program._meta.concrete_fields:
        value = getattr(got, field.attname)
        assert value == getattr(expected, field.attname) and type(value) is type(getattr(expected, field.attname))


def test_select_related_instances_are_made_without_model_init(monkeypatch):
    from django.db.models import Model

    program = ProgramFactory()
    made = []
    original = Model.__init__

    def counted(self, *args, **kwargs):
        made.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Model, "__init__", counted)
    prepared = PreparedQuery(lambda pk: Program.objects.filter(pk=pk).select_related("institution", "cip_code"), int)
    (found,) = prepared(program.pk)

    assert made == []
    assert (found.institution.name, found.cip_code.code) == (program.institution.name, program.cip_code.code)


def test_on_sqlite_a_prepared_query_runs_its_sql_without_django_rewriting_it_each_time(monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's cursor rewrites '%s' to '?'; PostgreSQL's binds on the server")
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    program = ProgramFactory(title="Coding 100% online")
    query = PreparedQuery(lambda title: Program.objects.filter(title__startswith=title), str)
    assert query("Coding 100%") == [program]  # compiled, and a LIKE value with % in it

    def rewritten(*args, **kwargs):
        raise AssertionError("rewrote the SQL")

    monkeypatch.setattr(SQLiteCursorWrapper, "convert_query", rewritten)
    assert query("Coding 100%") == [program]
    assert query("Coding 99") == []
    # Counting queries (a debug cursor, which logs the "%s" text) goes through Django's own cursor.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection), pytest.raises(AssertionError, match="rewrote"):
        query("Coding 100%")
    monkeypatch.undo()
    with CaptureQueriesContext(connection) as captured:
        assert query("Coding 100%") == [program]
    assert "Coding 100" in captured.captured_queries[0]["sql"]
