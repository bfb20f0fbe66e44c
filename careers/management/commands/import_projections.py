"""`manage.py import_projections FILE`: a BLS Employment Projections table into the database, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from careers.importers.direct import import_projections
from catalog.importing import LoadReport
from config.pagecache import invalidate_pages_on_commit


class Command(BaseCommand):
    help = (
        'Import a BLS Employment Projections table (occupation codes written ="29-2072", employment and '
        "openings in thousands) for the occupations the site carries. The projection period is read from the "
        "header. One transaction: a bad line changes nothing and is reported as file:line. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file as BLS publishes it.")

    def handle(self, *args, file, verbosity=1, **options):
        report = LoadReport()
        with transaction.atomic():
            read = import_projections(file, report)
            # bulk writes send no signals: cached pages go stale when this commits.
            invalidate_pages_on_commit()
        if verbosity:
            self.stdout.write(f"{file.name}: {read} rows for our occupations")
            for line in report.lines():
                self.stdout.write(line)
