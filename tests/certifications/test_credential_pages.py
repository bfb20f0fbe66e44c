"""Credential pages carry every fact of the data with its source, label what is unverified, and describe the
credential as schema.org JSON-LD."""

import html
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import models, transaction
from django.utils.formats import date_format

from careers.importers import load as load_careers_data
from catalog.importing import LoadReport
from certifications.importers import load as load_credentials_data
from certifications.models import Credential
from tests.careers.test_pages import Audit
from tests.factories import CertifyingBodyFactory, CredentialFactory, CredentialFeeFactory

pytestmark = pytest.mark.django_db

NINE_CREDENTIALS = {"cpc", "coc", "cpc-p", "cic", "crc", "cca", "ccs", "rhit", "rhia"}

# How the page words the facts that are not text. Every concrete field of Credential must be named here or be
# text, a URL or a date, so a field added to the model fails these tests until the page shows it.
NUMBER_FORMATS = {
    "exam_questions": "Questions {}",
    "exam_minutes": "Time allowed {} minutes",
    "renewal_ceus": "{} CEUs",
    "renewal_cycle_years": "every {} years",
}
# field -> {value: (text that must appear, text that must not)}
BOOLEAN_TEXT = {
    "exam_open_book": {
        True: ("Code books allowed Yes, open code book", None),
        False: ("Code books allowed No, closed book", None),
        None: ("Code books allowed Not reported yet", None),
    },
    "exam_verified": {True: ("The exam Questions", "The exam unverified"), False: ("The exam unverified", None)},
    "has_formal_prerequisite": {
        True: ("There is a formal prerequisite", None),
        False: ("There is no formal education prerequisite.", None),
    },
    "membership_required": {
        True: ("Membership Required: you must stay a member of", None),
        False: ("Membership Not required to keep it", None),
        None: ("Membership Not stated in the sources we hold", "Not required to keep it"),
    },
}
NOT_FACTS = {"id", "slug", "body"}  # the address, and the body, which is checked with its own fields


def load_bundle():
    """The bundled careers and credentials, loaded as load_bundled_data loads them (careers first)."""
    with transaction.atomic():
        load_careers_data(settings.BASE_DIR / "careers" / "data", LoadReport())
        load_credentials_data(settings.BASE_DIR / "certifications" / "data", LoadReport())


@pytest.fixture
def bundle(db):
    load_bundle()


def page_text(content):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", content)).split())


def sections(content):
    """{section id: its HTML} for each <section aria-labelledby=...> of the page."""
    return dict(re.findall(r'<section aria-labelledby="([^"]+)"[^>]*>(.*?)</section>', content, re.S))


def expected_fee_text(fee):
    text = f"${fee.amount:,.0f} ({fee.source}, as of {date_format(fee.as_of, 'DATE_FORMAT')})"
    if fee.description:
        text += f": {fee.description}"
    return text + ("" if fee.verified else " unverified")


def assert_every_fact_is_on_the_page(credential, content):
    text = page_text(content)
    missing = []
    for field in Credential._meta.concrete_fields:
        name, value = field.name, getattr(credential, field.name)
        if name in NOT_FACTS or name.endswith("_id"):
            continue
        if name in BOOLEAN_TEXT:
            present, absent = BOOLEAN_TEXT[name][value]
            if present not in text or (absent and absent in text):
                missing.append((name, present))
        elif value in (None, ""):
            continue
        elif name in NUMBER_FORMATS:
            if NUMBER_FORMATS[name].format(value) not in text:
                missing.append((name, NUMBER_FORMATS[name].format(value)))
        elif field.get_internal_type() == "DateField":
            if f"as of {date_format(value, 'DATE_FORMAT')}" not in text:
                missing.append((name, value))
        elif isinstance(field, models.URLField):
            if f'href="{value}"' not in content:
                missing.append((name, value))
        elif field.choices:
            if getattr(credential, f"get_{name}_display")() not in text:
                missing.append((name, value))
        elif field.get_internal_type() in ("CharField", "TextField"):
            if " ".join(value.split()) not in text:
                missing.append((name, value))
        else:
            missing.append((name, f"no rule for a {field.get_internal_type()}: add one, and show it on the page"))
    body = credential.body
    for value in (body.name, body.abbreviation, body.description):
        if value and value not in text:
            missing.append(("body", value))
    if body.website and f'href="{body.website}"' not in content:
        missing.append(("body.website", body.website))
    for fee in credential.fees.all():
        if expected_fee_text(fee) not in text:
            missing.append(("fee", expected_fee_text(fee)))
        if fee.source_url and f'href="{fee.source_url}"' not in content:
            missing.append(("fee.source_url", fee.source_url))
    assert not missing, f"{credential.slug}: facts missing from the page: {missing}"


