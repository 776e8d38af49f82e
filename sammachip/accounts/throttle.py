"""Login throttling: after 5 failed attempts for one name, or 20 from one address, within 15 minutes,
further attempts are refused until the window passes. Kept in the database, so every app server agrees."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt

WINDOW = dt.timedelta(minutes=15)
PER_NAME = 5
PER_ADDRESS = 20


def ip_hash(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:login:{address}".encode()).hexdigest()


def locked_minutes(username: str, address: str) -> int:
    """Minutes until a login may be tried again; 0 when it may be tried now."""
    since = timezone.now() - WINDOW
    failures = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    by_name = list(
        failures.filter(username=username.strip().lower())
        .order_by("-at")
        .values_list("at", flat=True)[:PER_NAME]
    )
    by_address = list(
        failures.filter(ip_hash=ip_hash(address)).order_by("-at").values_list("at", flat=True)[:PER_ADDRESS]
    )
    oldest = None
    if len(by_name) >= PER_NAME:
        oldest = by_name[-1]
    if len(by_address) >= PER_ADDRESS:
        oldest = max(oldest, by_address[-1]) if oldest else by_address[-1]
    if oldest is None:
        return 0
    left = (oldest + WINDOW - timezone.now()).total_seconds()
    return max(1, int(left // 60) + 1)


def record(username: str, address: str, succeeded: bool) -> None:
    LoginAttempt.objects.create(
        username=username.strip().lower()[:150], ip_hash=ip_hash(address), succeeded=succeeded
    )
