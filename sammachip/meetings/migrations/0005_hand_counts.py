"""A show of hands counted as yes / no / abstain. SQLite rebuilds the table to add a column with a default,
which drops its trigger (counted resolutions stay as they were): made again, as in 0003."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LOCKED = "approved minutes, votes and counted resolutions are kept as they were"


def relock(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL keeps triggers through ALTER TABLE
        schema_editor.execute("DROP TRIGGER IF EXISTS resolution_locked")
        schema_editor.execute(
            "CREATE TRIGGER resolution_locked BEFORE UPDATE ON meetings_resolution WHEN OLD.status <> 'open' "
            f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END;"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_no_delete'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='resolution',
            name='hand_counts',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='resolution',
            name='hands_counted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(relock, migrations.RunPython.noop),
    ]
