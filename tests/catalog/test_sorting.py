"""Sorting the program list: every order, missing values last whichever the direction, ties in a stable order."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import QueryDict

from catalog.models import Program
from catalog.search.filters import SORTS, ProgramFilter
from tests.factories import InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# Sort key -> how to read the value the list sorts on from a program built below.
FIELD_VALUES = {
    "cost": lambda facts: facts["cost"],
    "length": lambda facts: facts["length"],
    "tuition": lambda facts: facts["tuition"],
    "earnings": lambda facts: facts["median_earnings"],
    "debt": lambda facts: facts["median_debt"],
    "debt_to_earnings": lambda facts: facts["debt_to_earnings_ratio"],
    "completers": lambda facts: facts["completers"],
}


def sorted_list(query_string):
    filterset = ProgramFilter(QueryDict(query_string), queryset=Program.objects.published())
    return list(filterset.qs)


@pytest.fixture
def programs_with_gaps():
    """Eight programs with some figures missing and some equal; returns {program: its figures}.

    The school's yearly tuition is the cost column less 1,000 where both are known (ties where costs tie),
    and missing for Charlie, whose program cost is known: the two figures are independent.
    """
    rows = [
        # name,     cost,  length, earnings, debt,  ratio,  completers
        ("Alpha", 4000, 9, 41000, 9000, "0.220", 25),
        ("Bravo", None, 24, None, 12000, None, 10),
        ("Charlie", 9000, None, 52000, None, "0.500", None),
        ("Delta", 4000, 12, 41000, 9000, "0.220", 25),  # ties Alpha on cost, earnings, debt, ratio, graduates
        ("Echo", 1500, 6, 30000, 3000, "0.100", 60),
        ("Foxtrot", None, None, None, None, None, None),
        ("golf", 12000, 36, 61000, 25000, "0.900", 5),  # lower case: the order ignores case
        ("Hotel", 250, 3, 28000, 500, "0.020", 120),
    ]
    facts = {}
    for name, cost, length, earnings, debt, ratio, completers in rows:
        tuition = None if cost is None or name == "Charlie" else cost - 1000 if cost > 1000 else cost
        if name == "Bravo":
            tuition = 7000
        program = ProgramFactory(
            institution=InstitutionFactory(
                name=f"{name} College",
                tuition_in_state=tuition,
                tuition_out_of_state=None if tuition is None else tuition * 2,
                tuition_year="" if tuition is None else "2018-19",
                tuition_source="" if tuition is None else "College Scorecard",
            ),
            cost=None if cost is None else Decimal(cost),
            cost_year=None if cost is None else 2025,
            length_months=length,
        )
        ratio = None if ratio is None else Decimal(ratio)
        OutcomeFactory(
            program=program,
            median_earnings=earnings,
            median_debt=debt,
            debt_to_earnings_ratio=ratio,
            completers=completers,
        )
        facts[program] = {
            "cost": cost,
            "length": length,
            "tuition": tuition,
            "median_earnings": earnings,
            "median_debt": debt,
            "debt_to_earnings_ratio": ratio,
            "completers": completers,
        }
    return facts


def name_order(program):
    return (program.institution.name.lower(), program.credential_level, program.title.lower(), program.pk)


def expected_order(facts, key):
    """Present values in the asked direction, ties by name; then every program missing the value, by name."""
    descending = key.startswith("-")
    value_of = FIELD_VALUES[key.lstrip("-")]
    present = [program for program in facts if value_of(facts[program]) is not None]
    missing = [program for program in facts if value_of(facts[program]) is None]
    present.sort(key=name_order)
    present.sort(key=lambda program: value_of(facts[program]), reverse=descending)  # stable: ties stay by name
    return present + sorted(missing, key=name_order)


@pytest.mark.parametrize("key", [key for key, _label in SORTS if key.lstrip("-") in FIELD_VALUES])
def test_every_figure_sort_puts_missing_values_last_in_either_direction(programs_with_gaps, key):
    result = sorted_list(f"sort={key}")
    assert result == expected_order(programs_with_gaps, key)
    value_of = FIELD_VALUES[key.lstrip("-")]
    values = [value_of(programs_with_gaps[program]) for program in result]
    assert values[-1] is None and values[0] is not None


def test_both_directions_are_offered_for_every_figure():
    keys = {key for key, _label in SORTS}
    for figure in FIELD_VALUES:
        assert {figure, f"-{figure}"} <= keys


def test_name_order_is_school_then_program_ignoring_case(programs_with_gaps):
    school = InstitutionFactory(name="Alpha College")
    bachelor = ProgramFactory(institution=school, title="Health Information", credential_level=3)
    certificate = ProgramFactory(institution=school, title="Medical Coding", credential_level=1)
    result = sorted_list("sort=name")
    assert result == sorted(list(programs_with_gaps) + [bachelor, certificate], key=name_order)
    assert sorted_list("") == result  # name is the default without a search or a ZIP code


def test_an_outcome_sort_uses_the_newest_release_that_reports_the_figure():
    old_high = ProgramFactory(institution=InstitutionFactory(name="A College"))
    OutcomeFactory(program=old_high, median_earnings=90000, release_date=datetime.date(2020, 1, 1))
    OutcomeFactory(program=old_high, median_earnings=20000, release_date=datetime.date(2026, 6, 10))
    newest_blank = ProgramFactory(institution=InstitutionFactory(name="B College"))
    OutcomeFactory(program=newest_blank, median_earnings=50000, release_date=datetime.date(2020, 1, 1))
    OutcomeFactory(program=newest_blank, median_earnings=None, release_date=datetime.date(2026, 6, 10))
    assert sorted_list("sort=-earnings") == [newest_blank, old_high]


def test_ties_keep_one_order_so_pages_neither_repeat_nor_skip(client):
    """45 programs equal on every sort key: pages of 20 must still cover each exactly once."""
    for _ in range(45):
        program = ProgramFactory(
            institution=InstitutionFactory(name="Same College"), title="Same", cost=Decimal(100), cost_year=2025
        )
        OutcomeFactory(program=program)
    everyone = sorted(Program.objects.values_list("pk", flat=True))
    for key in ["name", "cost", "-cost", "-earnings", "debt", "-completers", "debt_to_earnings", "length"]:
        seen = []
        for page in (1, 2, 3):
            response = client.get(f"/programs/?sort={key}&page={page}")
            seen += [program.pk for program in response.context["page_obj"]]
        assert seen == everyone, key


def test_relevance_is_the_default_with_a_search_and_follows_the_rank(client):
    ProgramFactory(title="Medical Coding Certificate")
    ProgramFactory(title="Medical Billing and Coding: Coding Specialist")
    ProgramFactory(title="Health Information Technology")
    filterset = ProgramFilter(QueryDict("q=coding"), queryset=Program.objects.published())
    assert filterset.sort_key == "relevance"
    ranks = [program.search_rank for program in filterset.qs]
    assert len(ranks) == 2 and ranks == sorted(ranks, reverse=True)
    options = [value for value, _label, _selected in client.get("/programs/?q=coding").context["sort_options"]]
    assert options[0] == "relevance" and "distance" not in options


def test_the_sort_control_keeps_the_filters_and_shows_the_sort_in_force(client):
    ProgramFactory(institution=InstitutionFactory(state="TX"))
    content = client.get("/programs/?state=TX&sort=-debt").content.decode()
    assert '<input type="hidden" name="state" value="TX">' in content
    assert '<option value="-debt" selected>Median debt, highest first</option>' in content
    # The filter form keeps the sort too, so changing a filter does not lose it.
    assert '<input type="hidden" name="sort" value="-debt">' in content


@pytest.mark.parametrize("key", ["-earnings", "debt", "-debt_to_earnings", "-completers"])
def test_cards_show_the_figure_the_list_is_sorted_on(client, key):
    program = ProgramFactory()
    OutcomeFactory(program=program, median_earnings=41000, median_debt=9000, completers=25)
    text = client.get(f"/programs/?sort={key}").content.decode()
    assert "$41,000" in text and "Median debt:" in text
    assert ("Debt-to-earnings ratio:" in text) == (key == "-debt_to_earnings")
    assert ("Graduates in the cohort:" in text) == (key == "-completers")


def test_every_sort_in_the_bundled_data_puts_missing_figures_last(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    queryset = Program.objects.published()
    for key in ["-earnings", "earnings", "debt", "-debt", "debt_to_earnings", "-completers", "completers"]:
        figures = [getattr(program, "sort_value", None) for program in sorted_list(f"sort={key}")]
        present = [value for value in figures if value is not None]
        assert figures[: len(present)] == present, key  # every missing figure after every present one
        assert present == sorted(present, reverse=key.startswith("-")), key
        assert len(figures) == queryset.count()
    # The page (the in-memory index) puts first what the SQL does: the highest newest earnings.
    first = client.get("/programs/?sort=-earnings").context["page_obj"][0]
    assert first == sorted_list("sort=-earnings")[0]
    assert first.earnings_newest_first[0].median_earnings == max(
        v for v in Program.objects.values_list("outcomes__median_earnings", flat=True) if v
    )
