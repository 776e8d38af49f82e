from django.db import migrations


def load(apps, schema_editor):
    from sammachip.households.standard_items import ensure_standard_items

    ensure_standard_items(apps.get_model("households", "SpendingItem"), apps.get_model("households", "OccupationType"))


class Migration(migrations.Migration):
    dependencies = [("households", "0002_forums_and_needs")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
