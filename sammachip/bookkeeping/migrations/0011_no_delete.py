"""The database refuses to delete a book entry (of an open or a closed year), a work record or a dividend
share, whatever code path tries: the books are append-only, a mistake is cancelled by a reversing entry, and
PDPA erasure anonymises the person without touching what hangs on their membership.

TRUNCATE (PostgreSQL's flush, `pg_restore --clean` drops the tables) fires no row trigger; the test runner's
flush on SQLite lifts these triggers for its own DELETEs (tests/conftest.py)."""

from django.db import migrations

KEPT = "the books are append-only: nothing in them is deleted; record a reversing entry"
RULES = [
    # (trigger and function name, table)
    ("entry_no_delete", "bookkeeping_entry"),
    ("work_no_delete", "bookkeeping_workrecord"),
    ("share_no_delete", "bookkeeping_dividendshare"),
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
    dependencies = [("bookkeeping", "0010_work_reversals")]
    operations = [migrations.RunPython(forwards, backwards)]
