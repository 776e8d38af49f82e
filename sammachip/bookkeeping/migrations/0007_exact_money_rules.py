"""A member's dividend is its two parts added up — compared in whole satang, so the rule holds exactly on
SQLite too, where decimals are floats (553.02 + 108.42 = 661.4399999999999 refused a valid run).

SQLite changes a constraint by rebuilding the table, which silently drops the table's triggers: the
frozen-share trigger is put back after the rebuild (PostgreSQL keeps it)."""

import django.db.models.expressions
import django.db.models.functions.comparison
import django.db.models.functions.math
import django.db.models.lookups
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


def satang(field):
    return django.db.models.functions.comparison.Cast(
        django.db.models.functions.math.Round(
            django.db.models.expressions.CombinedExpression(models.F(field), "*", models.Value(100))
        ),
        models.BigIntegerField(),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('bookkeeping', '0006_opening_balances'),
        ('groups', '0007_group_project'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='dividendshare',
            name='dividend_share_adds_up',
        ),
        migrations.AddConstraint(
            model_name='dividendshare',
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    satang("amount"),
                    django.db.models.expressions.CombinedExpression(satang("work_amount"), "+", satang("capital_amount")),
                ),
                name='dividend_share_adds_up',
            ),
        ),
        migrations.RunPython(refreeze_sqlite, refreeze_sqlite),
    ]
