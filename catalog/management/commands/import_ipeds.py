"""`manage.py import_ipeds FILE [FILE...]`: NCES IPEDS program-level files straight into the catalog, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.importers.ipeds import import_files
from config.pagecache import invalidate_pages_on_commit


class Command(BaseCommand):
    help = (
        "Import NCES IPEDS files as NCES publishes them: Completions (C2023_A), programs offered and offered by "
        "distance education (C2023DEP), academic-year charges (IC2023_AY) and program charges (IC2023_PY), each "
        "told apart by its header, UTF-8 or Windows-1252. Gives the catalog's College Scorecard programs their "
        "6-digit CIP fields, award lengths, completions, distance education and program price, and schools a "
        "newer tuition. Only CIP 51.07xx rows are used; schools not in the catalog are skipped and counted. One "
        "transaction: a bad line changes nothing and is reported as file:line. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="CSV files as NCES publishes them.")
        parser.add_argument(
            "--year",
            type=int,
            help="The survey year (2023 for C2023_A or IC2023_AY), for files whose name does not say it.",
        )

    def handle(self, *args, files, year=None, verbosity=1, **options):
        with transaction.atomic():
            result = import_files(files, year=year)
            # bulk writes send no signals: cached pages go stale when this commits.
            if result.changed:
                invalidate_pages_on_commit()
        if verbosity:
            for line in result.lines:
                self.stdout.write(line)
