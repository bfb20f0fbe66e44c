"""Spanish search words find the same programs as their English forms (issue 16): catalog/search/spanish.py."""

import ast
import html
import re
from pathlib import Path

import pytest

from catalog.models import Program
from catalog.search import interpret
from catalog.search.parsing import parse
from catalog.search.spanish import as_typed, to_english
from tests.factories import InstitutionFactory, ProgramFactory
from tests.search_helpers import build_search_index

TESTS = Path(__file__).resolve().parent.parent


def slot_words(parsed):
    return sorted(" / ".join(sorted(term.text for term in slot)) for slot in parsed.slots)


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("codificación médica certificado en Texas", "medical coding certificate in Texas"),
        ("certificado de codificación médica en línea", "online medical coding certificate"),
        ("codificacion medica certificado en linea", "online medical coding certificate"),
        ("facturación médica", "medical billing"),
        ("codificador", "coder"),
        ("facturadora en Ohio", "biller in Ohio"),
        ("expedientes médicos", "medical records"),
        ("programas en línea de codificación", "online coding programs"),
        ("grado asociado en gestión de información de salud", "associate degree in health information management"),
        ("licenciatura en información de salud", "bachelor's health information"),
        ("maestría en administración de salud", "master's health administration"),
        ("codificación en Nuevo México", "coding in New Mexico"),
        ("codificación en Nueva York o Texas", "coding in New York or Texas"),
        ("codificación o facturación", "coding or billing"),
        ("codificación -facturación", "coding -billing"),
        ("codificación presencial", "coding on campus"),
        ("CÓDIGO certificado híbrido", "código certificate hybrid"),
    ],
)
def test_a_spanish_query_is_read_as_its_english_form(spanish, english):
    read, meant = parse(spanish), parse(english)
    assert read.states == meant.states
    assert slot_words(read) == slot_words(meant)
    assert read.excluded == meant.excluded
    assert (read.found.levels, read.found.delivery) == (meant.found.levels, meant.found.delivery)


def test_quoted_words_are_searched_as_typed():
    assert to_english('"codificación médica" en línea') == '"codificación médica" online'


def test_capital_state_codes_that_are_spanish_words_stay_states():
    assert parse("coding DE").states == ["DE"]
    assert parse("codificación LA").states == ["LA"]


def english_queries():
    """Every multi-word English text in the search and filter tests: none of them is changed."""
    found = set()
    for path in (TESTS / "catalog").glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if " " in text and len(text) <= 120 and text.isascii() and "\n" not in text:
                    found.add(text)
    return sorted(found)


# A Puerto Rican school's own Spanish name (tests/catalog/test_tuition_join.py): its "de" is dropped, and its other
# words still find it (test_a_spanish_school_name_still_finds_its_school).
SPANISH_NAMES = {"Colegio Universitario de San Juan"}


def test_no_english_query_is_changed():
    queries = english_queries()
    assert len(queries) > 200
    changed = {query: to_english(query) for query in queries if to_english(query) != query}
    assert changed.keys() == SPANISH_NAMES


@pytest.mark.parametrize(
    "typed, quoted",
    [
        ("codificación médica certificado en Texas", "codificación médica"),
        ("certificado de codificación médica en línea", "codificación médica"),
        ("codificacion medica", "codificacion medica"),  # as typed, accents or none
        ("facturación o codificación", "facturación o codificación"),  # read as the search's "or"
        ('"codificación médica" facturación', '"codificación médica" facturación'),
        ("medical coding certificate in Texas", "medical coding"),  # English stays English
        ("medical codificación", "medical codificación"),
    ],
)
def test_a_heading_quotes_the_words_as_the_student_typed_them(typed, quoted):
    assert as_typed(parse(typed).remainder, typed) == quoted


# On the page


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def listed(response):
    return sorted(program.title for program in response.context["page_obj"])


@pytest.mark.django_db
def test_a_spanish_search_on_the_spanish_page_finds_the_programs_its_english_form_finds(client):
    texas = InstitutionFactory(name="Lone Star College", state="TX")
    ohio = InstitutionFactory(name="Buckeye College", state="OH")
    certificate = Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE
    ProgramFactory(institution=texas, title="Medical Coding Certificate", credential_level=certificate,
                   delivery_mode=Program.DeliveryMode.ONLINE)  # fmt: skip
    ProgramFactory(institution=texas, title="Medical Billing Certificate", credential_level=certificate,
                   delivery_mode=Program.DeliveryMode.ONLINE)  # fmt: skip
    ProgramFactory(institution=texas, title="Medical Coding AAS", credential_level=Program.CredentialLevel.ASSOCIATE)
    ProgramFactory(institution=ohio, title="Medical Coding Certificate (Ohio)", credential_level=certificate)
    build_search_index()

    spanish = client.get("/es/programs/", {"q": "certificado de codificación médica en línea en Texas"})
    english = client.get("/programs/", {"q": "online medical coding certificate in Texas"})

    assert spanish.status_code == 200
    assert listed(spanish) == listed(english) == ["Medical Coding Certificate"]
    assert '<html lang="es">' in spanish.content.decode()


@pytest.mark.django_db
def test_the_search_notes_are_in_spanish(client):
    ProgramFactory(title="Medical Coding Certificate")
    build_search_index()
    response = client.get("/es/programs/", {"q": "codificación zzzqqq"})
    assert "Ningún programa coincidió con todas las palabras" in page_text(response)
    assert interpret("codificación").terms  # the Spanish word is a word to search for


@pytest.mark.django_db
def test_a_spanish_school_name_still_finds_its_school(client):
    school = InstitutionFactory(name="Colegio Universitario de San Juan", state="PR")
    ProgramFactory(institution=school, title="Facturación y Codificación Médica")
    ProgramFactory(title="Medical Coding Certificate")
    build_search_index()
    response = client.get("/es/programs/", {"q": "Colegio Universitario de San Juan"})
    assert listed(response) == ["Facturación y Codificación Médica"]


@pytest.mark.django_db
def test_a_spanish_heading_quotes_the_spanish_words_and_writes_the_level_in_lower_case(client):
    school = InstitutionFactory(name="Lone Star College", state="TX")
    ProgramFactory(institution=school, title="Medical Coding AAS", credential_level=Program.CredentialLevel.ASSOCIATE)
    build_search_index()
    query = {"q": "grado asociado en codificación médica en Texas"}
    spanish = client.get("/es/programs/", query).context["heading"]
    assert spanish == "Programas de grado asociado en Texas que coinciden con “codificación médica”"
    english = client.get("/programs/", {"q": "associate degree in medical coding in Texas"}).context["heading"]
    assert english == "Associate's degree programs in Texas matching “medical coding”"
