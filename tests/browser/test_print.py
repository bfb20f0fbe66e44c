"""Every page type printed to PDF in Chromium (Letter and A4, print media), on the real bundled data (issue 7).

Factories make pages shorter than the real ones, so the page counts are checked on the bundled data. The PDFs
are kept under artifacts/print/ (git-ignored) for a person to look at: `pdftoppm -png -r 60 file.pdf out`.
"""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from pypdf import PdfReader

from careers import figures
from careers.models import Occupation
from catalog.models import Program
from certifications.models import Credential, Guide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "print"
NAVIGATION = ["Skip to main content", "Careers and pay"]
PAPERS = ["Letter", "A4"]
# The print stylesheet's @page margin (1cm) in CSS pixels, and CSS pixels per PDF point.
PAGE_MARGIN_PX = 96 / 2.54
PX_PER_POINT = 96 / 72
# The long side of each sheet in PDF points (Chromium rounds A4 to whole CSS pixels): a landscape sheet's width.
LONG_SIDE_POINTS = {"Letter": 792, "A4": 842}

# The text of the source of every figure on paper, in pieces: the link's text and what is around it, since on
# paper an external link's address is printed between them. Print media is on when this runs, so a source in a
# part that paper leaves out (the full state table, a sentence the quick facts repeat) is not asked for, and
# neither is its figure: a source is never hidden on its own, the print stylesheet shows every .figure-source.
FIGURE_SOURCE_PIECES = """() => Array.from(document.querySelectorAll('main .figure-source'))
  .filter((source) => source.checkVisibility())
  .map((source) => Array.from(source.childNodes).map((node) => node.textContent))"""


def _squeezed(text):
    """Text without whitespace, ligatures unfolded: a PDF breaks lines and sets "fi" as one glyph."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture
def print_page(chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def render_pdf(page, url, name, paper="Letter"):
    """Print `url` the way a counselor does; returns the PDF, its text and the sources of the figures on paper."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(url)
    page.emulate_media(media="print")
    sources = page.evaluate(FIGURE_SOURCE_PIECES)
    # As the print dialog does, a page's own @page size (the compare table's landscape sheet) wins over the paper's.
    data = page.pdf(format=paper, print_background=False, prefer_css_page_size=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}-{paper.lower()}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(p.extract_text() for p in reader.pages), sources


def assert_fits_the_sheet_width(page, sheet, name):
    """Laid out as wide as the sheet's printable area, the page is no wider: on paper nothing is cut off."""
    width = int(float(sheet.width) * PX_PER_POINT - 2 * PAGE_MARGIN_PX)
    page.set_viewport_size({"width": width, "height": 1000})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: {scroll_width}px wide on a sheet {width}px wide"


def assert_prints_cleanly(page, url, name, *, max_pages, page_address=None, paper="Letter"):
    reader, text, sources = render_pdf(page, url, name, paper)
    name = f"{name} ({paper})"
    assert len(reader.pages) <= max_pages, f"{name}: {len(reader.pages)} pages"
    assert_fits_the_sheet_width(page, reader.pages[0].mediabox, name)
    squeezed = _squeezed(text)
    with translation.override(_language(url)):
        navigation = [gettext(label) for label in NAVIGATION]
        printed_on = gettext("Printed on %(date)s") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}
    for label in navigation:
        assert _squeezed(label) not in squeezed, f"{name}: navigation printed"
    for pieces in sources:
        for piece in pieces:
            assert _squeezed(piece) in squeezed, f"{name}: figure source {piece!r} missing"
    assert _squeezed(page_address or url.replace("?print=1", "").replace("&print=1", "")) in squeezed, name
    assert _squeezed(printed_on) in squeezed, name
    return text


def _language(url):
    return "es" if "/es/" in url else "en"


def _newest_rows(rows):
    newest = max(row.reference_date for row in rows)
    return [row for row in rows if row.reference_date == newest]


def assert_the_states_with_the_most_jobs_stand_in_for_all(occupation, url, text):
    """On a full occupation page with no state chosen, the ten states with the most jobs stand in for them all, and
    the paper says where the rest are (`text`: the PDF's text, squeezed)."""
    rows = list(occupation.wage_estimates.states().filter(employment__isnull=False))
    states = sorted(_newest_rows(rows), key=lambda row: -row.employment)
    with translation.override(_language(url)):
        title = ngettext("The state with the most jobs", "The %(counter)s states with the most jobs", 10)
    assert _squeezed(title % {"counter": 10}) in text, occupation.slug
    assert all(_squeezed(row.area_name) in text for row in states[:10]), occupation.slug
    assert _squeezed(states[-1].area_name) not in text, f"{occupation.slug}: every state printed"
    assert _squeezed(f"{url}#state-and-area") in text, occupation.slug


