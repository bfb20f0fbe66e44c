"""Filters on the program list: each narrows the list as it says, lives in the URL, and bad values never break it."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from catalog.models import Institution, Program
from tests.factories import (
    CIPCodeFactory,
    CredentialFactory,
    InstitutionFactory,
    OutcomeFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def titles(client, query_string):
    response = client.get("/programs/" + query_string)
    assert response.status_code == 200
    return sorted(program.title for program in response.context["page_obj"].object_list)


@pytest.fixture
def catalog():
    """Six programs, each standing out on one or two facts."""
    texas = InstitutionFactory(name="Lone Star College", city="Houston", state="TX", ownership="public", locale="city")
    ohio = InstitutionFactory(
        name="Buckeye Career Institute",
        city="Columbus",
        state="OH",
        ownership=Institution.Ownership.PRIVATE_FOR_PROFIT,
        locale="suburb",
    )
    rural = InstitutionFactory(
        name="Prairie Tech", city="Hays", state="KS", ownership=Institution.Ownership.PRIVATE_NONPROFIT, locale="rural"
    )
    coder = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    cpc = CredentialFactory(abbreviation="CPC", slug="cpc", name="Certified Professional Coder")
    online = ProgramFactory(
        institution=texas,
        title="Online Coding Certificate",
        credential_level=1,
        delivery_mode="online",
        cost=Decimal("3000.00"),
        cost_year=2025,
        length_months=9,
        externship_offered=False,
        admission_prerequisite="high_school",
        cip_code=coder,
    )
    online.prepares_for.add(cpc)
    ProgramFactory(
        institution=texas,
        title="Health Information Technology AAS",
        credential_level=2,
        delivery_mode="hybrid",
        cost=Decimal("12000.00"),
        cost_year=2025,
        length_months=24,
        accreditation="cahiim",
        externship_offered=True,
    )
    ProgramFactory(
        institution=ohio,
        title="Medical Billing Diploma",
        credential_level=1,
        delivery_mode="on_campus",
        cost=Decimal("15000.00"),
        cost_year=2024,
        length_months=12,
        accreditation="ahima_pcap",
        admission_prerequisite="none",
    )
    premium = ProgramFactory(institution=ohio, title="Health Information Management BS", credential_level=3)
    OutcomeFactory(program=premium, earns_more_than_hs_graduates=False, release_date=datetime.date(2020, 1, 1))
    OutcomeFactory(program=premium, earns_more_than_hs_graduates=True, release_date=datetime.date(2026, 6, 10))
    no_premium = ProgramFactory(institution=rural, title="Rural Coding Certificate", credential_level=1)
    OutcomeFactory(program=no_premium, earns_more_than_hs_graduates=True, release_date=datetime.date(2020, 1, 1))
    OutcomeFactory(program=no_premium, earns_more_than_hs_graduates=False, release_date=datetime.date(2026, 6, 10))
    unknown = ProgramFactory(institution=rural, title="Rural Billing Certificate", credential_level=1)
    OutcomeFactory(program=unknown, earns_more_than_hs_graduates=None, median_earnings=None)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "query_string,expected",
    [
        (
            "?credential_level=1",
            [
                "Medical Billing Diploma",
                "Online Coding Certificate",
                "Rural Billing Certificate",
                "Rural Coding Certificate",
            ],
        ),
        (
            "?credential_level=2&credential_level=3",
            ["Health Information Management BS", "Health Information Technology AAS"],
        ),
        ("?delivery=online", ["Online Coding Certificate"]),
        ("?delivery=online&delivery=hybrid", ["Health Information Technology AAS", "Online Coding Certificate"]),
        ("?ownership=private_for_profit", ["Health Information Management BS", "Medical Billing Diploma"]),
        (
            "?state=KS&state=TX&credential_level=1",
            ["Online Coding Certificate", "Rural Billing Certificate", "Rural Coding Certificate"],
        ),
        ("?locale=rural", ["Rural Billing Certificate", "Rural Coding Certificate"]),
        ("?accreditation=cahiim", ["Health Information Technology AAS"]),
        ("?accreditation=ahima_pcap", ["Medical Billing Diploma"]),
        ("?externship=yes", ["Health Information Technology AAS"]),
        ("?externship=no", ["Online Coding Certificate"]),
        ("?prerequisite=high_school", ["Online Coding Certificate"]),
        ("?cost_min=3000&cost_max=12000", ["Health Information Technology AAS", "Online Coding Certificate"]),
        ("?cost_max=$12,000", ["Health Information Technology AAS", "Online Coding Certificate"]),
        ("?cost_min=12000.01", ["Medical Billing Diploma"]),
        ("?length_max=12", ["Medical Billing Diploma", "Online Coding Certificate"]),
        ("?length_min=10&length_max=30", ["Health Information Technology AAS", "Medical Billing Diploma"]),
        ("?cip_code=51.0713", ["Online Coding Certificate"]),
        ("?prepares_for=cpc", ["Online Coding Certificate"]),
        # The newest release's verdict counts, not an older one.
        ("?out_earns=yes", ["Health Information Management BS"]),
        ("?out_earns=no", ["Rural Coding Certificate"]),
        (
            "?out_earns=unknown&credential_level=1",
            ["Medical Billing Diploma", "Online Coding Certificate", "Rural Billing Certificate"],
        ),
    ],
)
def test_each_filter_narrows_the_list_to_the_programs_it_names(client, query_string, expected):
    assert titles(client, query_string) == expected


@pytest.mark.usefixtures("catalog")
def test_the_form_shows_what_is_selected_so_the_url_alone_holds_the_state(client):
    content = client.get(
        "/programs/?state=TX&credential_level=1&externship=no&cost_max=12000&q=coding"
    ).content.decode()
    assert re.search(r'<input type="checkbox" id="id_state_\d+" name="state" value="TX" checked>', content)
    assert re.search(
        r'<input type="checkbox" id="id_credential_level_\d+" name="credential_level" value="1" checked>', content
    )
    assert re.search(r'<input type="radio" id="id_externship_\d+" name="externship" value="no" checked>', content)
    assert 'name="cost_max" size="8" value="12000"' in content
    assert 'name="q" maxlength="200" value="coding"' in content
    assert '<form class="program-filters" id="program-filters" role="search" method="get"' in content


@pytest.mark.usefixtures("catalog")
def test_every_active_filter_has_a_chip_that_removes_only_itself_and_a_clear_all_link(client):
    response = client.get("/programs/?state=TX&state=KS&credential_level=1&cost_max=12000")
    content = response.content.decode()
    chips = {chip["value"]: chip["query"] for chip in response.context["chips"]}
    assert chips == {
        "Texas": "credential_level=1&state=KS&cost_max=12000",
        "Kansas": "credential_level=1&state=TX&cost_max=12000",
        "Undergraduate certificate or diploma": "state=TX&state=KS&cost_max=12000",
        "up to $12,000": "credential_level=1&state=TX&state=KS",
    }
    assert (
        '<a class="chip" href="?credential_level=1&amp;state=KS&amp;cost_max=12000">'
        '<span class="visually-hidden">Remove filter </span>State: Texas <span aria-hidden="true">×</span></a>'
    ) in content
    assert '<a class="chip-clear" href="/programs/">Clear all</a>' in content
    assert sorted(p.title for p in client.get("/programs/?" + chips["up to $12,000"]).context["page_obj"]) == [
        "Online Coding Certificate",
        "Rural Billing Certificate",
        "Rural Coding Certificate",
    ]


def test_no_chips_and_no_clear_all_without_filters(client):
    ProgramFactory()
    content = client.get("/programs/").content.decode()
    assert "Clear all" not in content
    assert 'class="chip"' not in content


@pytest.mark.usefixtures("catalog")
def test_title_and_heading_say_what_the_list_is(client):
    response = client.get("/programs/?credential_level=2&state=TX&q=health")
    content = response.content.decode()
    assert "<h1>Associate&#x27;s degree programs in Texas matching “health”</h1>" in content
    assert (
        "<title>Associate&#x27;s degree programs in Texas matching “health” | Medical Coding Catalog</title>" in content
    )
    two = client.get("/programs/?state=TX&state=OH").context["heading"]
    assert two == "Programs in Texas and Ohio"
    assert client.get("/programs/?state=TX&state=OH&state=KS").context["heading"] == "Programs in 3 states"
    # A state typed in the search joins the heading's states and leaves the quoted text.
    assert client.get("/programs/?q=coding+in+Ohio").context["heading"] == "Programs in Ohio matching “coding”"
    assert client.get("/programs/?q=Ohio").context["heading"] == "Programs in Ohio"
    both = client.get("/programs/?q=billing+TX+or+OH").context["heading"]
    assert both == "Programs in Texas and Ohio matching “billing”"


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "query_string,note,expected_count",
    [
        ("?state=ZZ", "State: “ZZ” is not one of the choices, so it was ignored.", 6),
        ("?state=ZZ&state=KS", "State: “ZZ” is not one of the choices, so it was ignored.", 2),
        ("?delivery=teleport", "Delivery: “teleport” is not one of the choices, so it was ignored.", 6),
        ("?externship=maybe", "Externship: “maybe” is not one of the choices, so it was ignored.", 6),
        ("?cip_code=99.9999", "Field of study (CIP code): “99.9999” is not one of the choices, so it was ignored.", 6),
        ("?prepares_for=nope", "Prepares for the credential: “nope” is not one of the choices, so it was ignored.", 6),
        ("?cost_max=abc", "Cost up to: “abc” is not an amount from $0 to $1,000,000, so it was ignored.", 6),
        ("?cost_min=-5", "Cost from: “-5” is not an amount from $0 to $1,000,000, so it was ignored.", 6),
        ("?cost_max=1e400", "Cost up to: “1e400” is not an amount from $0 to $1,000,000, so it was ignored.", 6),
        ("?cost_max=NaN", "Cost up to: “NaN” is not an amount from $0 to $1,000,000, so it was ignored.", 6),
        ("?cost_max=" + "9" * 40, "Cost up to: “" + "9" * 40 + "” is not an amount", 6),
        ("?length_max=99999999999999999999999", "Length up to (months): “99999999999999999999999” is not a number", 6),
        (
            "?cost_min=9000&cost_max=1000",
            "Cost: the lowest value (9000) is above the highest (1000), so this range was ignored.",
            6,
        ),
        (
            "?cost_max=1&cost_max=3000",
            "Cost up to was given more than once, so only the last value (“3000”) was used.",
            1,
        ),
        ("?sort=sideways", "Sort by: “sideways” is not one of the choices, so it was ignored.", 6),
        ("?within=7&zip=77002", "Distance: “7” is not one of the choices, so it was ignored.", 0),
        (
            "?utm_source=mail&colour=red",
            "This page does not use these parts of the address, so they were ignored: utm_source, colour.",
            6,
        ),
        ("?state=%00", "State: “” is not one of the choices, so it was ignored.", 6),
        ("?sort=distance", "“Nearest first” needs a ZIP code, so the results are sorted by school name, a to z.", 6),
        ("?sort=relevance", "“Best match” needs search words, so the results are sorted by school name, a to z.", 6),
    ],
)
def test_bad_values_are_ignored_with_a_visible_note(client, query_string, note, expected_count):
    response = client.get("/programs/" + query_string)
    assert response.status_code == 200
    assert note in page_text(response)
    assert response.context["paginator"].count == expected_count


@pytest.mark.usefixtures("catalog")
def test_repeated_choices_count_once_and_need_no_note(client):
    response = client.get("/programs/?state=TX&state=TX")
    assert response.context["paginator"].count == 2
    assert response.context["ignored_notes"] == []
    assert [chip["value"] for chip in response.context["chips"]] == ["Texas"]


@pytest.mark.usefixtures("catalog")
def test_a_search_of_ten_thousand_characters_is_ignored_with_a_note_and_not_echoed(client):
    response = client.get("/programs/", {"q": "medical " * 1250})
    assert response.status_code == 200
    assert "Your search text could not be used" in page_text(response)
    assert "medical medical medical" not in response.content.decode()
    assert response.context["paginator"].count == 6


@pytest.mark.usefixtures("catalog")
def test_ignored_values_are_left_out_of_the_links_the_page_builds(client):
    response = client.get("/programs/?state=ZZ&state=TX&cost_max=abc&foo=bar&sort=-cost")
    assert response.context["export_href"] == "/programs/export.csv?state=TX&sort=-cost"
    assert response.context["hidden_for_sort"] == [("state", "TX")]
    assert [chip["query"] for chip in response.context["chips"]] == ["sort=-cost"]


def test_the_export_link_carries_the_current_filters_and_sort(client):
    ProgramFactory(institution=InstitutionFactory(state="TX"))
    content = client.get("/programs/?state=TX&sort=-earnings&page=1").content.decode()
    assert (
        '<a href="/programs/export.csv?state=TX&amp;sort=-earnings" download>Download these results (CSV)</a>'
        in content
    )


def test_the_filterset_alone_gives_the_list_in_the_pages_order(rf):
    """The CSV export builds ProgramFilter itself: its .qs must already be filtered and sorted."""
    from django.http import QueryDict

    from catalog.search.filters import ProgramFilter

    cheap = ProgramFactory(institution=InstitutionFactory(state="TX"), cost=Decimal(100), cost_year=2025)
    dear = ProgramFactory(institution=InstitutionFactory(state="TX"), cost=Decimal(900), cost_year=2025)
    ProgramFactory(institution=InstitutionFactory(state="OH"), cost=Decimal(500), cost_year=2025)
    ProgramFactory(institution=InstitutionFactory(state="TX"), status=Program.Status.DRAFT)

    filterset = ProgramFilter(QueryDict("state=TX&sort=-cost"), queryset=Program.objects.published())
    assert list(filterset.qs) == [dear, cheap]
    unbound = ProgramFilter(None, queryset=Program.objects.published())
    assert unbound.qs.count() == 3


def test_the_tuition_range_keeps_schools_whose_yearly_in_state_figure_is_within_it(client):
    def school(tuition):
        return InstitutionFactory(
            tuition_in_state=tuition,
            tuition_out_of_state=None if tuition is None else tuition + 10000,
            tuition_year="" if tuition is None else "2018-19",
            tuition_source="" if tuition is None else "College Scorecard",
        )

    cheap, dear, unknown = (ProgramFactory(institution=school(tuition)) for tuition in (3900, 18000, None))

    response = client.get("/programs/?tuition_max=5000")
    assert list(response.context["page_obj"]) == [cheap]
    chips = [(chip["label"], chip["value"]) for chip in response.context["chips"]]
    assert ("Tuition per year", "up to $5,000") in chips
    assert list(client.get("/programs/?tuition_min=4,000").context["page_obj"]) == [dear]
    # Unknown tuition sorts last either way, and is counted for the range's hint.
    assert list(client.get("/programs/?sort=-tuition").context["page_obj"]) == [dear, cheap, unknown]
    assert list(client.get("/programs/?sort=tuition").context["page_obj"]) == [cheap, dear, unknown]
    page = client.get("/programs/")
    assert page.context["ranges"]["tuition"]["unreported"] == 1
    assert "The school’s tuition is not known for 1 program, left out when you give a range." in page.content.decode()


def test_a_tuition_bound_that_is_not_an_amount_is_ignored_with_a_note(client):
    ProgramFactory()
    response = client.get("/programs/?tuition_max=cheap")
    assert response.status_code == 200
    assert (
        "Tuition per year up to: “cheap” is not an amount from $0 to $1,000,000, so it was ignored."
        in (response.context["ignored_notes"])
    )


@pytest.mark.django_db
def test_search_forms_share_their_fixed_fields_but_check_database_choices_against_their_own_list():
    from django.utils.translation import override

    from catalog.search.filters import ProgramFilter

    coding = ProgramFactory(cip_code=CIPCodeFactory(code="51.0713"))
    records = ProgramFactory(cip_code=CIPCodeFactory(code="51.0707"))
    first = ProgramFilter({"cip_code": "51.0713", "state": ["OH"]}, queryset=Program.objects.filter(pk=coding.pk))
    second = ProgramFilter({"cip_code": "51.0713"}, queryset=Program.objects.filter(pk=records.pk))
    # One form class, its fixed fields shared rather than copied per request ...
    assert type(first.form) is type(second.form)
    assert first.form.fields["state"].widget is second.form.fields["state"].widget
    # ... but a list of CIP codes of each search's own.
    assert first.form.fields["cip_code"] is not second.form.fields["cip_code"]
    assert first.cleaned["cip_code"] == "51.0713" and first.cleaned["state"] == ["OH"]
    assert "cip_code" in second.form.errors
    assert first.form.fields["cip_code"].choices == [("", "---------"), ("51.0713", "51.0713 " + coding.cip_code.title)]
    # Each language its own class, its labels in that language.
    with override("es"):
        spanish = ProgramFilter({}, queryset=Program.objects.all())
        assert type(spanish.form) is not type(first.form)
        assert str(spanish.form.fields["zip"].label) == "Código postal (ZIP)"


def test_each_search_has_its_own_filters_sharing_only_what_no_request_changes():
    import django_filters

    from catalog.search.filters import ProgramFilter, _SharedFilters

    first = ProgramFilter({}, queryset=Program.objects.all())
    second = ProgramFilter({}, queryset=Program.objects.all())
    for name, filter_ in first.filters.items():
        other = second.filters[name]
        assert filter_ is not other and filter_.extra is not other.extra
        assert filter_.parent is first and other.parent is second
    # The fixed choices and widgets are shared: copying them per search cost about 1 ms.
    assert first.filters["state"].extra["widget"] is second.filters["state"].extra["widget"]
    assert first.filters["sort"].extra["choices"] is second.filters["sort"].extra["choices"]

    # A filter with a method answers through its own filter set, not the class's.
    class Named(django_filters.FilterSet):
        name = django_filters.CharFilter(method="by_name")

        class Meta:
            model = Program
            fields = []

        def by_name(self, queryset, field_name, value):
            return queryset.filter(title=f"{value} {self.form_prefix}")

    Named.base_filters = _SharedFilters(Named.base_filters)
    one, two = Named({}, prefix="one"), Named({}, prefix="two")
    assert one.filters["name"].filter.f is one.filters["name"]
    assert "two" in str(two.filters["name"].filter(Program.objects.all(), "x").query)
