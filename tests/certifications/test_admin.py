"""Admin smoke tests for certifying bodies, credentials and exam fees."""

import pytest
from django.urls import reverse

from certifications.models import CertifyingBody, Credential, CredentialFee
from tests.admin_helpers import assert_saved, inline_management
from tests.factories import CertifyingBodyFactory, CredentialFactory, CredentialFeeFactory, OccupationFactory

pytestmark = pytest.mark.django_db


def credential_form_data(body, **overrides):
    return {
        "body": body.pk,
        "abbreviation": "CPC",
        "name": "Certified Professional Coder",
        "slug": "cpc",
        "status": Credential.Status.ACTIVE,
        "setting": "",
        "exam_questions": "100",
        "exam_minutes": "240",
        "exam_format": "",
        "exam_open_book": "true",
        "exam_delivery": "",
        "exam_source_url": "",
        "eligibility": "",
        "renewal_ceus": "36",
        "renewal_cycle_years": "2",
        "renewal_notes": "",
        "former_abbreviation": "",
        "former_name": "",
        "apprentice_designation": "CPC-A",
        "apprentice_notes": "",
        "source_url": "https://www.aapc.com/certifications/cpc",
        "as_of": "2025-01-01",
        **inline_management("fees"),
        **overrides,
    }


# Certifying bodies


def test_certifying_body_changelist_shows_body_and_search_finds_by_name(admin_client):
    CertifyingBodyFactory(abbreviation="AAPC", name="American Academy of Professional Coders")
    CertifyingBodyFactory(abbreviation="AHIMA", name="American Health Information Management Association")
    url = reverse("admin:certifications_certifyingbody_changelist")

    assert "American Academy of Professional Coders" in admin_client.get(url).text
    response = admin_client.get(url, {"q": "health information"})

    assert "AHIMA" in response.text
    assert "American Academy of Professional Coders" not in response.text


def test_certifying_body_add_and_change_pages_save(admin_client):
    add_url = reverse("admin:certifications_certifyingbody_add")
    assert admin_client.get(add_url).status_code == 200
    data = {
        "abbreviation": "AHIMA",
        "name": "American Health Information Management Association",
        "slug": "ahima",
        "website": "https://www.ahima.org/",
        "description": "",
    }

    assert_saved(admin_client.post(add_url, data))
    body = CertifyingBody.objects.get(abbreviation="AHIMA")
    change_url = reverse("admin:certifications_certifyingbody_change", args=[body.pk])
    assert admin_client.get(change_url).status_code == 200
    assert_saved(admin_client.post(change_url, {**data, "description": "Publishes the RHIT and CCS exams."}))

    body.refresh_from_db()
    assert body.description == "Publishes the RHIT and CCS exams."


# Credentials


@pytest.mark.parametrize("term", ["cpc", "professional coder", "cpc-h"])
def test_credential_search_finds_by_abbreviation_name_and_former_abbreviation(admin_client, term):
    CredentialFactory(abbreviation="CPC", name="Certified Professional Coder", former_abbreviation="CPC-H")
    CredentialFactory(abbreviation="CCS", name="Certified Coding Specialist", body__abbreviation="AHIMA")

    response = admin_client.get(reverse("admin:certifications_credential_changelist"), {"q": term})

    assert "Certified Professional Coder" in response.text
    assert "Certified Coding Specialist" not in response.text


def test_credential_changelist_filters_by_body_and_status(admin_client):
    aapc = CertifyingBodyFactory(abbreviation="AAPC")
    CredentialFactory(body=aapc, abbreviation="CPC", name="Certified Professional Coder")
    CredentialFactory(body=aapc, abbreviation="CPC-H", name="Outpatient Hospital Coder", status="renamed")
    CredentialFactory(abbreviation="CCS", name="Certified Coding Specialist", body__abbreviation="AHIMA")

    response = admin_client.get(
        reverse("admin:certifications_credential_changelist"), {"body__id__exact": aapc.pk, "status__exact": "active"}
    )

    assert "Certified Professional Coder" in response.text
    assert "Outpatient Hospital Coder" not in response.text
    assert "Certified Coding Specialist" not in response.text


def test_credential_add_page_creates_credential_with_a_fee(admin_client):
    body = CertifyingBodyFactory()
    occupation = OccupationFactory()
    url = reverse("admin:certifications_credential_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        credential_form_data(
            body,
            occupations=[occupation.pk],
            **inline_management("fees", total=1),
            **{
                "fees-0-amount": "499.00",
                "fees-0-description": "two attempts, online",
                "fees-0-verified": "on",
                "fees-0-source": "AAPC",
                "fees-0-source_url": "",
                "fees-0-as_of": "2025-01-01",
            },
        ),
    )

    assert_saved(response)
    credential = Credential.objects.get(slug="cpc")
    assert list(credential.occupations.all()) == [occupation]
    assert list(credential.fees.values_list("amount", "description")) == [(499, "two attempts, online")]


