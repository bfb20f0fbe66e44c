"""The occupation page in Jinja2 (config/jinja2.py) writes the markup its Django templates wrote, byte for byte.

tests/fixtures/markup/occupation/ holds those Django templates as they were when the page moved to Jinja2 (issue 15);
rendered here through Django's engine with the real base.html, next to the page as it is served, for the bundled
occupations and for made-up ones whose words need escaping, in English and Spanish, with and without a state, sorted,
with a bad state, and for print. A deliberate change to the page's markup changes the Jinja2 template and its Django
reference together (or retires the reference)."""

from decimal import Decimal

import pytest

from careers.models import Occupation
from careers.views import OccupationDetailView
from catalog.models import CIPCode
from tests.factories import (
    CredentialFactory,
    EligibilityRuleFactory,
    OccupationFactory,
    ProgramFactory,
    ProjectionFactory,
    WageEstimateFactory,
)
from tests.jinja_reference import add_reference_engine, address, served_and_reference
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db

# State, area and industry rows here carry a median and jobs only (the checks ask percentiles to rise around it).
NO_PERCENTILES = {"annual_p10": None, "annual_p25": None, "annual_p75": None, "annual_p90": None, "annual_mean": None}

QUERIES = [
    {},
    {"state": "OH"},
    {"state": "TX"},
    {"state": "oh", "state_sort": "median"},
    {"state_sort": "employment"},
    {"state": "<zz>", "state_sort": "'bad'"},
    {"print": "1"},
    {"print": "1", "state": "OH"},
]


@pytest.fixture
def reference_engine(settings):
    add_reference_engine(settings, "occupation")


def both(path, query):
    return served_and_reference(OccupationDetailView, path, query)


def odd_occupation():
    """An occupation whose every word and figure needs care: quotes, ampersands, angle brackets, missing figures,
    an older release, a SOC change, programs, a credential with its rules, and a similar occupation."""
    occupation = OccupationFactory(
        soc_code="29-2072",
        title='Coders & "Billers" <of> O\'Hare',
        slug="coders-and-billers",
        summary="First line & <b>not bold</b>.\n\nSecond paragraph's end.",
        summary_source="O*NET <summary> & more",
        entry_education="Postsecondary nondegree award",
        entry_education_source="BLS \"EP\" & 'friends'",
        soc_change_note="29-2071 split <in> two & more.",
    )
    WageEstimateFactory(occupation=occupation, source_url="https://www.bls.gov/oes/?a=1&b=<2>")
    WageEstimateFactory(
        occupation=occupation,
        soc_code="29-2071",
        release="May 2014",
        reference_date="2014-05-01",
        annual_median=None,
        hourly_median=Decimal("17.26"),
        source="BLS OES & <friends>",
    )
    for code, name, median, employment in [
        ("3900000", "Ohio", 50990, 7440),
        ("4800000", "Texas & <Co>", None, 120),
        ("1100000", 'District "of" Columbia', 72040, None),
    ]:
        WageEstimateFactory(
            occupation=occupation,
            area_type="state",
            area_code=code,
            area_name=name,
            annual_median=median,
            employment=employment,
            **NO_PERCENTILES,
        )
    for code, name in [("0017140", "Cincinnati, OH-KY-IN"), ("3900002", "Southern Ohio <nonmetro> area")]:
        WageEstimateFactory(occupation=occupation, area_type="metro", area_code=code, area_name=name, **NO_PERCENTILES)
    for index in range(7):
        WageEstimateFactory(
            occupation=occupation,
            industry_code=f"62{index + 1}100",
            industry_name=f"Industry {index} & <sons>",
            employment=100 * index or None,
            annual_median=40000 + 1000 * index,
            **NO_PERCENTILES,
        )
    ProjectionFactory(occupation=occupation, base_year=2023, target_year=2033)
    ProjectionFactory(occupation=occupation, base_year=2020, target_year=2030, quoted=True, source='A "quote" & co')
    cip = CIPCode.objects.create(code="51.0713", title="Medical <Insurance> Coding")
    cip.occupations.add(occupation)
    for level in (1, 1, 2):
        ProgramFactory(cip_code=cip, credential_level=level)
    credential = CredentialFactory()
    credential.occupations.add(occupation)
    EligibilityRuleFactory(credential=credential)
    similar = OccupationFactory(soc_code="29-9021", title="Similar <one>", slug="similar-one")
    cip.occupations.add(similar)
    WageEstimateFactory(occupation=similar)
    build_search_index()
    return occupation


@pytest.mark.parametrize("language", ["", "/es"])
def test_the_bundled_occupations_pages_are_their_django_templates_markup(careers_bundle, reference_engine, language):
    occupations = list(Occupation.objects.order_by("soc_code"))
    assert len(occupations) >= 3
    for occupation in occupations:
        for query in QUERIES:
            served, reference = both(address(occupation, language), query)
            assert served == reference, (occupation.slug, query, language)


@pytest.mark.parametrize("language", ["", "/es"])
def test_an_occupation_with_words_to_escape_and_gaps_is_its_django_templates_markup(reference_engine, language):
    occupation = odd_occupation()
    for query in QUERIES:
        served, reference = both(address(occupation, language), query)
        assert "<h1>Coders &amp; &quot;Billers&quot; &lt;of&gt; O&#x27;Hare</h1>" in served
        assert ("Industry 6 &amp; &lt;sons&gt;" in served) == ("print" not in query)
        assert served == reference, (query, language)


def test_an_occupation_without_figures_is_its_django_templates_markup(reference_engine):
    occupation = OccupationFactory(summary="", entry_education="")
    for language in ["", "/es"]:
        served, reference = both(address(occupation, language), {})
        assert served == reference
