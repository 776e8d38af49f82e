"""A person's LINE link (their own page) and the Official Account's webhook."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sammachip.accounts.types import AuthedRequest

from . import client, services
from .models import LineLink, LinkCode

log = logging.getLogger("sammachip.line")


def _check(request: AuthedRequest) -> None:
    """LINE is set up for the office, and the user is someone it sends to: staff with a posting or a current
    member of a group. Anyone else is refused as if the page did not exist."""
    if not client.configured():
        raise Http404
    user = request.user
    if user.current_postings or user.is_superuser:
        return
    person = getattr(user, "person", None)
    if person is None or not person.memberships.filter(left_on__isnull=True).exists():
        raise Http404


def line_page(request: AuthedRequest) -> HttpResponse:
    _check(request)
    link = LineLink.objects.filter(user=request.user).first()
    code = (
        None if link else LinkCode.objects.usable().filter(user=request.user).order_by("-created_at").first()
    )
    context = {"link": link, "code": code, "shown": services.show_code(code.code) if code else ""}
    return render(request, "line/line.html", context)


@require_POST
def line_code(request: AuthedRequest) -> HttpResponse:
    _check(request)
    services.new_code(user=request.user)
    return redirect("line:page")


@require_POST
def line_unlink(request: AuthedRequest) -> HttpResponse:
    _check(request)
    if services.unlink(user=request.user):
        messages.success(
            request, _("Your LINE account is no longer linked: Sammachip sends you nothing on LINE.")
        )
    return redirect("line:page")


@csrf_exempt
@login_not_required
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """LINE calls this with events. The signature is checked on the raw body before anything is read; a text
    message holding a valid code links its sender. Answered at once with 200 (LINE retries otherwise)."""
    if not client.configured():
        raise Http404
    if not client.signature_ok(request.body, request.headers.get("X-Line-Signature", "")):
        log.warning("LINE webhook: wrong signature, refused")
        return HttpResponse(status=403)
    try:
        events = json.loads(request.body).get("events", [])
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict) or event.get("type") != "message":
            continue
        message, source = event.get("message") or {}, event.get("source") or {}
        if message.get("type") != "text" or source.get("type") != "user":
            continue
        link = services.link_from_message(
            line_user_id=str(source.get("userId", "")), text=str(message.get("text", ""))
        )
        if link is not None and event.get("replyToken"):
            name = link.user.get_full_name() or link.user.get_username()
            try:
                client.reply(
                    str(event["replyToken"]),
                    [
                        _(
                            "Linked to Sammachip as %(name)s. Your agenda and meeting reminders will come here."
                        )
                        % {"name": name}
                    ],
                )
            except (client.LineRefused, OSError) as exc:
                log.warning("LINE reply refused: %s", exc)
    return HttpResponse(status=200)
