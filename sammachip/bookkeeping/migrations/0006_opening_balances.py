"""Balances brought forward: a category role kept out of the P&L, and its two standard categories."""

from django.db import migrations, models


def add(apps, schema_editor):
    from sammachip.bookkeeping.standard import ensure_standard_categories

    ensure_standard_categories(apps.get_model("bookkeeping", "Category"))


class Migration(migrations.Migration):
    dependencies = [("bookkeeping", "0005_approvals")]
    operations = [
        migrations.AlterField(
            model_name="category",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "—"),
                    ("sales", "own sales"),
                    ("grant", "grant or support"),
                    ("dividend", "dividend paid to members"),
                    ("opening", "balance brought forward"),
                ],
                default="",
                max_length=10,
            ),
        ),
        migrations.RunPython(add, migrations.RunPython.noop),
    ]
