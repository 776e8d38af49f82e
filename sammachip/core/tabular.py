"""Read an uploaded CSV or Excel file into rows keyed by column, for every import: Thai or English
headers, blank rows skipped, a broken file refused with one clear message instead of a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# What one uploaded table may cost, checked before and while it is read (a 12 KB workbook once unpacked to
# hundreds of megabytes, claimed a million rows by 16,384 columns, and took the server to 1.6 GB of memory):
MAX_FILE_BYTES = 20 * 1024 * 1024  # the upload itself
MAX_UNPACKED_BYTES = (
    100 * 1024 * 1024
)  # every part of an .xlsx, unpacked (its zip headers, which zipfile holds it to)
MAX_RATIO = 100  # unpacked / packed, for any part over 1 MB: real sheets pack 5–30 times, a zip bomb ~1,000
MAX_ROWS = 200_000  # rows of the sheet, blank ones counted
MAX_COLUMNS = 200  # up to the last cell holding anything
MAX_CELL_CHARS = 5_000
MAX_TEXT_CHARS = 20_000_000  # all the cells together: what an import may keep between its steps

MB = 1024 * 1024


class TableError(ValueError):
    """The file as a whole cannot be read."""


class TooLarge(TableError):
    """The file passes one of the bounds above: refused before it costs more."""


class EmptyTable(TableError):
    """The file holds no row at all."""


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


def _check_workbook(content: bytes) -> None:
    """The zip's own account of its parts, before openpyxl unpacks anything."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
    if len(parts) > 1_000 or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise TooLarge(
            _("The workbook unpacks to more than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_UNPACKED_BYTES // MB}
        )
    for part in parts:
        if part.file_size > MB and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise TooLarge(
                _("This workbook is packed unlike any spreadsheet; open it in Excel and save it again.")
            )


def _workbook_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    _check_workbook(content)
    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        # The sheet's own claim of its size: openpyxl pads every row to it ("A1:XFD1048576" made 12,000 rows of
        # one cell into 200 million). Refused past the bounds, and not used for reading either way.
        rows, columns = ws.max_row or 0, ws.max_column or 0
        if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
            raise TooLarge(
                _(
                    "The sheet declares a size of %(rows)s rows by %(columns)s columns, more than %(max_rows)s"
                    " rows or %(max_columns)s columns: copy its data into a new workbook and upload that."
                )
                % {"rows": rows, "columns": columns, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS}
            )
        ws.reset_dimensions()  # type: ignore[union-attr]
        yield from ws.iter_rows(values_only=True)  # type: ignore[union-attr]
    finally:
        wb.close()


def _csv_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    text = content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):  # csv's own bound: 131,072 characters
                raise TooLarge(
                    _("Row %(row)s has a cell longer than %(max)s characters.")
                    % {"row": reader.line_num, "max": MAX_CELL_CHARS}
                ) from exc
            raise
        yield tuple(row)


def _bounded(rows: Iterator[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows, each without its trailing empty cells, refused at the first bound passed."""
    values: list[tuple[Any, ...]] = []
    chars = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise TooLarge(
                _("The file has more than %(max)s rows; split it into smaller files.") % {"max": MAX_ROWS}
            )
        width = len(row)
        while width and (row[width - 1] is None or row[width - 1] == ""):
            width -= 1
        if width > MAX_COLUMNS:
            raise TooLarge(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
        for cell in row[:width]:
            size = len(cell) if isinstance(cell, str) else 0 if cell is None else 32
            if size > MAX_CELL_CHARS:
                raise TooLarge(
                    _("Row %(row)s has a cell longer than %(max)s characters.")
                    % {"row": number, "max": MAX_CELL_CHARS}
                )
            chars += size
        if chars > MAX_TEXT_CHARS:
            raise TooLarge(
                _("The file holds more than %(max)s characters in all; split it into smaller files.")
                % {"max": f"{MAX_TEXT_CHARS:,}"}
            )
        values.append(tuple(row[:width]))
    return values


def raw_table(name: str, content: bytes) -> list[tuple[Any, ...]]:
    """The first sheet (or the CSV) as rows of cells, the header row first; TableError when unreadable,
    TooLarge when past a bound (checked before reading and while streaming, so refusing costs little)."""
    if len(content) > MAX_FILE_BYTES:
        raise TooLarge(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_FILE_BYTES // MB}
        )
    try:
        if name.lower().endswith((".xlsx", ".xlsm")):
            values = _bounded(_workbook_rows(content))
        else:
            values = _bounded(_csv_rows(content))
    except UnicodeDecodeError as exc:
        raise TableError(_("The file is not UTF-8 CSV. Save it from Excel as “CSV UTF-8”.")) from exc
    except TableError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, csv.Error, EOFError) as exc:
        raise TableError(_("This file could not be read. Upload an .xlsx or a CSV UTF-8 file.")) from exc
    if not values:
        raise EmptyTable(_("The file is empty."))
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
