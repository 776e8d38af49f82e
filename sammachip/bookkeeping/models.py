"""The group's books: append-only entries by fiscal year, work records, the annual close and dividend runs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from sammachip.core.money import MoneyField, satang
from sammachip.groups.models import Activity, Membership, OccupationGroup, WorkUnit
from sammachip.places.models import PartnerAgency

# Weighted work: a quantity (2 places) × the weight of one unit (3 places). A dividend run keeps it with all
# five, or a slip's formula would give another satang than the member was paid.
WORK_PLACES = 5
WORK_DIGITS = 17


class Kind(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class CategoryQuerySet(models.QuerySet["Category"]):
    def for_group(self, group: OccupationGroup) -> CategoryQuerySet:
        return self.filter(Q(group__isnull=True) | Q(group=group), is_active=True)


class Category(models.Model):
    """An income or expense category: the standard ones (group empty) and each group's own."""

    class Role(models.TextChoices):
        NONE = "", _("—")
        SALES = "sales", _("own sales")
        GRANT = "grant", _("grant or support")
        DIVIDEND = "dividend", _("dividend paid to members")
        # Money the group already held when its books began here: cash and bank balances brought
        # forward and members' shares paid before. In the balances and the shares, never in a year's P&L.
        OPENING = "opening", _("balance brought forward")
        # Members' share money paid in: capital the group holds for them, in the balances and each member's
        # shares, never a year's income or its profit split.
        CAPITAL = "capital", _("members' shares")

    group = models.ForeignKey(
        OccupationGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("income or expense"), max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=30, blank=True)
    name = models.CharField(_("category"), max_length=100)
    # What the annual close needs to know: sales versus grants; dividends are profit paid out, not an expense.
    role = models.CharField(max_length=10, choices=Role.choices, blank=True, default="")
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind", "name"], name="category_unique_name"),
            models.UniqueConstraint(
                fields=["kind", "name"], condition=Q(group__isnull=True), name="category_unique_standard_name"
            ),
        ]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class MoneyAccount(models.Model):
    class Type(models.TextChoices):
        CASH = "cash", _("Cash")
        BANK = "bank", _("Bank account")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="money_accounts")
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    name = models.CharField(_("name"), max_length=100)
    bank = models.CharField(_("bank"), max_length=100, blank=True)
    number = models.CharField(_("account number"), max_length=30, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "type", "name"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="money_account_unique_name")]

    def __str__(self) -> str:
        return self.name


