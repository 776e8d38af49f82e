"""The audit trail: one append-only table of who changed what, written in the same transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_group(self, group_id: int) -> AuditEventQuerySet:
        return self.filter(group_id=group_id)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.BigIntegerField()
    target_repr = models.CharField(max_length=300)
    # The occupation group the change belongs to, when there is one: an id, because core sits left
    # of groups and may not import it.
    group_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The person the change is about, when it touches her account or her own record (a login reset, her
    # details changed, added to a group): she is told of it on her home page. An id, as for the group.
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"


def record_event(
    *,
    target: models.Model,
    verb: str,
    actor: Any,
    group_id: int | None = None,
    person_id: int | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the change it records."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else "",
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_repr=str(target)[:300],
        group_id=group_id,
        person_id=person_id,
        data=data or {},
    )


def record_events(*, actor: Any, events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Write many audit rows in one insert: each item of `events` holds what `record_event` takes (target,
    verb and optionally group_id, person_id, data), by the same actor. Call it inside the transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = (user.get_full_name() or user.get_username()) if user else ""
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_name=name,
                verb=e["verb"],
                target_type=ContentType.objects.get_for_model(e["target"]),
                target_id=e["target"].pk,
                target_repr=str(e["target"])[:300],
                group_id=e.get("group_id"),
                person_id=e.get("person_id"),
                data=e.get("data") or {},
            )
            for e in events
        ],
        batch_size=500,
    )


class PersonalDataAccess(models.Model):
    """Who saw or exported a person's personal data (a full national ID, a data export), and when."""

    class Action(models.TextChoices):
        VIEW_ID = "view_id", "viewed the national ID"
        EXPORT = "export", "exported the person's data"
        ERASE = "erase", "erased the person's data"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    person_id = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    where = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.person_id}"


def log_personal_access(user: Any, person_ids: list[int], action: str, where: str = "") -> None:
    """Write one row per person whose data the user was shown in full."""
    uid = user.pk if getattr(user, "is_authenticated", False) else None
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(user_id=uid, person_id=pid, action=action, where=where[:200]) for pid in person_ids
    )


class Submission(models.Model):
    """A create sent with a one-time key (every page form carries one; API clients send an Idempotency-Key
    header): the first answer is kept, and the same key sent again — a retry on a weak signal, a double tap,
    a reload, the offline outbox sending twice — gets that answer back instead of doing the work again."""

    owner = models.CharField(max_length=64)  # the user's id, or a digest of the API token; "" when anonymous
    key = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField(default=0)  # 0 while the first request is being answered
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="submission_once_per_owner")]

    def __str__(self) -> str:
        return f"{self.key} {self.path} {self.status}"
