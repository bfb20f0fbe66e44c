"""What the admin smoke tests of every app share: posting a form and reading why it did not save."""

import pytest


def assert_saved(response):
    """A successful admin save redirects; anything else shows the form's and inlines' errors in the failure."""
    if response.status_code != 302:
        context = response.context or {}
        adminform = context.get("adminform")
        formsets = [formset.errors for formset in context.get("inline_admin_formsets", [])]
        pytest.fail(
            f"expected a redirect, got {response.status_code}: {adminform and adminform.form.errors} {formsets}"
        )


def inline_management(prefix, total=0, initial=0):
    """The management-form fields an admin inline posts with its rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
