"""The standard income and expense categories every group starts with (groups may add their own)."""

from django.db import migrations


def add(apps, schema_editor):
    from sammachip.bookkeeping.standard import ensure_standard_categories

    ensure_standard_categories(apps.get_model("bookkeeping", "Category"))


class Migration(migrations.Migration):
    dependencies = [("bookkeeping", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
