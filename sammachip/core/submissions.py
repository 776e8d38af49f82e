"""One-time submission keys: whatever a form or an API call creates is created once, however often the
same submission arrives — a retry on a weak signal, a double tap, a reload after a timeout, the offline
outbox sending again.

Every page form carries a fresh key: `{% csrf_token %}` writes it beside the CSRF token (the tag is
replaced in TEMPLATES' builtins, so no form can forget it). API clients send an `Idempotency-Key` header.
The first request with a key claims it inside the transaction that does the work and keeps its answer when
it succeeds; the same key again — even at the same moment, on PostgreSQL or SQLite — waits for that
transaction and gets the kept answer instead of doing the work a second time. A refused submission (a form
error, 4xx or 5xx) keeps nothing, so the corrected form can be sent; so does an answer that signs someone in
or out (its new session cookie cannot be replayed) and a streamed one (a long import: imports are already
safe to send twice)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import Library
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.html import format_html

from .models import Submission

FIELD = "submission_key"
HEADER = "HTTP_IDEMPOTENCY_KEY"
VALID_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEPT_HEADERS = ("Location", "Content-Type", "Content-Disposition", "HX-Redirect", "HX-Location", "HX-Refresh")
MAX_BODY = 256 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

register = Library()


class FormKeysNode(CsrfTokenNode):
    def render(self, context):  # type: ignore[no-untyped-def]
        csrf = super().render(context)
        if not csrf:
            return csrf
        key = format_html('<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_urlsafe(18))
        return csrf + key


@register.tag
def csrf_token(parser, token):  # type: ignore[no-untyped-def]
    """Django's tag, and the form's one-time submission key after it."""
    return FormKeysNode()


def _key(request: HttpRequest) -> str | None:
    if request.method != "POST":
        return None
    key = request.META.get(HEADER)
    if key is None and request.content_type in FORM_TYPES:
        key = request.POST.get(FIELD)
    return key if key and VALID_KEY.match(key) else None


def _owner(request: HttpRequest) -> str:
    """Whose keys these are: a signed-in user, else the API token's holder (by a digest), else nobody."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    return "t" + hashlib.sha256(auth.encode()).hexdigest()[:40] if auth else ""


def _keeps(request: HttpRequest, response: HttpResponseBase, cookie_before: str | None) -> bool:
    if response.streaming or response.status_code >= 400 or len(getattr(response, "content", b"")) > MAX_BODY:
        return False
    session = getattr(request, "session", None)  # signed in or out by this request: not kept
    return session is None or session.session_key == cookie_before


def _replay(kept: Submission) -> HttpResponse:
    response = HttpResponse(bytes(kept.body), status=kept.status)
    for name, value in kept.headers.items():
        response[name] = value
    response["X-Submission-Replayed"] = "1"
    return response


class SubmissionKeyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        owner = _owner(request)
        kept = Submission.objects.filter(owner=owner, key=key).exclude(status=0).first()
        if kept is not None:
            return _replay(kept)
        cookie_before = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        try:
            with transaction.atomic():
                claim = Submission.objects.create(owner=owner, key=key, path=request.path[:300])
                response = self.get_response(request)
                if _keeps(request, response, cookie_before):
                    claim.status = response.status_code
                    claim.headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                    claim.body = getattr(response, "content", b"")
                    claim.save(update_fields=["status", "headers", "body"])
                else:
                    claim.delete()
                return response
        except IntegrityError:
            # The same key was claimed by a request that committed while this one waited for it.
            kept = Submission.objects.filter(owner=owner, key=key).exclude(status=0).first()
            if kept is None:
                raise
            return _replay(kept)


def forget_old(days: int | None = None) -> int:
    """Answers kept longer than SAMMACHIP_SUBMISSION_DAYS (the daily job): a phone that was offline longer
    than that sends a key nobody remembers, and the record is made again, so keep it generous."""
    days = days or settings.SAMMACHIP_SUBMISSION_DAYS
    since = timezone.now() - dt.timedelta(days=days)
    deleted, _rows = Submission.objects.filter(at__lt=since).delete()
    return deleted
