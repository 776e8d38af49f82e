"""The database keeps decisions as they were made: approved minutes, cast votes and counted resolutions
cannot be changed by any code path."""

from django.db import migrations

LOCKED = "approved minutes, votes and counted resolutions are kept as they were"

RULES = [
    # (trigger name, table, condition on OLD/NEW)
    ("minutes_locked", "meetings_minutesversion", "OLD.approved_on IS NOT NULL"),
    ("vote_locked", "meetings_vote", "1 = 1"),
    ("resolution_locked", "meetings_resolution", "OLD.status <> 'open'"),
]


def forwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for name, table, condition in RULES:
        if pg:
            schema_editor.execute(
                f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN IF {condition.replace('1 = 1', 'TRUE')} THEN RAISE EXCEPTION '{LOCKED}' USING ERRCODE = 'check_violation'; END IF;
                RETURN NEW; END $$ LANGUAGE plpgsql;"""
            )
            schema_editor.execute(f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();")
        else:
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} WHEN {condition} BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END;"
            )


def backwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for name, table, _condition in RULES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if pg else ""))
        if pg:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
