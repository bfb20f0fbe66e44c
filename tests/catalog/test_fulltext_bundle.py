"""Search over the real bundled data (3,752 College Scorecard programs), loaded once: the slow test of search."""

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils.http import urlencode

from catalog.models import Program
from catalog.search import interpret
from catalog.search.filters import ProgramFilter

pytestmark = pytest.mark.django_db

CERTIFICATE_LEVELS = {
    Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE,
    Program.CredentialLevel.POST_BACCALAUREATE_CERTIFICATE,
    Program.CredentialLevel.GRADUATE_CERTIFICATE,
    # "Non-Credential Program (Preparatory Coursework/Teacher Certification)": "certification" stems alike.
    Program.CredentialLevel.NON_CREDENTIAL,
}


def ids(query):
    return set(Program.objects.published().search(query).values_list("pk", flat=True))


def test_searching_the_bundled_data(django_assert_max_num_queries):
    """One load of the bundle for every check, since loading it is what takes time."""
    call_command("load_bundled_data", verbosity=0)
    published = set(Program.objects.published().values_list("pk", flat=True))
    assert len(published) == 3752

    # Every real program is filed under the series 51.07, which holds 51.0713 Medical Insurance Coding
    # Specialist/Coder and 51.0714 Medical Insurance Specialist/Medical Biller: the loader indexed them all.
    assert ids("coding") == published
    assert ids("billers") == published
    assert ids("HIM") == published

    # Typos find what the words spelled right find, and say what was searched for.
    typed = interpret("medcal codng")
    assert typed.corrections == {"medcal": "medical", "codng": "coding"}
    assert ids(typed) == ids("medical coding") == published
    assert interpret("billling").corrections == {"billling": "billing"}
    assert ids("billling") == ids("billing") == published

    # Level words are filters: "AAS", "associate" and "associate's degree" list exactly the associate's
    # programs, and "cert" and "certificate" the undergraduate certificates.
    def listed(query):
        filterset = ProgramFilter(QueryDict(urlencode({"q": query})), queryset=Program.objects.published())
        return set(filterset.qs.values_list("pk", flat=True))

    associate = set(
        Program.objects.filter(credential_level=Program.CredentialLevel.ASSOCIATE).values_list("pk", flat=True)
    )
    assert listed("AAS") == listed("associate") == listed("associate's degree") == associate
    certificates = set(
        Program.objects.filter(credential_level=Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE).values_list(
            "pk", flat=True
        )
    )
    assert listed("cert") == listed("certificate") == certificates

    # "online" and "certificate" are filters, Texas a state: the text searched for is "medical coding", which
    # every real program matches through its CIP series, so nothing needs relaxing.
    interpretation = interpret("online medical coding certificate in Texas")
    with django_assert_max_num_queries(2):
        results = list(
            Program.objects.published().search(interpretation).select_related("institution").order_by("-search_rank")
        )
    texas = Program.objects.published().filter(institution__state="TX")
    assert interpretation.states == ["TX"]
    assert not interpretation.relaxed
    assert {program.institution.state for program in results} == {"TX"}
    assert len(results) == texas.count()
