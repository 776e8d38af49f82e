"""Staff accounts: a district head invites officers and sets their area; postings end, never vanish."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammachip.core.models import record_event
from sammachip.places.models import District, Subdistrict

from .models import StaffPosting, User


@transaction.atomic
def invite_staff(
    *,
    district: District,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    subdistricts: Iterable[Subdistrict],
    starts_on: dt.date,
    by: User,
) -> tuple[StaffPosting, str]:
    """Create the account and its posting; returns the one-time password to hand over."""
    if role not in (StaffPosting.Role.OFFICER, StaffPosting.Role.DISTRICT_HEAD):
        raise ValidationError({"role": _("Choose a role from the list.")})
    subs = list(subdistricts)
    if any(s.district_id != district.pk for s in subs):
        raise ValidationError({"subdistricts": _("Unknown subdistrict in this district.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    password = "-".join(secrets.token_hex(2) for _ in range(3))
    user = User(username=username, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    posting = StaffPosting.objects.create(
        user=user, role=role, province_id=district.province_id, district=district, starts_on=starts_on
    )
    posting.subdistricts.set(subs)
    record_event(
        target=posting,
        verb="accounts.staff.invited",
        actor=by,
        data={
            "user": username,
            "role": role,
            "district": district.code,
            "subdistricts": [s.code for s in subs],
        },
    )
    return posting, password


@transaction.atomic
def end_posting(*, posting: StaffPosting, on: dt.date, by: User) -> StaffPosting:
    if posting.ends_on is not None:
        raise ValidationError(_("This posting has already ended."))
    if on < posting.starts_on:
        raise ValidationError({"ends_on": _("A posting cannot end before it starts.")})
    posting.ends_on = on
    posting.save(update_fields=["ends_on"])
    record_event(target=posting, verb="accounts.staff.ended", actor=by, data={"on": on.isoformat()})
    return posting
