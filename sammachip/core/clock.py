"""Today in the server's time zone (Asia/Bangkok): the one definition every app asks."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
