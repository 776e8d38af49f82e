"""A person's LINE account linked to their Sammachip login, and the one-time code that links it: Sammachip
shows the code, the person sends it to the office's LINE Official Account, the webhook links the sender."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_MINUTES = 15


class LineLink(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_link")
    # LINE's user ID for this Official Account: "U" and 32 hex digits, from the webhook's source.userId.
    line_user_id = models.CharField(max_length=64, unique=True)
    linked_at = models.DateTimeField(_("linked at"))

    def __str__(self) -> str:
        return f"{self.user} → LINE"


class LinkCodeQuerySet(models.QuerySet["LinkCode"]):
    def usable(self) -> LinkCodeQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class LinkCode(models.Model):
    """Short, expiring, used once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_codes")
    code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = LinkCodeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="line_code_expires_after_made"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @staticmethod
    def lifetime() -> dt.timedelta:
        return dt.timedelta(minutes=CODE_MINUTES)


class WrongCode(models.Model):
    """A text sent to the Official Account that looked like a code and was none: too many from one LINE user
    within an hour and it is not read (a guesser cannot link themself to somebody else's account)."""

    line_user_id = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.line_user_id} {self.at}"
