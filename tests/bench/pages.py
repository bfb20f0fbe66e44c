"""The benchmark's pages, chosen from the benchmark database, with each page's SQL queries and compressed size."""

import gzip

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careers.areas import state_of
from careers.models import Occupation, WageEstimate
from catalog.models import Program
from certifications.models import Credential
from tests.bench.searches import SEARCH


def bench_pages():
    """(name, path) for each page issue 9 names, on whatever data the database holds."""
    program = (
        Program.objects.published()
        .filter(outcomes__median_earnings__isnull=False, courses__isnull=False)
        .order_by("pk")
        .first()
    ) or Program.objects.published().order_by("pk").first()
    occupation = Occupation.objects.order_by("soc_code").first()
    # The same page with a state chosen, as a student who picks theirs sees it: the state with the most jobs.
    state = (
        WageEstimate.objects.filter(occupation=occupation)
        .states()
        .filter(employment__isnull=False)
        .order_by("-reference_date", "-employment", "area_code")
        .first()
    )
    postal = state_of(state.area_code) if state else ""
    credential = Credential.objects.filter(slug="cpc").first() or Credential.objects.order_by("slug").first()
    ten = ",".join(Program.objects.published().order_by("pk").values_list("slug", flat=True)[:10])
    return [
        ("home", "/"),
        ("search", SEARCH),
        ("search_by_cost", f"{SEARCH}&sort=cost"),
        ("program", program.get_absolute_url()),
        ("occupation", occupation.get_absolute_url()),
        ("occupation_state", f"{occupation.get_absolute_url()}?state={postal}"),
        ("credential", credential.get_absolute_url()),
        ("compare_10", f"/compare/?programs={ten}"),
    ]


def measure_index_build():
    """Seconds for what a student may meet after a change to the catalog, in this process, page cache off:
    building the program list's in-memory index; the first search (the build, and its words looked up); a search
    with words the index has not looked up yet (a broad one: "health information"); and a search whose words it
    knows."""
    import time

    from catalog.search import index as index_module

    client = Client()
    index_module.forget()
    started = time.perf_counter()
    client.get(SEARCH)
    first = time.perf_counter() - started
    build = index_module._indexes["default"].built_seconds
    started = time.perf_counter()
    client.get(SEARCH.replace("medical+coding", "health+information"))
    new_words = time.perf_counter() - started
    started = time.perf_counter()
    client.get(SEARCH.replace("state=TX", "state=OH"))
    known = time.perf_counter() - started
    return {
        "build_s": round(build, 3),
        "first_search_s": round(first, 3),
        "new_words_search_s": round(new_words, 3),
        "known_words_search_s": round(known, 3),
    }


def measure_pages():
    """{name: {path, status, queries, html_gzip_bytes}}, each page fetched once with a cold page cache."""
    client = Client()
    measured = {}
    for name, path in bench_pages():
        # The first request of a process also loads templates and translations; both are reported.
        with CaptureQueriesContext(connection) as first:
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers={"Accept-Encoding": "gzip"})
        body = response.content if response.get("Content-Encoding") == "gzip" else gzip.compress(response.content)
        measured[name] = {
            "path": path,
            "status": response.status_code,
            "queries": len(queries),
            "queries_first_request": len(first),
            "html_gzip_bytes": len(body),
        }
    return measured


def default_stack_pages():
    """{name: path} of the pages the default-stack report measures (issue 15): search, program, occupation and
    credential, and the occupation page with a state chosen, chosen from whatever data the database holds."""
    names = {"search", "program", "occupation", "occupation_state", "credential"}
    return {name: path for name, path in bench_pages() if name in names}
