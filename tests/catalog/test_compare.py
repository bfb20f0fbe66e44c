"""Compare up to 10 programs side by side: a cookie list, plain forms, shareable links, differences marked."""

import datetime
import html
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.compare import COOKIE_NAME
from catalog.models import Program
from tests.factories import CredentialFactory, InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def own_list(client):
    cookie = client.cookies.get(COOKIE_NAME)
    return cookie.value.split(".") if cookie and cookie.value else []


def shown_slugs(response):
    return [program.slug for program in response.context["programs"]]


def row_texts(response, key):
    """The cells of one table row, as text, keyed by the row's class compare-row-<key>."""
    content = response.content.decode()
    match = re.search(rf'<tr class="compare-row-{key}[^"]*">(.*?)</tr>', content, re.S)
    assert match, f"no {key} row"
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split()) for cell in cells]


# Adding and removing with plain forms


def test_adding_a_program_keeps_it_in_a_cookie_and_goes_back_to_the_same_place(client):
    program = ProgramFactory()

    response = client.post("/compare/add/", {"program": program.slug, "next": "/programs/?q=coding#compare-x"})

    assert response.status_code == 302
    assert response["Location"] == "/programs/?q=coding#compare-x"
    assert own_list(client) == [program.slug]
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_program_page_offers_add_then_remove_and_a_link_to_the_comparison(client):
    program = ProgramFactory(title="Medical Coding Certificate")
    other = ProgramFactory()

    content = client.get(program.get_absolute_url()).content.decode()
    assert 'action="/compare/add/"' in content
    assert "Add to compare" in content
    assert "Compare (" not in content

    client.post("/compare/add/", {"program": other.slug})
    client.post("/compare/add/", {"program": program.slug})
    response = client.get(program.get_absolute_url())

    text = page_text(response)
    assert "Remove from compare" in text
    assert "Compare (2) programs in your list" in text
    content = response.content.decode()
    assert f'aria-label="Remove from compare: Medical Coding Certificate, {program.institution.name}"' in content
    assert 'action="/compare/remove/"' in content
    assert f'name="next" value="{program.get_absolute_url()}#compare-{program.slug}"' in content
    assert 'href="/compare/"' in content

    client.post("/compare/remove/", {"program": program.slug})
    assert own_list(client) == [other.slug]


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
@pytest.mark.parametrize("header", ["Origin", "Referer"])
def test_compare_forms_sent_from_another_site_are_refused(origin, header):
    from django.test import Client

    program = ProgramFactory()
    client = Client(enforce_csrf_checks=True)
    for action in ("add", "remove", "use"):
        response = client.post(f"/compare/{action}/", {"program": program.slug}, headers={header: origin})
        assert response.status_code == 403
        assert "This form can only be sent from this site." in response.content.decode()
    assert own_list(client) == []


def test_compare_forms_work_from_this_site_without_a_csrf_token_and_only_by_post():
    from django.test import Client

    program = ProgramFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/compare/add/", {"program": program.slug}, headers={"Origin": "http://testserver"})
    assert response.status_code == 302
    assert own_list(client) == [program.slug]
    assert client.get("/compare/add/", {"program": program.slug}).status_code == 405
    assert client.get("/compare/remove/").status_code == 405


def test_public_pages_with_compare_forms_set_no_csrf_cookie_so_they_can_be_cached(client):
    """The forms carry no token, so a page of results is the same for every anonymous visitor."""
    program = ProgramFactory()
    for url in ("/programs/", program.get_absolute_url(), f"/compare/?programs={program.slug}"):
        response = client.get(url)
        assert response.status_code == 200
        assert 'action="/compare/' in response.content.decode()
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies, url


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_a_next_address_off_this_site_goes_to_the_program_page_instead(client, next_url):
    program = ProgramFactory()
    response = client.post("/compare/add/", {"program": program.slug, "next": next_url})
    assert response["Location"] == program.get_absolute_url()


def test_adding_twice_keeps_one_entry(client):
    program = ProgramFactory()
    client.post("/compare/add/", {"program": program.slug})
    client.post("/compare/add/", {"program": program.slug})
    assert own_list(client) == [program.slug]


