"""Requests carrying a NUL character are refused before any view reads them: PostgreSQL cannot store or
compare text holding one, so a search or a JSON field with it would end in a database error (a 500). Forms
already refuse it field by field (Django's ProhibitNullCharactersValidator); this covers the query string
and JSON bodies, for the pages and the API alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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


# Every page's scripts and styles come from our own static files (htmx, upload.js, app.js, app.css; the API's
# docs from django-ninja's bundled Swagger UI): nothing inline, nothing from elsewhere. Swagger UI's CSS draws
# its icons from data: URLs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class PrivateAnswersMiddleware:
    """The Content-Security-Policy on every answer; and `Cache-Control: no-store` on every answer to a signed-in
    user or API client — pages, API calls and exports carry personal data (full national IDs for the area's
    officer), which no browser or proxy may keep — unless the view chose its own caching (a photo, an icon)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


# A national ID as pages show it (13 digits, or written 1-2345-67890-12-3), never next to another digit.
NATIONAL_ID = re.compile(rb"(?<![0-9])(?:[0-9]{13}|[0-9]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9])(?![0-9])")


def _mask(match: re.Match[bytes]) -> bytes:
    digits = match.group(0).replace(b"-", b"")
    return b"x-xxxx-xxxx" + digits[9:10] + b"-" + digits[10:12] + b"-" + digits[12:13]


class OfflineCopyMiddleware:
    """A page the service worker fetches to keep on the phone (header `X-Sammachip-Keep: 1`): no full national ID
    is ever stored on a phone, so the page is drawn as for someone who sees IDs masked, and any 13-digit number
    left in it is masked too; and it does not use up the person's one-time messages (they stay for the page the
    person opens next)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or request.headers.get("X-Sammachip-Keep") != "1":
            return self.get_response(request)
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.offline_copy = True
        response = self.get_response(request)
        storage = getattr(request, "_messages", None)
        if storage is not None:
            storage.used = False
        if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
            response.content = NATIONAL_ID.sub(_mask, response.content)
        response["Vary"] = (
            "X-Sammachip-Keep" if "Vary" not in response else response["Vary"] + ", X-Sammachip-Keep"
        )
        return response
