"""`make run` on a fresh machine: load every app's bundled data set, all or nothing."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from catalog.importing import LoadReport
from config.pagecache import invalidate_pages_on_commit

from .build_bundled_data import app_data_dir, app_importer

# Careers first: catalog links CIP codes to careers' occupations, certifications link to both.
LOAD_ORDER = ("careers", "catalog", "certifications")


class Command(BaseCommand):
    help = "Load the bundled data in <app>/data/ (careers, catalog, certifications) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            help="Read ROOT/careers, ROOT/catalog and ROOT/certifications instead of each app's data folder.",
        )

    def handle(self, *args, data_dir=None, verbosity=1, **options):
        report = LoadReport()
        started = time.monotonic()
        # One transaction for every app: a bad row anywhere leaves the database as it was.
        with transaction.atomic():
            for app_label in LOAD_ORDER:
                load = app_importer(app_label, "load")
                load(data_dir / app_label if data_dir else app_data_dir(app_label), report)
            # bulk_create sends no signals: cached pages go stale when this commits.
            invalidate_pages_on_commit()
            # Planner statistics for the tables just filled. Without them SQLite lists a school's programs by
            # walking every published program (1.7 ms of a program page's 10, docs/performance.md); PostgreSQL's
            # autovacuum would gather them only later.
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbosity:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(f"Loaded in {time.monotonic() - started:.1f} s, {report.changed} rows changed.")
