"""Thailand's PDPA in the data: requests from data subjects (and refusals) and the breach log with its
72-hour notification deadline. Consent records live with the households they cover."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammachip.households.models import NOTICE_VERSION, Person
from sammachip.places.models import District, Province

BREACH_DEADLINE = dt.timedelta(hours=72)
__all__ = ["NOTICE_VERSION", "BREACH_DEADLINE", "DataRequest", "Breach"]


class DataRequest(models.Model):
    """A data subject's request (access, export, correction, erasure) and what was done, or why not."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Copy of my data")
        ERASURE = "erasure", _("Erase my data")
        CORRECTION = "correction", _("Correct my data")

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="data_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-handled_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.status}"


class Breach(models.Model):
    discovered_at = models.DateTimeField(_("discovered at"))
    description = models.TextField(_("what happened"))
    data_kinds = models.CharField(_("what data"), max_length=300)
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    office_notified_at = models.DateTimeField(_("PDPC office notified at"), null=True, blank=True)
    people_notified_at = models.DateTimeField(_("people notified at"), null=True, blank=True)
    actions = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose breach log it is: the district head's district, or the province office's province. Staff see
    # the breaches of their own area only; empty (recorded by an administrator) is seen by administrators.
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def deadline(self) -> dt.datetime:
        return self.discovered_at + BREACH_DEADLINE