@pytest.mark.parametrize("slug", ["no-such-program", "draft", "", "bad slug!", "x" * 10000])
def test_adding_an_unknown_or_draft_program_adds_nothing_and_says_so(client, slug):
    ProgramFactory(slug="draft", status=Program.Status.DRAFT)
    response = client.post("/compare/add/", {"program": slug}, follow=True)
    assert response.status_code == 200
    assert "That program is not in the catalog any more, so it was not added." in page_text(response)
    assert own_list(client) == []


def test_an_eleventh_program_is_not_added_and_a_clear_message_says_why(client):
    programs = [ProgramFactory() for _ in range(11)]
    for program in programs[:10]:
        client.post("/compare/add/", {"program": program.slug})
    eleventh = programs[10]

    response = client.post("/compare/add/", {"program": eleventh.slug, "next": "/programs/"}, follow=True)

    assert response.status_code == 200
    assert own_list(client) == [program.slug for program in programs[:10]]
    assert (
        f"Your compare list already has 10 programs, the most that can be compared at once, so “{eleventh.title}” "
        f"at {eleventh.institution.name} was not added. Remove one below, then add it again." in page_text(response)
    )
    assert shown_slugs(response) == [program.slug for program in programs[:10]]


def test_a_tampered_cookie_keeps_only_well_formed_slugs_up_to_ten(client):
    programs = [ProgramFactory() for _ in range(12)]
    client.cookies[COOKIE_NAME] = ".".join(
        ["<script>", programs[0].slug, programs[0].slug] + [p.slug for p in programs]
    )
    response = client.get("/compare/")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?programs=" + ",".join(p.slug for p in programs[:10])


# The comparison page


def test_compare_without_programs_redirects_to_the_shareable_address_of_the_visitors_list(client):
    first, second = ProgramFactory(), ProgramFactory()
    client.post("/compare/add/", {"program": second.slug})
    client.post("/compare/add/", {"program": first.slug})

    response = client.get("/compare/?only=differences")

    assert response.status_code == 302
    assert response["Location"] == f"/compare/?programs={second.slug},{first.slug}&only=differences"
    assert "Cookie" in response["Vary"]


def test_an_empty_list_explains_how_to_add_programs(client):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert "No programs to compare yet. Add up to 10 with the “Add to compare” button" in page_text(response)


def test_a_shared_link_shows_exactly_its_programs_in_order_to_someone_without_the_cookie(client):
    first = ProgramFactory(title="Medical Coding Certificate")
    second = ProgramFactory(title="Health Information Technology")
    ProgramFactory(title="Not asked for")

    response = client.get(f"/compare/?programs={second.slug},{first.slug}")

    assert response.status_code == 200
    assert shown_slugs(response) == [second.slug, first.slug]
    text = page_text(response)
    assert "Not asked for" not in text
    assert "This comparison came from a shared link." in text
    assert "Use this list as my compare list" in text
    content = response.content.decode()
    assert f'aria-label="Leave out of this comparison: Medical Coding Certificate, {first.institution.name}"' in content
    assert f'href="/compare/?programs={second.slug}"' in content  # leaving the first out


def test_using_a_shared_list_makes_it_the_visitors_own(client):
    first, second, mine = ProgramFactory(), ProgramFactory(), ProgramFactory()
    client.post("/compare/add/", {"program": mine.slug})
    assert "Use this list instead of mine" in page_text(client.get(f"/compare/?programs={first.slug},{second.slug}"))

    response = client.post("/compare/use/", {"programs": f"{first.slug},{second.slug},unknown"})

    assert response["Location"] == f"/compare/?programs={first.slug},{second.slug}"
    assert own_list(client) == [first.slug, second.slug]
    page = client.get(response["Location"])
    assert "shared link" not in page_text(page)
    assert page.context["is_own_list"]
    assert 'action="/compare/remove/"' in page.content.decode()


def test_emptying_the_list_deletes_the_cookie(client):
    program = ProgramFactory()
    client.post("/compare/add/", {"program": program.slug})
    response = client.post("/compare/use/", {"programs": ""})
    assert response["Location"] == "/compare/"
    assert own_list(client) == []


