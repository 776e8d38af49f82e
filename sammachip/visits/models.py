"""Follow-up: the officer's visits with what was seen, advised and agreed, problems tracked until
solved, annual profit reports, group health snapshots and proposals to move a group's stage."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammachip.core.money import MoneyField, satang
from sammachip.groups.models import OccupationGroup
from sammachip.places.models import District


class FollowUpSettings(models.Model):
    """Per district: how long the weekly visits last and how long after a fiscal year its report is due."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="follow_up")
    weekly_weeks = models.PositiveSmallIntegerField(
        _("weeks of weekly visits after a group is founded"),
        default=52,
        validators=[MinValueValidator(4), MaxValueValidator(104)],
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("days after the fiscal year ends that the annual report is due"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )

    def __str__(self) -> str:
        return str(self.district)


class Visit(models.Model):
    class Purpose(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Regular follow-up")
        MEETING = "meeting", _("Attend a meeting")
        BOOKS = "books", _("Books and dividends")
        PRODUCTION = "production", _("Production and quality")
        MARKETING = "marketing", _("Marketing and sales")
        PROBLEM = "problem", _("Solve a problem")
        OTHER = "other", _("Other")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="visits")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    present = models.CharField(_("who was there"), max_length=500, blank=True)
    people_present = models.PositiveSmallIntegerField(_("people present"), default=0)
    observed = models.TextField(_("what was observed"), blank=True)
    advice = models.TextField(_("advice given"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["group", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.group} {self.visited_on}"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="visits/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name or ""


class Problem(models.Model):
    """A problem found on a visit, tracked across visits until it is solved."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SOLVED = "solved", _("Solved")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="problems")
    raised_at = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="problems_raised")
    description = models.TextField(_("problem"))
    opened_on = models.DateField(_("found on"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    solved_on = models.DateField(_("solved on"), null=True, blank=True)
    solved_at = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="problems_solved"
    )
    solution = models.TextField(_("how it was solved"), blank=True)

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", solved_on__isnull=True)
                | Q(status="solved", solved_on__isnull=False),
                name="problem_solved_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]


class AgreedAction(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="agreed_actions")
    description = models.CharField(_("agreed action"), max_length=300)
    owner = models.CharField(_("who does it"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class AnnualReport(models.Model):
    """A group's annual profit report to the officer (seed: every group, every year)."""

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="annual_reports")
    fiscal_year_start = models.DateField(_("fiscal year starting"))
    income = MoneyField(_("income"))
    expense = MoneyField(_("expense"))
    net_profit = MoneyField(_("net profit"))
    own_sales = MoneyField(_("own sales"), default=0)
    grants = MoneyField(_("grants"), default=0)
    dividends_paid = MoneyField(_("dividends paid to members"), default=0)
    from_books = models.BooleanField(default=False)
    note = models.TextField(_("note"), blank=True)
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-fiscal_year_start"]
        constraints = [
            models.UniqueConstraint(fields=["group", "fiscal_year_start"], name="annual_report_once_a_year"),
            models.CheckConstraint(  # in whole satang: exact on SQLite too (core.money.satang)
                condition=Exact(satang("net_profit"), satang("income") - satang("expense")),
                name="annual_report_profit_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.fiscal_year_start}"


class HealthSnapshot(models.Model):
    """The scorecard as computed on a day, kept for the group's history and the province's overview."""

    group = models.ForeignKey(OccupationGroup, on_delete=models.CASCADE, related_name="health_snapshots")
    computed_on = models.DateField()
    computed_at = models.DateTimeField(default=timezone.now)
    level = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField()
    warnings = models.JSONField(default=list)
    indicators = models.JSONField(default=dict)
    # Figures the district view adds up without recomputing the scorecard: members with work in the
    # last 12 months and grants received in them (a string of baht, never a float).
    figures = models.JSONField(default=dict)

    class Meta:
        ordering = ["-computed_on"]
        constraints = [models.UniqueConstraint(fields=["group", "computed_on"], name="health_snapshot_daily")]

    def __str__(self) -> str:
        return f"{self.group} {self.computed_on} {self.level}"


class StageProposal(models.Model):
    """The officer proposes moving a group to the next stage; the district head decides."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the district head")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="stage_proposals")
    from_stage = models.CharField(max_length=20, choices=OccupationGroup.Stage.choices)
    to_stage = models.CharField(_("move to"), max_length=20, choices=OccupationGroup.Stage.choices)
    reason = models.TextField(_("why"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(decision="pending"), name="one_pending_stage_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_to_stage_display()}"
