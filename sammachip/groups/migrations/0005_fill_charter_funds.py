"""Fill: the three fixed funds of every existing charter become named funds."""

from django.db import migrations

OLD = [("welfare_percent", "สวัสดิการสมาชิก"), ("committee_percent", "ค่าตอบแทนกรรมการ"), ("community_percent", "สาธารณประโยชน์")]


def fill(apps, schema_editor):
    Charter = apps.get_model("groups", "Charter")
    CharterFund = apps.get_model("groups", "CharterFund")
    for charter in Charter.objects.all():
        position = 0
        for field, name in OLD:
            percent = getattr(charter, field)
            if percent and percent > 0:
                position += 1
                CharterFund.objects.get_or_create(charter=charter, name=name, defaults={"position": position, "percent": percent})


class Migration(migrations.Migration):
    dependencies = [("groups", "0004_charter_funds")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