@pytest.mark.parametrize(
    "programs,note",
    [
        ("{a},no-such-program", "These are not programs in the catalog (they may have been removed), so they are left"),
        ("{a},draft-one", "so they are left out: “draft-one”."),
        ("{a},{a},{b}", "“{a}” was listed more than once; it is shown once."),
        ("{a},not a slug!", "“not a slug!” is not a program address, so it was left out."),
        ("{a}," + "x" * 10000, "“" + "x" * 60 + "…” is not a program address, so it was left out."),
        ("{a}," + "<script>," * 1200, "1200 entries are not program addresses, so they were left out"),
    ],
)
def test_unusable_entries_are_left_out_with_a_visible_note(client, programs, note):
    a, b = ProgramFactory(slug="first-program"), ProgramFactory(slug="second-program")
    ProgramFactory(slug="draft-one", status=Program.Status.DRAFT)

    response = client.get("/compare/", {"programs": programs.format(a=a.slug, b=b.slug)})

    assert response.status_code == 200
    assert note.format(a=a.slug) in page_text(response)
    assert shown_slugs(response)[0] == a.slug
    assert "<script>" not in response.content.decode()


def test_more_than_ten_programs_shows_the_first_ten_with_a_note(client):
    programs = [ProgramFactory() for _ in range(12)]
    response = client.get("/compare/", {"programs": ",".join(p.slug for p in programs)})
    assert shown_slugs(response) == [p.slug for p in programs[:10]]
    assert "At most 10 programs can be compared at once, so 2 more were left out." in page_text(response)


@pytest.mark.parametrize("programs", ["", ",,,", "zzz", "%00", "a" * 10000])
def test_a_list_with_nothing_usable_shows_the_empty_page_not_an_error(client, programs):
    response = client.get("/compare/", {"programs": programs})
    assert response.status_code == 200
    assert "No programs to compare yet." in page_text(response)


def test_every_comparable_fact_is_a_row_and_differences_are_marked_in_words(client):
    credential = CredentialFactory(abbreviation="CPC")
    school = InstitutionFactory(name="Lakeshore Technical College", city="Cleveland", state="WI", locale="rural")
    online = ProgramFactory(
        institution=school,
        delivery_mode=Program.DeliveryMode.ONLINE,
        length_months=9,
        credit_hours=Decimal("30.0"),
        cost=Decimal("4200.00"),
        cost_year=2025,
        source_note="School catalog",
        admission_prerequisite=Program.Prerequisite.HIGH_SCHOOL,
        externship_offered=True,
        externship_hours=80,
        accreditation=Program.Accreditation.AHIMA_PCAP,
    )
    online.prepares_for.add(credential)
    OutcomeFactory(program=online, median_earnings=41000, median_debt=9000, completers=25)
    blank = ProgramFactory(credential_level=Program.CredentialLevel.BACHELOR)
    OutcomeFactory(program=blank, median_earnings=52000, median_debt=21000, completers=130)

    response = client.get(f"/compare/?programs={online.slug},{blank.slug}")

    assert row_texts(response, "school")[1:] == ["Lakeshore Technical College", blank.institution.name]
    assert row_texts(response, "place")[1:] == ["Cleveland, WI", "Springfield, IL"]
    assert row_texts(response, "delivery") == ["Delivery differs", "Online", "Not reported"]
    assert row_texts(response, "length")[1:] == ["9 months", "Not reported"]
    assert row_texts(response, "cost")[1] == "$4,200 (School catalog, 2025)"
    assert row_texts(response, "externship")[1] == "Yes, 80 hours"
    assert row_texts(response, "prepares_for")[1:] == ["CPC", "Not reported"]
    assert row_texts(response, "median_earnings") == [
        "Graduates’ median earnings differs",
        "$41,000 (4 years after completing)",
        "$52,000 (4 years after completing) highest",
    ]
    assert row_texts(response, "median_debt")[1:] == ["$9,000 lowest", "$21,000"]
    assert row_texts(response, "completers")[1:] == ["25", "130 most"]
    assert row_texts(response, "premium_test") == [
        "Earnings-premium test",
        "Passes (state threshold $36,000)",
        "Passes (state threshold $36,000)",
    ]
    assert row_texts(response, "outcome_source")[1] == "College Scorecard field of study data, June 10, 2026"
    content = response.content.decode()
    assert '<div class="table-scroll compare-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">' in (
        content
    )
    assert '<caption id="compare-caption">' in content
    assert content.count('<th scope="col">') == 3


