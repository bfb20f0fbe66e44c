"""Facet counts: each option's count is the length of the list that option would give, under the other filters."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils.http import urlencode

from catalog.models import Program
from catalog.search.filters import ProgramFilter
from tests.factories import CIPCodeFactory, CredentialFactory, InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = pytest.mark.django_db

STATES = ["TX", "OH", "KS", "CA"]
OWNERSHIPS = ["public", "private_nonprofit", "private_for_profit", ""]
LOCALES = ["city", "suburb", "town", "rural", ""]
DELIVERIES = ["", "online", "on_campus", "hybrid"]
ACCREDITATIONS = ["", "cahiim", "ahima_pcap"]
EXTERNSHIPS = [None, True, False]
PREREQUISITES = ["", "none", "high_school", "associate", "bachelor"]
VERDICTS = [True, False, None, "no outcome"]


@pytest.fixture
def varied_catalog():
    """36 programs whose facts vary on different cycles, so the facets cut across one another."""
    cips = [
        CIPCodeFactory(code="51.07"),
        CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder"),
    ]
    credentials = [
        CredentialFactory(abbreviation="CPC", slug="cpc"),
        CredentialFactory(abbreviation="CCA", slug="cca"),
        CredentialFactory(abbreviation="RHIT", slug="rhit"),  # no program prepares for it: a zero count
    ]
    schools = [
        InstitutionFactory(
            state=STATES[index % 4],
            ownership=OWNERSHIPS[index % 4],
            locale=LOCALES[index % 5],
            latitude=Decimal("29.76") + index,
            longitude=Decimal("-95.36"),
            # Yearly tuition for seven schools in ten, so the tuition range leaves some out.
            tuition_in_state=None if index % 3 == 2 else 3000 * (index + 1),
            tuition_out_of_state=None if index % 3 == 2 else 6000 * (index + 1),
            tuition_year="" if index % 3 == 2 else "2018-19",
            tuition_source="" if index % 3 == 2 else "College Scorecard",
        )
        for index in range(9)
    ]
    for index in range(36):
        program = ProgramFactory(
            institution=schools[index % 9],
            title="Medical Coding" if index % 2 else "Health Information",
            credential_level=[1, 2, 3, 8][index % 4],
            delivery_mode=DELIVERIES[index % 4],
            accreditation=ACCREDITATIONS[index % 3],
            externship_offered=EXTERNSHIPS[index % 3],
            # A graduate certificate (level 8) admits graduates only.
            admission_prerequisite=("bachelor" if index % 4 == 3 and index % 5 in (1, 2) else PREREQUISITES[index % 5]),
            cost=None if index % 7 == 0 else Decimal(1000 * (index % 6 + 1)),
            cost_year=None if index % 7 == 0 else 2025,
            length_months=None if index % 5 == 0 else 6 * (index % 4 + 1),
            cip_code=cips[index % 2],
        )
        if index % 3 < 2:
            program.prepares_for.add(credentials[index % 3])
        if index % 6 == 0:
            program.prepares_for.add(credentials[1])
        verdict = VERDICTS[index % 4]
        if verdict != "no outcome":
            # An older release says the opposite: only the newest counts.
            OutcomeFactory(
                program=program, earns_more_than_hs_graduates=verdict is False, release_date=datetime.date(2020, 1, 1)
            )
            OutcomeFactory(program=program, earns_more_than_hs_graduates=verdict)
    ProgramFactory(institution=schools[0], status=Program.Status.DRAFT, delivery_mode="online")


def list_length(params):
    filterset = ProgramFilter(QueryDict(urlencode(params)), queryset=Program.objects.published())
    return filterset.qs.count()


def assert_counts_match_lists(response):
    """For every facet and option: count == length of the list with this option as the facet's selection."""
    filterset = response.context["filter"]
    applied = filterset.applied_params()
    assert response.context["paginator"].count == list_length(applied)
    checked = 0
    for facet in response.context["facets_by_name"].values():  # shown and collapsed alike
        others = [(name, value) for name, value in applied if name != facet.name]
        assert facet.any_count == list_length(others), facet.name
        for option in facet.options:
            assert option.count == list_length(others + [(facet.name, option.value)]), (facet.name, option.value)
            checked += 1
    return checked


@pytest.mark.usefixtures("varied_catalog")
@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "?state=TX",
        "?state=TX&state=OH&credential_level=1&credential_level=2",
        "?delivery=online&ownership=public&locale=city",
        "?accreditation=cahiim&externship=yes&out_earns=yes",
        "?prerequisite=none&prepares_for=cca&cip_code=51.0713",
        "?cost_max=4000&length_min=12&out_earns=unknown",
        "?tuition_max=9000&state=TX",
        "?tuition_min=9000&credential_level=1&sort=tuition",
        "?q=coding&credential_level=8",
        "?zip=77002&within=100&state=TX",
        "?zip=77002&within=25&include_online=1",
    ],
)
def test_every_option_counts_the_list_it_would_give(client, query_string):
    response = client.get("/programs/" + query_string)
    assert response.status_code == 200
    checked = assert_counts_match_lists(response)
    assert checked >= 90  # every option of every facet, zero counts included


