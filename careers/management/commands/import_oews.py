"""`manage.py import_oews FILE`: a BLS OEWS/OES file straight into the database, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from careers.importers.direct import import_oews
from catalog.importing import LoadReport
from config.pagecache import invalidate_pages_on_commit


class Command(BaseCommand):
    help = (
        "Import wage estimates from a BLS OEWS/OES file in its published layout (the OEWS extract with one row "
        "per area and industry, or the national file with one row per occupation) for the occupations the site "
        "carries. One transaction: a bad line changes nothing and is reported as file:line. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file as BLS publishes it.")
        parser.add_argument(
            "--release",
            help='The release, e.g. "May 2014", for a national file that does not name it (national_M2014_dl.csv '
            "does, in its name).",
        )

    def handle(self, *args, file, release=None, verbosity=1, **options):
        report = LoadReport()
        with transaction.atomic():
            read = import_oews(file, report, release=release)
            # bulk writes send no signals: cached pages go stale when this commits.
            invalidate_pages_on_commit()
        if verbosity:
            self.stdout.write(f"{file.name}: {read} rows for our occupations")
            for line in report.lines():
                self.stdout.write(line)
