"""Linking a person's LINE account: a one-time code made for a signed-in user, the code sent from LINE to the
Official Account (read by the webhook), and unlinking."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from sammachip.core.models import record_event

from .models import LineLink, LinkCode, WrongCode

CODE_DIGITS = 8
WRONG_PER_HOUR = 10
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def show_code(code: str) -> str:
    """12345678 → "1234 5678": easier to type on a phone."""
    return f"{code[:4]} {code[4:]}"


@transaction.atomic
def new_code(*, user: Any) -> LinkCode:
    """A fresh code for `user` (their earlier unused ones stop working); spent and expired codes are cleared."""
    now = timezone.now()
    LinkCode.objects.filter(user=user, used_at__isnull=True).delete()
    LinkCode.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
    while True:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if not LinkCode.objects.filter(code=code).exists():
            break
    made = LinkCode.objects.create(user=user, code=code, created_at=now, expires_at=now + LinkCode.lifetime())
    record_event(target=made, verb="line.code.made", actor=user)
    return made


def code_in(text: str) -> str | None:
    """The code in a LINE message, written with spaces or dashes or Thai digits; None if it holds none."""
    digits = re.sub(r"[\s\-]", "", text.translate(_THAI_DIGITS))
    return digits if re.fullmatch(rf"\d{{{CODE_DIGITS}}}", digits) else None


@transaction.atomic
def link_from_message(*, line_user_id: str, text: str) -> LineLink | None:
    """The webhook's part: a text message from `line_user_id`; if it is a valid code, that code's user is
    linked to this LINE account (replacing a link either had). None when it is no valid code."""
    code = code_in(text)
    if code is None or not line_user_id:
        return None
    now = timezone.now()
    if (
        WrongCode.objects.filter(line_user_id=line_user_id, at__gte=now - dt.timedelta(hours=1)).count()
        >= WRONG_PER_HOUR
    ):
        return None
    found = LinkCode.objects.usable().select_for_update().filter(code=code).select_related("user").first()
    if found is None:
        WrongCode.objects.create(line_user_id=line_user_id, at=now)
        return None
    found.used_at = now
    found.save(update_fields=["used_at"])
    LineLink.objects.filter(line_user_id=line_user_id).exclude(user=found.user).delete()
    link, _created = LineLink.objects.update_or_create(
        user=found.user, defaults={"line_user_id": line_user_id, "linked_at": now}
    )
    record_event(target=link, verb="line.linked", actor=found.user)
    return link


@transaction.atomic
def unlink(*, user: Any) -> bool:
    link = LineLink.objects.filter(user=user).first()
    if link is None:
        return False
    record_event(target=link, verb="line.unlinked", actor=user)
    link.delete()
    return True
