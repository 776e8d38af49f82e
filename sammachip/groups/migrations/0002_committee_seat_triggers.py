"""The database itself refuses a committee seat not held by a current member of the same group.

A CHECK constraint cannot look at another table, so this is a trigger on SQLite and PostgreSQL.
"""

from django.db import migrations

MESSAGE = "committee seat must be held by a current member of the same group"

SQLITE = [
    f"""
    CREATE TRIGGER committee_seat_member_insert BEFORE INSERT ON groups_committeeseat
    WHEN NEW.ended_on IS NULL AND NOT EXISTS (
        SELECT 1 FROM groups_membership m
        WHERE m.id = NEW.membership_id AND m.group_id = NEW.group_id AND m.left_on IS NULL)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER committee_seat_member_update BEFORE UPDATE ON groups_committeeseat
    WHEN NEW.ended_on IS NULL AND NOT EXISTS (
        SELECT 1 FROM groups_membership m
        WHERE m.id = NEW.membership_id AND m.group_id = NEW.group_id AND m.left_on IS NULL)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER membership_leave_with_seat BEFORE UPDATE OF left_on ON groups_membership
    WHEN NEW.left_on IS NOT NULL AND EXISTS (
        SELECT 1 FROM groups_committeeseat s WHERE s.membership_id = NEW.id AND s.ended_on IS NULL)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS committee_seat_member_insert",
    "DROP TRIGGER IF EXISTS committee_seat_member_update",
    "DROP TRIGGER IF EXISTS membership_leave_with_seat",
]

POSTGRES = [
    f"""
    CREATE FUNCTION committee_seat_member_check() RETURNS trigger AS $$
    BEGIN
        IF NEW.ended_on IS NULL AND NOT EXISTS (
            SELECT 1 FROM groups_membership m
            WHERE m.id = NEW.membership_id AND m.group_id = NEW.group_id AND m.left_on IS NULL) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER committee_seat_member BEFORE INSERT OR UPDATE ON groups_committeeseat
    FOR EACH ROW EXECUTE FUNCTION committee_seat_member_check();
    """,
    f"""
    CREATE FUNCTION membership_leave_check() RETURNS trigger AS $$
    BEGIN
        IF NEW.left_on IS NOT NULL AND EXISTS (
            SELECT 1 FROM groups_committeeseat s WHERE s.membership_id = NEW.id AND s.ended_on IS NULL) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER membership_leave_with_seat BEFORE UPDATE OF left_on ON groups_membership
    FOR EACH ROW EXECUTE FUNCTION membership_leave_check();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS committee_seat_member ON groups_committeeseat",
    "DROP FUNCTION IF EXISTS committee_seat_member_check()",
    "DROP TRIGGER IF EXISTS membership_leave_with_seat ON groups_membership",
    "DROP FUNCTION IF EXISTS membership_leave_check()",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
