"""`manage.py import_programs FILE [--dry-run] [--courses]`: the admin's CSV import, for site editors.

The same columns as the admin's export (catalog/admin/resources.py), with every school in reach. All or
nothing: one bad row and no row is saved; each problem is reported as file:line: column: message.
"""

from pathlib import Path

import tablib
from django.core.management.base import BaseCommand, CommandError

from catalog.admin.resources import CourseResource, ProgramResource


def row_problems(result, path):
    """'file:line: column: message' for every invalid or failed row (line 1 is the header)."""
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            column = "row" if field == "__all__" else field
            for message in messages:
                yield f"{path.name}:{invalid.number + 1}: {column}: {message}"
    for number, errors in result.row_errors():
        for error in errors:
            yield f"{path.name}:{number + 1}: {error.error}"
    for error in result.base_errors:
        yield f"{path.name}: {error.error}"


class Command(BaseCommand):
    help = "Import programs (or, with --courses, courses) from a CSV in the admin export's format, atomically."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing.")
        parser.add_argument("--courses", action="store_true", help="The file holds courses, not programs.")

    def handle(self, *args, file, dry_run, courses, verbosity=1, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{file}: file not found") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file.name}: not UTF-8 text") from None
        try:
            dataset = tablib.Dataset().load(text, format="csv")
        except Exception as error:  # tablib raises several kinds for a malformed file
            raise CommandError(f"{file.name}: not a readable CSV ({error})") from None

        resource = (CourseResource if courses else ProgramResource)()
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
        problems = list(row_problems(result, file))
        if problems:
            raise CommandError("nothing was saved:\n" + "\n".join(problems))
        totals = result.totals
        if verbosity:
            self.stdout.write(
                f"{'Would import' if dry_run else 'Imported'} {file.name}: {totals['new']} new, "
                f"{totals['update']} updated, {totals['skip']} unchanged."
            )
