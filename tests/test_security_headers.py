"""Every page type sends the security headers, and crawlers get robots.txt and a sitemap of public pages only."""

import pytest
from django.urls import path as path_

from catalog.models import Program
from tests.factories import CredentialFactory, OccupationFactory, OutcomeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    program = ProgramFactory(title="Medical Coding Certificate")
    OutcomeFactory(program=program)
    occupation = OccupationFactory()
    credential = CredentialFactory(abbreviation="CPC", slug="cpc")
    return [
        "/",
        "/programs/",
        "/programs/?q=coding&credential_level=2",
        program.get_absolute_url(),
        program.institution.get_absolute_url(),
        "/careers/",
        occupation.get_absolute_url(),
        "/certifications/",
        credential.get_absolute_url(),
        f"/compare/?programs={program.slug}",
        "/programs/export.csv",
        "/no-such-page/",
        "/admin/login/",
        "/robots.txt",
        "/sitemap.xml",
        "/healthz",
    ]


def test_every_page_type_sends_a_strict_content_security_policy(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        policy = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert "script-src 'self'" in policy and "default-src 'self'" in policy, path


def test_every_page_type_sends_referrer_nosniff_permissions_and_frame_headers(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert "camera=()" in response.headers["Permissions-Policy"], path
        assert "geolocation=()" in response.headers["Permissions-Policy"], path


def test_html_pages_carry_no_inline_script_or_style_the_policy_would_block(client, pages):
    """The policy allows no inline code, so a page that relied on some would break silently in browsers."""
    for path in pages:
        response = client.get(path)
        if "text/html" not in response["Content-Type"] or path.startswith("/admin/"):
            continue
        content = response.content.decode()
        assert " style=" not in content, path
        assert " onclick=" not in content and " onload=" not in content, path
        for chunk in content.split("<script")[1:]:
            assert chunk.lstrip().startswith('type="application/ld+json"') or " src=" in chunk.split(">")[0], path


def test_pages_name_their_canonical_address_without_the_query(client):
    program = ProgramFactory(slug="medical-coding-certificate")
    content = client.get(program.get_absolute_url() + "?utm_source=flyer").content.decode()
    assert '<link rel="canonical" href="http://testserver/programs/medical-coding-certificate/">' in content


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_published_pages_and_never_drafts(client):
    published = ProgramFactory(slug="published-coding")
    ProgramFactory(slug="draft-coding", status=Program.Status.DRAFT)
    draft_only_school = ProgramFactory(slug="other-draft", status=Program.Status.DRAFT).institution
    occupation = OccupationFactory()
    credential = CredentialFactory(slug="cpc")

    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-programs.xml" in index
    urls = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ["pages", "programs", "schools", "careers", "certifications"]
    )
    assert f"http://testserver{published.get_absolute_url()}" in urls
    assert f"http://testserver{published.institution.get_absolute_url()}" in urls
    assert f"http://testserver{occupation.get_absolute_url()}" in urls
    assert f"http://testserver{credential.get_absolute_url()}" in urls
    assert "draft-coding" not in urls
    assert draft_only_school.get_absolute_url() not in urls


def test_unknown_sitemap_section_or_page_is_a_404_not_a_500(client):
    assert client.get("/sitemap-nope.xml").status_code == 404
    assert client.get("/sitemap-programs.xml?p=abc").status_code == 404


def security_header_problems(response):
    """What the header tests above require, as a list of what is wrong with one response (empty when nothing)."""
    policy = response.headers.get("Content-Security-Policy", "")
    expected = {
        "a CSP with script-src 'self'": "script-src 'self'" in policy,
        "no unsafe-inline": "unsafe-inline" not in policy,
        "frame-ancestors 'none'": "frame-ancestors 'none'" in policy,
        "Referrer-Policy": response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin",
        "nosniff": response.headers.get("X-Content-Type-Options") == "nosniff",
        "Permissions-Policy camera=()": "camera=()" in response.headers.get("Permissions-Policy", ""),
    }
    return [rule for rule, met in expected.items() if not met]


def view_exempt_from_the_policy(request):
    from csp.decorators import csp_exempt
    from django.http import HttpResponse

    response = csp_exempt()(lambda request: HttpResponse("<p>no policy</p>"))(request)
    response.headers["Permissions-Policy"] = "camera=(self)"
    return response


urlpatterns = [path_("broken-headers/", view_exempt_from_the_policy)]


def test_every_page_type_has_no_header_problems(client, pages):
    assert {path: security_header_problems(client.get(path)) for path in pages} == dict.fromkeys(pages, [])


@pytest.mark.urls(__name__)
def test_the_header_gate_fails_on_a_response_without_the_policy(client):
    """The gate itself: a view exempt from the CSP, with a looser Permissions-Policy, is reported."""
    problems = security_header_problems(client.get("/broken-headers/"))
    assert "a CSP with script-src 'self'" in problems and "Permissions-Policy camera=()" in problems
