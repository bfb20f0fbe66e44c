"""Eligibility rules as data: eligibility_rules.json is checked, loaded idempotently, and names its errors."""

import json
import shutil

import pytest
from django.conf import settings

from careers.importers import load as load_careers
from catalog.importing import DataError, LoadReport
from certifications.importers import load
from certifications.models import EligibilityRule, Guide

pytestmark = pytest.mark.django_db

DATA = settings.BASE_DIR / "certifications" / "data"


@pytest.fixture
def occupations(db):
    """The careers bundle (the occupations guides and credentials link to), as load_bundled_data loads it."""
    load_careers(settings.BASE_DIR / "careers" / "data", LoadReport())


def load_all(data_dir=DATA):
    report = LoadReport()
    load(data_dir, report)
    return report


def test_the_bundled_rules_make_cahiim_associates_rhit_eligible_and_coding_training_prepare_for_cpc_and_cca(
    occupations,
):
    load_all()

    def credentials(level, accreditation=""):
        return {
            rule.credential.abbreviation for rule in EligibilityRule.objects.covering(level, "51.07", accreditation)
        }

    assert credentials(1) == credentials(2) == {"CPC", "CCA"}
    assert credentials(2, "cahiim") == {"CPC", "CCA", "RHIT"}
    assert credentials(3, "cahiim") == credentials(5, "cahiim") == {"RHIA"}
    assert credentials(3) == set()
    cpc = EligibilityRule.objects.get(key="cpc-coding-training")
    assert "80-contact-hour" in cpc.experience_note and cpc.source_url.startswith("https://www.aapc.com/")


def test_loading_the_rules_and_guides_twice_changes_nothing(occupations):
    first = load_all()
    second = load_all()

    assert first.counts["eligibility rules"] == [5, 0, 0] and first.counts["program guides"] == [5, 0, 0]
    assert second.changed == 0
    assert Guide.objects.get(slug="certificate").occupations.count() == 1


def test_a_bad_level_is_named_by_file_and_json_path_and_nothing_is_loaded(occupations, tmp_path):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "eligibility_rules.json").read_text())
    data["rules"]["rhit-cahiim-associate"]["credential_levels"] = [2, 42]
    (tmp_path / "eligibility_rules.json").write_text(json.dumps(data))

    with pytest.raises(
        DataError, match=r"^eligibility_rules\.json: rules\.rhit-cahiim-associate\.credential_levels\[1\]"
    ):
        load_all(tmp_path)

    assert not EligibilityRule.objects.exists()


def test_a_guide_naming_an_unknown_occupation_is_refused_with_its_path(occupations, tmp_path):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "guides.json").read_text())
    data["guides"]["certificate"]["occupations"] = ["99-9999"]
    (tmp_path / "guides.json").write_text(json.dumps(data))

    with pytest.raises(DataError, match=r"^guides\.json: guides\.certificate\.occupations\[0\]: unknown SOC code"):
        load_all(tmp_path)
