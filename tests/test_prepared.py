"""config/prepared.py: a queryset built and compiled once gives what the queryset gives, on both databases."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import translation

from careers.models import Occupation
from careers.querysets import for_cip_code_with_national_pay, occupation_page, occupation_page_wage_rows
from catalog.models import Program
from catalog.querysets import first_programs, published_program_page
from certifications.eligibility import rules_for_program
from certifications.models import Credential, EligibilityRule
from certifications.querysets import credential_page
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
    for metro_areas in (False, True):
        assert occupation_page_wage_rows(occupation, metro_areas) == list(
            occupation.wage_estimates.for_occupation_page(occupation, metro_areas=metro_areas)
        )

    shown = credential_page(credential.slug)
    expected = Credential.objects.for_detail().get(pk=credential.pk)
    assert fields(shown) == {**fields(expected), "catalog_token": shown.catalog_token}
    assert list(shown.occupations.all()) == list(expected.occupations.all()) == [occupation]
    assert list(shown.fees.all()) == list(expected.fees.all())
    assert list(shown.rules.all()) == list(expected.rules.all())
    assert credential_page("nothing") is None
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
