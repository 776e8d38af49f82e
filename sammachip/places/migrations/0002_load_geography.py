"""Every province, district and subdistrict of Thailand from the official DOPA codes (geothai)."""

from django.db import migrations


def load(apps, schema_editor):
    from sammachip.places.geography import load_geography

    load_geography(apps.get_model("places", "Province"), apps.get_model("places", "District"), apps.get_model("places", "Subdistrict"))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
