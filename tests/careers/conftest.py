import pytest
from django.conf import settings
from django.db import transaction

from careers.importers import load
from catalog.importing import LoadReport


@pytest.fixture
def careers_bundle(db):
    """The committed careers/data files loaded as `load_bundled_data` loads them (careers only: about a second)."""
    with transaction.atomic():
        load(settings.BASE_DIR / "careers" / "data", LoadReport())
