"""Occupation pages: quick facts, pay, outlook, state and area data, history, each figure with source and release."""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from catalog.models import CIPCode
from tests.factories import (
    CredentialFactory,
    EligibilityRuleFactory,
    InstitutionFactory,
    OccupationFactory,
    OutlookStatementFactory,
    OutlookThresholdFactory,
    ProgramFactory,
    ProjectionFactory,
    WageEstimateFactory,
)
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db

OEWS_2025 = "BLS Occupational Employment and Wage Statistics"


def text_of(markup):
    """Markup as a reader sees it: scripts and charts dropped, tags dropped, entities decoded, whitespace collapsed."""
    markup = re.sub(r"<(script|svg)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"</?(a|span|strong)\b[^>]*>", "", markup)  # inline: no word break
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def page_text(response):
    return text_of(response.content.decode())


def section(response, element_id):
    """The text of the <section> that holds the heading with this id (sections nest)."""
    content = response.content.decode()
    start = content.rindex("<section", 0, content.index(f'id="{element_id}"'))
    depth = 0
    for match in re.finditer(r"<(/?)section\b", content[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return text_of(content[start : content.index(">", start + match.end()) + 1])
    raise AssertionError(f"section {element_id} is not closed")


def may_2014(occupation, **fields):
    """The OES May 2014 row, published under SOC 2010 code 29-2071 before SOC 2018 split it."""
    values = {
        "soc_code": "29-2071",
        "published_title": "Medical Records and Health Information Technicians",
        "release": "May 2014",
        "reference_date": datetime.date(2014, 5, 1),
        "employment": 184740,
        "annual_mean": 38860,
        "annual_median": 35900,
        "annual_p10": 23340,
        "annual_p25": 28250,
        "annual_p75": 46640,
        "annual_p90": 59160,
        "hourly_median": Decimal("17.26"),
        "source": "BLS Occupational Employment Statistics (OES), May 2014",
    }
    values.update(fields)
    return WageEstimateFactory(occupation=occupation, **values)


def state(occupation, code, name, median, employment=1000, **fields):
    return WageEstimateFactory(
        occupation=occupation,
        area_type="state",
        area_code=code,
        area_name=name,
        annual_median=median,
        annual_p10=None,
        annual_p25=None,
        annual_p75=None,
        annual_p90=None,
        employment=employment,
        **fields,
    )


def area(occupation, code, name, median, employment=100):
    return WageEstimateFactory(
        occupation=occupation,
        area_type="metro",
        area_code=code,
        area_name=name,
        annual_median=median,
        annual_p10=None,
        annual_p25=None,
        annual_p75=None,
        annual_p90=None,
        employment=employment,
    )


def industry(occupation, code, name, employment, median):
    return WageEstimateFactory(
        occupation=occupation,
        industry_code=code,
        industry_name=name,
        employment=employment,
        annual_median=median,
        annual_p10=None,
        annual_p25=None,
        annual_p75=None,
        annual_p90=None,
    )


@pytest.fixture
def specialists():
    occupation = OccupationFactory(
        title="Medical Records Specialists",
        entry_education="Postsecondary nondegree award",
        entry_education_source="BLS Employment Projections 2021-31",
        soc_change_note="SOC 2018 split 29-2071 into 29-2072 and 29-9021.",
    )
    WageEstimateFactory(occupation=occupation)  # national May 2025: 194,720 jobs, median $51,140, $24.59 an hour
    return occupation


# Quick facts


def test_quick_facts_show_pay_per_year_and_hour_jobs_outlook_change_and_openings_with_sources(client, specialists):
    ProjectionFactory(occupation=specialists)  # 2021-31: 186,400 -> 198,700, 6.6%, 14,900 openings

    response = client.get(specialists.get_absolute_url())

    assert response.status_code == 200
    facts = section(response, "quick-facts")
    assert f"Median pay per year, May 2025 $51,140 ({OEWS_2025}, May 2025)" in facts
    assert f"Median pay per hour, May 2025 $24.59 ({OEWS_2025}, May 2025)" in facts
    assert "Typical entry-level education Postsecondary nondegree award (BLS Employment Projections 2021-31)" in facts
    assert f"Number of jobs, May 2025 194,720 ({OEWS_2025}, May 2025)" in facts
    assert "Job outlook, 2021-31 6.6% (BLS Employment Projections 2021-31)" in facts
    assert "Employment change, 2021-31 12,300 (BLS Employment Projections 2021-31)" in facts
    assert "Openings each year, on average, 2021-31 14,900 (BLS Employment Projections 2021-31)" in facts


def test_quick_facts_use_the_newest_table_projection_not_a_quoted_one(client, specialists):
    ProjectionFactory(occupation=specialists)
    ProjectionFactory(
        occupation=specialists,
        base_year=2023,
        target_year=2033,
        base_employment=None,
        projected_employment=None,
        percent_change=Decimal("29.0"),
        quoted=True,
        quoted_descriptor="much faster than average",
        source="BLS Occupational Outlook Handbook (2023-33 projections)",
        note="Quoted, not read from a BLS table.",
    )

    response = client.get(specialists.get_absolute_url())

    assert "Job outlook, 2021-31 6.6%" in section(response, "quick-facts")
    outlook = section(response, "job-outlook")
    assert (
        "2023-33 BLS Occupational Outlook Handbook (2023-33 projections) Quoted, not from a BLS table we hold"
        in outlook
    )
    assert "“much faster than average” (quoted from BLS Occupational Outlook Handbook (2023-33 projections))" in outlook
    assert "2023-33: Quoted, not read from a BLS table." in outlook


def test_a_page_without_figures_says_so(client):
    occupation = OccupationFactory(entry_education="")

    text = page_text(client.get(occupation.get_absolute_url()))

    assert "No national pay figures are loaded for this occupation yet." in text
    assert "No employment projection is loaded for this occupation yet." in text
    assert "No state figures are loaded for this occupation yet." in text


def test_quick_facts_equal_the_bundled_files_figures(client, careers_bundle):
    """29-2072 in OEWS May 2025: 194,720 jobs, median $51,140 a year and $24.59 an hour; EP 2021-31: +6.6%."""
    response = client.get("/careers/medical-records-specialists/")

    facts = section(response, "quick-facts")
    source = "BLS Occupational Employment and Wage Statistics (OEWS), May 2025"
    assert f"Median pay per year, May 2025 $51,140 ({source})" in facts
    assert f"Median pay per hour, May 2025 $24.59 ({source})" in facts
    assert f"Number of jobs, May 2025 194,720 ({source})" in facts
    assert "Job outlook, 2021-31 6.6% (BLS Employment Projections 2021-31)" in facts
    assert "Employment change, 2021-31 12,300" in facts and "Openings each year, on average, 2021-31 14,900" in facts
    assert "Postsecondary nondegree award (BLS Employment Projections 2021-31)" in facts


# Job outlook phrases


def test_outlook_phrase_comes_from_the_thresholds_bls_set_for_that_period(client, specialists):
    ProjectionFactory(occupation=specialists, percent_change=Decimal("6.6"))
    OutlookThresholdFactory(descriptor="much faster than average", min_percent=9)
    OutlookThresholdFactory(descriptor="faster than average", min_percent=7)  # 6.6 rounds to 7, as BLS prints it
    OutlookThresholdFactory(descriptor="as fast as average", min_percent=4)
    OutlookThresholdFactory(descriptor="decline", min_percent=None)
    OutlookThresholdFactory(base_year=2016, target_year=2026, descriptor="much faster than average", min_percent=2)

    facts = section(client.get(specialists.get_absolute_url()), "quick-facts")

    assert "6.6% (BLS Employment Projections 2021-31) Faster than average (BLS's phrase for 2021-31:" in facts
    assert "Much faster" not in facts


def test_no_outlook_phrase_is_guessed_for_a_period_without_thresholds(client, specialists):
    ProjectionFactory(occupation=specialists)
    OutlookThresholdFactory(base_year=2016, target_year=2026, descriptor="faster than average", min_percent=5)

    facts = section(client.get(specialists.get_absolute_url()), "quick-facts")

    assert "No growth phrase: we hold neither BLS's definitions for 2021-31 nor its words for this occupation." in facts
    assert "faster than average" not in facts.lower().replace("“faster than average”", "")


def test_quick_facts_give_bls_own_words_for_the_occupation_with_where_they_were_read(client, specialists):
    ProjectionFactory(occupation=specialists, percent_change=Decimal("6.6"))
    OutlookStatementFactory()
    OutlookStatementFactory(soc_code="11-9111", descriptor="much faster than the average for all occupations")

    response = client.get(specialists.get_absolute_url())

    facts = section(response, "quick-facts")
    assert (
        "6.6% (BLS Employment Projections 2021-31) About as fast as the average for all occupations "
        "(BLS's words for this occupation: BLS Occupational Outlook Handbook (test statement))"
    ) in facts
    assert "much faster" not in facts.lower()
    assert 'href="https://www.bls.gov/ooh/healthcare/medical-records-specialists.htm"' in response.content.decode()


def test_on_paper_the_phrase_source_address_is_printed_once_in_the_quick_facts(client, specialists):
    ProjectionFactory(occupation=specialists)
    ProjectionFactory(occupation=specialists, soc_code="29-2071", base_year=2016, target_year=2026)
    OutlookStatementFactory()
    OutlookStatementFactory(
        soc_code="29-2071", base_year=2016, target_year=2026, stated_percent=14, source_url="https://example.org/2016"
    )

    content = client.get(specialists.get_absolute_url()).content.decode()

    address = "https://www.bls.gov/ooh/healthcare/medical-records-specialists.htm"
    quick_facts, outlook = content.split('id="job-outlook"')
    assert f'<a href="{address}">' in quick_facts  # prints its address
    assert f'<a href="{address}" class="url-printed">' in outlook  # the same row again: address not repeated
    assert '<a href="https://example.org/2016">' in outlook  # another row's source keeps its address


def test_the_bundled_outlook_gives_bls_phrase_for_each_occupations_newest_table(client, careers_bundle):
    phrases = {
        "medical-records-specialists": "6.6% (BLS Employment Projections 2021-31) About as fast as the average",
        "medical-and-health-services-managers": "28.3% (BLS Employment Projections 2021-31) Much faster than the",
        "health-information-technologists-and-medical-registrars": "17.4% (BLS Employment Projections 2021-31) Much "
        "faster than the average",
    }
    for slug, phrase in phrases.items():
        facts = section(client.get(f"/careers/{slug}/"), "quick-facts")
        assert f"Job outlook, 2021-31 {phrase}" in facts
        source = "(BLS's words for this occupation: BLS Occupational Outlook Handbook 2022-23, via"
        assert f"{source} CollegeGrad)" in facts
        assert "No growth phrase" not in facts


def test_a_decline_below_every_bounded_band_gets_the_open_lowest_band(client, specialists):
    ProjectionFactory(occupation=specialists, projected_employment=150000, percent_change=Decimal("-19.5"))
    OutlookThresholdFactory(descriptor="little or no change", min_percent=-2)
    OutlookThresholdFactory(descriptor="decline rapidly", min_percent=None)

    assert "Decline rapidly" in section(client.get(specialists.get_absolute_url()), "quick-facts")


# Older figures


def test_a_figure_more_than_two_years_older_than_the_newest_release_is_labelled_older(client, specialists):
    may_2014(specialists)
    ProjectionFactory(occupation=specialists)  # 2021-31
    ProjectionFactory(
        occupation=specialists, soc_code="29-2071", base_year=2016, target_year=2026, source="BLS EP 2016-26"
    )

    response = client.get(specialists.get_absolute_url())

    history = section(response, "history")
    assert "May 2014 older figure BLS Occupational Employment Statistics (OES), May 2014" in history
    assert "May 2025 older figure" not in history
    outlook = section(response, "job-outlook")
    assert "2016-26 older figure" in outlook
    assert "2021-31 older figure" not in outlook


def test_a_release_exactly_two_years_older_is_not_labelled_older(client, specialists):
    ProjectionFactory(occupation=specialists)  # 2021-31
    ProjectionFactory(
        occupation=OccupationFactory(soc_code="11-9111", title="Managers"), base_year=2023, target_year=2033
    )
    WageEstimateFactory(occupation=specialists, release="May 2023", reference_date=datetime.date(2023, 5, 1))

    response = client.get(specialists.get_absolute_url())

    assert "older figure" not in page_text(response)


def test_the_newest_release_is_judged_across_occupations(client, specialists):
    """An occupation whose only release is old is labelled, because a newer one is loaded for another."""
    managers = OccupationFactory(soc_code="11-9111", title="Managers")
    may_2014(managers, soc_code="11-9111")

    facts = section(client.get(managers.get_absolute_url()), "quick-facts")

    assert (
        "Median pay per year, May 2014 $35,900 (BLS Occupational Employment Statistics (OES), May 2014) older figure"
        in facts
    )


# Pay


def test_pay_shows_every_percentile_as_a_chart_and_a_table(client, specialists):
    response = client.get(specialists.get_absolute_url())

    pay = section(response, "pay")
    assert "10th: the lowest-paid 10% earn less than $35,000" in pay
    assert "25th $41,000 50th (median) $51,140 75th $62,000" in pay
    assert "90th: the highest-paid 10% earn more than $75,000" in pay
    assert "Annual wages by percentile, United States, all industries (BLS Occupational Employment" in pay
    chart = svg_with_id(response, "percentile-chart")
    labels = [text.text for text in chart.iter("{http://www.w3.org/2000/svg}text")]
    assert labels == [
        "10th percentile", "$35,000", "25th percentile", "$41,000", "Median", "$51,140",
        "75th percentile", "$62,000", "90th percentile", "$75,000",
    ]  # fmt: skip


def test_top_coded_and_suppressed_wages_show_as_not_reported(client):
    occupation = OccupationFactory(soc_code="11-9111", title="Managers")
    WageEstimateFactory(occupation=occupation, annual_p90=None, employment=None)

    response = client.get(occupation.get_absolute_url())

    assert "90th: the highest-paid 10% earn more than Not reported" in section(response, "pay")
    assert "Number of jobs, May 2025 Not reported" in section(response, "quick-facts")


def test_industries_with_most_jobs_and_highest_pay_compare_4_digit_groups_only(client, specialists):
    industry(specialists, "622100", "General Medical and Surgical Hospitals", 51740, 59460)
    industry(specialists, "621100", "Offices of Physicians", 34860, 47120)
    industry(specialists, "813900", "Business, Professional, Labor, Political, and Similar Organizations", 40, 66590)
    industry(specialists, "611300", "Colleges, Universities, and Professional Schools", None, 63970)
    # Other levels of the same jobs: a sector, a 3-digit subsector, an ownership split, a 6-digit industry.
    industry(specialists, "62--63", "Sector 62 - Health Care and Social Assistance", 123820, 50150)
    industry(specialists, "622000", "Hospitals", 55530, 59120)
    industry(specialists, "622005", "Hospitals, Privately Owned", 43620, 99000)
    industry(specialists, "524114", "Direct Health and Medical Insurance Carriers", 3510, 98000)

    pay = section(client.get(specialists.get_absolute_url()), "pay")

    most = pay[pay.index("Industries with the most jobs") : pay.index("Industries with the highest median pay")]
    assert most.index("General Medical and Surgical Hospitals (NAICS 622100) 51,740 27% $59,460") < most.index(
        "Offices of Physicians (NAICS 621100) 34,860 18% $47,120"
    )
    highest = pay[pay.index("Industries with the highest median pay") :]
    assert highest.index(
        "Business, Professional, Labor, Political, and Similar Organizations (NAICS 813900) $66,590 40"
    ) < (highest.index("Colleges, Universities, and Professional Schools (NAICS 611300) $63,970 Not reported"))
    for other_level in ["Sector 62", "Hospitals, Privately Owned", "(NAICS 622000)", "Direct Health and Medical"]:
        assert other_level not in pay


# State and area data


@pytest.fixture
def with_states(specialists):
    may_2014(specialists)
    state(specialists, "3900000", "Ohio", 50990, 7440, hourly_median=Decimal("24.52"))
    state(specialists, "0100000", "Alabama", 43810, 2330)
    state(specialists, "1100000", "District of Columbia", 72040, 270)
    state(specialists, "5000000", "Vermont", 57560, None)
    area(specialists, "0017140", "Cincinnati, OH-KY-IN", 51350, 1300)
    area(specialists, "0017460", "Cleveland, OH", 61950, 1810)
    area(specialists, "3900002", "Southern Ohio nonmetropolitan area", 48630, 240)
    area(specialists, "0026580", "Huntington-Ashland, WV-KY-OH", 52000, 470)
    area(specialists, "0010420", "Akron, PA", 1, 1)  # an area in another state must not show under Ohio
    area(specialists, "0100001", "Northwest Alabama nonmetropolitan area", 40000, 50)
    return specialists


def test_state_table_lists_every_state_with_data_by_name_with_a_link_per_state(client, with_states):
    response = client.get(with_states.get_absolute_url())

    states = section(response, "state-and-area")
    assert f"Jobs and median pay by state ({OEWS_2025}, May 2025)" in states
    assert "State figures start with May 2025 in our data; earlier releases are national only." in states
    table = states[states.index("Median hourly pay Programs") :]
    assert table.index("Alabama") < table.index("District of Columbia") < table.index("Ohio") < table.index("Vermont")
    assert "Vermont (figures and metropolitan areas) Not reported $57,560" in table
    content = response.content.decode()
    assert 'href="?state=OH#state-and-area"' in content
    assert 'href="/programs/?state=OH"' in content
    assert '<th scope="col" aria-sort="ascending"><a href="?state_sort=name#state-table">State' in content


@pytest.mark.parametrize(
    ("sort", "order", "sorted_header"),
    [
        ("median", ["District of Columbia", "Vermont", "Ohio", "Alabama"], "Median annual pay"),
        ("employment", ["Ohio", "Alabama", "District of Columbia", "Vermont"], "Jobs"),
    ],
)
def test_state_table_sorts_by_a_link_with_aria_sort_on_the_column(client, with_states, sort, order, sorted_header):
    response = client.get(with_states.get_absolute_url(), {"state_sort": sort})

    table = section(response, "state-and-area").split("Median hourly pay Programs", 1)[1]
    positions = [table.index(f"{name} (figures") for name in order]
    assert positions == sorted(positions)
    content = response.content.decode()
    assert re.search(
        rf'<th scope="col" aria-sort="descending"><a href="\?state_sort={sort}#state-table">{sorted_header}', content
    )
    assert content.count("aria-sort=") == 1


@pytest.mark.parametrize(
    "query",
    [
        {"state_sort": "salary'; DROP TABLE"},
        {"state": "ZZ"},
        {"state": "x" * 5000},
        {"state": "<script>", "state_sort": ""},
        {"state": ["OH", "AL"]},
    ],
)
def test_bad_state_or_sort_values_never_fail(client, with_states, query):
    response = client.get(with_states.get_absolute_url(), query)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("application/ld+json")[0].split("<main")[1]


def test_an_unknown_state_or_sort_is_said_and_ignored(client, with_states):
    text = page_text(client.get(with_states.get_absolute_url(), {"state": "ZZ", "state_sort": "salary"}))

    assert "We have no state figures for “ZZ”, so no state is chosen." in text
    assert "“salary” is not a way we sort, so states are listed by name." in text
    assert "Choose a state above to see its metropolitan and nonmetropolitan areas." in text


def test_choosing_a_state_shows_its_figures_next_to_the_national_history_and_its_areas(client, with_states):
    response = client.get(with_states.get_absolute_url(), {"state": "oh"})

    states = section(response, "state-and-area")
    assert f"Median annual pay in Ohio $50,990 ({OEWS_2025}, May 2025)" in states
    assert f"Median hourly pay in Ohio $24.52 ({OEWS_2025}, May 2025)" in states
    assert f"Jobs in Ohio 7,440 ({OEWS_2025}, May 2025)" in states
    assert (
        "Since May 2014: there is no Ohio figure for May 2014 to compare with: our state figures start with May 2025, "
        "and the May 2014 figures are national only. Nationally, the median annual pay went from $35,900 "
        "(BLS Occupational Employment Statistics (OES), May 2014) older figure (published for 29-2071 Medical Records "
        f"and Health Information Technicians, a differently drawn group of jobs) to $51,140 ({OEWS_2025}, May 2025)."
    ) in states
    areas = states[states.index("Metropolitan and nonmetropolitan areas in Ohio Jobs and median pay by area, Ohio") :]
    assert "Cincinnati, OH-KY-IN 1,300 $51,350" in areas
    assert "Cleveland, OH 1,810 $61,950" in areas
    assert "Huntington-Ashland, WV-KY-OH 470 $52,000" in areas
    assert "Southern Ohio nonmetropolitan area 240 $48,630" in areas
    assert "Akron, PA" not in areas and "Alabama nonmetropolitan" not in areas
    content = response.content.decode()
    assert '<option value="OH" selected>Ohio</option>' in content
    assert 'href="/programs/?state=OH">Programs at schools in Ohio' in content


def test_a_state_whose_areas_publish_no_jobs_still_shows_them_and_prints_them_all(client, with_states):
    """BLS publishes some areas' pay without their jobs (on the real bundle every Vermont area of medical records
    specialists, and Salt Lake City's health information technologists): the state's page used to fail (500) looking
    for the area with the most jobs. On paper the whole area table stands in for the shortened one."""
    area(with_states, "5000001", "Southern Vermont nonmetropolitan area", 51750, None)
    area(with_states, "0015540", "Burlington-South Burlington, VT", 59650, None)

    response = client.get(with_states.get_absolute_url(), {"state": "VT"})

    assert response.status_code == 200
    areas = section(response, "state-and-area")
    assert "Burlington-South Burlington, VT Not reported $59,650" in areas
    assert "Southern Vermont nonmetropolitan area Not reported $51,750" in areas
    assert "with the most jobs" not in areas
    content = response.content.decode()
    assert '<div class="table-scroll" role="region" aria-labelledby="metro-caption"' in content


def test_the_state_form_keeps_the_sort_and_works_without_javascript(client, with_states):
    content = client.get(with_states.get_absolute_url(), {"state_sort": "median"}).content.decode()

    form = content[content.index('<form class="state-form"') : content.index("</form>")]
    assert 'method="get"' in form and '<select id="state-select" name="state">' in form
    assert '<label for="state-select">' in form
    assert '<input type="hidden" name="state_sort" value="median">' in form
    assert '<button type="submit">' in form
    # One option per state, by name whatever the table's sort, after "All states"; none chosen.
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', form)
    names = [name for _postal, _selected, name in options[1:]]
    assert options[0] == ("", "", "All states")
    assert names == sorted(names) and len(names) >= 2
    assert all(postal and not selected for postal, selected, _name in options[1:])


def test_the_state_chart_ranks_states_and_highlights_the_chosen_one(client, with_states):
    chart = svg_with_id(client.get(with_states.get_absolute_url(), {"state": "OH"}), "state-chart")

    labels = [text.text for text in chart.iter("{http://www.w3.org/2000/svg}text")][::2]
    assert labels == ["District of Columbia", "Vermont", "Ohio", "Alabama"]
    classes = [rect.get("class") for rect in chart.iter("{http://www.w3.org/2000/svg}rect")]
    assert classes[2] == "chart-bar chart-bar-highlight" and classes.count("chart-bar chart-bar-highlight") == 1


def test_programs_link_counts_the_catalog_programs_under_the_linked_cip_codes(client, with_states):
    series = CIPCode.objects.create(code="51.07", title="Health and Medical Administrative Services")
    coder = CIPCode.objects.create(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    coder.occupations.add(with_states)
    ohio_school = InstitutionFactory(state="OH")
    ProgramFactory.create_batch(2, cip_code=series, institution=ohio_school)
    ProgramFactory(cip_code=coder)  # Illinois
    ProgramFactory(cip_code=series, institution=ohio_school, status="draft")
    ProgramFactory(cip_code=CIPCode.objects.create(code="52.0101", title="Business"), institution=ohio_school)

    text = section(client.get(with_states.get_absolute_url(), {"state": "OH"}), "how-to-become-one")

    assert "3 published programs in the catalog are in fields of study that the CIP-to-SOC crosswalk links" in text
    assert "51.0713 Medical Insurance Coding Specialist/Coder" in text
    assert "2 programs at schools in Ohio" in text


# History


def test_history_lists_every_release_with_a_line_chart_and_explains_the_soc_split(client, specialists):
    may_2014(specialists)

    response = client.get(specialists.get_absolute_url())

    history = section(response, "history")
    assert (
        "May 2025 BLS Occupational Employment and Wage Statistics 29-2072 194,720 $51,140 $24.59 $35,000 $75,000"
        in history
    )
    assert (
        "May 2014 older figure BLS Occupational Employment Statistics (OES), May 2014 29-2071 Medical Records and "
        "Health Information Technicians an earlier code: see the note below 184,740 $35,900 $17.26 $23,340 $59,160"
    ) in history
    assert "Figures marked with code 29-2071 were published before this occupation got its SOC 2018 code" in history
    assert "SOC 2018 split 29-2071 into 29-2072 and 29-9021." in history
    assert "A dashed line joins figures published under different SOC codes." in history
    chart = svg_with_id(response, "history-chart")
    assert len(list(chart.iter("{http://www.w3.org/2000/svg}circle"))) == 2


def test_history_under_one_code_has_no_change_note(client):
    occupation = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    WageEstimateFactory(occupation=occupation)
    may_2014(occupation, soc_code="11-9111", published_title="Medical and Health Services Managers")

    history = section(client.get(occupation.get_absolute_url()), "history")

    assert "May 2014" in history
    assert "Why some figures use a different code" not in history
    assert "dashed line" not in history


def test_the_bundled_2014_figures_the_article_quoted_appear_with_their_sources(client, careers_bundle):
    specialists = section(client.get("/careers/medical-records-specialists/"), "history")
    assert "May 2014 older figure BLS Occupational Employment Statistics (OES), May 2014 29-2071" in specialists
    assert "184,740 $35,900" in specialists

    managers = client.get("/careers/medical-and-health-services-managers/")
    assert "310,320 $92,810" in section(managers, "history")
    outlook = section(managers, "job-outlook")
    assert (
        "2012-22 older figure BLS Occupational Outlook Handbook, 2014-15 Edition (2012-22 projections), as quoted"
        in outlook
    )
    assert "Quoted, not from a BLS table we hold 11-9111 Not reported Not reported 23%" in outlook
    assert "“much faster than average” (quoted from BLS Occupational Outlook Handbook (2023-33 projections))" in outlook


def test_the_newcomer_question_ohio_pay_and_change_since_2014_is_answered_on_one_page(client, careers_bundle):
    """What does a medical records specialist earn in Ohio, and how has that changed since 2014?"""
    response = client.get("/careers/medical-records-specialists/", {"state": "OH"})

    states = section(response, "state-and-area")
    assert (
        "Median annual pay in Ohio $50,990 (BLS Occupational Employment and Wage Statistics (OEWS), May 2025)" in states
    )
    assert "Since May 2014: there is no Ohio figure for May 2014 to compare with" in states
    assert "the May 2014 figures are national only. Nationally, the median annual pay went from $35,900" in states
    assert "to $51,140 (BLS Occupational Employment and Wage Statistics (OEWS), May 2025)" in states
    assert "Cleveland, OH 1,810 $61,950" in states


# Similar occupations, more information, citation, JSON-LD


def test_similar_occupations_share_a_cip_code_or_a_credential(client, specialists):
    technologists = OccupationFactory(soc_code="29-9021", title="Health Information Technologists")
    managers = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers")
    OccupationFactory(soc_code="29-1141", title="Registered Nurses")
    CIPCode.objects.create(code="51.0707", title="Health Information Technology").occupations.add(
        specialists, technologists
    )
    credential = CredentialFactory()
    credential.occupations.add(specialists, managers)
    WageEstimateFactory(occupation=managers, annual_median=123860, annual_p75=None, annual_p90=None)

    similar = section(client.get(specialists.get_absolute_url()), "similar")

    assert "Health Information Technologists" in similar
    assert f"Medical and Health Services Managers National median pay: $123,860 ({OEWS_2025}, May 2025)" in similar
    assert "Registered Nurses" not in similar and "Medical Records Specialists" not in similar


def test_more_information_links_and_suggested_citations(client, specialists):
    response = client.get(specialists.get_absolute_url())

    content = response.content.decode()
    assert 'href="https://www.onetonline.org/link/summary/29-2072.00"' in content
    assert 'href="https://www.bls.gov/oes/current/oes292072.htm"' in content
    citation = section(response, "citation")
    today = datetime.date.today()
    visited = f"{today:%B} {today.day}, {today.year}"
    assert (
        "Bureau of Labor Statistics, U.S. Department of Labor, Occupational Employment and Wage Statistics, May 2025, "
        f"Medical Records Specialists, at https://www.bls.gov/oes/current/oes292072.htm (visited {visited})."
    ) in citation
    assert (
        "Medical Coding Catalog, Medical Records Specialists: pay, jobs and outlook, at "
        f"http://testserver/careers/medical-records-specialists/ (visited {visited})."
    ) in citation


def test_more_information_links_to_the_handbook_profile_where_there_is_one(client, specialists):
    generic = section(client.get(specialists.get_absolute_url()), "more-information")
    assert "BLS Occupational Outlook Handbook (search for “Medical Records Specialists”)" in generic

    specialists.ooh_url = "https://www.bls.gov/ooh/healthcare/medical-records-and-health-information-technicians.htm"
    specialists.save()
    response = client.get(specialists.get_absolute_url())

    assert f'href="{specialists.ooh_url}"' in response.content.decode()
    assert "BLS Occupational Outlook Handbook: Medical Records Specialists" in section(response, "more-information")


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_describes_the_occupation_with_its_wage_distribution(client, specialists):
    data = json_ld(client.get(specialists.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    assert data["name"] == "Medical Records Specialists"
    assert data["occupationalCategory"] == "29-2072"
    assert data["educationRequirements"] == "Postsecondary nondegree award"
    assert data["description"] == "Compile, process, and maintain medical records."
    assert data["estimatedSalary"] == [
        {
            "@type": "MonetaryAmountDistribution",
            "name": f"{OEWS_2025}, May 2025",
            "currency": "USD",
            "duration": "P1Y",
            "percentile10": 35000,
            "percentile25": 41000,
            "median": 51140,
            "percentile75": 62000,
            "percentile90": 75000,
        }
    ]


def test_json_ld_leaves_out_what_is_unknown_and_cannot_end_its_script(client):
    occupation = OccupationFactory(
        soc_code="11-9111",
        title="Managers </script><script>alert(1)</script> & co",
        slug="managers",
        summary="",
        entry_education="",
    )
    WageEstimateFactory(occupation=occupation, annual_p90=None)

    response = client.get(occupation.get_absolute_url())

    content = response.content.decode()
    assert "</script><script>alert(1)" not in content
    data = json_ld(response)
    assert data["name"] == "Managers </script><script>alert(1)</script> & co"
    assert "description" not in data and "educationRequirements" not in data
    assert "percentile90" not in data["estimatedSalary"][0]


def test_every_chart_on_the_page_is_valid_svg_with_a_title_and_a_table_alternative(client, with_states):
    response = client.get(with_states.get_absolute_url(), {"state": "OH"})

    content = response.content.decode()
    charts = re.findall(r"<svg\b.*?</svg>", content, re.S)
    assert len(charts) == 3
    for markup in charts:
        root = ET.fromstring(markup)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert root.find("{http://www.w3.org/2000/svg}title").get("id") == title_id
        assert root.find("{http://www.w3.org/2000/svg}desc").get("id") == desc_id
    # Each chart's figures are also in a table on the page.
    assert 'id="percentiles-caption"' in content and 'id="state-table-caption"' in content
    assert 'id="history-caption"' in content


def svg_with_id(response, chart_id):
    markup = re.search(rf'<svg class="chart" id="{chart_id}".*?</svg>', response.content.decode(), re.S).group(0)
    return ET.fromstring(markup)


def test_unknown_career_is_not_found(client):
    response = client.get("/careers/no-such-career/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


# The careers list


def test_career_list_compares_occupations_side_by_side_with_sources(client, specialists):
    may_2014(specialists)
    state(specialists, "3900000", "Ohio", 61000)
    ProjectionFactory(occupation=specialists)
    managers = OccupationFactory(soc_code="11-9111", title="Medical and Health Services Managers", entry_education="")
    WageEstimateFactory(
        occupation=managers,
        annual_median=123860,
        annual_p75=None,
        annual_p90=None,
        hourly_median=Decimal("59.55"),
        employment=597080,
    )
    ProjectionFactory(occupation=managers, percent_change=Decimal("28.3"))

    response = client.get("/careers/")

    assert response.status_code == 200
    text = page_text(response)
    assert (
        f"Occupation Median annual pay ({OEWS_2025}, May 2025) Median hourly pay ({OEWS_2025}, May 2025) "
        f"Jobs in the US ({OEWS_2025}, May 2025) Job outlook: projected change (BLS Employment Projections 2021-31) "
        "Typical entry-level education"
    ) in text
    assert ("Medical and Health Services Managers SOC 11-9111 $123,860 $59.55 597,080 28.3% Not reported yet") in text
    assert (
        "Medical Records Specialists SOC 29-2072 $51,140 $24.59 194,720 6.6% Postsecondary nondegree award "
        "(BLS Employment Projections 2021-31)"
    ) in text
    assert "$35,900" not in text and "$61,000" not in text


def test_career_list_names_a_shared_phrase_source_once_and_links_each_phrase_to_its_page(client, specialists):
    ProjectionFactory(occupation=specialists, percent_change=Decimal("6.6"))
    OutlookStatementFactory()

    response = client.get("/careers/")

    text = page_text(response)
    assert "Phrases: BLS's words for each occupation, BLS Occupational Outlook Handbook (test statement)" in text
    assert "6.6% About as fast as the average for all occupations" in text
    assert (
        '<a class="outlook-phrase" href="https://www.bls.gov/ooh/healthcare/medical-records-specialists.htm" lang="en">'
        "About as fast as the average for all occupations</a>"
    ) in response.content.decode()


def test_career_list_cites_each_phrase_in_its_cell_when_sources_differ(client, specialists):
    managers = OccupationFactory(soc_code="11-9111", title="Managers")
    ProjectionFactory(occupation=specialists, percent_change=Decimal("6.6"))
    ProjectionFactory(occupation=managers, soc_code="11-9111", percent_change=Decimal("28.3"))
    OutlookStatementFactory()
    OutlookStatementFactory(
        soc_code="11-9111", stated_percent=28, descriptor="much faster than the average", source="Another copy"
    )

    text = page_text(client.get("/careers/"))

    assert "Phrases:" not in text
    assert "28.3% Much faster than the average (Another copy)" in text
    assert "6.6% About as fast as the average for all occupations (BLS Occupational Outlook Handbook (test" in text


def test_career_list_names_each_figures_source_when_releases_differ(client, specialists):
    managers = OccupationFactory(soc_code="11-9111", title="Managers")
    may_2014(managers, soc_code="11-9111")

    text = page_text(client.get("/careers/"))

    assert "Managers SOC 11-9111 $35,900 (BLS Occupational Employment Statistics (OES), May 2014) older figure" in text
    assert f"$51,140 ({OEWS_2025}, May 2025)" in text


def test_career_without_figures_says_so_on_the_list(client):
    OccupationFactory(title="Medical Records Specialists")
    assert "Not reported yet" in page_text(client.get("/careers/"))


# Query counts


@pytest.mark.parametrize("print_view", [False, True])
@pytest.mark.parametrize("count", [1, 20])
def test_career_list_query_count_does_not_grow_with_occupations(
    client, django_assert_max_num_queries, count, print_view
):
    """Guards against N+1 queries: twenty occupations with figures cost the same queries as one.

    Three: the occupations (with the newest releases loaded, as subqueries), their national wage rows, and
    their projections with their outlook phrases (subqueries too).
    """
    for index in range(count):
        occupation = OccupationFactory(soc_code=f"29-90{index:02d}", title=f"Occupation {index}")
        WageEstimateFactory(occupation=occupation)
        may_2014(occupation)
        ProjectionFactory(occupation=occupation)
        OutlookThresholdFactory(base_year=2000 + index, target_year=2010 + index)
    with django_assert_max_num_queries(3):
        response = client.get("/careers/", {"print": "1"} if print_view else {})
    assert response.status_code == 200
    assert len(response.context["occupations"]) == count


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize(
    "query", [{}, {"state": "OH", "state_sort": "median"}, {"print": "1"}, {"state": "OH", "print": "1"}]
)
def test_career_page_query_count_does_not_grow_with_releases_states_or_areas(
    client, django_assert_max_num_queries, count, query
):
    """Guards against N+1 queries: more releases, states, areas, industries and links cost no more queries.

    Six, once the program list's index is built: the occupation with its similar occupations (their national pay,
    the newest releases and the catalog's token loaded as subqueries); every wage row the page shows; the
    projections with their outlook phrases; the credentials and their eligibility rules. The linked CIP codes and
    the published programs under them, by level, come from the index.
    """
    occupation = OccupationFactory()
    cip = CIPCode.objects.create(code="51.0713", title="Coder")
    cip.occupations.add(occupation)
    for index in range(count):
        may_2014(occupation, release=f"May {2014 + index}", reference_date=datetime.date(2014 + index, 5, 1))
        ProjectionFactory(occupation=occupation, base_year=2010 + index, target_year=2020 + index)
        OutlookThresholdFactory(base_year=2010 + index, target_year=2020 + index)
        EligibilityRuleFactory().credential.occupations.add(occupation)
        state(occupation, f"{39 + index}00000", f"State {index}", 50000 + index)
        area(occupation, f"39000{index:02d}", f"Area {index} nonmetropolitan area", 40000)
        industry(occupation, f"62{index + 1}100", f"Industry {index}", 100 + index, 50000)
        similar = OccupationFactory(soc_code=f"11-91{index:02d}", title=f"Similar {index}")
        cip.occupations.add(similar)
        WageEstimateFactory(occupation=similar)
        ProgramFactory(cip_code=cip)
    build_search_index()
    with django_assert_max_num_queries(6):
        response = client.get(occupation.get_absolute_url(), query)
    assert response.status_code == 200
    if "print" not in query:  # the handout leaves similar occupations online
        assert len(re.findall(r"Similar \d+", section(response, "similar"))) == count


class Audit(HTMLParser):
    """Ids, open elements and references of a page: enough to catch markup a validator would reject."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SVG_EMPTY = {"rect", "line", "circle", "path"}

    def __init__(self):
        super().__init__()
        self.ids, self.references, self.open, self.problems = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for name in ("aria-labelledby", "aria-describedby", "for"):
            self.references += (attrs.get(name) or "").split()
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
        else:
            self.open.pop()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/careers/medical-records-specialists/", {}),
        ("/careers/medical-records-specialists/", {"state": "OH", "state_sort": "median"}),
        ("/careers/medical-and-health-services-managers/", {"state": "DC"}),
        ("/careers/", {}),
    ],
)
def test_bundled_pages_have_unique_ids_closed_elements_and_references_that_resolve(client, careers_bundle, url, query):
    audit = Audit()
    audit.feed(client.get(url, query).content.decode())

    assert audit.problems == []
    assert audit.open == []
    assert len(audit.ids) == len(set(audit.ids)), sorted({i for i in audit.ids if audit.ids.count(i) > 1})
    assert set(audit.references) <= set(audit.ids)
