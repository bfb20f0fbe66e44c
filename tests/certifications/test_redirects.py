"""A credential's former abbreviation keeps working: its address moves permanently to the renamed credential."""

import pytest

from tests.certifications.test_credential_pages import load_bundle, page_text
from tests.factories import CredentialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(db):
    load_bundle()


def test_bundled_cpc_h_address_redirects_permanently_to_the_coc_page_which_says_it_was_formerly_cpc_h(client, bundle):
    response = client.get("/certifications/cpc-h/")

    assert response.status_code == 301
    assert response["Location"] == "/certifications/coc/"
    text = page_text(client.get(response["Location"]).content.decode())
    assert "Formerly CPC-H (Certified Professional Coder - Outpatient Hospital)." in text


def test_any_former_abbreviation_redirects_by_its_slug_as_the_data_gives_it(client):
    CredentialFactory(abbreviation="NEW", slug="new", former_abbreviation="Old Code 2.0")

    response = client.get("/certifications/old-code-20/")

    assert response.status_code == 301
    assert response["Location"] == "/certifications/new/"


def test_a_credential_renamed_in_the_admin_redirects_from_its_new_former_abbreviation(client):
    credential = CredentialFactory(abbreviation="CRC", slug="crc")
    assert client.get("/certifications/hcc/").status_code == 404

    credential.former_abbreviation = "HCC"
    credential.save()

    assert client.get("/certifications/hcc/")["Location"] == "/certifications/crc/"


def test_a_current_credential_keeps_its_address_even_if_another_once_had_that_abbreviation(client):
    CredentialFactory(abbreviation="COC", slug="coc", former_abbreviation="CPC")
    CredentialFactory(abbreviation="CPC", slug="cpc", name="Certified Professional Coder")

    response = client.get("/certifications/cpc/")

    assert response.status_code == 200
    assert "CPC: Certified Professional Coder" in page_text(response.content.decode())


def test_an_unknown_address_is_still_not_found(client):
    CredentialFactory(former_abbreviation="CPC-H")

    assert client.get("/certifications/cpc-x/").status_code == 404
