"""Small helpers shared by views: turning a service's ValidationError into errors on the form's fields, and an
Excel workbook as a download."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse


def apply_errors(form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field_map.get(field, field)
            for error in errors:
                form.add_error(target if target in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell starting with one of these is a formula (or a DDE command) to Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text_cells(workbook: Any) -> Any:
    """Every text cell that a spreadsheet would run as a formula — a group's or member's name "=HYPERLINK(…)",
    "@SUM(…)", "+cmd|…" — written as text: a string cell (openpyxl makes "=…" a formula) marked with Excel's
    quote prefix, so editing the cell keeps it text. Numbers stay numbers, negative ones included."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


# Excel's date format with the Thai Buddhist calendar (calendar 07, locale 041E): 5 ธ.ค. 2569. The cell keeps
# a real date (it sorts and filters as one); Excel and LibreOffice show its year in พ.ศ.
THAI_DATE_FORMAT = "[$-107041E]d mmm yyyy"
THAI_DATETIME_FORMAT = "[$-107041E]d mmm yyyy hh:mm"
PLAIN_FORMATS = {"General", "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss", "mm-dd-yy", "d/m/yyyy"}


def _shown_length(value: Any) -> int:
    """About how many columns a value takes: Thai vowels and tone marks above or below a letter take none."""
    if isinstance(value, dt.datetime):
        return 17
    if isinstance(value, dt.date):
        return 12
    text = str(value) if value is not None else ""
    return max(
        (
            sum(1 for ch in line if not unicodedata.combining(ch) and ch not in THAI_MARKS)
            for line in text.split("\n")
        ),
        default=0,
    )


THAI_MARKS = set(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


def thai_dates_and_widths(workbook: Any) -> Any:
    """Every date in พ.ศ. (a real date with the Thai calendar's format), and every column as wide as what it holds
    (within 8 to 60 characters) unless the export set the width itself."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.units import DEFAULT_COLUMN_WIDTH

    for sheet in workbook.worksheets:
        widths: dict[int, int] = {}
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, dt.date) and cell.number_format in PLAIN_FORMATS:
                    is_time = isinstance(value, dt.datetime)
                    cell.number_format = THAI_DATETIME_FORMAT if is_time else THAI_DATE_FORMAT
                if value is not None and hasattr(cell, "column"):
                    widths[cell.column] = max(widths.get(cell.column, 0), _shown_length(value))
        for column, width in widths.items():
            letter = get_column_letter(column)
            set_by_export = sheet.column_dimensions.get(letter)
            if set_by_export is None or set_by_export.width in (None, DEFAULT_COLUMN_WIDTH):
                sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
    return workbook


def workbook_bytes(workbook: Any) -> bytes:
    """An openpyxl workbook saved, its formula-like text written as text, its dates in พ.ศ. and its columns wide
    enough to read: every export goes through here."""
    out = io.BytesIO()
    thai_dates_and_widths(as_text_cells(workbook)).save(out)
    return out.getvalue()


def xlsx_response(workbook: Any, filename: str) -> HttpResponse:
    """An openpyxl workbook (or bytes from workbook_bytes) as an .xlsx download named `filename`."""
    content = workbook if isinstance(workbook, bytes) else workbook_bytes(workbook)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmarks' baseline: no database, no session, no template."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def private_file(
    request: HttpRequest, stored: Any, *, content_type: str | None = None, download_name: str | None = None
) -> FileResponse:
    """An uploaded file, served by the view that has just checked who may read it (files are never under a
    public /media/ address). Nobody logged in gets 404 like anyone else refused, not the login page: the
    address must not tell that something is there. Browsers and proxies keep no shared copy."""
    if not request.user.is_authenticated or not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if download_name is not None:
        response = FileResponse(handle, as_attachment=True, filename=download_name)
    else:
        response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response
