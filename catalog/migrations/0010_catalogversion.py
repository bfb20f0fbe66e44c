"""The catalog's version token and the triggers that change it (issue 15, catalog/search/index.py).

Every process keeps an in-memory search index of the published programs. It must be rebuilt when any data it
holds changes, whoever changes it: the admin, a loader, `QuerySet.update`, raw SQL. Triggers see every write;
signals do not. The token is random, so a rolled-back change's token never comes back to stand for other data.

PostgreSQL: one statement-level trigger per table (a bulk load pays once per statement, not per row).
SQLite: row-level triggers, the only kind it has; an update of one row in the same file costs microseconds.
"""

from django.db import migrations, models

TABLES = [
    "catalog_program",
    "catalog_institution",
    "catalog_outcome",
    "catalog_programfield",
    "catalog_program_prepares_for",
    "catalog_cipcode",
    "catalog_cipcode_occupations",
    "certifications_credential",
]
TOKEN_TABLE = "catalog_catalogversion"
POSTGRES_FUNCTION = "catalog_version_bump"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(f"INSERT INTO {TOKEN_TABLE} (token) VALUES ('initial')")
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {POSTGRES_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE {TOKEN_TABLE} SET token = md5(random()::text || clock_timestamp()::text); "
            "RETURN NULL; END $$"
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {POSTGRES_FUNCTION}()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_version_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN UPDATE {TOKEN_TABLE} SET token = lower(hex(randomblob(16))); END"
                )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {POSTGRES_FUNCTION}()")
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_program_federal_fields_summary"),
        ("certifications", "0004_membership_required_can_be_unknown"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32, verbose_name="token")),
            ],
            options={"verbose_name": "catalog version", "verbose_name_plural": "catalog versions"},
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
