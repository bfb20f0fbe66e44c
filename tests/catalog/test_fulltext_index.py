"""The search index follows every change at once: admin edits, schools, courses, CIP codes, credentials."""

import pytest
from django.urls import reverse

from catalog.models import Program, SearchWord
from catalog.search import interpret, refresh_search_index
from tests.factories import CIPCodeFactory, CourseFactory, CredentialFactory, InstitutionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def found(query):
    return sorted(Program.objects.published().search(query).values_list("title", flat=True))


@pytest.fixture
def field_of_study():
    return CIPCodeFactory(code="99.9999", title="Studies, Other", definition="")


def change_form_data(response):
    """What the admin change form would post back unchanged: its fields and its inlines' saved rows."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(item) for item in value]
            elif value is not None and value is not False:
                data[form.add_prefix(name)] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        # Only the saved rows: the blank extra rows stay blank.
        data[formset.add_prefix("TOTAL_FORMS")] = str(formset.initial_form_count())
        for form in formset.initial_forms:
            add(form)
    return data


def test_a_title_changed_in_the_admin_is_found_by_its_new_word_at_once(admin_client, field_of_study):
    program = ProgramFactory(title="Medical Office Assistant", cip_code=field_of_study)
    CourseFactory(program=program, title="Anatomy")
    url = reverse("admin:catalog_program_change", args=[program.pk])
    data = change_form_data(admin_client.get(url))
    data["title"] = "Medical Transcription"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert found("transcription") == ["Medical Transcription"]
    assert found("assistant") == []


def test_a_renamed_school_is_found_by_its_new_name(field_of_study):
    school = InstitutionFactory(name="Mills College", city="Oakland", state="CA")
    ProgramFactory(title="Health Information Technology", institution=school, cip_code=field_of_study)

    school.name = "Northeastern University Oakland"
    school.city = "Alameda"
    school.save()

    assert found("northeastern") == ["Health Information Technology"]
    assert found("alameda") == ["Health Information Technology"]
    assert found("mills") == []


def test_a_course_added_or_deleted_changes_what_finds_the_program(field_of_study):
    program = ProgramFactory(title="Health Information Technology", cip_code=field_of_study)
    assert found("pharmacology") == []

    course = CourseFactory(program=program, title="Pharmacology for Coders")
    assert found("pharmacology") == ["Health Information Technology"]

    course.delete()
    assert found("pharmacology") == []


def test_a_cip_code_retitled_changes_what_finds_its_programs_and_those_of_its_series():
    series = CIPCodeFactory(code="51.07", title="Health and Medical Administrative Services", definition="")
    coder = CIPCodeFactory(code="51.0713", title="Medical Insurance Coding Specialist/Coder", definition="")
    ProgramFactory(title="Filed under the series", cip_code=series)
    ProgramFactory(title="Filed under the code", cip_code=coder)
    assert found("abstracting") == []

    coder.title = "Medical Coding and Abstracting Specialist"
    coder.save()

    assert found("abstracting") == ["Filed under the code", "Filed under the series"]


def test_a_credential_a_program_prepares_for_finds_it(field_of_study):
    program = ProgramFactory(title="Health Information Technology", cip_code=field_of_study)
    credential = CredentialFactory(abbreviation="RHIT", name="Registered Health Information Technician")

    program.prepares_for.add(credential)
    assert found("rhit") == ["Health Information Technology"]

    credential.programs.clear()
    assert found("rhit") == []

    credential.programs.add(program)
    credential.abbreviation = "RHIX"
    credential.save()
    assert found("rhix") == ["Health Information Technology"]

    credential.delete()
    assert found("rhix") == []


def test_a_deleted_program_leaves_no_trace_in_the_results(field_of_study):
    kept = ProgramFactory(title="Medical Coding", cip_code=field_of_study)
    ProgramFactory(title="Medical Coding Online", cip_code=field_of_study).delete()

    assert list(Program.objects.search("coding").values_list("pk", flat=True)) == [kept.pk]


def test_bulk_updates_are_found_after_a_refresh(field_of_study):
    """QuerySet.update() sends no signal: bulk code calls refresh_search_index, as the loader does."""
    ProgramFactory(title="Medical Office Assistant", cip_code=field_of_study)
    Program.objects.update(title="Medical Transcription")
    assert found("transcription") == []

    refresh_search_index()

    assert found("transcription") == ["Medical Transcription"]


def test_new_words_join_the_vocabulary_that_typos_are_corrected_to(field_of_study):
    program = ProgramFactory(title="Health Information Technology", cip_code=field_of_study)
    assert interpret("transcriptoin").corrections == {}

    program.title = "Medical Transcription"
    program.save()

    assert interpret("transcriptoin").corrections == {"transcriptoin": "transcription"}
    assert found("transcriptoin") == ["Medical Transcription"]


def test_a_full_refresh_forgets_words_no_program_uses_any_more(field_of_study):
    program = ProgramFactory(title="Medical Transcription", cip_code=field_of_study)
    program.title = "Medical Coding"
    program.save()
    assert SearchWord.objects.filter(word="transcription").exists()

    refresh_search_index()

    assert not SearchWord.objects.filter(word="transcription").exists()
    assert SearchWord.objects.filter(word="coding").exists()


@pytest.mark.parametrize("count", [3, 30])
def test_refreshing_the_index_costs_the_same_queries_for_3_or_30_programs(
    field_of_study, django_assert_max_num_queries, count
):
    """Guards against a query per program: the index is read and written in a fixed number of statements."""
    school = InstitutionFactory()
    for n in range(count):
        CourseFactory(program=ProgramFactory(title=f"Medical Coding {n}", institution=school, cip_code=field_of_study))

    # Read programs, CIP codes, courses and credentials; write the index; replace the vocabulary; a savepoint.
    with django_assert_max_num_queries(10):
        refresh_search_index()
    # The same, plus saving the school, its history row and listing its programs.
    with django_assert_max_num_queries(12):
        school.save()

    assert len(found("coding")) == count
