"""The write stamp of the page cache (sammachip.core.pagecache): a sequence on PostgreSQL, a one-row table on
SQLite. Not a model: `flush` must not empty it, and nothing but the page cache reads or moves it."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("CREATE SEQUENCE IF NOT EXISTS core_page_stamp")
            cursor.execute("SELECT nextval('core_page_stamp')")
        else:
            cursor.execute("CREATE TABLE IF NOT EXISTS core_page_stamp (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            cursor.execute("INSERT OR IGNORE INTO core_page_stamp (id, n) VALUES (1, 1)")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP SEQUENCE IF EXISTS core_page_stamp")
        else:
            cursor.execute("DROP TABLE IF EXISTS core_page_stamp")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_personal_data_access")]

    operations = [migrations.RunPython(create, drop)]
