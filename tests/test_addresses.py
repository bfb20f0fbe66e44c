"""config/addresses.py: a slug's address is what reverse() gives, in each language and under a script prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from config.addresses import slug_address

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