def test_only_differences_hides_the_rows_that_are_the_same(client):
    first = ProgramFactory(length_months=9)
    second = ProgramFactory(length_months=18)
    OutcomeFactory(program=first)
    OutcomeFactory(program=second)
    everything = client.get(f"/compare/?programs={first.slug},{second.slug}")
    assert f'href="/compare/?programs={first.slug},{second.slug}&amp;only=differences"' in everything.content.decode()

    response = client.get(f"/compare/?programs={first.slug},{second.slug}&only=differences")

    keys = [row.key for row in response.context["rows"]]
    # The source of the outcome figures stays, the same or not: it is their citation.
    assert keys == ["school", "length", "outcome_source"]
    assert row_texts(response, "length")[1:] == ["9 months shortest", "18 months"]
    assert "Show all rows" in page_text(response)
    assert "rows that are the same for every program are hidden" in page_text(response)


def test_an_unknown_only_value_shows_every_row_with_a_note(client):
    first, second = ProgramFactory(), ProgramFactory()
    response = client.get(f"/compare/?programs={first.slug},{second.slug}&only=" + "z" * 5000)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 21
    assert "is not a way to filter rows, so every row is shown." in page_text(response)


def test_ties_and_lone_figures_get_no_best_tag(client):
    first, second, third = ProgramFactory(), ProgramFactory(), ProgramFactory()
    OutcomeFactory(program=first, median_earnings=40000, median_debt=None)
    OutcomeFactory(program=second, median_earnings=40000, median_debt=9000)
    OutcomeFactory(program=third, median_earnings=None, median_debt=None)
    response = client.get(f"/compare/?programs={first.slug},{second.slug},{third.slug}")
    assert "highest" not in " ".join(row_texts(response, "median_earnings"))
    assert "lowest" not in " ".join(row_texts(response, "median_debt"))


def test_each_column_uses_its_newest_release_for_every_outcome_figure(client):
    program = ProgramFactory()
    OutcomeFactory(program=program, median_earnings=30000, release_date=datetime.date(2024, 1, 15))
    OutcomeFactory(program=program, median_earnings=None, median_debt=7000, release_date=datetime.date(2026, 6, 10))
    response = client.get(f"/compare/?programs={program.slug}")
    assert row_texts(response, "median_earnings")[1] == "Not reported"
    assert row_texts(response, "median_debt")[1] == "$7,000"
    assert row_texts(response, "outcome_source")[1] == "College Scorecard field of study data, June 10, 2026"


@pytest.mark.parametrize("count", [2, 10])
def test_compare_query_count_does_not_grow_with_the_programs(client, django_assert_max_num_queries, count):
    """Guards against N+1 queries: 10 programs with outcomes and credentials cost the same queries as 2."""
    programs = []
    for _ in range(count):
        program = ProgramFactory()
        OutcomeFactory(program=program)
        OutcomeFactory(program=program, release_date=datetime.date(2020, 1, 1))
        program.prepares_for.add(CredentialFactory(), CredentialFactory())
        programs.append(program)
    client.cookies[COOKIE_NAME] = ".".join(p.slug for p in programs)
    with django_assert_max_num_queries(3):
        response = client.get("/compare/", {"programs": ",".join(p.slug for p in programs)})
    assert len(response.context["programs"]) == count


