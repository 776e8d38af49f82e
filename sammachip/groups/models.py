"""Occupation groups and the 5 ก: กลุ่ม (members), กิจกรรม, กรรมการ, กฎกติกา (การประชุม: governance)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammachip.core.money import MoneyField
from sammachip.core.thaitext import search_key, search_words
from sammachip.households.models import OccupationType, Person
from sammachip.places.models import Village


class OccupationGroupQuerySet(models.QuerySet["OccupationGroup"]):
    def active(self) -> OccupationGroupQuerySet:
        return self.exclude(stage=OccupationGroup.Stage.DISSOLVED)

    def with_place(self) -> OccupationGroupQuerySet:
        return self.select_related("village__subdistrict__district__province", "occupation")

    def with_member_counts(self) -> OccupationGroupQuerySet:
        """Current members as a subquery: the queryset may already join memberships (a member's own groups
        are found through her membership), and a Count over that join counted her alone."""
        counted = (
            Membership.objects.filter(group=models.OuterRef("pk"), left_on__isnull=True)
            .order_by()
            .values("group")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return self.annotate(
            current_member_count=Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)
        )

    def with_last_meeting(self) -> OccupationGroupQuerySet:
        """The date of the last members' meeting held, as a subquery: a join beside memberships would multiply counts.
        (Meetings live in the app to the right; the relation is reached by name, not imported.)"""
        last = (
            OccupationGroup.objects.filter(pk=models.OuterRef("pk"))
            .annotate(
                d=models.Max(
                    "meetings__date",
                    # a members' meeting held: neither one only planned nor a committee meeting
                    filter=Q(meetings__status__in=["open", "closed"]) & ~Q(meetings__kind="committee"),
                )
            )
            .values("d")
        )
        return self.annotate(last_meeting=models.Subquery(last))

    def search(self, text: str) -> OccupationGroupQuerySet:
        """Every word of `text` in the group's name, its village's or its occupation's — in the stored search
        form (core.thaitext.search_key), so น+ํ+้+า finds น้ำ and two words narrow the list."""
        found = self
        for word in search_words(text):
            found = found.filter(
                Q(search_text__contains=word)
                | Q(village__search_text__contains=word)
                | Q(occupation__name__icontains=word)
            )
        return found


class OccupationGroup(models.Model):
    class Stage(models.TextChoices):
        FORMING = "forming", _("Forming")
        SUPPORTED = "supported", _("Supported")
        SELF_RELIANT = "self_reliant", _("Self-reliant")
        DISSOLVED = "dissolved", _("Dissolved")

    name = models.CharField(_("group name"), max_length=200)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="groups", verbose_name=_("village")
    )
    occupation = models.ForeignKey(
        OccupationType, on_delete=models.PROTECT, related_name="groups", verbose_name=_("occupation")
    )
    founded_on = models.DateField(_("founded on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.FORMING)
    description = models.TextField(_("about the group"), blank=True)
    project = models.OneToOneField(
        "plans.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="group"
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What is searched, in the one stored form (core.thaitext.search_key): filled on every save.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = OccupationGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="group_unique_name_per_village"),
            models.CheckConstraint(
                condition=Q(stage="dissolved", dissolved_on__isnull=False)
                | (~Q(stage="dissolved") & Q(dissolved_on__isnull=True)),
                name="group_dissolved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: the same text in its search form, so a search reads one indexed column.
        self.search_text = search_key(*self.search_parts())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.name,)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(left_on__isnull=True)

    def for_group(self, group: OccupationGroup) -> MembershipQuerySet:
        return self.filter(group=group)


class Membership(models.Model):
    class LeaveReason(models.TextChoices):
        RESIGNED = "resigned", _("Resigned")
        MOVED = "moved", _("Moved away")
        DIED = "died", _("Died")
        EXPELLED = "expelled", _("Removed by a members' resolution")
        OTHER = "other", _("Other")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    # A stable number within the group: the key that breaks ties when money is split.
    number = models.PositiveIntegerField(_("member number"))
    joined_on = models.DateField(_("joined on"))
    is_founding = models.BooleanField(_("founding member"), default=False)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="membership_one_active_per_person",
            ),
            models.UniqueConstraint(fields=["group", "number"], name="membership_unique_number"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | ~Q(leave_reason=""), name="membership_leaving_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.group})"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair (ประธาน)")
    VICE_CHAIR = "vice_chair", _("Vice-chair (รองประธาน)")
    TREASURER = "treasurer", _("Treasurer (เหรัญญิก)")
    ASSISTANT_TREASURER = "assistant_treasurer", _("Assistant treasurer (ผู้ช่วยเหรัญญิก)")
    ACCOUNTING = "accounting", _("Accounting (ฝ่ายบัญชี)")
    MARKETING = "marketing", _("Marketing (ฝ่ายการตลาด)")
    PRODUCTION = "production", _("Production (ฝ่ายผลิต)")
    STANDARDS = "standards", _("Quality and standards (ฝ่ายตรวจสอบมาตรฐาน)")
    PUBLIC_RELATIONS = "public_relations", _("Public relations (ฝ่ายประชาสัมพันธ์)")
    RECEPTION = "reception", _("Reception (ฝ่ายปฏิคม)")
    ADVISOR = "advisor", _("Advisor (ที่ปรึกษา)")


# Every role but advisor is held by exactly one member at a time; a group may have several advisors.
SINGLE_ROLES = [r for r in Role if r != Role.ADVISOR]


class CommitteeSeatQuerySet(models.QuerySet["CommitteeSeat"]):
    def current(self) -> CommitteeSeatQuerySet:
        return self.filter(ended_on__isnull=True)


class CommitteeSeat(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="committee_seats")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="seats")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    starts_on = models.DateField(_("starts on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = CommitteeSeatQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "-starts_on"]
        constraints = [
            # One chair (and one of every single role) at a time, enforced by the database.
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=Q(ended_on__isnull=True) & ~Q(role="advisor"),
                name="committee_one_holder_per_role",
            ),
            models.UniqueConstraint(
                fields=["membership", "role"],
                condition=Q(ended_on__isnull=True),
                name="committee_no_duplicate_seat",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="committee_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True) | Q(term_ends_on__gt=models.F("starts_on")),
                name="committee_term_after_start",
            ),
        ]
        # A trigger (migration 0002) refuses a current seat whose membership is not a current
        # membership of the same group, and refuses ending a membership that still holds a seat.

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.membership.person}"


class Activity(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(_("activity"), max_length=200)
    need = models.TextField(_("the members' need it answers"))
    proposed_by = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="proposed_activities",
        verbose_name=_("proposed by"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["group", "-started_on"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name


class WorkUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    PIECES = "pieces", _("pieces")


class Charter(models.Model):
    """One version of a group's rules (กฎกติกา), with the settings later features read."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("In force")
        SUPERSEDED = "superseded", _("Superseded")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="charters")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_note = models.CharField(_("how the members adopted it"), max_length=300, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum: more than this percentage of members present"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    meetings_per_month = models.PositiveSmallIntegerField(
        _("meetings per month, at least"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    work_unit = models.CharField(
        _("work is counted in"), max_length=10, choices=WorkUnit.choices, default=WorkUnit.HOURS
    )
    reserve_percent = models.DecimalField(_("reserve fund %"), max_digits=5, decimal_places=2, default=10)
    dividend_percent = models.DecimalField(
        _("dividends by work %"), max_digits=5, decimal_places=2, default=60
    )
    share_dividend_percent = models.DecimalField(
        _("dividends on members' shares %"), max_digits=5, decimal_places=2, default=0
    )
    spending_limit = MoneyField(_("spending above this needs a members' resolution (baht)"), default=5000)

    class Meta:
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="charter_unique_version"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(status="adopted"), name="charter_one_in_force"
            ),
            # Every member earns by work (a standing rule): the work-dividend part is never zero. That the
            # parts with the named funds add up to 100% spans rows, so draft_charter checks it.
            models.CheckConstraint(
                condition=Q(
                    reserve_percent__gte=0,
                    dividend_percent__gt=0,
                    dividend_percent__lte=100,
                    share_dividend_percent__gte=0,
                ),
                name="charter_split_parts_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False), name="charter_adopted_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} — v{self.version}"

    def split_parts(self, funds: list[CharterFund] | None = None) -> list[tuple[str, str, Decimal]]:
        """(key, label, percent) in order: reserve, dividends by work, on shares, then the named funds
        (`funds`: this charter's, in order, when the caller has read them already)."""
        parts: list[tuple[str, str, Decimal]] = [
            ("reserve", "ทุนสำรอง", self.reserve_percent),
            ("dividend", "ปันผลตามงาน", self.dividend_percent),
        ]
        if self.share_dividend_percent:
            parts.append(("share_dividend", "ปันผลตามหุ้น", self.share_dividend_percent))
        parts += [
            (f"fund:{f.position}", f.name, f.percent) for f in (self.funds.all() if funds is None else funds)
        ]
        return parts


class CharterFund(models.Model):
    """One of the other funds a group's charter sends profit to (welfare, committee, public benefit…)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="funds")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("fund"), max_length=100)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["charter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "position"], name="charter_fund_unique_position"),
            models.UniqueConstraint(fields=["charter", "name"], name="charter_fund_unique_name"),
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100), name="charter_fund_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.percent}%"


class CharterRule(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    # Set for the officer's standing rules, which every version carries and nobody can remove.
    standing_key = models.CharField(max_length=30, null=True, blank=True)

    class Meta:
        ordering = ["charter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "position"], name="charter_rule_unique_position"),
            models.UniqueConstraint(fields=["charter", "standing_key"], name="charter_rule_standing_once"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_standing(self) -> bool:
        return bool(self.standing_key)
