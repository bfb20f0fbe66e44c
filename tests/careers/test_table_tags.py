"""The occupation page's tags give the markup of the template loops they replaced (issue 15), in each language.

tests/fixtures/markup/ holds those loops as they were, each rendered here next to its tag. A deliberate change to
the markup changes the tag and its fixture together."""

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from careers.models import Occupation
from tests.factories import OccupationFactory, ProjectionFactory

pytestmark = pytest.mark.django_db

MARKUP = Path(__file__).resolve().parent.parent / "fixtures" / "markup"
LANGUAGES = ["en", "es"]


def loop(name):
    """The old loop's template; a file ends with a line break that the loop did not render."""
    return engines["django"].from_string((MARKUP / name).read_text().removesuffix("\n"))


def tag(text):
    return engines["django"].from_string("{% load career_tables %}" + text)


def projections():
    occupation = OccupationFactory(soc_code="29-2072")
    rows = [
        ProjectionFactory(occupation=occupation, base_year=2023, target_year=2033),
        ProjectionFactory(
            occupation=occupation,
            base_year=2022,
            target_year=2032,
            soc_code="29-2071",
            source_url="https://bls.gov/x?a=1&b=2",
        ),
        ProjectionFactory(
            occupation=occupation,
            base_year=2020,
            target_year=2030,
            quoted=True,
            quoted_descriptor="Faster than <average> & more",
            source='A publication\'s "page"',
        ),
        ProjectionFactory(occupation=occupation, base_year=2018, target_year=2028),
    ]
    # What Projection.objects.with_outlook() adds, and the view's `stale`.
    stated = {"outlook_descriptor": "much faster than average", "outlook_source": "BLS OOH", "outlook_stated": True}
    rows[0].__dict__.update(stated, outlook_source_url="https://www.bls.gov/ooh/x.htm", stale=False)
    rows[1].__dict__.update(stated, outlook_source_url="", outlook_stated=False, stale=True)
    rows[2].__dict__.update(outlook_descriptor=None, stale=False)
    rows[3].__dict__.update(outlook_descriptor=None, stale=True)
    return occupation, rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_phrases_are_the_markup_of_their_include(language):
    _occupation, rows = projections()
    include = engines["django"].from_string((MARKUP / "outlook_phrase.html").read_text())
    with translation.override(language):
        for projection in rows:
            for url_printed in (False, True):
                context = {"projection": projection, "url_printed": url_printed}
                shown = tag("{% outlook_phrase projection url_printed %}").render(context)
                assert shown == include.render(context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_projection_rows_are_the_markup_of_their_loop(language):
    occupation, rows = projections()
    occupation = Occupation.objects.get(pk=occupation.pk)
    occupation.projections_newest_first = rows
    # The loop included outlook_phrase.html, now the tag {% outlook_phrase %}: here the include as it was.
    phrase = engines["django"].from_string((MARKUP / "outlook_phrase.html").read_text())
    for headline in (rows[0], rows[2], None):
        context = {"occupation": occupation, "headline_projection": headline, "outlook_phrase_include": phrase}
        with translation.override(language):
            shown = tag(
                "{% projection_rows occupation.projections_newest_first occupation headline_projection %}"
            ).render(context)
            assert shown == loop("projection_rows.html").render(context)
    assert "is-quoted screen-only" in shown and "&lt;average&gt; &amp; more" in shown and "a=1&amp;b=2" in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_program_levels_are_the_markup_of_their_loops(language):
    from django.utils.translation import gettext_lazy

    levels = [
        {"label": gettext_lazy("Certificate"), "count": 1, "search_url": "/programs/?a=1&b=2", "search_exact": True},
        {"label": "Associate <degree>", "count": 12345, "search_url": "/programs/", "search_exact": False},
        {"label": gettext_lazy("Bachelor's degree"), "count": 2, "search_url": "/p/", "search_exact": True},
    ]
    context = {"program_levels": levels}
    with translation.override(language):
        assert tag("{% program_level_rows program_levels %}").render(context) == loop("program_level_rows.html").render(
            context
        )
        assert tag("{% program_level_line program_levels %}").render(context) == loop("program_level_line.html").render(
            context
        )


def wage_row(**values):
    """A row of OEWS figures as the tables read it (careers.models.WageEstimate's fields and the view's marks)."""
    row = {
        "area_name": "Texas",
        "industry_name": "General Medical & Surgical <Hospitals>",
        "industry_code": "6221",
        "employment": 12340,
        "share": 23,
        "annual_median": 48210,
        "hourly_median": Decimal("23.18"),
        "annual_p10": 31000,
        "annual_p90": None,
        "release": "May 2025",
        "source": "BLS Occupational Employment and Wage Statistics (OEWS), May 2025",
        "source_url": "https://www.bls.gov/oes/?a=1&b=2",
        "soc_code": "29-2072",
        "published_title": "Medical Records Specialists",
        "stale": False,
    }
    row.update(values)
    return SimpleNamespace(**row)


ROWS = [
    wage_row(),
    wage_row(
        area_name="Puerto Rico & <Islands>",
        employment=None,
        share=None,
        annual_median=None,
        hourly_median=None,
        release="May 2014",
        source="BLS OEWS May 2014",
        source_url="",
        soc_code="29-2071",
        published_title="",
        stale=True,
    ),
    wage_row(employment=5, share=0, annual_median=1234567, hourly_median=Decimal("7.005")),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("fixture", "tag_text"),
    [
        ("industry_rows_jobs.html", '{% industry_rows industries_most_jobs "jobs" %}'),
        ("industry_rows_pay.html", '{% industry_rows industries_highest_pay "pay" %}'),
        ("history_rows.html", "{% history_rows occupation.national_estimates occupation %}"),
        ("area_rows.html", "{% area_rows rows %}"),
    ],
)
def test_figure_tables_are_the_markup_of_their_loops(language, fixture, tag_text):
    occupation = SimpleNamespace(soc_code="29-2072", national_estimates=ROWS)
    context = {"industries_most_jobs": ROWS, "industries_highest_pay": ROWS, "occupation": occupation, "rows": ROWS}
    with translation.override(language):
        shown = tag(tag_text).render(context)
        assert shown == loop(fixture).render(context)
    # The blank figures of the second row read "Not reported", muted.
    assert '<span class="muted">' in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_occupation_pay_lists_are_the_markup_of_their_include(language):
    def occupation(title, **pay):
        return SimpleNamespace(title=title, get_absolute_url=lambda: f"/careers/{len(title)}/?a=1&b=2", **pay)

    with_pay = {
        "national_pay_release": "May 2025",
        "national_pay_median": 48210,
        "national_pay_source": "BLS OEWS <national>",
        "national_pay_source_url": "https://www.bls.gov/oes/",
    }
    occupations = [
        occupation("Medical Records Specialists", **with_pay),
        occupation("Coders & <Billers>", national_pay_release=None),
        occupation("Health Services Managers", **{**with_pay, "national_pay_source_url": ""}),
    ]
    include = engines["django"].from_string((MARKUP / "occupation_pay_list.html").read_text())
    for listed in (occupations, []):
        with translation.override(language):
            shown = tag("{% occupation_pay_list occupations %}").render({"occupations": listed})
            assert shown == include.render({"occupations": listed})


@pytest.mark.parametrize("language", LANGUAGES)
def test_row_sources_are_the_markup_of_their_include(language):
    include = engines["django"].from_string((MARKUP / "row_source.html").read_text())
    rows = [
        *ROWS,
        wage_row(source="BLS <OEWS> & co", release="May 2025"),  # the release not in the source: written after it
        wage_row(source="BLS OEWS", release="", source_url=""),
    ]
    with translation.override(language):
        for row in rows:
            shown = tag("{% row_source row %}").render({"row": row})
            assert shown == include.render({"row": row})
    with translation.override("es"):
        assert "mayo de 2025" in tag("{% row_source row %}").render({"row": rows[-2]})


@pytest.mark.parametrize("language", LANGUAGES)
def test_credential_items_are_the_markup_of_their_loop(language):
    from catalog.models import Program
    from certifications.models import EligibilityRule
    from tests.factories import CredentialFactory, EligibilityRuleFactory

    occupation = OccupationFactory()
    with_rules = CredentialFactory(abbreviation="RHIT", name="Registered Health Information Technician & <more>")
    EligibilityRuleFactory(credential=with_rules)  # associate, CAHIIM
    EligibilityRuleFactory(
        credential=with_rules,
        kind=EligibilityRule.Kind.PREPARES,
        credential_levels=[Program.CredentialLevel.BACHELOR, Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE],
        required_accreditation="",
    )
    EligibilityRuleFactory(credential=with_rules, credential_levels=[], required_accreditation="")
    without_rules = CredentialFactory(abbreviation="CPC")
    occupation.credentials.add(with_rules, without_rules)
    occupation = Occupation.objects.prefetch_related("credentials__body", "credentials__rules").get(pk=occupation.pk)
    fixture = loop("credential_items.html")
    for print_view in (False, True):
        context = {"occupation": occupation, "print_view": print_view}
        with translation.override(language):
            shown = tag("{% credential_items occupation.credentials.all print_view %}").render(context)
            assert shown == fixture.render(context)
        assert ("credential-rules" in shown) is not print_view


def test_state_rows_link_each_state_by_its_code_quoted_and_escaped_when_it_is_not_two_letters(rf):
    rows = [wage_row(postal="TX"), wage_row(area_name="Odd & <Place>", postal="A&B")]
    request = rf.get("/careers/x/", {"state_sort": "median", "q": "a&b"})
    shown = tag("{% state_rows rows None 'state' %}").render({"rows": rows}, request=request)
    assert 'href="?state_sort=median&amp;q=a%26b&amp;state=TX#state-and-area"' in shown
    assert "/programs/?state=TX" in shown
    assert 'href="?state_sort=median&amp;q=a%26b&amp;state=A%26B#state-and-area"' in shown
    assert "/programs/?state=A&amp;B" in shown
    assert "Odd &amp; &lt;Place&gt;" in shown
