"""The page cache is gone (pages are drawn every time); its write stamp goes with it."""

from django.db import migrations


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP SEQUENCE IF EXISTS core_page_stamp")
        else:
            cursor.execute("DROP TABLE IF EXISTS core_page_stamp")


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("CREATE SEQUENCE IF NOT EXISTS core_page_stamp")
        else:
            cursor.execute("CREATE TABLE IF NOT EXISTS core_page_stamp (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            cursor.execute("INSERT OR IGNORE INTO core_page_stamp (id, n) VALUES (1, 1)")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_submission_keys")]

    operations = [migrations.RunPython(drop, create)]
