from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Schools and programs")

    def ready(self):
        from config.pagecache import connect_signals

        from . import signals  # noqa: F401  (connects the search index's receivers)

        # Every save in catalog, careers and certifications makes cached public pages stale.
        connect_signals()
