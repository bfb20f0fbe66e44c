"""Settings for a site served by gunicorn in a fault test (tests/faults.py).

`config.settings` exactly as production builds it from the environment (cache, database, logging, security),
except that static files come from the app folders: a test has no `collectstatic` step to run first.
"""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing collected, so whitenoise does not look there
