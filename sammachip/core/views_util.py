"""Small helpers shared by views: turning a service's ValidationError into errors on the form's fields, and an
Excel workbook as a download."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse


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


def xlsx_response(workbook: Any, filename: str) -> HttpResponse:
    """An openpyxl workbook (or its saved bytes) as an .xlsx download named `filename`."""
    if isinstance(workbook, bytes):
        content = workbook
    else:
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmarks' baseline: no database, no session, no template."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
