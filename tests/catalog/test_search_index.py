"""The program list's in-memory index (catalog/search/index.py, listing.py) gives what the SQL gives.

The SQL in catalog/search/filters.py and facets.py defines every filter, count and order; the page and the CSV
export read the index. These tests run both over the same varied catalog, on whichever database the suite runs,
and compare the whole list in order and every count. They also check that the index notices every way the
catalog can change: the catalog's token is set by database triggers, whatever wrote the rows.
"""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import translation

from catalog.models import CIPCode, Institution, Program, ProgramField
from catalog.search import index as index_module
from catalog.search import refresh_search_index
from catalog.search.facets import program_facets
from catalog.search.filters import ProgramFilter
from catalog.search.index import catalog_token
from tests.factories import CIPCodeFactory, CredentialFactory, InstitutionFactory, OutcomeFactory, ProgramFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db

STATES = ["IL", "TX", "OH", "NM", "CA"]
TITLES = [
    "Medical Coding",
    "Medical Billing and Coding",
    "Health Information Technology",
    "Health Information Management",
    "Medical Office Administration",
    "Coding Specialist",
    "Cancer Registry Management",
]
# Springfield IL, Houston TX, Columbus OH, Albuquerque NM, and none.
PLACES = [
    (Decimal("39.80"), Decimal("-89.65")),
    (Decimal("29.76"), Decimal("-95.37")),
    (Decimal("39.96"), Decimal("-83.00")),
    (Decimal("35.08"), Decimal("-106.65")),
    (None, None),
]


@pytest.fixture
def catalog():
    """Sixty programs whose every filtered fact varies, some blank, from one seed."""
    rng = random.Random(15)
    credentials = [CredentialFactory(slug=slug, abbreviation=slug.upper()) for slug in ("cpc", "cca", "rhit")]
    series = CIPCodeFactory(code="51.07")
    codes = [
        series,
        CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder"),
        CIPCodeFactory(code="51.0707", title="Health Information/Medical Records Technology/Technician"),
    ]
    schools = []
    for number in range(12):
        latitude, longitude = PLACES[number % len(PLACES)]
        schools.append(
            InstitutionFactory(
                name=f"{rng.choice(['Alder', 'birch', 'Cedar', 'Dogwood'])} College {number}",
                state=STATES[number % len(STATES)],
                city=rng.choice(["Springfield", "Austin", "Columbus"]),
                ownership=rng.choice([*Institution.Ownership.values, ""]),
                locale=rng.choice([*Institution.Locale.values, ""]),
                latitude=latitude,
                longitude=longitude,
                **rng.choice(
                    [
                        {},
                        *(
                            {"tuition_in_state": amount, "tuition_year": "2018-19", "tuition_source": "Scorecard"}
                            for amount in (3800, 12000, 31000)
                        ),
                    ]
                ),
            )
        )
    for _number in range(60):
        cost = rng.choice([None, Decimal("4200.50"), Decimal("9000"), Decimal("15000")])
        level = rng.choice([1, 1, 2, 2, 3, 5, 8])
        prerequisite = "bachelor" if level in (5, 8) else rng.choice(["", "high_school", "none"])
        program = ProgramFactory(
            institution=rng.choice(schools),
            title=f"{rng.choice(TITLES)} {rng.choice(['', 'Certificate', 'AAS', 'Online'])}".strip(),
            cip_code=rng.choice(codes),
            credential_level=level,
            delivery_mode=rng.choice(["", "", "online", "on_campus", "hybrid"]),
            distance_education=rng.choice(["", "all", "some", "none"]),
            cost=cost,
            cost_year=None if cost is None else 2025,
            length_months=rng.choice([None, 9, 12, 24]),
            accreditation=rng.choice(["", "cahiim", "ahima_pcap"]),
            externship_offered=rng.choice([None, True, False]),
            admission_prerequisite=prerequisite,
            description=rng.choice(["", "Prepares graduates for the RHIT exam.", "Evening classes in Austin."]),
            status=rng.choice(["published"] * 5 + ["draft", "archived"]),
        )
        for credential in rng.sample(credentials, rng.choice([0, 0, 1, 2])):
            program.prepares_for.add(credential)
        if rng.random() < 0.4:
            ProgramField.objects.create(
                program=program,
                cip_code=rng.choice(codes[1:]),
                completions_year="2022-23",
                **rng.choice([{}, {"tuition_and_fees": 7000, "charges_year": "2023-24"}]),
            )
        for release in rng.sample([datetime.date(2024, 6, 10), datetime.date(2026, 6, 10)], rng.choice([0, 1, 2])):
            OutcomeFactory(
                program=program,
                release_date=release,
                median_earnings=rng.choice([None, 31000, 41000, 52000]),
                median_debt=rng.choice([None, 9000, 14000]),
                completers=rng.choice([None, 12, 40]),
                earns_more_than_hs_graduates=rng.choice([None, True, False]),
            )
    refresh_search_index()


