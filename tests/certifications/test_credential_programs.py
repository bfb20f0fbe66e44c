"""A credential page counts the programs that lead to it, and each count's link lists exactly those programs."""

import html

import pytest

from catalog.models import Program
from tests.factories import CredentialFactory, EligibilityRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def search_total(client, url):
    """The total the program search shows for a link."""
    return client.get(url).context["page_obj"].paginator.count


def test_the_schools_own_prepares_for_count_matches_its_search_link(client):
    credential = CredentialFactory(abbreviation="CPC", slug="cpc")
    for _ in range(3):
        ProgramFactory().prepares_for.add(credential)
    ProgramFactory(status=Program.Status.DRAFT).prepares_for.add(credential)

    response = client.get(credential.get_absolute_url())

    assert response.context["program_count"] == 3
    url = response.context["programs_search_url"]
    assert f'href="{html.escape(url)}"' in response.content.decode()
    assert search_total(client, url) == 3


def test_each_rule_shows_how_many_programs_it_covers_and_links_to_exactly_them(client):
    rhit = CredentialFactory(abbreviation="RHIT", slug="rhit")
    rule = EligibilityRuleFactory(credential=rhit)  # CAHIIM-accredited associate programs in 51.07
    ProgramFactory.create_batch(2, credential_level=Program.CredentialLevel.ASSOCIATE, accreditation="cahiim")
    ProgramFactory(credential_level=Program.CredentialLevel.ASSOCIATE)  # not accredited
    ProgramFactory(credential_level=Program.CredentialLevel.BACHELOR, accreditation="cahiim")
    ProgramFactory(
        credential_level=Program.CredentialLevel.ASSOCIATE, accreditation="cahiim", status=Program.Status.DRAFT
    )

    response = client.get(rhit.get_absolute_url())

    [shown] = response.context["rules"]
    assert shown.pk == rule.pk and shown.program_count == 2
    text = response.content.decode()
    assert "2 programs in the catalog" in text
    assert f'href="{html.escape(rule.search_url())}"' in text
    assert search_total(client, rule.search_url()) == 2
