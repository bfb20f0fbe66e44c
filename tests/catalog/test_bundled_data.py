"""The committed bundle and the two commands around it: `make data` and `make run`'s load."""

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max

from careers.models import Occupation
from catalog.importing import DataError
from catalog.models import CIPCode, Institution, Outcome, Program
from certifications.models import Credential

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "catalog" / "data"


def load_bundled_data(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_bundled_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def planned_rows(table):
    """The number of rows the planner's statistics give `table`; None before they are gathered."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (rows,) = cursor.fetchone()
            return int(rows) if rows >= 0 else None
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else None


def test_loading_the_committed_bundle_twice_gives_every_program_once_with_its_outcome(client):
    """The one test that loads the whole real bundle (every app's part), so it is the slow one."""
    output, _ = load_bundled_data()

    assert Program.objects.published().count() == 3752
    assert Outcome.objects.count() == 3752
    assert not Program.objects.filter(outcomes__isnull=True).exists()
    assert Outcome.objects.exclude(median_earnings=None).count() == 1502
    assert Institution.objects.count() == 2224
    assert Institution.objects.exclude(city="").exclude(state="").exclude(website="").count() == 2201
    uab = Institution.objects.get(unitid=100663)
    assert (uab.name, uab.city, uab.state, uab.website) == (
        "University of Alabama at Birmingham",
        "Birmingham",
        "AL",
        "https://www.uab.edu/",
    )
    assert CIPCode.objects.filter(code__startswith="51.07").count() == 25
    assert set(Occupation.objects.for_cip_code("51.0713").values_list("soc_code", flat=True)) == {
        "29-2072",
        "29-9021",
    }
    assert "programs: 3752 created" in output
    assert planned_rows("catalog_program") == 3752  # the planner's statistics were gathered
    counts = {model: model.objects.count() for model in (CIPCode, Institution, Program, Outcome, Occupation)}
    last_update = Program.objects.aggregate(Max("updated_at"))

    output, _ = load_bundled_data()

    assert "0 rows changed" in output
    assert {model: model.objects.count() for model in counts} == counts
    assert Program.objects.aggregate(Max("updated_at")) == last_update

    # Every page type renders the real data, not only factory rows: the newest-release figures
    # and the renamed credential's history among them.
    assert "Medical Records Specialists" in client.get("/").content.decode()
    assert "3,752 programs" in client.get("/programs/").content.decode()
    uab_programs = Program.objects.filter(institution=uab)
    for program in uab_programs:
        assert "College Scorecard" in client.get(program.get_absolute_url()).content.decode()
    assert "Birmingham" in client.get(uab.get_absolute_url()).content.decode()
    for occupation in Occupation.objects.all():
        page = client.get(occupation.get_absolute_url()).content.decode()
        assert "May 2025" in page and "May 2014" in page, occupation
    assert Credential.objects.count() == 9
    for credential in Credential.objects.all():
        assert client.get(credential.get_absolute_url()).status_code == 200
    assert "Formerly CPC-H" in client.get("/certifications/coc/").content.decode()


def test_a_bad_catalog_row_undoes_what_careers_loaded_in_the_same_run(tmp_path):
    for app in ("careers", "catalog", "certifications"):
        if (ROOT / app / "data").is_dir():
            shutil.copytree(ROOT / app / "data", tmp_path / app)
    outcomes = tmp_path / "catalog" / "outcomes.csv"
    lines = outcomes.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = lines[-1].replace(",2026-06-10", ",2026-13-40")
    outcomes.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(DataError, match=rf"^outcomes\.csv:{len(lines)}: release_date: '2026-13-40'"):
        load_bundled_data("--data-dir", str(tmp_path))

    assert Occupation.objects.count() == 0
    assert Program.objects.count() == 0


def test_load_prints_nothing_at_verbosity_zero():
    assert load_bundled_data("--verbosity", "0") == ("", "")
    assert Program.objects.count() == 3752


def test_data_docs_list_every_crosswalk_link_kept():
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    with (BUNDLE / "cip_occupations.csv").open(encoding="utf-8", newline="") as handle:
        links = [(row["cip_code"], row["soc_code"]) for row in csv.DictReader(handle)]

    assert links
    for cip_code, soc_code in links:
        assert re.search(rf"^\| {re.escape(cip_code)} \|.*\| {soc_code} \|", docs, re.MULTILINE), (
            f"docs/data.md does not list the link {cip_code} -> {soc_code}"
        )