def test_compare_in_the_bundled_data_shows_real_figures_with_their_source(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    slugs = ["university-of-alabama-at-birmingham-bachelor", "university-of-alabama-at-birmingham-master"]

    response = client.get("/compare/", {"programs": ",".join(slugs)})

    assert shown_slugs(response) == slugs
    assert row_texts(response, "median_earnings")[1:] == [
        "$53,021 (4 years after completing)",
        "$136,395 (4 years after completing) highest",
    ]
    assert row_texts(response, "delivery")[1:] == ["Not reported", "Not reported"]
    assert row_texts(response, "outcome_source")[1] == "College Scorecard field-of-study data, CIP 51.07, June 10, 2026"


@pytest.mark.parametrize("print_view", [{}, {"print": "1"}])
def test_a_shared_comparison_of_10_programs_costs_3_queries_on_screen_and_on_paper(
    client, django_assert_max_num_queries, print_view
):
    """Guards against N+1 queries for an anonymous visitor with no cookie: a shared link to 10 programs, each with
    releases and credentials, costs the programs, their outcomes and their credentials."""
    programs = []
    for _ in range(10):
        program = ProgramFactory()
        OutcomeFactory(program=program)
        OutcomeFactory(program=program, release_date=datetime.date(2020, 1, 1))
        program.prepares_for.add(CredentialFactory(), CredentialFactory())
        programs.append(program)
    with django_assert_max_num_queries(3):
        response = client.get("/compare/", {"programs": ",".join(p.slug for p in programs), **print_view})
    assert response.status_code == 200
    assert len(response.context["programs"]) == 10


def test_compare_shows_each_schools_yearly_tuition_with_source_and_marks_the_lowest(client):
    def priced(tuition_in, tuition_out):
        return ProgramFactory(
            institution=InstitutionFactory(
                tuition_in_state=tuition_in,
                tuition_out_of_state=tuition_out,
                tuition_year="2018-19",
                tuition_source="College Scorecard",
            )
        )

    first, second, third = priced(9744, 18354), priced(21000, 21000), ProgramFactory()
    response = client.get(f"/compare/?programs={first.slug},{second.slug},{third.slug}")

    row = next(row for row in response.context["rows"] if row.key == "tuition")
    assert [cell.text for cell in row.cells] == [
        "$9,744 in-state, $18,354 out-of-state (College Scorecard, 2018-19)",
        "$21,000 in-state and out-of-state (College Scorecard, 2018-19)",
        "",
    ]
    assert [cell.best for cell in row.cells] == [True, False, False]


# The compare table's rows as a template loop rendered them, before {% compare_row %} (issue 15).
MARKUP = Path(__file__).resolve().parent.parent / "fixtures" / "markup"
ROW_LOOP = (MARKUP / "compare_rows.html").read_text().removesuffix("\n")
ROW_TAG = "{% load compare_table %}{% for row in rows %}{% compare_row row not_reported %}{% endfor %}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_compare_row_is_the_markup_the_template_loop_gave(language):
    from django.template import engines
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from catalog.compare import Cell, Row

    rows = [
        Row(
            "cost",
            gettext_lazy("Cost"),
            [Cell("$1,200", number=1200), Cell("$900", number=900), Cell("")],
            best_label=gettext_lazy("lowest"),
            best_is_lowest=True,
        ),
        Row("school", 'School <&> "quoted"', [Cell("A & B", url="/schools/a/?x=1&y=2"), Cell("A & B", url="/b/")]),
        Row("months", gettext_lazy("Length"), [Cell(12, number=12), Cell(12, number=12)], best_label="shortest"),
    ]
    for row in rows:
        row.mark_best()
    context = {"rows": rows, "not_reported": "Not <reported>"}
    engine = engines["django"]
    with translation.override(language):
        expected = engine.from_string(ROW_LOOP).render(context)
        shown = engine.from_string(ROW_TAG).render(context)

    assert shown == expected
    assert "row-differs" in shown and "tag-best" in shown and "&lt;&amp;&gt;" in shown and "/b/" in shown


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("own", [True, False])
def test_the_compare_columns_are_the_markup_their_loop_gave(client, language, own):

    from django.template import engines
    from django.utils import translation

    programs = [
        ProgramFactory(title="Coding & <Billing>", institution=InstitutionFactory(name='A "Quoted" College')),
        ProgramFactory(title="Health Information"),
    ]
    for program in programs:
        client.post("/compare/add/", {"program": program.slug})
    # A shared comparison: the same programs in another order, which is not the visitor's own list.
    shared = ",".join(program.slug for program in reversed(programs))
    prefix = "/es" if language == "es" else ""
    response = client.get(
        f"{prefix}/compare/" if own else f"{prefix}/compare/?programs={shared}&only=differences", follow=True
    )
    context = {}
    for layer in reversed(list(response.context)):
        context.update(layer.flatten())
    assert context["is_own_list"] is own
    markup = MARKUP / "compare_columns.html"
    engine = engines["django"]
    with translation.override(language):
        shown = engine.from_string("{% load compare_table %}{% compare_columns columns is_own_list return_url %}")
        expected = engine.from_string(markup.read_text().removesuffix("\n")).render(context)
        assert shown.render(context) == expected
    assert ("<form" in expected) is own and "Coding &amp; &lt;Billing&gt;" in expected
