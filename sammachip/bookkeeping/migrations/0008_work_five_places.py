"""A dividend run keeps the weighted work it divided by with all five decimals it was computed with
(quantity 2 × weight 3): with four, some slips' formula gave another satang than the member was paid.
Runs made before keep what they stored. SQLite rebuilds the share table for this and drops its trigger,
which is put back."""

from django.db import migrations, models

FROZEN = "a closed year and its dividend run are kept as they were"
CHANGED = (
    "NEW.amount <> OLD.amount OR NEW.work <> OLD.work OR NEW.membership_id <> OLD.membership_id"
    " OR NEW.work_amount <> OLD.work_amount OR NEW.capital <> OLD.capital OR NEW.capital_amount <> OLD.capital_amount"
    " OR OLD.payment_id IS NOT NULL"
)


def refreeze_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS share_frozen")
    schema_editor.execute(
        f"CREATE TRIGGER share_frozen BEFORE UPDATE ON bookkeeping_dividendshare WHEN {CHANGED} "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('bookkeeping', '0007_exact_money_rules'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dividendrun',
            name='total_work',
            field=models.DecimalField(decimal_places=5, max_digits=17),
        ),
        migrations.AlterField(
            model_name='dividendshare',
            name='work',
            field=models.DecimalField(decimal_places=5, max_digits=17),
        ),
        migrations.RunPython(refreeze_sqlite, refreeze_sqlite),
    ]
