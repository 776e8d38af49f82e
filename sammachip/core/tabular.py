"""Read an uploaded CSV or Excel file into rows keyed by column, for every import: Thai or English
headers, blank rows skipped, a broken file refused with one clear message instead of a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 200_000


class TableError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def raw_table(name: str, content: bytes) -> list[tuple[Any, ...]]:
    """The first sheet (or the CSV) as rows of cells, the header row first; TableError when unreadable."""
    try:
        if name.lower().endswith((".xlsx", ".xlsm")):
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            values = [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
            wb.close()
        else:
            text = content.decode("utf-8-sig")
            values = [tuple(r) for r in csv.reader(io.StringIO(text))]
    except UnicodeDecodeError as exc:
        raise TableError(_("The file is not UTF-8 CSV. Save it from Excel as “CSV UTF-8”.")) from exc
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, csv.Error) as exc:
        raise TableError(_("This file could not be read. Upload an .xlsx or a CSV UTF-8 file.")) from exc
    if not values:
        raise TableError(_("The file is empty."))
    if len(values) > MAX_ROWS + 1:
        raise TableError(
            _("The file has more than %(max)s rows; split it into smaller files.") % {"max": MAX_ROWS}
        )
    return values


def read_table(name: str, content: bytes, columns: list[tuple[str, str]]) -> list[tuple[int, dict[str, Any]]]:
    """Rows as (row number in the file, {key: value}); `columns` lists (key, Thai header)."""
    header_to_key = {th: key for key, th in columns} | {key: key for key, _th in columns}
    values = raw_table(name, content)
    headers = [header_to_key.get(str(h or "").strip(), str(h or "").strip().lower()) for h in values[0]]
    missing = [th for key, th in columns if key not in headers]
    if missing:
        raise TableError(_("These columns are missing: %(columns)s") % {"columns": ", ".join(missing)})
    rows = []
    for number, raw in enumerate(values[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in raw):
            continue
        rows.append((number, {h: v for h, v in zip(headers, raw, strict=False) if h}))
    if not rows:
        # Formula cells never calculated read as empty: say so rather than import nothing quietly.
        raise TableError(
            _("The file has no rows to import (cells with formulas count as empty: paste values).")
        )
    return rows


def start_import(
    name: str, content: bytes, columns: list[tuple[str, str]]
) -> tuple[ImportResult, list[tuple[int, dict[str, Any]]] | None]:
    """A fresh result and the file's rows; when the file itself cannot be read, the result carries the
    reason (row 1) and the rows are None."""
    result = ImportResult()
    try:
        return result, read_table(name, content, columns)
    except TableError as exc:
        result.errors.append(RowError(1, "", str(exc)))
        return result, None


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def template_csv(columns: list[tuple[str, str]], example: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([th for _key, th in columns])
    writer.writerow(example)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_date(value: Any) -> dt.date:
    from sammachip.core import thaidate

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return thaidate.parse_date(text(value))
