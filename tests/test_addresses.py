"""config/addresses.py: a slug's address, and a view's without arguments, is what reverse() gives, in each language,
under a script prefix and with another URL configuration."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from config.addresses import slug_address, view_address

VIEWS = [
    "catalog:program_detail",
    "catalog:institution_detail",
    "careers:occupation_detail",
    "certifications:credential_detail",
    "guides:guide_detail",
]


@pytest.mark.parametrize("viewname", VIEWS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_slug_address_is_what_reverse_gives(viewname, language):
    with translation.override(language):
        for slug in ("cpc", "medical-billing-and-coding-12", "a_b"):
            assert slug_address(viewname, slug) == reverse(viewname, args=[slug])
        assert slug_address(viewname, "cpc").startswith("/es/" if language == "es" else "/")
    try:
        set_script_prefix("/catalog/")
        with translation.override(language):
            assert slug_address(viewname, "cpc") == reverse(viewname, args=["cpc"])
            assert slug_address(viewname, "cpc").startswith("/catalog/")
    finally:
        clear_script_prefix()


@pytest.mark.parametrize(
    "viewname", ["catalog:program_list", "catalog:compare", "catalog:home", "careers:occupation_list"]
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_view_address_is_what_reverse_gives(viewname, language):
    with translation.override(language):
        assert view_address(viewname) == reverse(viewname)
        assert view_address(viewname).startswith("/es/" if language == "es" else "/")
    try:
        set_script_prefix("/catalog/")
        with translation.override(language):
            assert view_address(viewname) == reverse(viewname)
            assert view_address(viewname).startswith("/catalog/")
    finally:
        clear_script_prefix()


def test_a_view_address_follows_a_change_of_url_configuration(settings):
    assert view_address("catalog:program_list") == "/programs/"
    settings.ROOT_URLCONF = "tests.urls_moved_programs"
    assert view_address("catalog:program_list") == reverse("catalog:program_list") == "/elsewhere/programs/"
