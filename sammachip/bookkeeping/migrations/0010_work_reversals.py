"""A wrong work record is cancelled by a reversing record (negative quantity, pointing at it). SQLite
rebuilds the table to change its constraints, which drops the table's triggers: they are made again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CLOSED = "the fiscal year is closed"
SQLITE = [
    "DROP TRIGGER IF EXISTS work_not_in_closed_year_insert",
    "DROP TRIGGER IF EXISTS work_not_in_closed_year_update",
    f"""CREATE TRIGGER work_not_in_closed_year_insert BEFORE INSERT ON bookkeeping_workrecord
        WHEN EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.group_id = NEW.group_id
                     AND NEW.date BETWEEN y.starts_on AND y.ends_on AND y.closed_at IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;""",
    f"""CREATE TRIGGER work_not_in_closed_year_update BEFORE UPDATE ON bookkeeping_workrecord
        WHEN EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.group_id = OLD.group_id
                     AND OLD.date BETWEEN y.starts_on AND y.ends_on AND y.closed_at IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;""",
]


def retrigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL keeps triggers through ALTER TABLE
        for sql in SQLITE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('bookkeeping', '0009_shares_are_capital'),
        ('groups', '0007_group_project'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='workrecord',
            name='work_quantity_positive',
        ),
        migrations.AddField(
            model_name='workrecord',
            name='reverses',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='bookkeeping.workrecord'),
        ),
        migrations.AddConstraint(
            model_name='workrecord',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reverses__isnull', True), ('quantity__gt', 0)), models.Q(('reverses__isnull', False), ('quantity__lt', 0), ('status', 'confirmed')), _connector='OR'), name='work_positive_unless_reversal'),
        ),
        migrations.RunPython(retrigger, migrations.RunPython.noop),
    ]
