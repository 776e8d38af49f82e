"""An online vote opened by mistake can be withdrawn, with a reason. SQLite rebuilds the table to add a
column with a default, which drops its trigger (counted resolutions stay as they were): made again."""

from django.db import migrations, models


LOCKED = "approved minutes, votes and counted resolutions are kept as they were"


def relock(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL keeps triggers through ALTER TABLE
        schema_editor.execute("DROP TRIGGER IF EXISTS resolution_locked")
        schema_editor.execute(
            "CREATE TRIGGER resolution_locked BEFORE UPDATE ON meetings_resolution WHEN OLD.status <> 'open' "
            f"BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END;"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_locks'),
    ]

    operations = [
        migrations.AddField(
            model_name='resolution',
            name='withdrawal_reason',
            field=models.CharField(blank=True, default='', max_length=300, verbose_name='why the vote is withdrawn'),
        ),
        migrations.AlterField(
            model_name='resolution',
            name='status',
            field=models.CharField(choices=[('open', 'Voting'), ('passed', 'Passed'), ('failed', 'Not passed'), ('no_quorum', 'No quorum'), ('withdrawn', 'Withdrawn')], default='open', max_length=10),
        ),
        migrations.RunPython(relock, migrations.RunPython.noop),
    ]