QUERIES = [
    "",
    "q=coding",
    "q=medical+coding",
    "q=medcal+codng+billing",
    "q=coding+-billing",
    "q=%22medical+coding%22",
    "q=zebra+coding",  # no program matches every word: relaxed
    "q=coding+in+Texas",
    "q=online+coding+certificate",  # level and delivery words are filters
    "q=rhit+or+registry",
    "q=austin",
    "q=the",
    "credential_level=1&credential_level=2",
    "delivery=online&delivery=some_online",
    "state=TX&state=IL&ownership=public",
    "locale=city&accreditation=cahiim&externship=yes",
    "prerequisite=high_school&prepares_for=cpc",
    "out_earns=yes",
    "out_earns=unknown&cip_code=51.0713",
    "field=51.0713",
    "cost_min=4000&cost_max=9000",
    "tuition_max=12000&length_min=10",
    "zip=62701&within=100",
    "zip=62701&within=25&include_online=1",
    "zip=77002&within=50&sort=name",
    "q=coding&state=TX&credential_level=2&delivery=online&sort=cost",
    "q=health&sort=-cost",
    "sort=tuition",
    "sort=-tuition",
    "sort=length",
    "sort=-earnings",
    "sort=debt",
    "sort=-debt_to_earnings",
    "sort=completers",
    "q=information&sort=relevance",
    "q=coding&out_earns=no&prepares_for=cca&sort=-completers",
]


def both(query_string):
    """(the SQL's filterset, the index's filterset) for one query string, each with its own interpretation."""
    published = Program.objects.published()
    sql = ProgramFilter(QueryDict(query_string), queryset=published)
    indexed = ProgramFilter(QueryDict(query_string), queryset=published)
    indexed.use_index = True
    return sql, indexed


@pytest.mark.parametrize("query_string", QUERIES)
def test_the_index_lists_the_programs_the_sql_lists_in_the_same_order(catalog, query_string):
    sql, indexed = both(query_string)
    expected = list(sql.qs.values_list("pk", flat=True))
    assert [int(pk) for pk in indexed.listing.ids] == expected
    if sql.interpretation is not None:
        assert indexed.interpretation.relaxed == sql.interpretation.relaxed


@pytest.mark.parametrize("query_string", QUERIES)
def test_the_index_counts_every_facet_option_as_the_sql_does(catalog, query_string):
    sql, indexed = both(query_string)
    sql_facets, sql_extra = sql.facet_counts()
    index_facets, index_extra = indexed.facet_counts()
    assert index_extra == sql_extra
    assert len(index_facets) == len(sql_facets)
    for expected, found in zip(sql_facets, index_facets, strict=True):
        assert found.name == expected.name
        assert (found.any_count, found.unreported_count) == (expected.any_count, expected.unreported_count), found.name
        assert [(o.value, o.label, o.count, o.selected) for o in found.options] == [
            (o.value, o.label, o.count, o.selected) for o in expected.options
        ], found.name
    assert getattr(indexed, "delivery_unknown", None) == getattr(sql, "delivery_unknown", None)


