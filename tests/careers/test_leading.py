"""The occupation page's leading industry rows are marked when wage rows change (careers/leading.py, issue 15), and
the marks are what ranking the rows on every page view chose: after the bundle loads, after a save, a delete, a
newer release loaded in bulk, and a migration."""

import datetime

import pytest
from django.db.models import Subquery

from careers.leading import mark_leading_industries
from careers.models import Occupation, WageEstimate
from tests.careers.test_models import _industry as industry
from tests.factories import OccupationFactory, WageEstimateFactory

pytestmark = pytest.mark.django_db


def ranked_live(occupation):
    """The rows WageEstimateQuerySet.leading() chooses now: what the page's query ranked on every view before."""
    own = WageEstimate.objects.filter(occupation=occupation)
    newest = own.national_all_industries().newest_first().values("release")[:1]
    return set(own.national_industry_groups().filter(release=Subquery(newest)).leading().values_list("pk", flat=True))


def marked(occupation):
    return set(WageEstimate.objects.filter(occupation=occupation, leading_industry=True).values_list("pk", flat=True))


def test_the_bundled_occupations_leading_industries_are_marked_as_ranking_them_would_choose(careers_bundle):
    occupations = list(Occupation.objects.all())
    assert occupations
    for occupation in occupations:
        assert marked(occupation) == ranked_live(occupation)
    assert WageEstimate.objects.filter(leading_industry=True).count() >= 5 * len(occupations)
    page = WageEstimate.objects.for_occupation_page(occupations[0])
    assert {row.pk for row in page if row.leading_industry} == marked(occupations[0])


def test_a_saved_or_deleted_row_marks_the_occupations_industries_again():
    occupation = WageEstimateFactory().occupation
    rows = [industry(occupation, f"62{index}100", 100 * index, 40000 + index) for index in range(1, 8)]
    assert marked(occupation) == ranked_live(occupation) == {row.pk for row in rows[2:]}  # the five with most jobs

    rows[0].employment = 10_000  # now the most jobs of all
    rows[0].save()
    assert rows[0].pk in marked(occupation)
    assert marked(occupation) == ranked_live(occupation)

    rows[0].delete()
    assert marked(occupation) == ranked_live(occupation) == {row.pk for row in rows[2:]}


def test_a_newer_release_loaded_in_bulk_moves_the_marks_to_its_rows():
    occupation = OccupationFactory()
    WageEstimateFactory(occupation=occupation)  # the May 2025 cross-industry row
    old = [industry(occupation, f"62{index}100", 100 * index, 40000) for index in range(1, 4)]
    assert marked(occupation) == {row.pk for row in old}
    newer = {"release": "May 2026", "reference_date": datetime.date(2026, 5, 1), "source": "BLS OEWS, May 2026"}
    WageEstimate.objects.bulk_create(
        [
            WageEstimate(occupation=occupation, area_type="national", area_code="99", area_name="U.S.", **newer),
            *[
                WageEstimate(
                    occupation=occupation,
                    area_type="national",
                    area_code="99",
                    area_name="U.S.",
                    industry_code=f"62{index}100",
                    industry_name=f"Industry {index}",
                    employment=10 * index,
                    soc_code=occupation.soc_code,
                    **newer,
                )
                for index in range(1, 4)
            ],
        ]
    )
    assert marked(occupation) == {row.pk for row in old}  # bulk writes send no signals: stale until marked
    mark_leading_industries([occupation.pk])
    newest_rows = set(
        WageEstimate.objects.filter(occupation=occupation, release="May 2026")
        .exclude(industry_code="")
        .values_list("pk", flat=True)
    )
    assert len(newest_rows) == 3
    assert marked(occupation) == ranked_live(occupation) == newest_rows


def test_marking_one_occupation_leaves_the_others_alone():
    first = WageEstimateFactory().occupation
    second = WageEstimateFactory(
        occupation=OccupationFactory(soc_code="29-9021", title="Health Information Technologists")
    ).occupation
    first_row = industry(first, "621100", 100, 40000)
    second_row = industry(second, "621100", 100, 40000)
    WageEstimate.objects.filter(pk=second_row.pk).update(leading_industry=False)  # as a bulk write would leave it
    mark_leading_industries([first.pk])
    assert marked(first) == {first_row.pk}
    assert marked(second) == set()
    mark_leading_industries()
    assert marked(second) == {second_row.pk}


def test_the_migration_marks_the_rows_already_loaded(careers_bundle):
    """Migration 0007 runs mark_leading_industries() through the historical model: the same marks."""
    from django.apps import apps as current_apps

    WageEstimate.objects.update(leading_industry=False)
    mark_leading_industries(model=current_apps.get_model("careers", "WageEstimate"))
    for occupation in Occupation.objects.all():
        assert marked(occupation) == ranked_live(occupation)
