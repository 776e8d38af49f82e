"""The database refuses to edit a book entry, a stored close or a dividend share, and refuses new entries
or work records in a closed year — whatever code path tries. (Deletes are refused by PROTECT foreign keys
and by there being no delete anywhere; a DELETE trigger would also stop the test runner's flush.)"""

from django.db import migrations

APPEND_ONLY = "book entries are append-only; record a reversing entry"
CLOSED = "the fiscal year is closed"
FROZEN = "a closed year and its dividend run are kept as they were"

SQLITE = [
    f"CREATE TRIGGER entry_no_update BEFORE UPDATE ON bookkeeping_entry BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;",
    f"""CREATE TRIGGER entry_not_in_closed_year BEFORE INSERT ON bookkeeping_entry
        WHEN EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.id = NEW.fiscal_year_id AND y.closed_at IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;""",
    f"""CREATE TRIGGER work_not_in_closed_year_insert BEFORE INSERT ON bookkeeping_workrecord
        WHEN EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.group_id = NEW.group_id
                     AND NEW.date BETWEEN y.starts_on AND y.ends_on AND y.closed_at IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;""",
    f"""CREATE TRIGGER work_not_in_closed_year_update BEFORE UPDATE ON bookkeeping_workrecord
        WHEN EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.group_id = OLD.group_id
                     AND OLD.date BETWEEN y.starts_on AND y.ends_on AND y.closed_at IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;""",
    f"CREATE TRIGGER yearclose_no_update BEFORE UPDATE ON bookkeeping_yearclose BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
    f"""CREATE TRIGGER share_frozen BEFORE UPDATE ON bookkeeping_dividendshare
        WHEN NEW.amount <> OLD.amount OR NEW.work <> OLD.work OR NEW.membership_id <> OLD.membership_id
             OR OLD.payment_id IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;""",
    f"""CREATE TRIGGER year_stays_closed BEFORE UPDATE ON bookkeeping_fiscalyear
        WHEN OLD.closed_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS entry_no_update", "DROP TRIGGER IF EXISTS entry_not_in_closed_year",
    "DROP TRIGGER IF EXISTS work_not_in_closed_year_insert", "DROP TRIGGER IF EXISTS work_not_in_closed_year_update",
    "DROP TRIGGER IF EXISTS yearclose_no_update", "DROP TRIGGER IF EXISTS share_frozen", "DROP TRIGGER IF EXISTS year_stays_closed",
]


def pg_function(name, condition, message):
    return f"""CREATE FUNCTION {name}() RETURNS trigger AS $$
    BEGIN
        IF {condition} THEN RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation'; END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;"""


POSTGRES = [
    pg_function("entry_no_update", "TRUE", APPEND_ONLY),
    "CREATE TRIGGER entry_no_update BEFORE UPDATE ON bookkeeping_entry FOR EACH ROW EXECUTE FUNCTION entry_no_update();",
    pg_function(
        "entry_not_in_closed_year",
        "EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.id = NEW.fiscal_year_id AND y.closed_at IS NOT NULL)",
        CLOSED,
    ),
    "CREATE TRIGGER entry_not_in_closed_year BEFORE INSERT ON bookkeeping_entry FOR EACH ROW EXECUTE FUNCTION entry_not_in_closed_year();",
    pg_function(
        "work_not_in_closed_year",
        "EXISTS (SELECT 1 FROM bookkeeping_fiscalyear y WHERE y.group_id = NEW.group_id"
        " AND (NEW.date BETWEEN y.starts_on AND y.ends_on"
        "      OR (TG_OP = 'UPDATE' AND OLD.date BETWEEN y.starts_on AND y.ends_on)) AND y.closed_at IS NOT NULL)",
        CLOSED,
    ),
    "CREATE TRIGGER work_not_in_closed_year BEFORE INSERT OR UPDATE ON bookkeeping_workrecord FOR EACH ROW EXECUTE FUNCTION work_not_in_closed_year();",
    pg_function("yearclose_no_update", "TRUE", FROZEN),
    "CREATE TRIGGER yearclose_no_update BEFORE UPDATE ON bookkeeping_yearclose FOR EACH ROW EXECUTE FUNCTION yearclose_no_update();",
    pg_function(
        "share_frozen",
        "NEW.amount <> OLD.amount OR NEW.work <> OLD.work OR NEW.membership_id <> OLD.membership_id OR OLD.payment_id IS NOT NULL",
        FROZEN,
    ),
    "CREATE TRIGGER share_frozen BEFORE UPDATE ON bookkeeping_dividendshare FOR EACH ROW EXECUTE FUNCTION share_frozen();",
    pg_function("year_stays_closed", "OLD.closed_at IS NOT NULL", FROZEN),
    "CREATE TRIGGER year_stays_closed BEFORE UPDATE ON bookkeeping_fiscalyear FOR EACH ROW EXECUTE FUNCTION year_stays_closed();",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS entry_no_update ON bookkeeping_entry", "DROP FUNCTION IF EXISTS entry_no_update()",
    "DROP TRIGGER IF EXISTS entry_not_in_closed_year ON bookkeeping_entry", "DROP FUNCTION IF EXISTS entry_not_in_closed_year()",
    "DROP TRIGGER IF EXISTS work_not_in_closed_year ON bookkeeping_workrecord", "DROP FUNCTION IF EXISTS work_not_in_closed_year()",
    "DROP TRIGGER IF EXISTS yearclose_no_update ON bookkeeping_yearclose", "DROP FUNCTION IF EXISTS yearclose_no_update()",
    "DROP TRIGGER IF EXISTS share_frozen ON bookkeeping_dividendshare", "DROP FUNCTION IF EXISTS share_frozen()",
    "DROP TRIGGER IF EXISTS year_stays_closed ON bookkeeping_fiscalyear", "DROP FUNCTION IF EXISTS year_stays_closed()",
]


def forwards(apps, schema_editor):
    for sql in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("bookkeeping", "0002_standard_categories")]
    operations = [migrations.RunPython(forwards, backwards)]