def test_the_counts_are_not_all_zero(catalog):
    """The comparison above would pass on an empty catalog: this one has something to count."""
    _, indexed = both("q=coding")
    facets, extra = indexed.facet_counts()
    assert extra["total"] > 10
    assert sum(option.count for facet in facets for option in facet.options) > 50


def test_the_page_shows_the_index_order_and_the_sql_rank(client, catalog):
    response = client.get("/programs/?q=medical+coding&sort=relevance")
    sql, _ = both("q=medical+coding&sort=relevance")
    expected = list(sql.qs[:20])
    assert list(response.context["page_obj"]) == expected
    assert [program.search_rank for program in response.context["page_obj"]] == pytest.approx(
        [program.search_rank for program in expected]
    )


def test_near_me_cards_carry_the_distance_the_sql_computes(client, catalog):
    response = client.get("/programs/?zip=62701&within=100")
    sql, _ = both("zip=62701&within=100")
    expected = {program.pk: program.distance_miles for program in sql.qs}
    shown = {program.pk: program.distance_miles for program in response.context["page_obj"]}
    assert shown and shown == pytest.approx({pk: expected[pk] for pk in shown})


# The catalog's token


def changes():
    """Every way a listing can change, each with what the list must show afterwards."""
    return {
        "queryset update": lambda program: Program.objects.filter(pk=program.pk).update(status="archived"),
        "raw SQL": lambda program: connection.cursor().execute(
            "UPDATE catalog_program SET status = 'draft' WHERE id = %s", [program.pk]
        ),
        "delete": lambda program: Program.objects.filter(pk=program.pk).delete(),
        "school moved": lambda program: Institution.objects.filter(pk=program.institution_id).update(state="WY"),
        "cip code retitled": lambda program: CIPCode.objects.filter(pk=program.cip_code_id).update(
            title="Renamed field"
        ),
    }


@pytest.mark.parametrize("change", list(changes()))
def test_any_write_to_the_catalog_changes_the_token_and_the_list(client, change):
    program = ProgramFactory(institution=InstitutionFactory(state="TX"), title="Medical Coding")
    before = catalog_token()
    assert [p.pk for p in client.get("/programs/?state=TX").context["page_obj"]] == [program.pk]
    changes()[change](program)
    assert catalog_token() != before
    listed = [p.pk for p in client.get("/programs/?state=TX").context["page_obj"]]
    if change == "cip code retitled":
        options = client.get("/programs/").context["facets_by_name"]["cip_code"].options
        assert [option.label for option in options] == [f"{program.cip_code.code} Renamed field"]
    else:
        assert listed == []


def test_a_new_program_is_listed_at_once(client):
    ProgramFactory(title="Medical Coding")
    build_search_index()
    ProgramFactory(title="Cancer Registry")
    titles = [program.title for program in client.get("/programs/?q=registry").context["page_obj"]]
    assert titles == ["Cancer Registry"]


def test_a_rolled_back_change_leaves_the_token_as_it_was():
    ProgramFactory()
    before = catalog_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        Program.objects.update(title="Changed")
        assert catalog_token() != before  # seen inside the transaction that made it
        raise RuntimeError
    assert catalog_token() == before


def test_the_index_is_kept_while_the_catalog_does_not_change(client):
    ProgramFactory()
    first = build_search_index()
    client.get("/programs/?q=coding")
    assert build_search_index() is first


@pytest.mark.parametrize("count", [3, 30])
def test_building_the_index_costs_the_same_queries_whatever_the_number_of_programs(
    django_assert_max_num_queries, count
):
    """The token, then the published programs with every column, their credentials, their IPEDS fields, the CIP
    codes' occupations and the credentials' names: six, however many programs."""
    credential = CredentialFactory(slug="cpc")
    for _ in range(count):
        program = ProgramFactory()
        program.prepares_for.add(credential)
        ProgramField.objects.create(
            program=program, cip_code=CIPCodeFactory(code="51.0713"), completions_year="2022-23"
        )
        OutcomeFactory(program=program)
    index_module.forget()
    with django_assert_max_num_queries(6):
        index = build_search_index()
    assert len(index) == count
    assert index.link_mask("prepares_for", ["cpc"]).sum() == count