def assert_each_section_names_its_source(credential, content):
    """Every section of facts ends with where they came from: the source page (or body) and the as-of date."""
    as_of = f"as of {date_format(credential.as_of, 'DATE_FORMAT')}"
    found = sections(content)
    expected = ["certifies", "exam", "eligibility", "renewal"] + (
        ["apprentice"] if credential.apprentice_designation else []
    )
    for section_id in expected:
        section = found[section_id]
        assert as_of in page_text(section), (credential.slug, section_id)
        source_url = credential.exam_source_url if section_id == "exam" else credential.source_url
        if source_url:
            assert f'href="{source_url}"' in section, (credential.slug, section_id)
        else:
            assert credential.body.abbreviation in page_text(section), (credential.slug, section_id)


def test_each_bundled_credential_page_shows_every_fact_and_fee_with_its_source(client, bundle):
    credentials = Credential.objects.for_detail()
    assert {credential.slug for credential in credentials} == NINE_CREDENTIALS
    for credential in credentials:
        response = client.get(f"/certifications/{credential.slug}/")
        assert response.status_code == 200, credential.slug
        content = response.content.decode()
        assert_every_fact_is_on_the_page(credential, content)
        assert_each_section_names_its_source(credential, content)


def test_bundled_unverified_exams_and_fees_are_labelled_and_verified_ones_are_not(client, bundle):
    cca = page_text(client.get("/certifications/cca/").content.decode())
    cpc = page_text(client.get("/certifications/cpc/").content.decode())

    assert "The exam unverified" in cca
    assert (
        "$199 (secondary pages (they conflict), as of Jan. 1, 2025): AHIMA members; sources conflict unverified" in cca
    )
    assert "The exam unverified" not in cpc
    assert (
        "$399 (medicalcodingwithconfidence.com (secondary page), as of Jan. 1, 2025): one attempt, online unverified"
        in cpc
    )


def test_bundled_credential_without_a_described_setting_says_so(client, bundle):
    text = page_text(client.get("/certifications/rhia/").content.decode())

    assert "What it certifies Our notes on AHIMA’s pages do not describe the work and setting it covers yet." in text
    assert "Questions Not reported yet" in text
    assert "Exam fees Not reported yet" in text


def test_every_fact_check_fails_when_the_page_leaves_a_fact_out(client):
    """The generic check above is not vacuous: a fact the page does not show is reported."""
    credential = CredentialFactory(renewal_notes="Renewal note that the page shows.")
    content = client.get(credential.get_absolute_url()).content.decode()
    assert_every_fact_is_on_the_page(Credential.objects.for_detail().get(pk=credential.pk), content)

    credential.renewal_notes = "A note the page was never given."
    with pytest.raises(AssertionError, match="renewal_notes"):
        assert_every_fact_is_on_the_page(credential, content)


