"""Plain SQL where the ORM costs more than the database: many checked rows into one table in one executemany
(what `bulk_create` writes, without building a model object per row first — most of its time at thousands of
rows; for rows a service has already checked), and reading a date back from a plain statement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connections, models
from django.utils import timezone


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]], using: str = "default") -> None:
    """Insert `rows` (field name → value; a related object or its id for a foreign key). Every concrete column
    is written: the row's value, else the time now for `auto_now`/`auto_now_add`, else the field's default —
    as `Model(**row).save()` would. Nothing is returned (no ids)."""
    if not rows:
        return
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    # Per field: its name, whether it is a relation, the value a row without it gets, and whether that value
    # is drawn anew for each row (a callable default, as each save() would call it).
    plan = [
        (f, f.name, f.attname, f.is_relation, now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False) else f.get_default(), f.has_default() and callable(f.default))
        for f in fields
    ]  # fmt: skip
    params = []
    for row in rows:
        values = []
        for f, name, attname, is_relation, missing, per_row in plan:
            if name in row:
                value = row[name]
                if is_relation and isinstance(value, models.Model):
                    value = value.pk
            elif attname in row:
                value = row[attname]
            else:
                value = f.get_default() if per_row else missing
            values.append(f.get_db_prep_save(value, connection))
        params.append(values)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - model metadata
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def sql_date(value: dt.date | str | None) -> dt.date | None:
    """A date read by plain SQL: PostgreSQL gives a date, SQLite the ISO text it keeps."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
