"""WageEstimate.leading_industry: the occupation page's leading industry rows, marked when rows change rather than
ranked on every page view (careers/leading.py, issue 15), with a partial index for the page's query."""

from django.db import migrations, models


def mark(apps, schema_editor):
    from careers.leading import mark_leading_industries

    model = apps.get_model("careers", "WageEstimate")
    mark_leading_industries(using=schema_editor.connection.alias, model=model)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0006_wage_reference_date_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="wageestimate",
            name="leading_industry",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="A national industry-group row of its occupation's newest release that can be among the five industries with the most jobs or the best pay, which the occupation's page compares.",
                verbose_name="among the leading industries",
            ),
        ),
        migrations.AddIndex(
            model_name="wageestimate",
            index=models.Index(
                condition=models.Q(("leading_industry", True)), fields=["occupation"], name="careers_wage_leading_idx"
            ),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop, elidable=False),
    ]
