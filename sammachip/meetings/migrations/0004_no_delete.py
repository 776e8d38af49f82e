"""The database refuses to delete a cast vote, whatever code path tries (an update is refused since 0002): a
decision keeps the votes it was counted from, and PDPA erasure anonymises the voter without deleting them.

TRUNCATE (PostgreSQL's flush, `pg_restore --clean` drops the tables) fires no row trigger; the test runner's
flush on SQLite lifts these triggers for its own DELETEs (tests/conftest.py)."""

from django.db import migrations

KEPT = "cast votes are kept as they were: nothing is deleted"
RULES = [
    # (trigger and function name, table)
    ("vote_no_delete", "meetings_vote"),
]


def forwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for name, table in RULES:
        if pg:
            schema_editor.execute(
                f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '{KEPT}' USING ERRCODE = 'check_violation'; END $$ LANGUAGE plpgsql;"""
            )
            schema_editor.execute(f"CREATE TRIGGER {name} BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();")
        else:
            schema_editor.execute(f"CREATE TRIGGER {name} BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{KEPT}'); END;")


def backwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for name, table in RULES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if pg else ""))
        if pg:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_vote_withdrawal")]
    operations = [migrations.RunPython(forwards, backwards)]
