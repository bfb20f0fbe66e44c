"""`manage.py generate_bench_data`: synthetic benchmark rows that say so, from a seed, never beside real data."""

import io
import re
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import QueryDict

from careers.models import Occupation, WageEstimate
from catalog.models import CIPCode, Course, Institution, Outcome, Program
from catalog.search.filters import ProgramFilter
from certifications.models import Credential, EligibilityRule, Guide
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

# Small numbers keep the suite fast; the command's defaults are 100,000 programs across 6,000 schools.
SMALL = ("--programs", "300", "--schools", "20")
Link = Program.prepares_for.through


def generate(*args, database_name="medcoding_bench_test"):
    """Run the command as if on a database of that name (the test database's own name varies by backend)."""
    out = io.StringIO()
    with mock.patch.dict(connection.settings_dict, {"NAME": database_name}):
        call_command("generate_bench_data", *SMALL, *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every synthetic row by its natural key: what must be identical for the same seed (ids and timestamps aside)."""
    skip = {"id", "created_at", "updated_at", "search_vector", "institution", "cip_code", "program"}
    program_fields = [f.attname for f in Program._meta.concrete_fields if f.name not in skip]
    school_fields = [f.attname for f in Institution._meta.concrete_fields if f.name not in skip]
    outcome_fields = [f.attname for f in Outcome._meta.concrete_fields if f.name not in skip]
    return {
        "schools": list(Institution.objects.order_by("slug").values_list(*school_fields)),
        "programs": list(
            Program.objects.order_by("external_id").values_list("institution__slug", "cip_code__code", *program_fields)
        ),
        "outcomes": list(
            Outcome.objects.order_by("program__external_id", "release_date").values_list(
                "program__external_id", *outcome_fields
            )
        ),
        "courses": list(
            Course.objects.order_by("program__external_id", "order").values_list(
                "program__external_id", "order", "title", "credits"
            )
        ),
        "links": list(
            Link.objects.order_by("program__external_id", "credential__slug").values_list(
                "program__external_id", "credential__slug"
            )
        ),
    }


def test_every_school_and_program_says_it_is_synthetic():
    output = generate()

    assert re.fullmatch(
        r"Generated 20 synthetic schools, 300 programs \(\d+ published\), \d+ outcomes, \d+ courses and \d+ "
        r"credential links \(seed 2026\) in \d+\.\d s\.\n",
        output,
    )
    schools = list(Institution.objects.all())
    assert len(schools) == 20
    assert all(re.fullmatch(r"Synthetic Benchmark [A-Za-z ]+ \d{4}", school.name) for school in schools)
    assert all(urlparse(school.website).hostname.endswith(".example.org") for school in schools)
    assert all(school.source.startswith("Synthetic benchmark data") for school in schools)
    programs = Program.objects.all()
    assert programs.count() == 300
    assert not programs.exclude(external_id__startswith="synthetic:").exists()
    assert not programs.exclude(description__contains="Synthetic benchmark data").exists()
    assert not Outcome.objects.exclude(source__startswith="Synthetic benchmark figures").exists()
    # The values fit every check the admin makes (choices, URLs, lengths, the model's constraints).
    for program in programs.select_related("institution")[:40]:
        program.full_clean()
        program.institution.full_clean()


def test_the_same_seed_writes_the_same_rows_and_another_seed_other_rows():
    generate()
    first = snapshot()

    generate()
    assert snapshot() == first

    generate("--seed", "7")
    assert snapshot()["programs"] != first["programs"]


def test_a_rerun_replaces_the_synthetic_rows_and_leaves_the_real_reference_data_as_it_was():
    generate()
    models = (Institution, Program, Outcome, Course, Link, Occupation, WageEstimate, CIPCode, Credential, Guide)
    counts = {model: model.objects.count() for model in models}
    coding = Program.objects.search("medical coding").count()

    generate()

    assert {model: model.objects.count() for model in models} == counts
    assert Program.objects.search("medical coding").count() == coding
    # The real careers and certifications data came in, not just the synthetic catalog.
    assert Occupation.objects.filter(soc_code="29-2072").exists()
    assert set(Credential.objects.values_list("slug", flat=True)) >= {"cpc", "cca", "rhit", "rhia"}
    assert EligibilityRule.objects.exists()


@pytest.mark.parametrize("name", ["medcoding", "/srv/bench/db.sqlite3"])
def test_refuses_a_database_whose_name_does_not_contain_bench(name):
    with pytest.raises(CommandError, match=rf"'{re.escape(name)}'.*must contain 'bench'.*synthetic.*never be mixed"):
        generate(database_name=name)

    assert not Program.objects.exists()
    assert not Occupation.objects.exists()


def test_refuses_a_database_that_holds_real_programs():
    real = ProgramFactory(title="Medical Coding at a real school")

    with pytest.raises(CommandError, match=r"1 programs and 1 schools that are not synthetic"):
        generate()

    assert list(Program.objects.all()) == [real]
    assert not Occupation.objects.exists()


def test_search_finds_thousands_at_full_size_so_hundreds_here_for_coding_billing_and_health_information():
    generate()
    published = Program.objects.published()
    total = published.count()

    for query in ("medical coding", "billing", "health information"):
        assert published.search(query).count() >= total / 5, query


def test_the_facets_see_generated_programs_in_every_option_group():
    generate()
    school = Institution.objects.filter(programs__status="published").first()
    params = QueryDict(mutable=True)
    params.update({"q": "medical coding", "sort": "cost"})
    filterset = ProgramFilter(params, queryset=Program.objects.published())

    facets, extra = filterset.facet_counts()

    assert extra["total"] == filterset.qs.count() > 0
    for facet in facets:
        used = [option for option in facet.options if option.count]
        assert len(used) >= 2, facet.name
    costs = [program.cost for program in filterset.qs if program.cost is not None]
    assert costs and costs == sorted(costs)
    near = ProgramFilter(QueryDict(f"zip={school.zip_code}&within=10"), queryset=Program.objects.published())
    here = set(school.programs.published().values_list("pk", flat=True))
    assert here and here <= set(near.qs.values_list("pk", flat=True))


def test_program_pages_show_the_occupations_and_credentials_of_real_data(client):
    generate()
    program = (
        Program.objects.published()
        .filter(cip_code__code="51.0713", prepares_for__slug="cpc", outcomes__median_earnings__isnull=False)
        .first()
    )

    response = client.get(program.get_absolute_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert program.title.replace("'", "&#x27;") in text
    assert "Medical Records Specialists" in text
    assert "CPC" in text
