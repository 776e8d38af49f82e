"""Meetings, attendance, minutes, resolutions and votes, ideas, duties and inspections (the 5 ร่วม)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammachip.bookkeeping.models import DividendRun, FiscalYear
from sammachip.core.money import MoneyField
from sammachip.groups.models import Charter, Membership, OccupationGroup


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly meeting")
        GENERAL = "general", _("General meeting (annual)")
        EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
        COMMITTEE = "committee", _("Committee meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("In session")
        CLOSED = "closed", _("Closed")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    called_by = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("called by"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "-date", "-id"]
        indexes = [models.Index(fields=["group", "date"])]

    def __str__(self) -> str:
        from sammachip.core.thaidate import input_value

        return f"{self.get_kind_display()} {input_value(self.date)}"

    @property
    def minutes_title(self) -> str:
        """The heading of the minutes: a whole phrase per kind, not "minutes of" + the kind's name
        (which read "รายงานการประชุมประชุมประจำเดือน")."""
        titles: dict[str, Any] = {
            self.Kind.MONTHLY: _("Minutes of the monthly meeting"),
            self.Kind.GENERAL: _("Minutes of the annual general meeting"),
            self.Kind.EXTRAORDINARY: _("Minutes of the extraordinary meeting"),
            self.Kind.COMMITTEE: _("Minutes of the committee meeting"),
        }
        return str(titles.get(self.kind, self.get_kind_display()))


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=300)
    description = models.TextField(_("details"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")
        REPRESENTED = "represented", _("Represented by another member")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=12, choices=Status.choices)
    represented_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(status="represented", represented_by__isnull=False)
                | (~Q(status="represented") & Q(represented_by__isnull=True)),
                name="attendance_represented_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.status}"

    @property
    def counts(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.REPRESENTED)


class MinutesVersion(models.Model):
    """The minutes of a meeting, item by item. A version approved at a later meeting is locked (a database
    trigger refuses changes); corrections are new versions that need their own approval."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)  # {agenda item id: text}
    general = models.TextField(_("other notes"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_unique_version"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True, approved_at_meeting__isnull=True)
                | Q(approved_on__isnull=False, approved_at_meeting__isnull=False),
                name="minutes_approval_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class Resolution(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("A decision of the members")
        ADOPT_CHARTER = "adopt_charter", _("Adopt or change the charter")
        APPROVE_YEAR = "approve_year", _("Approve the year's P&L and dividend run")
        SPENDING = "spending", _("Spending above the charter's limit")
        APPROVE_MINUTES = "approve_minutes", _("Approve the minutes of an earlier meeting")

    class Mode(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no / abstain")
        CHOICE = "choice", _("A choice among options")

    class Threshold(models.TextChoices):
        MAJORITY = "majority", _("Simple majority")
        TWO_THIRDS = "two_thirds", _("Two-thirds")
        THREE_QUARTERS = "three_quarters", _("Three-quarters")

    class Status(models.TextChoices):
        OPEN = "open", _("Voting")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")
        NO_QUORUM = "no_quorum", _("No quorum")
        # An online vote opened by mistake, withdrawn before anyone voted.
        WITHDRAWN = "withdrawn", _("Withdrawn")

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    # Online votes between meetings have no meeting, only a group and a window.
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="resolutions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    number = models.PositiveIntegerField()
    question = models.CharField(_("question put to the members"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    mode = models.CharField(_("how members answer"), max_length=10, choices=Mode.choices, default=Mode.YES_NO)
    options = models.JSONField(default=list, blank=True)
    threshold = models.CharField(
        _("needed to pass"), max_length=20, choices=Threshold.choices, default=Threshold.MAJORITY
    )
    online = models.BooleanField(default=False)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    counts = models.JSONField(default=dict, blank=True)  # computed at the close
    eligible = models.PositiveIntegerField(default=0)
    charter = models.ForeignKey(
        Charter, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    dividend_run = models.ForeignKey(
        DividendRun, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    minutes = models.ForeignKey(
        MinutesVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    spend_amount = MoneyField(_("amount (baht)"), null=True, blank=True)
    spend_purpose = models.CharField(_("what it is for"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A tally recorded by hand must be confirmed by a second person, so the chair alone cannot pass anything.
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A show of hands counted as numbers for the members present who have not voted one by one:
    # {answer: count}. Recorded once; like a tally by member, it needs a second person as witness.
    hand_counts = models.JSONField(default=dict, blank=True)
    hands_counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("why the vote is withdrawn"), max_length=300, blank=True, default=""
    )

    class Meta:
        ordering = ["group", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="resolution_unique_number"),
            models.CheckConstraint(
                condition=Q(online=True) | Q(meeting__isnull=False), name="resolution_at_a_meeting_or_online"
            ),
            models.CheckConstraint(
                condition=Q(kind="spending", spend_amount__gt=0) | ~Q(kind="spending"),
                name="resolution_spending_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"มติที่ {self.number}: {self.question}"

    @property
    def is_due(self) -> bool:
        """An online vote past its closing time and not counted yet: closed to voting, whether or not the
        daily job or anyone's page has counted it (computed at every read)."""
        return (
            self.status == self.Status.OPEN
            and self.online
            and self.closes_at is not None
            and self.closes_at <= timezone.now()
        )

    @property
    def voting_open(self) -> bool:
        return self.status == self.Status.OPEN and not self.is_due

    @property
    def shown_status(self) -> str:
        """The status as read now: "closed" for a due online vote still waiting to be counted."""
        return "closed" if self.is_due else self.status

    @property
    def status_label(self) -> str:
        return str(_("Voting closed; being counted")) if self.is_due else str(self.get_status_display())

    @property
    def choices(self) -> list[str]:
        return ["yes", "no", "abstain"] if self.mode == self.Mode.YES_NO else list(self.options)


class Vote(models.Model):
    class Method(models.TextChoices):
        BALLOT = "ballot", _("Cast by the member")
        HANDS = "hands", _("Show of hands, recorded")
        ONLINE = "online", _("Online")

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="votes")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=200)
    method = models.CharField(max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolution", "membership__number"]
        # Nobody votes twice — enforced by the database.
        constraints = [models.UniqueConstraint(fields=["resolution", "membership"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.membership} {self.choice}"


class Idea(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROBLEM = "problem", _("Problem")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a meeting")
        ON_AGENDA = "on_agenda", _("On an agenda")
        DONE = "done", _("Has an outcome")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="ideas")
    author = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("raised by")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    text = models.TextField(_("idea or problem"))
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["group", "-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Duty(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="duties")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="duties"
    )
    assignee = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="duties", verbose_name=_("member")
    )
    title = models.CharField(_("duty"), max_length=300)
    due_on = models.DateField(_("due on"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["group", "status", "due_on"]
        verbose_name_plural = "duties"

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    """ร่วมตรวจสอบ: a check by the quality role or any member, with what was found."""

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="inspections")
    inspector = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="inspections")
    date = models.DateField(_("date"))
    subject = models.CharField(_("what was checked"), max_length=300)
    findings = models.TextField(_("findings"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-date"]

    def __str__(self) -> str:
        return self.subject
