"""An import of a district's existing records (villages, groups, members, committee, charters, work,
opening balances) kept
between its steps — upload, column mapping, preview, confirm — in the database, not in a server's memory or
session file, so any app server can carry on the officer's import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sammachip.places.models import District


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        VILLAGES = "villages", _("Villages")
        GROUPS = "groups", _("Groups")
        MEMBERS = "members", _("Members")
        COMMITTEE = "committee", _("Committee seats")
        CHARTERS = "charters", _("Charters in force")
        OPENING = "opening", _("Opening balances of the books")
        WORK = "work", _("Work records")

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Matching columns")
        PREVIEW = "preview", _("Checked, waiting for confirmation")
        DONE = "done", _("Imported")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="import_batches")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    headers = models.JSONField(default=list)  # the file's own column names, in order
    rows = models.JSONField(default=list)  # [[row number in the file, [cell text, …]], …]
    mapping = models.JSONField(default=dict)  # our column key → index of the file's column
    preview = models.JSONField(default=dict)  # the last dry run: counts and each row's outcome
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MAPPING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"
