from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project's own app: what the whole site shares and no one app owns (its management commands, and where
    Django keeps the active translation, config/language.py)."""

    name = "config"
    verbose_name = "Site"

    def ready(self):
        from . import language

        language.install()