def test_credential_page_shows_its_body_status_and_a_link_to_the_comparison(client):
    body = CertifyingBodyFactory(
        abbreviation="AHIMA",
        name="American Health Information Management Association",
        website="https://www.ahima.org/",
        description="Health information management association.",
    )
    credential = CredentialFactory(body=body, status=Credential.Status.RETIRED, setting="")

    response = client.get(credential.get_absolute_url())

    text = page_text(response.content.decode())
    assert "Issued by American Health Information Management Association (AHIMA): Health information management" in text
    assert "Status Retired" in text
    assert 'href="/certifications/compare/"' in response.content.decode()


def json_ld(response):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_json_ld_describes_the_credential_its_body_renewal_cycle_fees_and_eligibility(client):
    body = CertifyingBodyFactory(
        abbreviation="AAPC", name="American Academy of Professional Coders", website="https://www.aapc.com/"
    )
    credential = CredentialFactory(
        body=body,
        abbreviation="COC",
        name="Certified Outpatient Coder",
        slug="coc",
        former_abbreviation="CPC-H",
        setting="Hospital outpatient coding.",
        eligibility="No formal prerequisite.",
        renewal_cycle_years=2,
    )
    CredentialFeeFactory(credential=credential, amount=Decimal("425.00"), description="one attempt")
    CredentialFeeFactory(credential=credential, amount=Decimal("499.50"), description="")

    data = json_ld(client.get("/certifications/coc/"))

    assert data == {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "name": "Certified Outpatient Coder",
        "alternateName": ["COC", "CPC-H"],
        "description": "Hospital outpatient coding.",
        "credentialCategory": "certification",
        "recognizedBy": {
            "@type": "Organization",
            "name": "American Academy of Professional Coders",
            "alternateName": "AAPC",
            "url": "https://www.aapc.com/",
        },
        "validFor": "P2Y",
        "url": "http://testserver/certifications/coc/",
        "competencyRequired": "No formal prerequisite.",
        "offers": [
            {"@type": "Offer", "price": 425, "priceCurrency": "USD", "description": "one attempt"},
            {"@type": "Offer", "price": 499.5, "priceCurrency": "USD"},
        ],
        "mainEntityOfPage": {"@type": "WebPage", "@id": "http://testserver/certifications/coc/", "inLanguage": "en"},
    }


def test_json_ld_leaves_out_what_is_unknown(client):
    credential = CredentialFactory(setting="", eligibility="", renewal_cycle_years=None, body__website="")

    data = json_ld(client.get(credential.get_absolute_url()))

    for key in ("description", "validFor", "competencyRequired", "offers"):
        assert key not in data
    assert data["alternateName"] == [credential.abbreviation]
    assert "url" not in data["recognizedBy"]


def test_json_ld_cannot_end_its_script_element(client):
    credential = CredentialFactory(name="Coder </script><script>alert(1)</script> & more")

    response = client.get(credential.get_absolute_url())

    content = response.content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script)["name"] == "Coder </script><script>alert(1)</script> & more"


def test_bundled_json_ld_names_the_former_abbreviation_and_the_two_year_cycle(client, bundle):
    data = json_ld(client.get("/certifications/coc/"))

    assert data["alternateName"] == ["COC", "CPC-H"]
    assert data["validFor"] == "P2Y"
    assert data["recognizedBy"]["name"] == "American Academy of Professional Coders"
    assert [offer["price"] for offer in data["offers"]] == [425, 499]
    assert "offers" not in json_ld(client.get("/certifications/cic/"))


def test_bundled_credential_pages_have_unique_ids_closed_elements_and_references_that_resolve(client, bundle):
    urls = ["/certifications/", "/certifications/compare/?sort=-fee"]
    urls += [f"/certifications/{slug}/" for slug in sorted(NINE_CREDENTIALS)]
    for url in urls:
        audit = Audit()
        audit.feed(client.get(url).content.decode())
        assert audit.problems == [], url
        assert audit.open == [], url
        assert len(audit.ids) == len(set(audit.ids)), url
        assert set(audit.references) <= set(audit.ids), url