def assert_the_chosen_state_stands_in_for_all(occupation, url, text, postal, name):
    """The chosen state's figures and its areas with the most jobs stand in for the states' table and chart; every
    state, the chart, and the areas paper leaves out are named with the address where they are."""
    areas = figures.areas_in_state(_newest_rows(occupation.wage_estimates.metro_areas()), postal)
    printed = figures.most_jobs_first(areas)
    with translation.override(_language(url)):
        jobs = gettext("Jobs")
        online = ngettext(
            "The area in %(state)s is online at %(url)s#metro",
            "All %(counter)s areas in %(state)s are online at %(url)s#metro",
            len(areas),
        ) % {"counter": len(areas), "state": name, "url": url}
    assert _squeezed(f"{name}: {jobs}") in text, f"{occupation.slug} {postal}: the state's figures"
    assert _squeezed(f"{url}#state-and-area") in text, f"{occupation.slug} {postal}"
    assert all(_squeezed(area.area_name) in text for area in printed), f"{occupation.slug} {postal}"
    if len(printed) < len(areas):
        assert _squeezed(online) in text, f"{occupation.slug} {postal}"


@pytest.fixture
def bundled_data():
    call_command("load_bundled_data", verbosity=0)


def _programs_of_every_level():
    """One published program of each credential level, with earnings: the program pages differ by level."""
    programs = Program.objects.published().filter(outcomes__median_earnings__isnull=False).order_by("slug")
    return [
        programs.filter(credential_level=level).first()
        for level in sorted(set(programs.values_list("credential_level", flat=True)))
    ]


@pytest.mark.parametrize("paper", PAPERS)
def test_handouts_of_real_programs_occupations_and_credentials_fit_on_one_page(
    live_server, print_page, bundled_data, paper
):
    # The program pages with the most to print: certificates (the credentials' rules cover them) with earnings.
    programs = Program.objects.published().filter(
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE, outcomes__median_earnings__isnull=False
    )
    for program in programs.order_by("-institution__name")[:3]:
        url = f"{live_server.url}{program.get_absolute_url()}?print=1"
        text = assert_prints_cleanly(print_page, url, f"program-{program.slug}", max_pages=1, paper=paper)
        assert "Checked on" in text and "Website" in text
        assert "Last verified by the school" in " ".join(text.replace("\ufb01", "fi").split())  # PDF ligature
    for occupation in Occupation.objects.all():
        url = f"{live_server.url}{occupation.get_absolute_url()}?print=1"
        text = assert_prints_cleanly(print_page, url, f"occupation-{occupation.slug}", max_pages=1, paper=paper)
        assert "metro tables" in text
    for credential in Credential.objects.all():
        url = f"{live_server.url}{credential.get_absolute_url()}?print=1"
        assert_prints_cleanly(print_page, url, f"credential-{credential.slug}", max_pages=1, paper=paper)


@pytest.mark.parametrize("paper", PAPERS)
def test_full_program_credential_and_occupation_pages_print_on_at_most_two_pages(
    live_server, print_page, bundled_data, paper
):
    """Ctrl+P on the page itself, not the handout: long tables and charts give way to a summary on paper."""
    for program in _programs_of_every_level():
        url = f"{live_server.url}{program.get_absolute_url()}"
        assert_prints_cleanly(print_page, url, f"program-full-{program.slug}", max_pages=2, paper=paper)
    for credential in Credential.objects.all():
        url = f"{live_server.url}{credential.get_absolute_url()}"
        assert_prints_cleanly(print_page, url, f"credential-full-{credential.slug}", max_pages=2, paper=paper)
    for occupation in Occupation.objects.all():
        url = f"{live_server.url}{occupation.get_absolute_url()}"
        text = _squeezed(
            assert_prints_cleanly(print_page, url, f"occupation-full-{occupation.slug}", max_pages=2, paper=paper)
        )
        assert _squeezed("The 10 states with the most jobs") in text
        assert_the_states_with_the_most_jobs_stand_in_for_all(occupation, url, text)


# A big state whose areas paper cuts to ten (CA, TX), one whose areas all print for one occupation (FL, nine areas),
# and a small one with a few areas or none (WY).
CHOSEN_STATES = {"CA": "California", "TX": "Texas", "FL": "Florida", "WY": "Wyoming"}


@pytest.mark.parametrize("paper", PAPERS)
def test_occupation_pages_with_a_state_chosen_print_on_at_most_two_pages(live_server, print_page, bundled_data, paper):
    """The chosen state's figures and its areas with the most jobs stand in for the states' table and chart."""
    for occupation in Occupation.objects.all():
        for postal, name in CHOSEN_STATES.items():
            url = f"{live_server.url}{occupation.get_absolute_url()}?state={postal}"
            text = _squeezed(
                assert_prints_cleanly(
                    print_page, url, f"occupation-full-{occupation.slug}-{postal}", max_pages=2, paper=paper
                )
            )
            assert _squeezed(f"{name}: Jobs") in text, f"{occupation.slug} {postal}: the state's figures"
            assert_the_chosen_state_stands_in_for_all(occupation, url, text, postal, name)


