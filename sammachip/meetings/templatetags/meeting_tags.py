"""The meetings slot of a group's 5 ก, for pages outside this app (the group page)."""

from __future__ import annotations

from typing import Any

from django import template

from sammachip.meetings.models import Meeting
from sammachip.meetings.services import months_without_meeting

register = template.Library()


@register.simple_tag
def meeting_health(group: Any) -> dict[str, Any]:
    missing = months_without_meeting(group, months=3)
    last = group.meetings.exclude(status=Meeting.Status.PLANNED).order_by("-date").first()
    ok = last is not None and not missing
    return {"missing": missing, "last": last, "ok": ok, "ok_int": int(ok)}
