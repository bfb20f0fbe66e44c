"""A small catalog with one of every public page type, built with factories, for the page-level gates."""

from decimal import Decimal

from catalog.models import Program
from tests.factories import (
    CredentialFactory,
    CredentialFeeFactory,
    GuideFactory,
    InstitutionFactory,
    OccupationFactory,
    OutcomeFactory,
    ProgramFactory,
    ProjectionFactory,
    WageEstimateFactory,
)


def build_site():
    """Two schools, three programs with every optional field filled, a credential, an occupation and a guide.

    Returns {page type: path}, each public page also in Spanish ("home in Spanish": "/es/"). Filled-in fields
    matter: the real bundled data leaves delivery, cost,
    courses and credentials blank, and a gate must also see the markup that shows them.
    """
    credential = CredentialFactory(abbreviation="CPC", slug="cpc", name="Certified Professional Coder")
    CredentialFeeFactory(credential=credential)
    lakeshore = InstitutionFactory(
        name="Lakeshore Technical College", slug="lakeshore-technical-college", city="Cleveland", state="OH"
    )
    summit = InstitutionFactory(name="Summit College", slug="summit-college", city="Akron", state="OH")
    coding = ProgramFactory(
        institution=lakeshore,
        title="Medical Coding Certificate",
        slug="medical-coding-certificate",
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
        delivery_mode="online",
        cost=Decimal("4200"),
        cost_year=2025,
        source_note="School catalog 2025",
        length_months=9,
    )
    coding.prepares_for.add(credential)
    OutcomeFactory(program=coding, median_earnings=41000)
    billing = ProgramFactory(institution=summit, title="Medical Billing and Coding", slug="medical-billing-and-coding")
    OutcomeFactory(program=billing, median_earnings=45000)
    ProgramFactory(institution=summit, title="Health Information Technology", slug="health-information-technology")
    occupation = OccupationFactory()
    occupation.cip_codes.add(coding.cip_code)
    WageEstimateFactory(occupation=occupation)
    ProjectionFactory(occupation=occupation)
    guide = GuideFactory(slug="certificate")
    pages = {
        "home": "/",
        "results": "/programs/?q=coding&credential_level=1&state=OH&sort=-earnings",
        "program": coding.get_absolute_url(),
        "school": lakeshore.get_absolute_url(),
        "careers": "/careers/",
        "occupation": occupation.get_absolute_url(),
        "credentials": "/certifications/",
        "credential": credential.get_absolute_url(),
        "compare": f"/compare/?programs={coding.slug},{billing.slug}",
        "guides": "/guides/",
        "guide": guide.get_absolute_url(),
        "pathways": "/pathways/",
        "not found": "/no-such-page/",
        "admin login": "/admin/login/",
        "password reset": "/admin/password_reset/",
        "password reset sent": "/admin/password_reset/done/",
        "password reset complete": "/admin/reset/done/",
    }
    # The Spanish edition passes the same gates (issue 16); the admin stays in English.
    spanish = {f"{name} in Spanish": f"/es{path}" for name, path in pages.items() if not path.startswith("/admin/")}
    return {**pages, **spanish}
