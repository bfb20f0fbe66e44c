"""Full-text program search: stemming, typos, synonyms, search syntax, ranking, relaxation, hostile input.

Every test runs on SQLite (FTS5) and on PostgreSQL (tsvector + pg_trgm) and expects the same programs.
Where the two could only differ, in the exact rank values, tests compare the order of different kinds of
match, never the values or the order of ties.
"""

import pytest
from django.http import QueryDict

from catalog.models import Program
from catalog.search import Interpretation, interpret, parse_search
from catalog.search.filters import ProgramFilter
from tests.factories import CIPCodeFactory, InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def found(query):
    return sorted(Program.objects.published().search(query).values_list("title", flat=True))


def ranked(query):
    return list(Program.objects.published().search(query).order_by("-search_rank").values_list("title", flat=True))


@pytest.fixture
def field_of_study():
    """A CIP code whose title and definition say nothing the tests search for, so only our fields match."""
    return CIPCodeFactory(code="99.9999", title="Studies, Other", definition="")


def program(title, field_of_study, **fields):
    return ProgramFactory(title=title, cip_code=field_of_study, **fields)


def test_a_plural_finds_the_singular_and_an_agent_noun_its_plural(field_of_study):
    program("Medical Biller", field_of_study)
    program("Health Record Technician", field_of_study)
    program("Pharmacy Technician", field_of_study)

    assert found("billers") == ["Medical Biller"]
    assert found("records") == ["Health Record Technician"]


def test_misspelt_words_are_corrected_to_indexed_words_and_say_so(field_of_study):
    program("Medical Coding Certificate", field_of_study)
    program("Medical Billing Specialist", field_of_study)
    program("Pharmacy Technician", field_of_study)

    interpretation = interpret("medcal codng")

    assert interpretation.corrections == {"medcal": "medical", "codng": "coding"}
    assert interpretation.terms == ["medical", "coding"]
    assert interpretation.notes() == ["Showing results for medical coding (you typed medcal codng)."]
    assert found(interpretation) == ["Medical Coding Certificate"]
    assert found("billling") == ["Medical Billing Specialist"]


def test_known_words_and_their_plurals_are_not_corrected(field_of_study):
    program("Medical Billing Specialist", field_of_study)

    assert interpret("billers medical").corrections == {}
    assert interpret("online certificate").corrections == {}  # labels, even where no program uses them


@pytest.mark.parametrize(
    "query,expected",
    [
        ("HIM", "Health Information Management"),
        ("billing", "Medical Biller Diploma"),
        ("biller", "Billing Specialist"),
        ("coder", "Medical Coding Fundamentals"),
        ("online", "Pharmacy Technician"),
        ("aas", "Health Records Technology"),
        ("associate", "Health Records Technology"),
        ("cert", "Insurance Claims"),
        ("bs", "Health Services Administration"),
        ("bachelors", "Health Services Administration"),
        ("M.S.", "Health Informatics"),
    ],
)
def test_synonyms_students_type_find_programs_that_say_it_another_way(field_of_study, query, expected):
    program("Health Information Management", field_of_study, credential_level=Program.CredentialLevel.BACHELOR)
    program("Medical Biller Diploma", field_of_study, credential_level=Program.CredentialLevel.MASTER)
    program("Billing Specialist", field_of_study, credential_level=Program.CredentialLevel.MASTER)
    program("Medical Coding Fundamentals", field_of_study, credential_level=Program.CredentialLevel.MASTER)
    program("Pharmacy Technician", field_of_study, delivery_mode=Program.DeliveryMode.ONLINE)
    program("Health Records Technology", field_of_study, credential_level=Program.CredentialLevel.ASSOCIATE)
    program("Insurance Claims", field_of_study, credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE)
    program("Health Services Administration", field_of_study, credential_level=Program.CredentialLevel.BACHELOR)
    program("Health Informatics", field_of_study, credential_level=Program.CredentialLevel.MASTER)

    assert expected in found(query)


def test_online_matches_the_delivery_mode_not_only_the_word(field_of_study):
    program("Medical Coding", field_of_study, delivery_mode=Program.DeliveryMode.ONLINE)
    program("Medical Billing", field_of_study, delivery_mode=Program.DeliveryMode.ON_CAMPUS)

    assert found("online coding") == ["Medical Coding"]


