"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any public page type, nor the admin login.

axe is injected as a script, which the site's policy (`script-src 'self'`) would block: the checking
context bypasses the CSP for that. The pages themselves are served exactly as to visitors.
"""

import pytest
from django.test import RequestFactory

from config import errors
from tests.quality.site import build_site
from tests.quality.tools import AXE_JS, only_in_the_sqlite_pass, require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def axe_page(chromium):
    only_in_the_sqlite_pass()
    script = require(AXE_JS, "axe-core (npm axe-core)").read_text(encoding="utf-8")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.axe_script = script
    yield page
    context.close()


def axe_violations(page):
    """["rule-id: help (selector, ...)"] for each violation on the page as it is now."""
    page.add_script_tag(content=page.axe_script)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        f"{rule['id']}: {rule['help']} ({', '.join(str(node['target']) for node in rule['nodes'][:5])})"
        for rule in result["violations"]
    ]


def test_every_public_page_type_has_no_axe_violations(live_server, axe_page):
    found = {}
    for name, path in build_site().items():
        axe_page.goto(live_server.url + path)
        violations = axe_violations(axe_page)
        if violations:
            found[f"{name} ({path})"] = violations
    assert found == {}


def test_the_503_page_has_no_axe_violations(live_server, axe_page):
    """The page a visitor gets while the database is out, with the site's stylesheet as served."""
    html = errors.service_unavailable(RequestFactory().get("/programs/")).content.decode()
    axe_page.route(live_server.url + "/programs/", lambda route: route.fulfill(status=503, body=html))
    axe_page.goto(live_server.url + "/programs/")
    assert axe_page.title() == "Temporarily unavailable | Medical Coding Catalog"
    assert axe_violations(axe_page) == []


def test_the_accessibility_gate_fails_on_an_image_without_alt_text(live_server, axe_page):
    """The gate itself: an image with no alt text and an unlabelled input are reported."""
    axe_page.goto(live_server.url + "/")
    axe_page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<img src="/static/missing.png"><input type="text">');
        }"""
    )
    rules = {violation.split(":")[0] for violation in axe_violations(axe_page)}
    assert {"image-alt", "label"} <= rules
