from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project's own app: what the whole site shares and no one app owns (its management commands, and where
    Django keeps each request's language and address settings, config/context_locals.py)."""

    name = "config"
    verbose_name = "Site"

    def ready(self):
        from . import context_locals

        context_locals.install()
