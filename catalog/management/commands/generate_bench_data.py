"""`make bench`'s data: synthetic schools and programs in a separate benchmark database, from one seed (issue 9)."""

import json
import random
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from catalog.bench_data import PROGRAM_ID_PREFIX, SCHOOL_SLUG_PREFIX, ProgramGenerator, generate_schools
from catalog.importers.bundle import CIP_CODES_FILE, CIP_OCCUPATIONS_FILE
from catalog.importers.loading import load_cip_codes, load_cip_occupations
from catalog.importing import LoadReport
from catalog.models import CIPCode, Course, Institution, Outcome, Program, ProgramField, SchoolMembership
from catalog.search import refresh_search_index
from certifications.models import Credential

from .build_bundled_data import app_data_dir, app_importer

# The database's name must contain this: the guard that keeps synthetic rows out of a real catalog.
BENCH_MARKER = "bench"
BATCH_SIZE = 5000


def check_database_name(name):
    # The file's own name on SQLite: a folder called "bench" does not make a real catalog's file a benchmark's.
    if BENCH_MARKER not in Path(str(name)).name.lower():
        raise CommandError(
            f"Refusing to write to the database {name!r}: its name must contain {BENCH_MARKER!r}. This command "
            "writes synthetic schools and programs, which must never be mixed with real data; create a separate "
            "database (e.g. createdb medcoding_bench) and point DATABASE_URL at it."
        )


def refuse_real_listings():
    """Stop when the database holds any school or program this command did not write."""
    programs = Program.objects.exclude(external_id__startswith=PROGRAM_ID_PREFIX).count()
    schools = Institution.objects.exclude(slug__startswith=SCHOOL_SLUG_PREFIX).count()
    if programs or schools:
        raise CommandError(
            f"Refusing to write: this database holds {programs} programs and {schools} schools that are not "
            "synthetic, and benchmark data must never be mixed with real data. Use an empty benchmark database."
        )


def load_reference_data(report):
    """The real careers and certifications data, and catalog's CIP codes with their links to occupations.

    With load_bundled_data's own functions, in its order, so occupation and credential pages are benchmarked
    on real data; catalog's schools, programs and outcomes are left out (this command writes synthetic ones).
    """
    app_importer("careers", "load")(app_data_dir("careers"), report)
    catalog_dir = app_data_dir("catalog")
    cip_ids = load_cip_codes(catalog_dir / CIP_CODES_FILE, report)
    load_cip_occupations(catalog_dir / CIP_OCCUPATIONS_FILE, cip_ids, report)
    app_importer("certifications", "load")(app_data_dir("certifications"), report)


def delete_synthetic_rows(using):
    """Plain DELETEs: Django's delete() would fetch every row to send signals and write a history row for each."""
    connection = connections[using]
    quote = connection.ops.quote_name
    programs = f"SELECT id FROM {quote(Program._meta.db_table)} WHERE external_id LIKE %s"
    schools = f"SELECT id FROM {quote(Institution._meta.db_table)} WHERE slug LIKE %s"
    targets = [
        (Program.prepares_for.through, "program_id", programs, PROGRAM_ID_PREFIX),
        (Course, "program_id", programs, PROGRAM_ID_PREFIX),
        (ProgramField, "program_id", programs, PROGRAM_ID_PREFIX),
        (Outcome, "program_id", programs, PROGRAM_ID_PREFIX),
        (Program, "id", programs, PROGRAM_ID_PREFIX),
        (SchoolMembership, "institution_id", schools, SCHOOL_SLUG_PREFIX),
        (Institution, "id", schools, SCHOOL_SLUG_PREFIX),
    ]
    with connection.cursor() as cursor:
        for model, column, subquery, prefix in targets:
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)} IN ({subquery})", [f"{prefix}%"]
            )


def batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(model, rows, using):
    """Write rows of field values (dicts): COPY on PostgreSQL, far faster than INSERT here; bulk_create elsewhere.

    Neither sends signals, so no per-row search refresh or history row; the index is rebuilt once at the end.
    """
    if not rows:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        model.objects.using(using).bulk_create([model(**row) for row in rows], batch_size=BATCH_SIZE)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    names = [field.attname for field in fields]
    unknown = set(rows[0]).difference(names)
    if unknown:
        raise TypeError(f"{model.__name__} has no field(s) {', '.join(sorted(unknown))}")
    # What save() would write for a field the row leaves out: its default, or now for auto_now(_add).
    now = timezone.now()
    defaults = [
        now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) else field.get_default()
        for field in fields
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # Django's cursor wraps psycopg's, whose copy() streams the rows, adapting each Python value.
    # COPY's text format takes a JSON column as its JSON text.
    as_json = [isinstance(field, models.JSONField) for field in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
            copy.write_row(
                [json.dumps(value) if is_json else value for value, is_json in zip(values, as_json, strict=True)]
            )


def write_synthetic_rows(rng, program_count, school_count, using):
    """Schools, then programs with their outcomes, courses and credential links, BATCH_SIZE programs at a time."""
    counts = Counter()
    schools = generate_schools(rng, school_count)
    insert(Institution, schools, using)
    synthetic_schools = Institution.objects.using(using).filter(slug__startswith=SCHOOL_SLUG_PREFIX)
    school_ids = dict(synthetic_schools.values_list("slug", "pk"))
    for school in schools:
        school["id"] = school_ids[school["slug"]]
    counts["schools"] = len(schools)
    cip_codes = dict(CIPCode.objects.using(using).values_list("code", "pk"))
    credentials = dict(Credential.objects.using(using).values_list("slug", "pk"))
    generator = ProgramGenerator(rng, schools, cip_codes, credentials)
    generator.cip_titles = dict(CIPCode.objects.using(using).values_list("code", "title"))
    for batch in batches(generator.generate(program_count), BATCH_SIZE):
        insert(Program, [item.program for item in batch], using)
        program_ids = dict(
            Program.objects.using(using)
            .filter(external_id__in=[item.program["external_id"] for item in batch])
            .values_list("external_id", "pk")
        )
        outcomes, courses, links, fields = [], [], [], []
        for item in batch:
            program_id = program_ids[item.program["external_id"]]
            fields += [{**values, "program_id": program_id} for values in item.fields]
            outcomes += [{**outcome, "program_id": program_id} for outcome in item.outcomes]
            courses += [{**course, "program_id": program_id} for course in item.courses]
            links += [{"program_id": program_id, "credential_id": credentials[slug]} for slug in item.credentials]
        insert(Outcome, outcomes, using)
        insert(Course, courses, using)
        insert(Program.prepares_for.through, links, using)
        insert(ProgramField, fields, using)
        counts["programs"] += len(batch)
        counts["published"] += sum(item.program["status"] == Program.Status.PUBLISHED for item in batch)
        counts["outcomes"] += len(outcomes)
        counts["courses"] += len(courses)
        counts["credential links"] += len(links)
    return counts


def refresh_statistics(using):
    """Fresh planner statistics, so plans are made for 100,000 programs rather than the empty tables last measured.

    On PostgreSQL also VACUUM: a rerun leaves every replaced row dead, and the index refresh rewrites every new
    program once more. VACUUM cannot run inside a transaction, so inside one (a test) only ANALYZE runs.
    """
    connection = connections[using]
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


class Command(BaseCommand):
    help = (
        "Fill a benchmark database (its name must contain 'bench') with synthetic schools and programs, seeded so "
        "runs are comparable. Loads the real careers and certifications data and the CIP codes with their "
        "occupation links (load_bundled_data's functions), never the real schools or programs; refuses a database "
        "that holds any. A rerun replaces the synthetic rows. One transaction, in which the search index is "
        "rebuilt; the tables are vacuumed and analyzed afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, default=100_000, help="How many programs (default 100,000).")
        parser.add_argument("--schools", type=int, default=6_000, help="How many schools (default 6,000).")
        parser.add_argument("--seed", type=int, default=2026, help="The random seed: the same seed, the same rows.")

    def handle(self, *args, programs, schools, seed, verbosity=1, **options):
        if programs < 1 or schools < 1:
            raise CommandError("--programs and --schools must be at least 1.")
        using = DEFAULT_DB_ALIAS
        check_database_name(connections[using].settings_dict["NAME"])
        started = time.monotonic()
        report = LoadReport()
        with transaction.atomic(using=using):
            refuse_real_listings()
            load_reference_data(report)
            delete_synthetic_rows(using)
            counts = write_synthetic_rows(random.Random(seed), programs, schools, using)
            refresh_search_index(using=using)
        refresh_statistics(using)
        if verbosity > 1:
            for line in report.lines():
                self.stdout.write(line)
        self.stdout.write(
            f"Generated {counts['schools']} synthetic schools, {counts['programs']} programs "
            f"({counts['published']} published), {counts['outcomes']} outcomes, {counts['courses']} courses and "
            f"{counts['credential links']} credential links (seed {seed}) in {time.monotonic() - started:.1f} s."
        )
