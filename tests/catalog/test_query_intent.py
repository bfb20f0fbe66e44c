"""A query read as the student meant it: credential words choose the level, delivery words the delivery mode.

"online medical coding certificate in Texas" asks for undergraduate certificates, taught online, in Texas,
about medical coding: the level and delivery are filters shown in "Filters in use", not words a listing's
text must contain.
"""

import html
import io
import re

import pytest
from django.core.management import call_command

from catalog.models import Program
from catalog.search import interpret
from catalog.search.intent import strip
from tests.factories import InstitutionFactory, ProgramFactory
from tests.search_helpers import build_search_index

pytestmark = pytest.mark.django_db

CERTIFICATE = Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE


def page_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def listed(response):
    return [program.title for program in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "levels"),
    [
        ("coding certificate", [1]),
        ("billing diploma", [1]),
        ("medical coding certs", [1]),
        ("graduate certificate in health informatics", [4, 8]),
        ("health information certificate for graduates", [4, 8]),
        ("post-baccalaureate certificate coding", [4]),
        ("associate degree health information", [2]),
        ("AAS coding", [2]),
        ("associate's HIT", [2]),
        ("bachelor's health information management", [3]),
        ("B.S. health administration", [3]),
        ("master's health informatics", [5]),
        ("MHA", [5]),
        ("CPC certification", []),  # the credential, not a certificate program
        ('"certificate" coding', []),  # quoted: a word to find
        ("coding -certificate", []),  # excluded: a word to leave out
    ],
)
def test_credential_words_name_the_level_they_mean(query, levels):
    assert interpret(query).levels == levels


@pytest.mark.parametrize(
    ("query", "delivery"),
    [
        ("online coding", ["online"]),
        ("medical billing distance learning", ["online"]),
        ("remote coding certificate", ["online"]),
        ("on campus billing", ["on_campus"]),
        ("in-person coding", ["on_campus"]),
        ("hybrid HIM", ["hybrid"]),
        ("coding -online", []),
        ('"online" coding', []),
    ],
)
def test_delivery_words_name_the_delivery_they_mean(query, delivery):
    assert interpret(query).delivery == delivery


def test_the_words_that_became_filters_are_not_searched_for_nor_quoted_in_the_heading():
    interpretation = interpret("online medical coding certificate in Texas")
    assert interpretation.terms == ["medical", "coding"]
    assert interpretation.remainder == "medical coding"
    assert strip(interpretation.text, "level") == "online medical coding in Texas"
    assert strip(interpretation.text, "delivery") == "medical coding certificate in Texas"


def test_a_certificate_search_lists_undergraduate_certificates_as_a_removable_filter(client):
    ProgramFactory(title="Medical Coding", credential_level=CERTIFICATE)
    ProgramFactory(title="Medical Coding", credential_level=Program.CredentialLevel.ASSOCIATE)
    ProgramFactory(title="Medical Coding", credential_level=Program.CredentialLevel.GRADUATE_CERTIFICATE)

    response = client.get("/programs/?q=medical+coding+certificate")

    assert [program.credential_level for program in response.context["page_obj"]] == [CERTIFICATE]
    assert response.context["heading"] == "Undergraduate certificate or diploma programs matching “medical coding”"
    chip = next(chip for chip in response.context["chips"] if chip["label"] == "Credential level")
    assert chip["value"] == "Undergraduate certificate or diploma (from your search)"
    assert chip["query"] == "q=medical+coding"  # removing it searches without the word
    assert "Credential level: Undergraduate certificate or diploma (from your search)" in page_text(response)
    assert len(client.get("/programs/?" + chip["query"]).context["page_obj"]) == 3
    # The level's box is ticked in the facet, and its counts follow the list as for a ticked box.
    facet = response.context["facets_by_name"]["credential_level"]
    assert [option.value for option in facet.options if option.selected] == ["1"]
    assert {option.value: option.count for option in facet.options if option.count} == {"1": 1, "2": 1, "8": 1}


def test_a_graduate_certificate_search_lists_graduate_and_post_baccalaureate_certificates(client):
    for level in (1, 4, 8):
        ProgramFactory(title="Health Informatics", credential_level=level)

    response = client.get("/programs/?q=graduate+certificate+health+informatics")

    assert sorted(program.credential_level for program in response.context["page_obj"]) == [4, 8]