@pytest.mark.usefixtures("varied_catalog")
def test_a_facets_own_selection_does_not_narrow_its_own_counts(client):
    facets = {facet.name: facet for facet in client.get("/programs/?state=TX").context["facets"]}
    counts = {option.value: option.count for option in facets["state"].options}
    assert counts["OH"] > 0 and counts["TX"] > 0
    # Other facets are narrowed by the state.
    all_levels = {f.name: f for f in client.get("/programs/").context["facets"]}["credential_level"].any_count
    assert facets["credential_level"].any_count < all_levels


@pytest.mark.usefixtures("varied_catalog")
def test_facet_counts_cost_one_query_whatever_the_filters(client, django_assert_max_num_queries):
    """Guards against a query per option: all counts, with every filter active, come from one query."""
    response = client.get("/programs/?state=TX&delivery=online&out_earns=yes&prepares_for=cpc&cost_max=5000")
    filterset = response.context["filter"]
    filterset.qs  # noqa: B018
    filterset._cip_code_rows, filterset._credential_rows  # noqa: B018 - the option lists, read once per page
    with django_assert_max_num_queries(1):
        filterset.facet_counts()


def test_zero_count_options_are_disabled_or_hidden_but_a_selected_one_stays_usable(client):
    ProgramFactory(institution=InstitutionFactory(state="TX"), delivery_mode="online")
    ProgramFactory(institution=InstitutionFactory(state="OH"), delivery_mode="hybrid")
    content = client.get("/programs/?delivery=hybrid&state=TX").content.decode()
    # Short lists keep options nobody has, disabled.
    assert re.search(
        r'<input type="checkbox" id="id_delivery_\d+" name="delivery" value="on_campus" disabled>', content
    )
    # A selected option with no programs under the other filters can still be unticked.
    assert re.search(r'<input type="checkbox" id="id_delivery_\d+" name="delivery" value="hybrid" checked>', content)
    # Long lists (states) leave out options nobody has, but never a selected one.
    assert 'name="state" value="TX" checked>' in content
    assert 'value="OH"' in content  # Ohio has the hybrid program
    assert 'value="WY"' not in content


def test_each_option_shows_its_count_with_a_screen_reader_word(client):
    ProgramFactory(delivery_mode="online")
    ProgramFactory(delivery_mode="online")
    content = client.get("/programs/").content.decode()
    assert re.search(
        r'name="delivery" value="online">\s*<label for="id_delivery_\d+">Online <span class="facet-count">2'
        r'<span class="visually-hidden"> programs</span></span></label>',
        content,
    )


def test_facets_say_how_many_programs_do_not_report_the_fact(client):
    ProgramFactory(delivery_mode="online", cost=Decimal(100), cost_year=2025)
    ProgramFactory()
    ProgramFactory()
    response = client.get("/programs/")
    text = " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())
    assert "Not reported for 2 of 3 programs." in text  # delivery: one program reports it
    assert "Cost is not reported for 2 programs, left out when you give a range." in text
    # Facts no program reports are named once under the filters, with no boxes or range fields of their own.
    assert (
        "Not reported for any of these programs yet, so not offered as filters: programmatic accreditation, "
        "externship, admission prerequisite, prepares for the credential, field of study (6-digit CIP, IPEDS), "
        "school’s tuition per year, length." in text
    )
    shown = [facet.name for facet in response.context["facets"]]
    assert "delivery" in shown and not {"accreditation", "externship", "prerequisite", "prepares_for"} & set(shown)
    assert 'name="length_min"' not in response.content.decode()
    assert 'name="cost_min"' in response.content.decode()


def test_a_collapsed_facet_returns_as_soon_as_one_program_has_the_fact(client):
    ProgramFactory()
    assert "externship" not in [facet.name for facet in client.get("/programs/").context["facets"]]

    ProgramFactory(externship_offered=True)

    facets = {facet.name: facet for facet in client.get("/programs/").context["facets"]}
    assert {option.value: option.count for option in facets["externship"].options} == {"yes": 1, "no": 0}


def test_a_selected_value_keeps_its_facet_even_when_nothing_matches(client):
    ProgramFactory()
    response = client.get("/programs/?delivery=online")
    assert "delivery" in [facet.name for facet in response.context["facets"]]
    assert "delivery" not in response.context["unreported_filters"]


def test_the_earnings_premium_facet_explains_the_test(client):
    ProgramFactory()
    text = " ".join(re.sub(r"<[^>]+>", "", client.get("/programs/").content.decode()).split())
    assert (
        "College Scorecard’s earnings-premium test: do the program’s graduates earn more than the typical worker"
        in text
    )
    assert "Many programs have too few graduates for a verdict." in text


def test_facet_counts_in_the_bundled_data_match_the_lists(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    for query_string in ["?credential_level=2&state=TX", "?zip=35294&within=100&out_earns=yes"]:
        response = client.get("/programs/" + query_string)
        assert assert_counts_match_lists(response) > 70
    response = client.get("/programs/")
    facets = response.context["facets_by_name"]
    # The real data is honest about what it lacks: no delivery mode is reported anywhere, so the delivery
    # facet is one word in the note under the filters rather than three disabled boxes.
    assert facets["delivery"].unreported_count == 3752
    assert all(option.count == 0 for option in facets["delivery"].options)
    assert facets["delivery"].is_empty and "delivery" not in [f.name for f in response.context["facets"]]
    assert "delivery" in response.context["unreported_filters"]
    verdicts = {option.value: option.count for option in facets["out_earns"].options}
    assert sum(verdicts.values()) == 3752 and verdicts["unknown"] > verdicts["yes"]
