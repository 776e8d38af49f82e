"""Requests carrying a NUL character are refused before any view reads them: PostgreSQL cannot store or
compare text holding one, so a search or a JSON field with it would end in a database error (a 500). Forms
already refuse it field by field (Django's ProhibitNullCharactersValidator); this covers the query string
and JSON bodies, for the pages and the API alike."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

JSON_NUL = re.compile(rb"\\u0000", re.IGNORECASE)


def _nul_field(request: HttpRequest) -> str | None:
    """The name of the first parameter holding a NUL ("" for the body as a whole); None when there is none."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return key.replace("\x00", "")
    if request.content_type == "application/json":
        body = request.body
        if b"\x00" in body or JSON_NUL.search(body):
            return ""
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _nul_field(request)
        if field is None:
            return self.get_response(request)
        message = _("The request holds a character that cannot be used (NUL).")
        if request.path.startswith("/api/"):
            # the API's one error shape, with the status it documents for a field that is not valid
            return JsonResponse(
                {"detail": message, "errors": [{"field": field, "message": message}]}, status=422
            )
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
