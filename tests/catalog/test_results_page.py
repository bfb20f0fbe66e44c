"""The results page: cards with every fact and its source, 20 to a page, accessible controls, constant queries."""

import datetime
import html
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from catalog.models import Program
from tests.factories import CredentialFactory, InstitutionFactory, OutcomeFactory, ProgramFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


class FormAudit(HTMLParser):
    """Collects the inputs, labels, ids, fieldsets and details of a page."""

    def __init__(self):
        super().__init__()
        self.inputs, self.label_targets, self.ids = [], set(), []
        self.fieldsets = self.legends = self.details = self.summaries = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("input", "select") and attrs.get("type") != "hidden":
            self.inputs.append(attrs)
        if tag == "label":
            self.label_targets.add(attrs.get("for"))
        self.fieldsets += tag == "fieldset"
        self.legends += tag == "legend"
        self.details += tag == "details"
        self.summaries += tag == "summary"


def test_a_card_shows_every_fact_with_its_source_and_year(client):
    school = InstitutionFactory(
        name="Lakeshore Technical College",
        city="Cleveland",
        state="WI",
        tuition_in_state=4581,
        tuition_out_of_state=6498,
        tuition_year="2018-19",
        tuition_source="College Scorecard",
    )
    program = ProgramFactory(
        institution=school,
        title="Medical Coding Certificate",
        credential_level=1,
        delivery_mode="online",
        length_months=9,
        cost=Decimal("4200.00"),
        cost_year=2025,
        source_note="School catalog",
    )
    OutcomeFactory(program=program, median_earnings=41000, median_debt=9000, release_date=datetime.date(2026, 6, 10))

    response = client.get("/programs/")

    text = page_text(response)
    assert "Lakeshore Technical College, Cleveland, WI" in text
    assert "Undergraduate certificate or diploma Online 9 months Program cost: $4,200 (School catalog, 2025)" in text
    # The school-wide yearly figure comes after the program's own cost, labelled for what it is.
    assert (
        "School’s tuition and fees per year: $4,581 in-state, $6,498 out-of-state (College Scorecard, 2018-19)" in text
    )
    assert text.index("Program cost:") < text.index("School’s tuition and fees per year:")
    earnings = "$41,000 (College Scorecard field of study data, June 10, 2026)"
    assert f"Graduates’ median earnings 4 years after completing: {earnings}" in text
    assert "Median debt: $9,000 (College Scorecard field of study data, June 10, 2026)" in text
    content = response.content.decode()
    card = re.search(r'<article class="card">(.*?)</article>', content, re.DOTALL).group(1)
    assert "not reported" not in card.lower() and "card-gaps" not in card
    assert f'<a href="{school.get_absolute_url()}">Lakeshore Technical College</a>' in content
    assert f'<a href="{program.get_absolute_url()}">Medical Coding Certificate</a>' in content


def test_a_card_names_what_is_not_reported_in_one_line(client):
    ProgramFactory()
    response = client.get("/programs/")
    text = page_text(response)
    assert (
        "Associate's degree Not yet reported by the school: delivery, length, program cost. "
        "No earnings or debt figures published yet." in text
    )
    card = re.search(r'<article class="card">(.*?)</article>', response.content.decode(), re.DOTALL).group(1)
    assert card.count('<p class="card-gaps">') == 1
    assert "Delivery not reported" not in text and "Median debt: not reported" not in text


def test_a_card_names_only_the_facts_it_lacks(client):
    program = ProgramFactory(delivery_mode="online", length_months=9)
    OutcomeFactory(program=program, median_earnings=41000, median_debt=None)
    text = page_text(client.get("/programs/"))
    assert "Not yet reported by the school: program cost. No debt figures published yet." in text


def test_the_debt_shown_is_the_newest_release_that_reports_debt(client):
    program = ProgramFactory()
    OutcomeFactory(program=program, median_debt=7000, release_date=datetime.date(2024, 1, 1))
    OutcomeFactory(program=program, median_debt=None, release_date=datetime.date(2026, 6, 10))
    text = page_text(client.get("/programs/"))
    assert "Median debt: $7,000 (College Scorecard field of study data, Jan. 1, 2024)" in text


def test_every_card_has_the_compare_control(client):
    for _ in range(3):
        ProgramFactory()
    content = client.get("/programs/").content.decode()
    assert content.count('class="compare-control"') == 3
    assert content.count(">Add to compare<") == 3


def test_results_come_20_to_a_page_with_prev_and_next_links(client):
    for index in range(45):
        ProgramFactory(institution=InstitutionFactory(name=f"College {index:02d}"))
    response = client.get("/programs/?state=IL&page=2")
    assert len(response.context["page_obj"].object_list) == 20
    content = response.content.decode()
    assert 'href="?state=IL&amp;page=1" rel="prev">Previous<span class="visually-hidden"> page</span>' in content
    assert 'href="?state=IL&amp;page=3" rel="next">Next<span class="visually-hidden"> page</span>' in content
    assert '<a href="?state=IL&amp;page=2" aria-current="page">' in content
    assert "45 programs. Page 2 of 3." in page_text(response)
    assert "<title>Programs in Illinois (page 2) | Medical Coding Catalog</title>" in content


