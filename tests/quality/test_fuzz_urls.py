"""Random and hostile query strings, path segments and form posts to every public URL: no 500, text escaped.

Hypothesis draws the input (see tests/quality/fuzzing.py); .ci/run derandomizes it (CI=true loads the "ci"
profile), so a failure there reproduces on every run. Example counts are modest to keep the suite fast.
"""

from urllib.parse import quote, urlencode

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.quality.fuzzing import check_response, hostile_text, query_pairs
from tests.quality.site import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def lenient_client():
    """A client that returns a 500 response instead of raising, so the property sees what a visitor would."""
    return Client(raise_request_exception=False)


def get_with_query(client, page, pairs):
    separator = "&" if "?" in page else "?"
    url = f"{page}{separator}{urlencode(pairs)}" if pairs else page
    return client.get(url), url


@settings(max_examples=100)
@given(pairs=query_pairs)
def test_the_results_page_and_export_survive_hostile_query_strings(lenient_client, site, pairs):
    for page in ("/programs/", "/programs/export.csv"):
        response, url = get_with_query(lenient_client, page, pairs)
        check_response(response, url)


@settings(max_examples=100)
@given(page_type=st.sampled_from(["home", "program", "school", "careers", "occupation", "credentials", "credential",
                                  "compare", "guides", "guide", "pathways"]), pairs=query_pairs)  # fmt: skip
def test_every_other_public_page_survives_hostile_query_strings(lenient_client, site, page_type, pairs):
    response, url = get_with_query(lenient_client, site[page_type].split("?")[0], pairs)
    check_response(response, url)


@settings(max_examples=100)
@given(
    prefix=st.sampled_from(["/programs/", "/schools/", "/careers/", "/certifications/", "/guides/", "/", "/pathways/"]),
    segment=hostile_text,
)
def test_every_detail_url_survives_hostile_path_segments(lenient_client, site, prefix, segment):
    url = f"{prefix}{quote(segment, safe='')}/"
    check_response(lenient_client.get(url), url)
    sitemap = f"/sitemap-{quote(segment, safe='')}.xml"
    check_response(lenient_client.get(sitemap), sitemap)


@settings(max_examples=50)
@given(
    action=st.sampled_from(["/compare/add/", "/compare/remove/", "/compare/use/"]),
    program=hostile_text,
    next_url=hostile_text,
    programs=hostile_text,
)
def test_the_compare_forms_survive_hostile_posts(lenient_client, site, action, program, next_url, programs):
    response = lenient_client.post(action, {"program": program, "next": next_url, "programs": programs})
    check_response(response, action)
    if response.status_code == 302:
        # The list goes into a cookie and comes back on the next page.
        check_response(lenient_client.get(response["Location"]), response["Location"])


# The gate itself, fed views that break its rules.


def raises_on_quotes(request):
    if any("'" in value for values in request.GET.lists() for value in values[1]):
        raise ValueError("a quote reached hand-built SQL")
    return HttpResponse("fine")


def echoes_unescaped(request):
    shown = " ".join(value for _name, values in request.GET.lists() for value in values)
    return HttpResponse(f"<p>You searched for {shown}</p>", content_type="text/html")


urlpatterns = [path("raises/", raises_on_quotes), path("echoes/", echoes_unescaped)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("view", ["/raises/", "/echoes/"])
def test_the_fuzzing_gate_fails_on_a_view_that_raises_or_echoes_markup(lenient_client, view):
    @settings(max_examples=200, database=None, report_multiple_bugs=False)
    @given(pairs=query_pairs)
    def property_holds(pairs):
        response, url = get_with_query(lenient_client, view, pairs)
        check_response(response, url)

    with pytest.raises(AssertionError, match="answered 500|unescaped"):
        property_holds()
