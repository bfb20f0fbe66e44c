"""A program's page: every fact with its source, the field of study explained, and the school's other programs."""

import html
import io
import re

import pytest
from django.core.management import call_command

from catalog.models import Program
from tests.factories import CIPCodeFactory, InstitutionFactory, OutcomeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def test_the_field_of_study_shows_its_cip_code_title_and_definition(client):
    cip = CIPCodeFactory(
        code="51.0713",
        title="Medical Insurance Coding Specialist/Coder",
        definition="A program that prepares individuals to apply technical knowledge to code medical records.",
    )
    text = page_text(client.get(ProgramFactory(cip_code=cip).get_absolute_url()))
    assert (
        "Field of study (CIP 2020) 51.0713 Medical Insurance Coding Specialist/Coder "
        "A program that prepares individuals to apply technical knowledge to code medical records." in text
    )


def test_the_schools_other_published_programs_are_linked_in_level_order(client):
    school = InstitutionFactory(name="Lakeshore Technical College")
    program = ProgramFactory(institution=school, title="Medical Coding Certificate", credential_level=1)
    bachelor = ProgramFactory(institution=school, title="Health Information Management", credential_level=3)
    associate = ProgramFactory(institution=school, title="Health Information Technology", credential_level=2)
    ProgramFactory(institution=school, title="Secret Draft", status=Program.Status.DRAFT)
    ProgramFactory(title="Elsewhere Coding")

    response = client.get(program.get_absolute_url())

    text = page_text(response)
    assert (
        "Other programs at Lakeshore Technical College Health Information Technology (Associate's degree) "
        "Health Information Management (Bachelor's degree)" in text
    )
    assert "Secret Draft" not in text
    assert "Elsewhere Coding" not in text
    content = response.content.decode()
    assert f'<a href="{associate.get_absolute_url()}">Health Information Technology</a>' in content
    assert f'<a href="{bachelor.get_absolute_url()}">Health Information Management</a>' in content


def test_a_program_alone_at_its_school_says_so(client):
    text = page_text(client.get(ProgramFactory().get_absolute_url()))
    assert "The school lists no other programs in the catalog." in text


@pytest.mark.parametrize("siblings", [1, 15])
def test_program_page_query_count_does_not_grow_with_the_schools_programs(
    client, django_assert_max_num_queries, siblings
):
    """Guards against N+1 queries: a school with 15 other programs costs the same queries as one with 1."""
    school = InstitutionFactory()
    program = ProgramFactory(institution=school)
    for _ in range(siblings):
        OutcomeFactory(program=ProgramFactory(institution=school))
    with django_assert_max_num_queries(6):
        response = client.get(program.get_absolute_url())
    assert len(response.context["other_programs"]) == siblings


def test_a_program_page_in_the_bundled_data_links_the_schools_other_levels_and_says_what_is_not_reported(client):
    call_command("load_bundled_data", stdout=io.StringIO())
    program = Program.objects.get(slug="university-of-alabama-at-birmingham-bachelor")

    response = client.get(program.get_absolute_url())

    text = page_text(response)
    assert "Other programs at University of Alabama at Birmingham" in text
    assert 'href="/programs/university-of-alabama-at-birmingham-master/"' in response.content.decode()
    # What is known leads, with the school's yearly tuition labelled for what it is...
    assert (
        "School’s tuition and fees per year $8,568 in-state, $19,704 out-of-state (College Scorecard, 2018-19) "
        "For a year of full-time undergraduate study at the school, not the cost of this program." in text
    )
    assert text.index("Graduates’ median earnings") < text.index("Not yet reported by the school")
    # ...and what is not is said once.
    assert "Not yet reported by the school Delivery, length, credit hours, program cost," in text
    assert text.count("Not reported by the school yet") == 0
    assert "$53,021 (College Scorecard field-of-study data, CIP 51.07, June 10, 2026)" in text
    assert "Add to compare" in text
