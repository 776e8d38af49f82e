"""Villages entered one by one (the district import brings many in: sammachip.onboarding), and the district's
staff invited to their postings."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammachip.accounts.models import StaffPosting, User
from sammachip.core.models import record_event

from .models import District, Subdistrict, Village


@transaction.atomic
def add_village(*, subdistrict: Subdistrict, moo: int, name: str, code: str | None, by: object) -> Village:
    village = Village(subdistrict=subdistrict, moo=moo, name=name.strip(), code=code or None)
    village.full_clean()
    village.save()
    record_event(
        target=village, verb="places.village.added", actor=by, data={"moo": moo, "name": village.name}
    )
    return village


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
    user = User(username=username, first_name=first_name, last_name=last_name, must_change_password=True)
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