def test_the_facets_offer_the_options_the_sql_offers(catalog):
    sql, indexed = both("")
    indexed.listing  # noqa: B018 - the index brings the options
    assert indexed._option_rows == sql._option_rows
    assert [facet.name for facet in program_facets()] == [facet.name for facet in indexed.facet_counts()[0]]


@pytest.mark.parametrize("state", ["", "TX", "WY"])
def test_the_index_counts_an_occupations_programs_by_code_and_level_as_the_sql_does(catalog, state):
    from catalog.search.index import published_index
    from tests.factories import OccupationFactory

    occupation = OccupationFactory()
    for code in ("51.0713", "51.0799"):  # the second has no programs
        CIPCodeFactory(code=code, title=f"Title {code}").occupations.add(occupation)
    expected = list(CIPCode.objects.with_program_counts_by_level(occupation, state))
    found = published_index().counts_by_code_and_level(occupation.pk, state)
    assert found == expected
    assert any(row["credential_level"] is None for row in found) and sum(row["count"] for row in found) > 10


def test_the_home_pages_counts_by_level_are_the_sqls(catalog, client):
    from catalog.search.index import published_index

    expected = Program.objects.published().count_by_credential_level()
    assert published_index().level_counts() == expected
    assert client.get("/").context["level_counts"] == expected


@pytest.mark.parametrize("wanted_count", [0, 1, 2, 8, 9, 20])
def test_a_coded_column_selects_the_rows_holding_any_wanted_value(wanted_count):
    """Few wanted values are compared one by one, many looked up in a table: both select exactly the rows whose
    value is wanted, values the column lacks included."""
    from catalog.search.index import Coded

    chooser = random.Random(wanted_count)
    column = [f"v{chooser.randrange(30)}" for _ in range(500)]
    coded = Coded.of(column)
    wanted = chooser.sample([f"v{number}" for number in range(40)], wanted_count)

    assert coded.mask(wanted).tolist() == [value in wanted for value in column]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "query_string", ["", "page=2", "page=3&state=TX&state=OH", "credential_level=1&credential_level=2&externship=yes"]
)
def test_the_facets_and_pages_render_the_markup_of_their_old_templates(client, catalog, language, query_string):
    """{% facet_list %} and {% pagination %} replaced a template loop and an include (issue 15): on a real list,
    each gives what those gave (tests/fixtures/markup)."""
    from pathlib import Path

    from django.template import engines

    markup = Path(__file__).resolve().parent.parent / "fixtures" / "markup"
    prefix = "/es" if language == "es" else ""
    response = client.get(f"{prefix}/programs/?{query_string}")
    assert response.status_code == 200
    context = {}
    for layer in reversed(list(response.context)):
        context.update(layer.flatten())
    page = context["page_obj"]
    # The view's page range is a generator, spent by the page: the same range again.
    context["page_range"] = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    context["pages_label"] = "Pages of <programs>"
    engine = engines["django"]

    def render(text):
        with translation.override(language):
            return engine.from_string(text).render(context, request=response.wsgi_request)

    facets = render((markup / "facet_list.html").read_text().removesuffix("\n"))
    assert render("{% load search_filters %}{% facet_list facets %}") == facets
    assert ('class="facet-selected"' in facets) == ("state" in query_string or "credential" in query_string)
    include = (markup / "pagination.html").read_text().replace("{{ label|", "{{ pages_label|")
    pages = render("{% load search_filters %}{% pagination page_obj page_range pages_label %}")
    assert pages == render(include)
    if page.paginator.num_pages > 1:
        assert 'aria-current="page"' in pages and "Pages of &lt;programs&gt;" in pages
    else:
        assert pages == "\n"