def test_every_control_has_a_label_each_group_a_fieldset_and_ids_are_unique(client):
    ProgramFactory(delivery_mode="online")
    CredentialFactory()
    audit = FormAudit()
    audit.feed(client.get("/programs/?zip=77002").content.decode())
    unlabelled = [attrs for attrs in audit.inputs if attrs.get("id") not in audit.label_targets]
    assert unlabelled == []
    assert len(audit.inputs) > 30
    assert audit.fieldsets == audit.legends >= 14
    # No program is near 77002, so no facet is collapsed: every group stays, to widen the search from.
    assert audit.details == audit.summaries == 15
    assert len(audit.ids) == len(set(audit.ids))


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "?state=IL&credential_level=2&delivery=online&cost_max=50000&prepares_for=cpc&out_earns=yes",
        "?zip=62701&within=100&include_online=1&sort=-earnings",
        "?q=medcal+codng+billing&sort=-completers&page=2",
        "?q=medcal+codng+billing&credential_level=2&state=IL&delivery=online&sort=cost",
        "?q=medcal+codng+billing&credential_level=2&state=IL&delivery=online&sort=-debt_to_earnings&print=1",
    ],
)
def test_query_count_does_not_grow_with_results_or_filters(client, django_assert_max_num_queries, count, query_string):
    """Guards against N+1 queries: 3 or 30 results, with or without facets and a ZIP code, cost the same.

    At most six, counted once the search index is built: the catalog's token (with the matches of the search's
    words), the spelling lookup, the index again when a credential is checked before the search is read, the
    page, and its outcomes (one prefetch for earnings, debt, and the figure sorted on when it is another one).
    """
    credential = CredentialFactory(slug="cpc")
    for index in range(count):
        program = ProgramFactory(
            institution=InstitutionFactory(latitude=Decimal("39.8"), longitude=Decimal("-89.65")),
            title=f"Medical Coding {index}",
            delivery_mode="online",
            cost=Decimal(4000),
            cost_year=2025,
        )
        program.prepares_for.add(credential)
        OutcomeFactory(program=program)
    build_search_index()
    with django_assert_max_num_queries(6):
        response = client.get("/programs/" + query_string)
    assert response.status_code == 200
    on_page_two = "page=2" in query_string and count > 20  # page 2 of 3 results shows page 1, with a note
    shown = count - 20 if on_page_two else min(count, 20)
    assert len(response.context["page_obj"]) == (count if "print=1" in query_string else shown)  # print: up to 50


@pytest.mark.parametrize("print_view", [False, True])
def test_a_text_search_with_three_facets_sorted_by_cost_costs_at_most_six_queries(
    client, django_assert_max_num_queries, print_view
):
    """Issue 9's worst common case: a misspelt text search, three facets and the cost sort, on 30 matches.

    At most six once the search index is built: the token and the words' matches, the spelling lookup, the page
    and its outcomes; with 30 matches a query per card would show.
    """
    CredentialFactory(slug="cpc")
    for index in range(40):
        program = ProgramFactory(
            institution=InstitutionFactory(state="IL" if index < 30 else "OH"),
            title=f"Medical Coding {index}",
            delivery_mode="online",
            cost=Decimal(9000 - index * 100),
            cost_year=2025,
        )
        OutcomeFactory(program=program, median_debt=8000, release_date=datetime.date(2024, 6, 10))
        OutcomeFactory(program=program, median_debt=None)  # the newest release reports earnings only
    query = "?q=medcal+codng&credential_level=2&state=IL&delivery=online&sort=cost"
    build_search_index()
    with django_assert_max_num_queries(6):
        response = client.get("/programs/" + query + ("&print=1" if print_view else ""))
    programs = list(response.context["page_obj"])
    assert len(programs) == (30 if print_view else 20)
    assert [program.cost for program in programs] == sorted(program.cost for program in programs)
    assert {program.institution.state for program in programs} == {"IL"}
    assert response.context["page_obj"].paginator.count == 30
    if not print_view:  # each card's figure comes from the newest release that reports it
        text = page_text(response)
        source = "College Scorecard field of study data"
        assert text.count(f"Median debt: $8,000 ({source}, June 10, 2024)") == 20
        assert text.count(f"4 years after completing: $41,000 ({source}, June 10, 2026)") == 20


def test_the_bundled_data_lists_every_program_honestly(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    response = client.get("/programs/")
    text = page_text(response)
    assert "3,752 programs. Page 1 of 188." in text
    assert len(response.context["page_obj"]) == 20
    # Each card says in one line what its school has not reported; most show a price.
    assert text.count("Not yet reported by the school: delivery, length, program cost.") == 20
    priced = [program for program in response.context["page_obj"] if program.institution.has_tuition]
    assert len(priced) >= 10
    assert text.count("School’s tuition and fees per year:") == len(priced)
    texas = client.get("/programs/?state=TX&credential_level=2&q=coding")
    assert texas.status_code == 200
    assert texas.context["heading"] == "Associate's degree programs in Texas matching “coding”"
    assert all(p.institution.state == "TX" and p.credential_level == 2 for p in texas.context["page_obj"])
    assert Program.objects.published().count() == 3752
