"""Indexes for the cost and length sorts of the published list, on PostgreSQL (issue 9, docs/performance.md).

At 100,000 programs the first page of `/programs/?sort=cost` sorted all 92,131 published rows (314 ms); with
an index on the sort key PostgreSQL reads the first rows in order and sorts only the ties (2 ms). Descending
sorts keep blanks last, which a backward scan of the ascending index would not, so each has its own index.

PostgreSQL only: SQLite cannot declare NULLS LAST in an index, and the embedded database never holds a
national catalog. Written as SQL run by vendor rather than as Meta.indexes for that reason.
"""

from django.db import migrations

INDEXES = {
    "program_pub_cost_idx": '"cost" ASC NULLS LAST',
    "program_pub_cost_desc_idx": '"cost" DESC NULLS LAST',
    "program_pub_length_idx": '"length_months" ASC NULLS LAST',
    "program_pub_length_desc_idx": '"length_months" DESC NULLS LAST',
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "catalog_program" ({column}) WHERE "status" = \'published\''
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_staff_groups"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