def test_a_level_ticked_in_the_form_wins_over_the_word_in_the_search(client):
    ProgramFactory(title="Medical Coding", credential_level=CERTIFICATE)
    ProgramFactory(title="Medical Coding", credential_level=Program.CredentialLevel.ASSOCIATE)

    response = client.get("/programs/?q=coding+certificate&credential_level=2")

    assert [program.credential_level for program in response.context["page_obj"]] == [2]
    assert not [chip for chip in response.context["chips"] if "(from your search)" in chip["value"]]


def test_online_filters_by_delivery_where_the_matching_programs_report_it(client):
    ProgramFactory(title="Medical Coding", delivery_mode="online")
    ProgramFactory(title="Medical Coding", delivery_mode="on_campus")
    ProgramFactory(title="Medical Coding")

    response = client.get("/programs/?q=online+medical+coding")

    assert [program.delivery_mode for program in response.context["page_obj"]] == ["online"]
    assert ("Delivery", "Online (from your search)") in [(c["label"], c["value"]) for c in response.context["chips"]]
    assert not [note for note in response.context["search_notes"] if "Delivery is not known" in note]


def test_online_keeps_every_program_with_a_note_when_none_reports_its_delivery(client):
    ProgramFactory(title="Medical Coding")
    ProgramFactory(title="Medical Coding", credential_level=Program.CredentialLevel.ASSOCIATE)
    # A program that does report delivery, but that the search does not match, changes nothing.
    ProgramFactory(title="Pharmacy Technician", delivery_mode="online")

    response = client.get("/programs/?q=online+medical+coding")

    assert listed(response) == ["Medical Coding", "Medical Coding"]
    assert (
        "You asked for “online”, but delivery is not known for these programs yet, so all are shown."
        in response.context["search_notes"]
    )
    assert "(from your search)" not in " ".join(chip["value"] for chip in response.context["chips"])
    # No box is ticked for a word that could not be applied, so the facet collapses into the note as usual.
    assert "delivery" in response.context["unreported_filters"]


def test_the_export_applies_the_same_reading_of_the_query(client):
    ProgramFactory(title="Medical Coding", credential_level=CERTIFICATE, delivery_mode="online")
    ProgramFactory(title="Medical Coding", credential_level=CERTIFICATE, delivery_mode="on_campus")
    ProgramFactory(title="Medical Coding", credential_level=Program.CredentialLevel.ASSOCIATE, delivery_mode="online")

    content = client.get("/programs/export.csv?q=online+coding+certificate").getvalue().decode("utf-8-sig")

    rows = content.strip().splitlines()[1:]
    assert len(rows) == 1 and ",Online," in rows[0]


@pytest.mark.parametrize("count", [3, 30])
def test_a_query_with_level_and_delivery_words_costs_the_same_queries(client, django_assert_max_num_queries, count):
    """Guards against N+1 and against the delivery check costing a query of its own: at most 6, as every page."""
    school = InstitutionFactory(state="TX")
    for index in range(count):
        ProgramFactory(
            institution=school,
            title=f"Medical Coding {index}",
            credential_level=CERTIFICATE,
            delivery_mode="online" if index % 2 else "",
        )
    build_search_index()
    with django_assert_max_num_queries(6):
        response = client.get("/programs/?q=online+medcal+coding+certificate+in+Texas")
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count // 2, 20)


def test_online_medical_coding_certificate_in_texas_on_the_real_bundle(client):
    """The issue's own question: ten undergraduate certificates in Texas, each with a price, and the note."""
    call_command("load_bundled_data", stdout=io.StringIO())

    response = client.get("/programs/?q=online+medical+coding+certificate+in+Texas")

    first_ten = response.context["page_obj"].object_list[:10]
    assert len(first_ten) == 10
    assert {program.institution.state for program in first_ten} == {"TX"}
    assert {program.credential_level for program in first_ten} == {CERTIFICATE}
    assert all(program.institution.has_tuition or program.cost is not None for program in first_ten)
    text = page_text(response)
    assert text.count("School’s tuition and fees per year: $") >= 10
    assert "You asked for “online”, but delivery is not known for these programs yet, so all are shown." in text
    assert (
        response.context["heading"]
        == "Undergraduate certificate or diploma programs in Texas matching “medical coding”"
    )
    # Every undergraduate certificate in Texas is listed: the word "online" hid none of them.
    texas_certificates = Program.objects.published().filter(institution__state="TX", credential_level=CERTIFICATE)
    assert response.context["paginator"].count == texas_certificates.count()
