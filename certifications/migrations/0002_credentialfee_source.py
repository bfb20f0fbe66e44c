from django.db import migrations, models


class Migration(migrations.Migration):
    """Name who published each exam fee: most were found on secondary sites, not the issuer's page."""

    dependencies = [
        ("certifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="credentialfee",
            name="source",
            field=models.CharField(
                default="",
                help_text="Who published this price, e.g. the issuer or a secondary site.",
                max_length=255,
                verbose_name="source",
            ),
            preserve_default=False,
        ),
    ]
