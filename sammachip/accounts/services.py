"""Staff accounts: a district head invites officers and sets their area; postings end, never vanish.
Ending a person's access — her API tokens and her sessions — when her password changes or is reset, her
account closes or a posting ends: one function, end_access, used by every one of those paths."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.core.models import record_event

from .models import ApiToken, Session, StaffPosting, User


@transaction.atomic
def end_access(*, user: User, reason: str, by: User | None, keep_session_key: str | None = None) -> None:
    """Revoke every API token of the person and end her sessions, but for `keep_session_key` (the session of
    someone changing her own password). Deleting the sessions is a write, so no worker serves them from its
    memory afterwards (accounts.sessions)."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    sessions = Session.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    ended, _by_model = sessions.delete()
    record_event(
        target=user,
        verb="accounts.access.ended",
        actor=by,
        data={"reason": reason, "tokens": tokens, "sessions": ended},
    )


@transaction.atomic
def password_changed(*, user: User, keep_session_key: str | None) -> None:
    """The person has set a new password herself: her other sessions and her tokens end, and a one-time
    password she was given is no longer one."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    end_access(user=user, reason="password_changed", by=user, keep_session_key=keep_session_key)
    record_event(target=user, verb="accounts.password.changed", actor=user)


@transaction.atomic
def end_posting(*, posting: StaffPosting, on: dt.date, by: User) -> StaffPosting:
    if posting.ends_on is not None:
        raise ValidationError(_("This posting has already ended."))
    if on < posting.starts_on:
        raise ValidationError({"ends_on": _("A posting cannot end before it starts.")})
    if on > timezone.localdate():
        # Ending takes effect at once (the posting is no longer current from its end date on, and her
        # tokens and sessions end now), so it is recorded on the day it happens.
        raise ValidationError({"ends_on": _("A posting ends today or on a day already past, not later.")})
    posting.ends_on = on
    posting.save(update_fields=["ends_on"])
    record_event(target=posting, verb="accounts.staff.ended", actor=by, data={"on": on.isoformat()})
    end_access(user=posting.user, reason="posting_ended", by=by)
    return posting
