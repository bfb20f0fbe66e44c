"""`make data`: rebuild every app's bundled data set from the public files in ../shared/data."""

import importlib
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

# Each app's importer package offers build(source_dir, out_dir) -> summary lines.
APPS = ("catalog", "careers", "certifications")


def app_importer(app_label, function_name):
    """`<app>.importers.<function_name>`: each app owns its importer, this command only sequences them."""
    return getattr(importlib.import_module(f"{app_label}.importers"), function_name)


def app_data_dir(app_label):
    return Path(apps.get_app_config(app_label).path) / "data"


class Command(BaseCommand):
    help = "Rebuild <app>/data/ for catalog, careers and certifications from the public files (make data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, required=True, help="Folder with the public files, e.g. ../shared/data."
        )

    def handle(self, *args, source, **options):
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder with the public data files")
        for app_label in APPS:
            for line in app_importer(app_label, "build")(source, app_data_dir(app_label)):
                self.stdout.write(line)
