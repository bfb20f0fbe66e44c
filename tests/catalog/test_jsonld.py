"""schema.org JSON-LD on program and school pages: what the listing knows, no nulls, no way out of the script."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from catalog.models import Institution, Program
from tests.factories import (
    CIPCodeFactory,
    CourseFactory,
    CredentialFactory,
    InstitutionFactory,
    OccupationFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    """The page's one JSON-LD block, parsed."""
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


def no_nulls(value):
    if isinstance(value, dict):
        return all(v not in (None, "", [], {}) and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return True


@pytest.fixture
def school():
    return InstitutionFactory(
        name="Lakeshore Technical College",
        unitid=240170,
        city="Cleveland",
        state="WI",
        zip_code="53015",
        website="https://gotoltc.edu/",
        latitude=Decimal("43.915400"),
        longitude=Decimal("-87.741300"),
    )


def test_a_full_program_listing_is_an_educational_occupational_program(client, school):
    cip = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder")
    cip.occupations.add(OccupationFactory(soc_code="29-2072"))
    program = ProgramFactory(
        institution=school,
        slug="medical-coding",
        title="Medical Coding Certificate",
        description="Nine months of coding.",
        cip_code=cip,
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
        delivery_mode=Program.DeliveryMode.HYBRID,
        length_months=9,
        credit_hours=Decimal("30.0"),
        cost=Decimal("4200.00"),
        cost_year=2025,
        admission_prerequisite=Program.Prerequisite.HIGH_SCHOOL,
        prerequisite_notes="Keyboarding at 35 words a minute.",
    )
    program.prepares_for.add(CredentialFactory(abbreviation="CPC", name="Certified Professional Coder", slug="cpc"))
    CourseFactory(program=program, title="ICD-10-CM", credits=Decimal("3.0"))

    data = json_ld(client.get(program.get_absolute_url()))

    assert data == {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": "Medical Coding Certificate",
        "url": "http://testserver/programs/medical-coding/",
        "description": "Nine months of coding.",
        "provider": {
            "@type": "CollegeOrUniversity",
            "name": "Lakeshore Technical College",
            "url": "https://gotoltc.edu/",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Cleveland",
                "addressRegion": "WI",
                "postalCode": "53015",
                "addressCountry": "US",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": 43.9154, "longitude": -87.7413},
            "sameAs": ["https://collegescorecard.ed.gov/school/?240170"],
        },
        "educationalCredentialAwarded": "Undergraduate certificate or diploma",
        "educationalProgramMode": "blended",
        "timeToComplete": "P9M",
        "numberOfCredits": 30,
        "offers": {
            "@type": "Offer",
            "category": "Total tuition and fees, 2025",
            "priceSpecification": {"@type": "PriceSpecification", "price": 4200, "priceCurrency": "USD"},
        },
        "occupationalCategory": ["29-2072"],
        "programPrerequisites": "High school diploma or GED: Keyboarding at 35 words a minute.",
        "occupationalCredentialAwarded": [
            {
                "@type": "EducationalOccupationalCredential",
                "name": "Certified Professional Coder",
                "alternateName": "CPC",
                "url": "http://testserver/certifications/cpc/",
                "recognizedBy": {"@type": "Organization", "name": "American Academy of Professional Coders"},
            }
        ],
        "hasCourse": [{"@type": "Course", "name": "ICD-10-CM", "numberOfCredits": 3}],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": "http://testserver/programs/medical-coding/",
            "inLanguage": "en",
        },
    }


@pytest.mark.parametrize("mode,expected", [("online", "online"), ("on_campus", "onsite"), ("hybrid", "blended")])
def test_delivery_modes_use_schema_org_words(client, mode, expected):
    program = ProgramFactory(delivery_mode=mode)
    assert json_ld(client.get(program.get_absolute_url()))["educationalProgramMode"] == expected


def test_unknown_facts_are_left_out_never_null(client):
    school = InstitutionFactory(unitid=None, city="", state="", zip_code="", website="")
    program = ProgramFactory(institution=school, credit_hours=Decimal("30.5"))

    data = json_ld(client.get(program.get_absolute_url()))

    assert no_nulls(data)
    assert set(data) == {
        "@context",
        "@type",
        "name",
        "url",
        "provider",
        "educationalCredentialAwarded",
        "numberOfCredits",
        "mainEntityOfPage",
    }
    assert data["provider"] == {"@type": "CollegeOrUniversity", "name": school.name}
    # schema.org wants whole credits, or a StructuredValue for a part credit.
    assert data["numberOfCredits"] == {"@type": "StructuredValue", "value": 30.5, "unitText": "credit hours"}


def test_a_school_page_is_a_college_or_university(client, school):
    data = json_ld(client.get(school.get_absolute_url()))
    assert data == {
        "@context": "https://schema.org",
        "@type": "CollegeOrUniversity",
        "name": "Lakeshore Technical College",
        "url": "https://gotoltc.edu/",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Cleveland",
            "addressRegion": "WI",
            "postalCode": "53015",
            "addressCountry": "US",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 43.9154, "longitude": -87.7413},
        "sameAs": ["https://collegescorecard.ed.gov/school/?240170"],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": f"http://testserver{school.get_absolute_url()}",
            "inLanguage": "en",
        },
    }


def test_a_school_without_directory_facts_gives_only_its_name(client):
    school = InstitutionFactory(unitid=None, city="", state="", zip_code="", website="", latitude=None)
    data = json_ld(client.get(school.get_absolute_url()))
    assert set(data) == {"@context", "@type", "name", "mainEntityOfPage"}


def test_a_name_with_a_closing_script_tag_cannot_break_out_of_the_json(client):
    hostile = '</script><script>alert("x")</script> & <!--'
    school = InstitutionFactory(name=hostile)
    program = ProgramFactory(institution=school, title=hostile, description=hostile)

    for response in (client.get(program.get_absolute_url()), client.get(school.get_absolute_url())):
        content = response.content.decode()
        assert "<script>alert" not in content
        assert '</script><script>alert("x")' not in content
        data = json_ld(response)
        assert data["name"] == hostile


def test_json_ld_in_the_bundled_data_describes_real_programs_and_schools(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    program = Program.objects.get(slug="university-of-alabama-at-birmingham-bachelor")

    data = json_ld(client.get(program.get_absolute_url()))

    assert data["provider"]["name"] == "University of Alabama at Birmingham"
    assert data["provider"]["sameAs"] == ["https://collegescorecard.ed.gov/school/?100663"]
    assert data["educationalCredentialAwarded"] == "Bachelor's degree"
    assert sorted(data["occupationalCategory"]) == ["11-9111", "29-2072", "29-9021"]
    # Delivery, length, credits and cost are not in the public data, so the JSON-LD does not claim them.
    assert not {"educationalProgramMode", "timeToComplete", "numberOfCredits", "offers"} & set(data)
    for school in Institution.objects.filter(unitid__gte=496399)[:3]:  # not in IPEDS HD2020: name and state only
        school_data = json_ld(client.get(school.get_absolute_url()))
        assert no_nulls(school_data)
        assert "geo" not in school_data
