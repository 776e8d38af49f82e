"""Sign-in throttling, for the sign-in page and the admin's alike. Kept in the database, so every app server
agrees.

- An account: after 5 failed attempts within 15 minutes it is locked until the window passes. The account is
  the one the typed name stands for, resolved as the backend resolves it (backends.find_account), so writing
  the phone number with dashes, in Thai digits, or the username instead does not get around the lock.
  A name that stands for no account is counted by its normalised text.
- An address: after 20 failed attempts within 15 minutes it may try only once a minute — slowed, never
  locked, so one address's failures (a shared office connection, a guesser trying many names) never lock an
  account that was not attacked. The address is the client's (core.addresses.client_address), never the
  reverse proxy's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .backends import find_account, login_forms
from .models import LoginAttempt

WINDOW = dt.timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20
ADDRESS_PAUSE = dt.timedelta(minutes=1)


def ip_hash(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:login:{address}".encode()).hexdigest()


@dataclass(frozen=True)
class Refusal:
    account_locked: bool  # else the address is slowed
    minutes: int


@dataclass(frozen=True)
class Attempt:
    name: str  # as typed, normalised: kept for the record, and the key of a name that is no account
    user_id: int | None
    ip: str

    @classmethod
    def of(cls, typed: str, address: str) -> Attempt:
        user = find_account(typed)
        name = login_forms(typed)[1].lower()[:150]
        return cls(name=name, user_id=user.pk if user else None, ip=ip_hash(address))

    def refusal(self) -> Refusal | None:
        """Why this attempt may not be tried now, or None."""
        now = timezone.now()
        failures = LoginAttempt.objects.filter(at__gte=now - WINDOW, succeeded=False)
        mine = (
            failures.filter(user_id=self.user_id)
            if self.user_id
            else failures.filter(user__isnull=True, username=self.name)
        )
        by_account = list(mine.order_by("-at").values_list("at", flat=True)[:PER_ACCOUNT])
        if len(by_account) >= PER_ACCOUNT:
            return Refusal(account_locked=True, minutes=_minutes(by_account[-1] + WINDOW - now))
        from_here = failures.filter(ip_hash=self.ip).order_by("-at").values_list("at", flat=True)
        if len(from_here[PER_ADDRESS - 1 : PER_ADDRESS]) == 1:
            last = (
                LoginAttempt.objects.filter(ip_hash=self.ip).order_by("-at").values_list("at", flat=True)[0]
            )
            if last + ADDRESS_PAUSE > now:
                return Refusal(account_locked=False, minutes=_minutes(last + ADDRESS_PAUSE - now))
        return None

    def record(self, succeeded: bool) -> None:
        LoginAttempt.objects.create(
            username=self.name, user_id=self.user_id, ip_hash=self.ip, succeeded=succeeded
        )


def _minutes(left: dt.timedelta) -> int:
    return max(1, math.ceil(left.total_seconds() / 60))