@pytest.mark.parametrize("paper", PAPERS)
def test_school_guide_and_pathway_pages_print_on_at_most_two_pages(live_server, print_page, bundled_data, paper):
    program = Program.objects.published().filter(outcomes__median_earnings__isnull=False).order_by("slug").first()
    school = program.institution.get_absolute_url()
    assert_prints_cleanly(print_page, f"{live_server.url}{school}", "school", max_pages=2, paper=paper)
    assert_prints_cleanly(print_page, f"{live_server.url}/guides/", "guide-list", max_pages=2, paper=paper)
    for guide in Guide.objects.all():
        url = f"{live_server.url}{guide.get_absolute_url()}"
        assert_prints_cleanly(print_page, url, f"guide-{guide.slug}", max_pages=2, paper=paper)
    pathway = f"{live_server.url}/pathways/?have=high_school"
    assert_prints_cleanly(print_page, pathway, "pathway", max_pages=2, paper=paper)


@pytest.mark.parametrize("paper", PAPERS)
def test_compare_table_of_ten_programs_prints_landscape_with_every_program(
    live_server, print_page, bundled_data, paper
):
    programs = list(Program.objects.published().filter(outcomes__median_earnings__isnull=False).order_by("slug")[:10])
    url = f"{live_server.url}/compare/?programs={','.join(p.slug for p in programs)}"
    text = assert_prints_cleanly(print_page, url, "compare-10", max_pages=2, paper=paper)
    box = PdfReader(ARTIFACTS / f"compare-10-{paper.lower()}.pdf").pages[0].mediabox
    # Landscape on the paper asked for: an A4 sheet turned, not a Letter one.
    assert abs(box.width - LONG_SIDE_POINTS[paper]) < 2 and box.width > box.height, f"{paper}: {box}"
    for program in programs:
        assert _squeezed(program.institution.name) in _squeezed(text)


@pytest.mark.parametrize("paper", PAPERS)
def test_credential_comparison_prints_landscape_with_nothing_cut_off(live_server, print_page, bundled_data, paper):
    text = assert_prints_cleanly(
        print_page, f"{live_server.url}/certifications/compare/", "credential-compare", max_pages=2, paper=paper
    )
    box = PdfReader(ARTIFACTS / f"credential-compare-{paper.lower()}.pdf").pages[0].mediabox
    assert abs(box.width - LONG_SIDE_POINTS[paper]) < 2 and box.width > box.height, f"{paper}: {box}"
    for credential in Credential.objects.all():
        assert _squeezed(credential.name) in _squeezed(text)


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


@pytest.mark.parametrize("paper", PAPERS)
def test_spanish_handouts_fit_on_one_page_and_detail_pages_on_two(live_server, print_page, bundled_data, paper):
    """Spanish runs longer than English (issue 16): the same limits hold for the /es/ pages, the full occupation page
    (Ctrl+P without ?print=1) with and without a state chosen included, with the same rows standing in on paper."""
    programs = Program.objects.published().filter(
        credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE, outcomes__median_earnings__isnull=False
    )
    for program in programs.order_by("-institution__name")[:3]:
        url = f"{live_server.url}/es{program.get_absolute_url()}?print=1"
        text = assert_prints_cleanly(print_page, url, f"es-program-{program.slug}", max_pages=1, paper=paper)
        assert "Sitio web" in text
    for occupation in Occupation.objects.all():
        url = f"{live_server.url}/es{occupation.get_absolute_url()}?print=1"
        assert_prints_cleanly(print_page, url, f"es-occupation-{occupation.slug}", max_pages=1, paper=paper)
    for credential in Credential.objects.all():
        url = f"{live_server.url}/es{credential.get_absolute_url()}?print=1"
        assert_prints_cleanly(print_page, url, f"es-credential-{credential.slug}", max_pages=1, paper=paper)
        url = f"{live_server.url}/es{credential.get_absolute_url()}"
        assert_prints_cleanly(print_page, url, f"es-credential-full-{credential.slug}", max_pages=2, paper=paper)
    for program in _programs_of_every_level():
        url = f"{live_server.url}/es{program.get_absolute_url()}"
        assert_prints_cleanly(print_page, url, f"es-program-full-{program.slug}", max_pages=2, paper=paper)
    for occupation in Occupation.objects.all():
        url = f"{live_server.url}/es{occupation.get_absolute_url()}"
        text = _squeezed(
            assert_prints_cleanly(print_page, url, f"es-occupation-full-{occupation.slug}", max_pages=2, paper=paper)
        )
        assert_the_states_with_the_most_jobs_stand_in_for_all(occupation, url, text)
        for postal, name in CHOSEN_STATES.items():
            url = f"{live_server.url}/es{occupation.get_absolute_url()}?state={postal}"
            pdf_name = f"es-occupation-full-{occupation.slug}-{postal}"
            text = _squeezed(assert_prints_cleanly(print_page, url, pdf_name, max_pages=2, paper=paper))
            assert_the_chosen_state_stands_in_for_all(occupation, url, text, postal, name)
    for url in ["/es/guides/", "/es/pathways/?have=high_school"]:
        name = "es-" + url.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
        assert_prints_cleanly(print_page, f"{live_server.url}{url}", name, max_pages=2, paper=paper)
