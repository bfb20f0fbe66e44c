"""Every page type printed to PDF in Chromium (Letter, print media), on the real bundled data (issue 7).

Factories make pages shorter than the real ones, so the page counts are checked on the bundled data. The PDFs
are kept under artifacts/print/ (git-ignored) for a person to look at: `pdftoppm -png -r 60 file.pdf out`.
"""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from careers.models import Occupation
from catalog.models import Program
from certifications.models import Credential, Guide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "print"
NAVIGATION = ["Skip to main content", "Careers and pay"]

# The text of every figure's source, in pieces: the link's text and what is around it, since on paper an
# external link's address is printed between them.
FIGURE_SOURCE_PIECES = """() => Array.from(document.querySelectorAll('main .figure-source')).map(
  (source) => Array.from(source.childNodes).map((node) => node.textContent))"""


def _squeezed(text):
    """Text without whitespace, ligatures unfolded: a PDF breaks lines and sets "fi" as one glyph."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture
def print_page(chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def render_pdf(page, url, name):
    """Print `url` the way a counselor does; returns its page count, its text and the figure sources on screen."""
    page.goto(url)
    page.emulate_media(media="print")
    sources = page.evaluate(FIGURE_SOURCE_PIECES)
    # As the print dialog does, a page's own @page size (the compare table's landscape sheet) wins over Letter.
    data = page.pdf(format="Letter", print_background=False, prefer_css_page_size=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages), sources


def assert_prints_cleanly(page, url, name, *, max_pages, page_address=None):
    pages, text, sources = render_pdf(page, url, name)
    assert pages <= max_pages, f"{name}: {pages} pages"
    squeezed = _squeezed(text)
    for label in NAVIGATION:
        assert _squeezed(label) not in squeezed, f"{name}: navigation printed"
    for pieces in sources:
        for piece in pieces:
            assert _squeezed(piece) in squeezed, f"{name}: figure source {piece!r} missing"
    assert _squeezed(page_address or url.replace("?print=1", "").replace("&print=1", "")) in squeezed, name
    assert _squeezed(f"Printed on {date_format(timezone.localdate(), 'DATE_FORMAT')}") in squeezed, name
    return text


@pytest.fixture
def bundled_data():
    call_command("load_bundled_data", verbosity=0)


def test_handouts_of_real_programs_occupations_and_credentials_fit_on_one_letter_page(
    live_server, print_page, bundled_data
):
    # The program pages with the most to print: certificates (the credentials' rules cover them) with earnings.
    programs = Program.objects.published().filter(
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE, outcomes__median_earnings__isnull=False
    )
    for program in programs.order_by("-institution__name")[:3]:
        text = assert_prints_cleanly(
            print_page, f"{live_server.url}{program.get_absolute_url()}?print=1", f"program-{program.slug}", max_pages=1
        )
        assert "Checked on" in text and "Last reviewed" in text and "Website" in text
    for occupation in Occupation.objects.all():
        text = assert_prints_cleanly(
            print_page,
            f"{live_server.url}{occupation.get_absolute_url()}?print=1",
            f"occupation-{occupation.slug}",
            max_pages=1,
        )
        assert "metro tables" in text
    for credential in Credential.objects.all():
        assert_prints_cleanly(
            print_page,
            f"{live_server.url}{credential.get_absolute_url()}?print=1",
            f"credential-{credential.slug}",
            max_pages=1,
        )


def test_school_guide_and_pathway_pages_print_on_at_most_two_pages(live_server, print_page, bundled_data):
    program = Program.objects.published().filter(outcomes__median_earnings__isnull=False).order_by("slug").first()
    school = program.institution.get_absolute_url()
    assert_prints_cleanly(print_page, f"{live_server.url}{school}", "school", max_pages=2)
    assert_prints_cleanly(print_page, f"{live_server.url}/guides/", "guide-list", max_pages=2)
    for guide in Guide.objects.all()[:2]:
        assert_prints_cleanly(
            print_page, f"{live_server.url}{guide.get_absolute_url()}", f"guide-{guide.slug}", max_pages=2
        )
    pathway = f"{live_server.url}/pathways/?have=high_school"
    assert_prints_cleanly(print_page, pathway, "pathway", max_pages=2)


def test_compare_table_of_ten_programs_prints_landscape_with_every_program(live_server, print_page, bundled_data):
    programs = list(Program.objects.published().filter(outcomes__median_earnings__isnull=False).order_by("slug")[:10])
    url = f"{live_server.url}/compare/?programs={','.join(p.slug for p in programs)}"
    text = assert_prints_cleanly(print_page, url, "compare-10", max_pages=2)
    reader = PdfReader(ARTIFACTS / "compare-10.pdf")
    box = reader.pages[0].mediabox
    assert box.width > box.height, "the compare table prints on a landscape page"
    for program in programs:
        assert _squeezed(program.institution.name) in _squeezed(text)


def test_a_filtered_result_list_prints_its_first_50_rows_with_the_filters_listed(live_server, print_page, bundled_data):
    url = f"{live_server.url}/programs/?state=TX&credential_level=1&sort=name&print=1"
    text = assert_prints_cleanly(
        print_page, url, "result-list", max_pages=4, page_address=f"{live_server.url}/programs/?state=TX"
    )
    squeezed = _squeezed(text)
    assert _squeezed("Filters in use") in squeezed
    assert _squeezed("State: Texas") in squeezed
    expected = Program.objects.published().filter(institution__state="TX", credential_level=1).count()
    shown = min(50, expected)
    assert _squeezed(f"The first {shown} programs of {expected}") in squeezed
    assert _squeezed("Source: College Scorecard field-of-study data") in squeezed