class BookSettings(models.Model):
    group = models.OneToOneField(OccupationGroup, on_delete=models.PROTECT, related_name="book_settings")
    fiscal_start_month = models.PositiveSmallIntegerField(
        _("the fiscal year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )

    def __str__(self) -> str:
        return f"{self.group} books"


class FiscalYearQuerySet(models.QuerySet["FiscalYear"]):
    def open(self) -> FiscalYearQuerySet:
        return self.filter(closed_at__isnull=True)


class FiscalYear(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="fiscal_years")
    starts_on = models.DateField()
    ends_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = FiscalYearQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["group", "starts_on"], name="fiscal_year_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="fiscal_year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Thai groups name a year by the พ.ศ. year it ends in (ปีบัญชี 2568)."""
        return f"{self.ends_on.year + 543}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class EntryQuerySet(models.QuerySet["Entry"]):
    def for_year(self, year: FiscalYear) -> EntryQuerySet:
        return self.filter(fiscal_year=year)


class Entry(models.Model):
    """One line of the cash book. Never edited or deleted (database triggers refuse it): a mistake is
    corrected by a reversing entry with the opposite sign."""

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="entries")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField(_("entry number"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("income or expense"), max_length=10, choices=Kind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    amount = MoneyField(_("amount (baht)"))
    account = models.ForeignKey(
        MoneyAccount, on_delete=models.PROTECT, related_name="entries", verbose_name=_("cash or bank")
    )
    document_no = models.CharField(_("receipt or document number"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    partner = models.ForeignKey(
        PartnerAgency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("partner agency"),
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    receipt_photo = models.ImageField(_("photo of the receipt"), upload_to="receipts/%Y/%m/", blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["group", "date", "number"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="entry_unique_number"),
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="entry_positive_unless_reversal",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "kind", "category"])]

    def __str__(self) -> str:
        return f"#{self.number} {self.category} {self.amount}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class WorkTask(models.Model):
    """A kind of work the group counts, with the weight of one unit (piece weights where pieces differ)."""

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="work_tasks")
    name = models.CharField(_("work"), max_length=150)
    unit = models.CharField(_("unit"), max_length=10, choices=WorkUnit.choices)
    weight = models.DecimalField(
        _("weight of one unit"),
        max_digits=8,
        decimal_places=3,
        default=1,
        validators=[MinValueValidator(0.001)],
    )
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="work_task_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="work_task_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkRecordQuerySet(models.QuerySet["WorkRecord"]):
    def confirmed(self) -> WorkRecordQuerySet:
        return self.filter(status=WorkRecord.Status.CONFIRMED)

    def standing(self) -> WorkRecordQuerySet:
        """Records that still count as work done: neither a cancelling record nor one cancelled.

        "Not a cancelling record" is asked as `quantity > 0`, which the check constraint
        work_positive_unless_reversal makes the same as `reverses IS NULL`: SQLite reads `reverses_id IS NULL`
        through the unique index on reverses (as if it found one row) and so walked every record of every group
        (8 ms on the district bench for one group's 12 months), where `quantity > 0` lets it start from the
        group's (group, status, date) index (0.2 ms)."""
        return self.filter(quantity__gt=0, reversed_by__isnull=True)


class WorkRecord(models.Model):
    """Work done by a member. Kept as recorded (a closed year's records are refused any change by the
    database): a wrong confirmed record is cancelled by a reversing record with the opposite quantity, which
    points at it, so both stay and the member's totals add up to nothing for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the production lead")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not confirmed")

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="work_records")
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="work_records", verbose_name=_("member")
    )
    date = models.DateField(_("date"))
    task = models.ForeignKey(
        WorkTask, on_delete=models.PROTECT, related_name="records", verbose_name=_("work")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    # The task's weight when recorded, so a later change of weights never rewrites history.
    weight = models.DecimalField(max_digits=8, decimal_places=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    objects = WorkRecordQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-date", "-id"]
        constraints = [
            # Only a cancelling record is negative, and it counts at once (whoever cancels confirms work).
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(quantity__gt=0))
                | (Q(reverses__isnull=False) & Q(quantity__lt=0) & Q(status="confirmed")),
                name="work_positive_unless_reversal",
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="work_weight_positive"),
        ]
        indexes = [
            models.Index(fields=["group", "status", "date"]),
            # The work page's latest records, newest first, read from the index instead of sorting all the
            # group's records (0.9 ms of a 10 ms page on the district bench; 10 us with it).
            models.Index(fields=["group", "date", "id"], name="work_group_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.date} {self.quantity}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class YearClose(models.Model):
    """What the annual close computed, kept as it was: the P&L, balances and the profit split."""

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.PROTECT, related_name="close")
    income = MoneyField()
    expense = MoneyField()
    net_profit = MoneyField()
    own_sales = MoneyField()
    grants = MoneyField()
    dividends_paid = MoneyField(default=0)
    statement = models.JSONField()  # categories, balances, split — strings of Decimals
    closed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.fiscal_year.group} {self.fiscal_year}"


class DividendRun(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for the general meeting")
        APPROVED = "approved", _("Approved by the general meeting")
        PAID = "paid", _("Paid")

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.PROTECT, related_name="dividend_run")
    pool = MoneyField(_("dividends-by-work pool"))
    total_work = models.DecimalField(max_digits=WORK_DIGITS, decimal_places=WORK_PLACES)
    work_unit = models.CharField(max_length=10, choices=WorkUnit.choices)
    dividend_percent = models.DecimalField(max_digits=5, decimal_places=2)
    # Optional dividends on members' shares: their own pool, divided by each member's paid-up shares.
    share_pool = MoneyField(_("dividends-on-shares pool"), default=0)
    share_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    total_capital = MoneyField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_note = models.CharField(_("how the general meeting approved it"), max_length=300, blank=True)
    # The members' resolution that approved it (meetings sits beside bookkeeping, so an id, not a key).
    approval_resolution_id = models.BigIntegerField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pool__gte=0), name="dividend_pool_not_negative"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False), name="dividend_approved_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year.group} {self.fiscal_year}"


class YearApproval(models.Model):
    """The general meeting's approval of a closed year's profit and loss."""

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.PROTECT, related_name="approval")
    approved_on = models.DateField()
    note = models.CharField(max_length=300)
    resolution_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.fiscal_year} approved {self.approved_on}"


class SpendingAuthorisation(models.Model):
    """The members' resolution that allows one expense above the charter's spending limit."""

    group = models.ForeignKey(
        OccupationGroup, on_delete=models.PROTECT, related_name="spending_authorisations"
    )
    amount = MoneyField(_("up to (baht)"))
    purpose = models.CharField(_("what it is for"), max_length=300)
    granted_on = models.DateField()
    resolution_id = models.BigIntegerField()
    used_by = models.OneToOneField(
        "Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="authorisation"
    )

    class Meta:
        ordering = ["group", "-granted_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_authorisation_positive")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ≤ {self.amount}"


class DividendShare(models.Model):
    run = models.ForeignKey(DividendRun, on_delete=models.PROTECT, related_name="shares")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="dividend_shares")
    # Inputs frozen with the run: the member's name, number and weighted work as they were.
    member_name = models.CharField(max_length=250)
    member_number = models.PositiveIntegerField()
    work = models.DecimalField(max_digits=WORK_DIGITS, decimal_places=WORK_PLACES)
    work_amount = MoneyField(default=0)
    capital = MoneyField(default=0)
    capital_amount = MoneyField(default=0)
    amount = MoneyField()  # work_amount + capital_amount
    payment = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="dividend_share"
    )

    class Meta:
        ordering = ["run", "member_number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "membership"], name="dividend_share_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dividend_share_not_negative"),
            models.CheckConstraint(  # in whole satang: exact on SQLite too (core.money.satang)
                condition=Exact(satang("amount"), satang("work_amount") + satang("capital_amount")),
                name="dividend_share_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name} {self.amount}"