def test_ms_alone_is_mississippi_and_with_dots_a_masters_degree(field_of_study):
    program("Health Informatics", field_of_study, credential_level=Program.CredentialLevel.MASTER)
    jackson = InstitutionFactory(name="Magnolia College", city="Jackson", state="MS")
    program("Medical Coding", field_of_study, institution=jackson)

    assert found("MS") == ["Medical Coding"]
    # "M.S." names a level: the program list filters by it rather than searching the text for it.
    assert interpret("M.S.").levels == [Program.CredentialLevel.MASTER]
    listed = ProgramFilter(QueryDict("q=M.S."), queryset=Program.objects.published()).qs
    assert [program.title for program in listed] == ["Health Informatics"]


def test_quotes_keep_a_phrase_together(field_of_study):
    program("Medical Coding Certificate", field_of_study)
    program("Coding for Medical Offices", field_of_study)

    assert found('"medical coding"') == ["Medical Coding Certificate"]
    assert found("medical coding") == ["Coding for Medical Offices", "Medical Coding Certificate"]


def test_a_minus_sign_excludes_a_word_and_its_synonyms(field_of_study):
    program("Medical Coding", field_of_study)
    program("Medical Billing and Coding", field_of_study)
    program("Medical Coding for Billers", field_of_study)

    assert found("coding -billing") == ["Medical Coding"]
    assert found('medical -"billing and coding"') == ["Medical Coding", "Medical Coding for Billers"]
    assert found("-coding") == []


def test_or_between_two_words_finds_either(field_of_study):
    program("Medical Coding", field_of_study)
    program("Medical Billing", field_of_study)
    program("Medical Transcription", field_of_study)

    assert found("coding or billing") == ["Medical Billing", "Medical Coding"]
    # "or" joins only its neighbours: "medical" is still required of both.
    assert found("medical coding or billing") == ["Medical Billing", "Medical Coding"]
    interpretation = interpret("coding or billing")
    assert found(interpretation) == ["Medical Billing", "Medical Coding"]
    assert not interpretation.relaxed  # each program matches the one slot "coding or billing"


def test_a_title_match_outranks_a_description_only_match(field_of_study):
    program("Health Careers", field_of_study, description="Includes a course in medical coding.")
    program("Medical Coding", field_of_study)

    assert ranked("coding") == ["Medical Coding", "Health Careers"]


def test_a_school_name_match_outranks_a_city_match(field_of_study):
    program("Health Careers", field_of_study, institution=InstitutionFactory(name="Lakeside College", city="Austin"))
    program("Allied Health", field_of_study, institution=InstitutionFactory(name="Austin Community College"))

    assert ranked("austin") == ["Allied Health", "Health Careers"]


def test_when_no_program_has_every_word_programs_with_most_of_them_come_first(field_of_study):
    program("Medical Coding Specialist", field_of_study)
    program("Medical Coding", field_of_study)
    program("Pharmacy Technician", field_of_study)

    interpretation = interpret("medical coding specialist training")
    results = ranked(interpretation)

    assert interpretation.relaxed
    assert results == ["Medical Coding Specialist", "Medical Coding"]
    assert "No program matched every word, so programs that match some of them are shown." in interpretation.notes()


def test_a_query_every_program_word_matches_is_not_relaxed(field_of_study):
    program("Medical Coding", field_of_study)
    interpretation = interpret("medical coding")

    assert found(interpretation) == ["Medical Coding"]
    assert not interpretation.relaxed
    assert interpretation.notes() == []


def test_a_state_named_in_the_query_filters_by_the_schools_state(field_of_study):
    texas = InstitutionFactory(name="Lone Star College", city="Houston", state="TX")
    ohio = InstitutionFactory(name="Buckeye Institute", city="Columbus", state="OH")
    program("Medical Coding Certificate", field_of_study, institution=texas)
    program("Medical Coding Certificate (Ohio)", field_of_study, institution=ohio)
    program("Medical Billing", field_of_study, institution=texas)

    interpretation = interpret("online medical coding certificate in Texas")

    assert interpretation.states == ["TX"]
    # "online" and "certificate" are a delivery and a level, applied by the program list as filters
    # (tests/catalog/test_query_intent.py): the text searched for is "medical coding".
    assert (interpretation.levels, interpretation.delivery) == (
        [Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE],
        ["online"],
    )
    assert ranked(interpretation) == ["Medical Coding Certificate"]
    assert not interpretation.relaxed


