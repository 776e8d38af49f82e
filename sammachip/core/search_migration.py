"""Migration steps for a stored search column (see core.thaitext.search_key): fill it on existing rows, and on
PostgreSQL give it a trigram index, which serves `LIKE '%word%'` — any part of a word — at province scale.
SQLite has no trigram index; there the search reads the column, fast enough for one district's file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations

from sammachip.core.thaitext import search_key


def fill(app: str, model: str, parts: Callable[[Any], tuple[str | None, ...]]) -> migrations.RunPython:
    def forwards(apps: Any, schema_editor: Any) -> None:
        Model = apps.get_model(app, model)
        batch = []
        for row in Model.objects.all().iterator(chunk_size=2000):
            row.search_text = search_key(*parts(row))
            batch.append(row)
            if len(batch) >= 2000:
                Model.objects.bulk_update(batch, ["search_text"])
                batch = []
        Model.objects.bulk_update(batch, ["search_text"])

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


def trigram_index(table: str, name: str) -> migrations.RunPython:
    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (search_text gin_trgm_ops)'
        )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards)
