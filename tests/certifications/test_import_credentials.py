"""Checking and loading the hand-written certifications/data/credentials.json."""

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from careers.importers import load as load_careers_data
from catalog.importing import DataError, LoadReport
from certifications.importers import build, load
from certifications.models import CertifyingBody, Credential, CredentialFee

CERTIFICATIONS_DATA = settings.BASE_DIR / "certifications" / "data"
CREDENTIALS_FILE = CERTIFICATIONS_DATA / "credentials.json"


@pytest.fixture
def occupations(db):
    """Certifications load after careers, as load_bundled_data runs them."""
    load_careers_data(settings.BASE_DIR / "careers" / "data", LoadReport())


def load_credentials(data_dir=CERTIFICATIONS_DATA):
    report = LoadReport()
    with transaction.atomic():
        load(data_dir, report)
    return report


def write_credentials(tmp_path, change):
    """The committed file with `change(data)` applied, in a folder of its own."""
    data = json.loads(CREDENTIALS_FILE.read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "credentials.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return tmp_path


def test_build_checks_the_file_against_the_notes_and_reproduces_it_byte_for_byte(shared_data, tmp_path):
    committed = CREDENTIALS_FILE.read_bytes()

    lines = build(shared_data, tmp_path)
    build(shared_data, CERTIFICATIONS_DATA)

    assert (tmp_path / "credentials.json").read_bytes() == committed
    assert CREDENTIALS_FILE.read_bytes() == committed
    assert "9 credentials, 13 fees, 11 occupation links" in lines[0]


def test_build_reports_a_fee_the_notes_do_not_give(shared_data, tmp_path):
    notes = (shared_data / "credentials.md").read_text(encoding="utf-8")
    (tmp_path / "credentials.md").write_text(notes.replace("$350", "$ 350"), encoding="utf-8")

    with pytest.raises(DataError, match=r"^credentials.json: credentials.cpc-p.fees\[0\].amount: \$350 is not in"):
        build(tmp_path, tmp_path / "out")


def test_load_gives_two_bodies_and_nine_credentials_with_their_slugs(occupations):
    load_credentials()

    assert sorted(CertifyingBody.objects.values_list("abbreviation", flat=True)) == ["AAPC", "AHIMA"]
    assert CertifyingBody.objects.get(abbreviation="AAPC").website == "https://www.aapc.com/"
    assert sorted(Credential.objects.values_list("slug", flat=True)) == sorted(
        ["cpc", "coc", "cpc-p", "cic", "crc", "cca", "ccs", "rhit", "rhia"]
    )
    assert set(Credential.objects.filter(body__abbreviation="AHIMA").values_list("abbreviation", flat=True)) == {
        "CCA",
        "CCS",
        "RHIT",
        "RHIA",
    }
    assert set(Credential.objects.values_list("as_of", flat=True)) == {datetime.date(2025, 1, 1)}
    assert set(Credential.objects.values_list("status", flat=True)) == {"active"}


def test_load_gives_the_exam_renewal_and_apprentice_facts_of_the_notes(occupations):
    load_credentials()

    cpc = Credential.objects.get(slug="cpc")
    assert (cpc.exam_questions, cpc.exam_minutes, cpc.exam_open_book, cpc.exam_verified) == (100, 240, True, True)
    assert (cpc.renewal_ceus, cpc.renewal_cycle_years, cpc.membership_required) == (36, 2, True)
    assert (cpc.apprentice_designation, cpc.has_formal_prerequisite) == ("CPC-A", False)
    assert "80-contact-hour" in cpc.apprentice_notes
    coc = Credential.objects.get(slug="coc")
    assert (coc.former_abbreviation, coc.former_name) == ("CPC-H", "Certified Professional Coder - Outpatient Hospital")
    assert coc.apprentice_designation == "COC-A"
    assert Credential.objects.get(slug="cpc-p").exam_verified is False
    # Our AHIMA notes do not say whether membership is needed to keep a credential, so it is unknown, not "no".
    ahima = Credential.objects.filter(body__slug="ahima").values_list("membership_required", flat=True)
    assert len(ahima) == 4 and set(ahima) == {None}
    cca = Credential.objects.get(slug="cca")
    assert (cca.exam_questions, cca.exam_minutes, cca.exam_verified, cca.renewal_ceus) == (105, 120, False, 20)
    rhit, rhia = Credential.objects.get(slug="rhit"), Credential.objects.get(slug="rhia")
    assert rhit.has_formal_prerequisite and rhia.has_formal_prerequisite
    assert "CAHIIM" in rhia.eligibility
    assert (rhit.renewal_ceus, rhia.renewal_ceus) == (20, 30)
    # "not found" in the notes stays unknown.
    assert (rhia.exam_questions, rhia.exam_minutes, rhia.exam_verified) == (None, None, False)


def test_load_gives_only_the_fees_the_notes_give_each_marked_unverified(occupations):
    load_credentials()

    fees = {
        slug: sorted(CredentialFee.objects.filter(credential__slug=slug).values_list("amount", flat=True))
        for slug in Credential.objects.values_list("slug", flat=True)
    }
    assert fees["cpc"] == [Decimal("399.00"), Decimal("499.00")]
    assert fees["coc"] == fees["crc"] == [Decimal("425.00"), Decimal("499.00")]
    assert fees["cpc-p"] == [Decimal("350.00")]
    assert fees["cca"] == [Decimal("199.00"), Decimal("299.00")]
    assert fees["rhit"] == [Decimal("229.00"), Decimal("299.00")]
    assert fees["cic"] == fees["rhia"] == []
    assert CredentialFee.objects.count() == 13
    assert not CredentialFee.objects.filter(verified=True).exists()
    in_person = CredentialFee.objects.get(credential__slug="cpc", amount=499)
    assert in_person.description == "two attempts, in person"
    assert in_person.as_of == datetime.date(2025, 1, 1)
    assert in_person.source == "medicalcodingwithconfidence.com (secondary page)"
    assert not CredentialFee.objects.filter(source="").exists()


def test_load_links_credentials_to_occupations_by_soc_code(occupations):
    load_credentials()

    def codes(slug):
        return sorted(Credential.objects.get(slug=slug).occupations.values_list("soc_code", flat=True))

    for slug in ["cpc", "coc", "cpc-p", "cic", "crc", "cca", "ccs"]:
        assert codes(slug) == ["29-2072"]
    assert codes("rhit") == ["29-2072", "29-9021"]
    assert codes("rhia") == ["11-9111", "29-9021"]


def test_loading_twice_changes_nothing(occupations):
    first = load_credentials()
    second = load_credentials()

    assert first.counts == {
        "certifying bodies": [2, 0, 0],
        "credentials": [9, 0, 0],
        "credential fees": [13, 0, 0],
        "eligibility rules": [5, 0, 0],
        "program guides": [5, 0, 0],
    }
    assert second.changed == 0


def test_a_reload_sets_only_the_keys_the_file_has(occupations, tmp_path):
    load_credentials()
    Credential.objects.filter(slug="cpc").update(setting="Written by staff", renewal_ceus=1)

    def drop_setting(data):
        del data["credentials"]["cpc"]["setting"]

    report = load_credentials(write_credentials(tmp_path, drop_setting))

    cpc = Credential.objects.get(slug="cpc")
    assert (cpc.setting, cpc.renewal_ceus) == ("Written by staff", 36)
    assert report.counts["credentials"] == [0, 1, 8]


def test_a_fee_and_a_link_the_file_no_longer_lists_are_removed(occupations, tmp_path):
    load_credentials()

    def drop_online_fee_and_link(data):
        cpc = data["credentials"]["cpc"]
        cpc["fees"] = [fee for fee in cpc["fees"] if fee["amount"] != 399]
        data["credentials"]["rhit"]["occupations"] = ["29-9021"]

    report = load_credentials(write_credentials(tmp_path, drop_online_fee_and_link))

    assert list(CredentialFee.objects.filter(credential__slug="cpc").values_list("amount", flat=True)) == [499]
    assert list(Credential.objects.get(slug="rhit").occupations.values_list("soc_code", flat=True)) == ["29-9021"]
    assert report.counts["credentials"] == [0, 2, 7]


def set_key(*path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_key("credentials", "cpc", "body", value="NCCT"), "credentials.cpc.body: unknown certifying body 'NCCT'"),
        (
            set_key("credentials", "rhia", "occupations", value=["29-9021", "15-1252"]),
            "credentials.rhia.occupations[1]: unknown SOC code 15-1252",
        ),
        (
            set_key("credentials", "coc", "as_of", value="2025-02-30"),
            "credentials.coc.as_of: '2025-02-30' is not a date",
        ),
        (
            set_key("credentials", "cca", "fees", 1, "as_of", value="soon"),
            "credentials.cca.fees[1].as_of: 'soon' is not a date",
        ),
        (
            set_key("credentials", "cic", "exam_minutes", value="240"),
            "credentials.cic.exam_minutes: '240' is not a whole number",
        ),
        (set_key("credentials", "crc", "status", value="paused"), "credentials.crc.status: Value 'paused' is not"),
        (set_key("credentials", "ccs", "exam_length", value=4), "credentials.ccs: unknown key(s): exam_length"),
    ],
)
def test_a_bad_entry_names_the_file_and_json_path_and_leaves_the_database_unchanged(
    occupations, tmp_path, change, message
):
    load_credentials()
    counts = (CertifyingBody.objects.count(), Credential.objects.count(), CredentialFee.objects.count())

    def change_and_rename(data):
        # A change that would show if anything were written before the error.
        data["credentials"]["cpc"]["name"] = "Renamed"
        change(data)

    with pytest.raises(DataError) as raised:
        load_credentials(write_credentials(tmp_path, change_and_rename))

    assert str(raised.value).startswith(f"credentials.json: {message}")
    assert (CertifyingBody.objects.count(), Credential.objects.count(), CredentialFee.objects.count()) == counts
    assert Credential.objects.get(slug="cpc").name == "Certified Professional Coder"


def test_links_to_occupations_not_yet_loaded_are_reported(db):
    with pytest.raises(
        DataError, match=r"^credentials.json: credentials.cca.occupations\[0\]: unknown SOC code 29-2072"
    ):
        load_credentials()

    assert not Credential.objects.exists()