def test_in_or_me_and_as_in_lower_case_are_words_and_in_upper_case_states():
    assert parse_search("coding in texas") == (["TX"], ["coding"])
    assert parse_search("coding near me") == ([], ["coding"])
    assert parse_search("Coding In Ohio") == (["OH"], ["coding"])
    assert parse_search("coding IN") == (["IN"], ["coding"])
    assert parse_search("coding as a career") == ([], ["coding", "career"])
    assert parse_search("billing or coding OR") == (["OR"], ["billing", "coding"])
    assert parse_search("coding in West Virginia") == (["WV"], ["coding"])


@pytest.mark.parametrize(
    ("query", "remainder"),
    [
        ("coding in Texas", "coding"),
        ("Coding In Ohio", "Coding"),
        ("medical coding certificate in West Virginia online", "medical coding"),  # level and delivery too
        ("billing TX or OH", "billing"),
        ("Texas", ""),
        ('"coding in texas" certificate', '"coding in texas"'),  # quoted: words, not a state
        ('coding -"billing" in NY', 'coding -"billing"'),
        ("coding near me", "coding near me"),
        ("billing or coding OR", "billing or coding"),
    ],
)
def test_the_remainder_is_what_was_typed_less_the_states_and_their_in_or_or(query, remainder):
    assert interpret(query).remainder == remainder


def test_a_blank_query_returns_the_queryset_with_a_zero_rank(field_of_study):
    program("Medical Coding", field_of_study)
    program("Medical Billing", field_of_study)

    for query in ("", "   ", None, "\x00"):
        results = Program.objects.published().search(query).order_by("-search_rank")
        assert sorted(p.title for p in results) == ["Medical Billing", "Medical Coding"]
        assert {p.search_rank for p in results} == {0.0}


@pytest.mark.parametrize("query", ['"', "-", "or or", "the of and", "%", "\\", "🙂"])
def test_a_query_with_nothing_to_search_for_matches_nothing_and_says_so(field_of_study, query):
    program("Medical Coding", field_of_study)
    interpretation = interpret(query)

    assert list(Program.objects.published().search(interpretation).order_by("-search_rank")) == []
    assert interpretation.notes() == [
        f"“{interpretation.text}” has no words to search for: try a program, school, city or state."
    ]


HOSTILE = [
    "\x00",
    "cod\x00ing",
    '"medical coding',
    'medical" coding"',
    "'; DROP TABLE catalog_program; --",
    "coding) OR 1=1 --",
    "NEAR(coding billing)",
    "coding AND OR NOT",
    "coding*",
    "^coding",
    "weight_a: coding",
    "{weight_a} : coding",
    "-",
    "--coding",
    "- - -",
    "or",
    "or or coding or",
    "!!! ??? ...",
    "%_%",
    "\\",
    "é ü 中文 🙂",
    "e\u0301cole",
    "x" * 5000,
    "coding " * 500,
    "a" * 60 + " coding",
    "\u202e\u200b\ufeff",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(field_of_study, query):
    program("Medical Coding", field_of_study)

    interpretation = interpret(query)
    results = Program.objects.published().search(interpretation).order_by("-search_rank")

    assert len(list(results)) == results.count()
    assert len(interpretation.text) <= 200
    assert "\x00" not in interpretation.text
    interpretation.notes()


def test_a_long_query_searches_the_first_ten_words_and_says_so(field_of_study):
    program("Medical Coding", field_of_study)
    interpretation = interpret("medical coding " + " ".join(f"word{n}" for n in range(20)))

    assert len(interpretation.slots) == 10
    assert "Only the first 10 words were searched for." in interpretation.notes()


def test_an_interpretation_is_worked_out_once_and_reused(field_of_study, django_assert_num_queries):
    program("Medical Coding", field_of_study)
    interpretation = interpret("medical coding specialist")
    queryset = Program.objects.published()

    with django_assert_num_queries(2):  # one emptiness check, one list
        list(queryset.search(interpretation))
    with django_assert_num_queries(1):  # the decision to relax is kept: only the list
        list(queryset.filter(credential_level=2).search(interpretation))
    assert isinstance(interpretation, Interpretation)
    assert interpretation.relaxed


@pytest.mark.parametrize("count", [3, 30])
def test_a_search_costs_the_same_few_queries_whatever_the_number_of_results(
    field_of_study, django_assert_max_num_queries, count
):
    """Guards against N+1 queries: spelling lookup, emptiness check and the page, for 3 or 30 results."""
    for n in range(count):
        program(f"Medical Coding {n}", field_of_study)

    with django_assert_max_num_queries(3):
        interpretation = interpret("medcal coding certificate")
        results = list(Program.objects.published().search(interpretation)[:25])

    assert len(results) == min(count, 25)
    assert interpretation.corrections == {"medcal": "medical"}