def test_credential_change_page_saves_a_change(admin_client):
    credential = CredentialFactory(abbreviation="CPC", slug="cpc")
    fee = CredentialFeeFactory(credential=credential)
    url = reverse("admin:certifications_credential_change", args=[credential.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        credential_form_data(
            credential.body,
            status=Credential.Status.RENAMED,
            **inline_management("fees", total=1, initial=1),
            **{
                "fees-0-id": fee.pk,
                "fees-0-credential": credential.pk,
                "fees-0-amount": "525.00",
                "fees-0-description": fee.description,
                "fees-0-source": fee.source,
                "fees-0-as_of": "2025-06-01",
            },
        ),
    )

    assert_saved(response)
    credential.refresh_from_db()
    fee.refresh_from_db()
    assert credential.status == Credential.Status.RENAMED
    assert fee.amount == 525


def test_credential_with_negative_fee_or_zero_year_cycle_shows_errors(admin_client):
    body = CertifyingBodyFactory()

    response = admin_client.post(
        reverse("admin:certifications_credential_add"),
        credential_form_data(
            body,
            renewal_cycle_years="0",
            **inline_management("fees", total=1),
            **{"fees-0-amount": "-1", "fees-0-description": "", "fees-0-as_of": "2025-01-01"},
        ),
    )

    assert response.status_code == 200
    assert "A renewal cycle lasts at least one year." in str(response.context["adminform"].form.errors)
    assert "A fee cannot be negative." in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not Credential.objects.exists()


def test_credential_body_and_occupation_autocompletes_answer_with_matches(admin_client):
    CertifyingBodyFactory(abbreviation="AAPC", name="American Academy of Professional Coders")
    CertifyingBodyFactory(abbreviation="AHIMA", name="American Health Information Management Association")
    OccupationFactory(soc_code="29-2072", title="Medical Records Specialists")
    OccupationFactory(soc_code="43-6013", title="Medical Secretaries", slug="medical-secretaries")
    url = reverse("admin:autocomplete")

    bodies = admin_client.get(
        url, {"app_label": "certifications", "model_name": "credential", "field_name": "body", "term": "ahima"}
    )
    occupations = admin_client.get(
        url, {"app_label": "certifications", "model_name": "credential", "field_name": "occupations", "term": "secret"}
    )

    assert [result["text"] for result in bodies.json()["results"]] == ["AHIMA"]
    assert [result["text"] for result in occupations.json()["results"]] == ["Medical Secretaries (43-6013)"]


def test_credential_changelist_query_count_does_not_grow_with_credentials(admin_client, django_assert_max_num_queries):
    """Guards against N+1 queries: each credential's body comes in the same query as the credential."""
    url = reverse("admin:certifications_credential_changelist")
    for number in range(3):
        CredentialFactory(body=CertifyingBodyFactory(abbreviation=f"B{number}"))
    with django_assert_max_num_queries(10) as with_three:
        admin_client.get(url)
    for number in range(3, 30):
        CredentialFactory(body=CertifyingBodyFactory(abbreviation=f"B{number}"))
    with django_assert_max_num_queries(10) as with_thirty:
        admin_client.get(url)

    assert len(with_thirty.captured_queries) == len(with_three.captured_queries)


# Exam fees


def test_credential_fee_changelist_shows_fee_and_search_finds_by_credential(admin_client):
    CredentialFeeFactory(credential=CredentialFactory(abbreviation="CPC"), description="two attempts, in person")
    CredentialFeeFactory(credential=CredentialFactory(abbreviation="CCS"), description="one attempt, online")
    url = reverse("admin:certifications_credentialfee_changelist")

    assert "two attempts, in person" in admin_client.get(url).text
    response = admin_client.get(url, {"q": "cpc"})

    assert "two attempts, in person" in response.text
    assert "one attempt, online" not in response.text


def test_credential_fee_add_and_change_pages_save(admin_client):
    credential = CredentialFactory()
    add_url = reverse("admin:certifications_credentialfee_add")
    assert admin_client.get(add_url).status_code == 200
    data = {
        "credential": credential.pk,
        "amount": "399.00",
        "description": "one attempt, members",
        "source": "AAPC",
        "source_url": "",
        "as_of": "2025-01-01",
    }

    assert_saved(admin_client.post(add_url, data))
    fee = CredentialFee.objects.get(description="one attempt, members")
    change_url = reverse("admin:certifications_credentialfee_change", args=[fee.pk])
    assert admin_client.get(change_url).status_code == 200
    assert_saved(admin_client.post(change_url, {**data, "verified": "on"}))

    fee.refresh_from_db()
    assert fee.verified is True


def test_credential_fee_credential_autocomplete_finds_by_abbreviation(admin_client):
    CredentialFactory(abbreviation="CPC", name="Certified Professional Coder")
    CredentialFactory(abbreviation="CCS", name="Certified Coding Specialist")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "certifications", "model_name": "credentialfee", "field_name": "credential", "term": "ccs"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["CCS (Certified Coding Specialist)"]


def test_the_eligibility_rule_form_assumes_https_for_an_address_typed_without_a_scheme():
    """As every admin page does: "aapc.com" means https://aapc.com, and Django 6 will assume it anyway."""
    from certifications.admin import EligibilityRuleForm

    assert EligibilityRuleForm.base_fields["source_url"].assume_scheme == "https"
