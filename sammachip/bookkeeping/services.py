"""Writes to the books. Each runs in one transaction, locks what it counts, and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.accounts.models import User
from sammachip.core.clock import today
from sammachip.core.images import reencode
from sammachip.core.models import record_event
from sammachip.core.money import exact_sum, from_units
from sammachip.core.thaidate import format_date
from sammachip.groups.access import GroupAccess
from sammachip.groups.models import Charter, CharterFund, Membership, OccupationGroup, WorkUnit
from sammachip.places.models import PartnerAgency

from . import calculations
from .models import (
    WORK_PLACES,
    BookSettings,
    Category,
    DividendRun,
    DividendShare,
    Entry,
    FiscalYear,
    Kind,
    MoneyAccount,
    SpendingAuthorisation,
    WorkRecord,
    WorkTask,
    YearApproval,
    YearClose,
)
from .standard import OPENING_SHARES

RECEIPT_PHOTO_SIDE = 2000  # long enough to read a till slip


def ensure_books(group: OccupationGroup) -> BookSettings:
    """The group's book settings and its first cash box, made if missing (by a write, never by a read)."""
    settings, _created = BookSettings.objects.get_or_create(group=group)
    if not group.money_accounts.exists():
        MoneyAccount.objects.create(group=group, type=MoneyAccount.Type.CASH, name=_("Cash"))
    return settings


def open_books_of_new_group(sender: Any, instance: OccupationGroup, created: bool, **kwargs: Any) -> None:
    """A new group's books are opened with it (connected in BookkeepingConfig.ready: the groups app sits below
    this one), so that opening its books page, settings or cash sheet never has to write."""
    if created and not kwargs.get("raw"):
        ensure_books(instance)


def books_settings_of(group: OccupationGroup) -> BookSettings:
    """The group's book settings for reading: an unsaved default where a group made before its books were
    opened with it has none yet (written on its first entry)."""
    return BookSettings.objects.filter(group=group).first() or BookSettings(group=group)


def year_bounds(start_month: int, day: dt.date) -> tuple[dt.date, dt.date]:
    year = day.year if day.month >= start_month else day.year - 1
    start = dt.date(year, start_month, 1)
    end = dt.date(year + 1, start_month, 1) - dt.timedelta(days=1)
    return start, end


def year_for(group: OccupationGroup, day: dt.date, *, lock: bool = False) -> FiscalYear:
    """The fiscal year holding `day`, opened when first needed. Refuses a closed year."""
    settings = ensure_books(group)
    start, end = year_bounds(settings.fiscal_start_month, day)
    if lock:
        # Every writer locks the group's book settings first and its year second, in that one order: a
        # writer holding the year while waiting for the settings (to number its entry) and another holding
        # the settings while waiting for the year it has just seen opened would wait on each other forever
        # (PostgreSQL ends it as a deadlock: seen with eight entries posted at once).
        _lock_books(group)
    qs = FiscalYear.objects.select_for_update() if lock else FiscalYear.objects
    year = qs.filter(group=group, starts_on=start).first()
    if year is None:
        # Two treasurers writing the first entry of a year at once: the second waits on this lock and
        # then finds the year the first one opened (PostgreSQL; SQLite serialises writers anyway).
        with transaction.atomic():
            if not lock:  # (a locking caller holds it already, taken above)
                _lock_books(group)
            year = qs.filter(group=group, starts_on=start).first() or FiscalYear.objects.create(
                group=group, starts_on=start, ends_on=end
            )
    if year.is_closed:
        raise ValidationError(
            {
                "date": _("The fiscal year %(year)s is closed; nothing in it can change.")
                % {"year": year.label}
            }
        )
    return year


@transaction.atomic
def set_fiscal_start_month(*, group: OccupationGroup, month: int, by: User) -> BookSettings:
    settings = ensure_books(group)
    if group.fiscal_years.exists() and month != settings.fiscal_start_month:
        raise ValidationError(
            {"fiscal_start_month": _("The fiscal year cannot move once the books have a year.")}
        )
    settings.fiscal_start_month = month
    settings.full_clean()
    settings.save()
    record_event(
        target=group, verb="bookkeeping.fiscal_year.set", actor=by, group_id=group.pk, data={"month": month}
    )
    return settings


def _check_amount(amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("An amount has at most two decimals (satang).")})


def _lock_books(group: OccupationGroup) -> None:
    """Lock the group's book settings row: taken before any of its years (year_for) and before numbering."""
    BookSettings.objects.select_for_update().get(group=group)


def _next_number(group: OccupationGroup) -> int:
    # Lock the group's settings row so two treasurers recording at once get different numbers.
    _lock_books(group)
    return (Entry.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def record_entry(
    *,
    group: OccupationGroup,
    by: User,
    date: dt.date,
    kind: str,
    category: Category,
    amount: Decimal,
    account: MoneyAccount,
    document_no: str = "",
    note: str = "",
    partner: PartnerAgency | None = None,
    membership: Membership | None = None,
    receipt_photo: UploadedFile | None = None,
    authorisation: SpendingAuthorisation | None = None,
    overdraw: bool = False,
    overdraw_reason: str = "",
) -> Entry:
    """Record one line of the cash book. An expense that would leave its cash box or bank account below
    zero on its day or any later day is refused, unless `overdraw` says it really was paid and why."""
    _check_amount(amount)
    if date > today():
        raise ValidationError({"date": _("This date is in the future.")})
    if date < group.founded_on:
        raise ValidationError({"date": _("This date is before the group was founded.")})
    # Re-encoded like every photo: upright, without its EXIF (where and on whose phone it was taken),
    # under our own name, bounded in size; served only through the entry's own view.
    photo = None
    if receipt_photo is not None:
        photo = reencode(receipt_photo, field="receipt_photo", max_side=RECEIPT_PHOTO_SIDE)[0]
    if category.kind != kind or (category.group_id not in (None, group.pk)):
        raise ValidationError({"category": _("Choose a category of this kind from the list.")})
    if account.group_id != group.pk or not account.is_active:
        raise ValidationError({"account": _("Choose one of the group's cash or bank accounts.")})
    if category.role == Category.Role.GRANT and partner is None:
        raise ValidationError(
            {"partner": _("A grant or support is linked to the partner agency that gave it.")}
        )
    if membership is not None and membership.group_id != group.pk:
        raise ValidationError({"membership": _("Choose a member of this group.")})
    # The same rule as PartnerAgency.objects.usable_in, on the partner already loaded.
    if partner is not None and (
        partner.district_id != group.village.subdistrict.district_id or not partner.is_active
    ):
        raise ValidationError({"partner": _("Choose a partner agency of this group's district.")})
    if category.role == Category.Role.OPENING:
        _check_opening(group, category, date, membership)
    authorisation = _check_spending(group, kind, category, amount, authorisation)
    year = year_for(group, date, lock=True)  # (locks the books: the balance below cannot change under us)
    overdrawn = (
        _check_balance(account, date, amount, overdraw, overdraw_reason) if kind == Kind.EXPENSE else None
    )
    entry = Entry(
        group=group, fiscal_year=year, number=_next_number(group), date=date, kind=kind, category=category,
        amount=amount, account=account, document_no=document_no.strip(), note=note.strip(), partner=partner,
        membership=membership, recorded_by=by,
    )  # fmt: skip
    entry.full_clean(exclude=["recorded_by", "receipt_photo"])
    if photo is not None:
        entry.receipt_photo.save(str(photo.name), photo, save=False)
    entry.save()
    if authorisation is not None:
        authorisation.used_by = entry
        authorisation.save(update_fields=["used_by"])
    record_event(
        target=entry,
        verb="bookkeeping.entry.recorded",
        actor=by,
        group_id=group.pk,
        data={
            "number": entry.number,
            "kind": kind,
            "amount": str(amount),
            "category": category.name,
            "date": date.isoformat(),
            **({"overdrawn": overdrawn} if overdrawn else {}),
        },
    )
    return entry


def lowest_balance_from(account: MoneyAccount, day: dt.date) -> Decimal:
    """The account's lowest end-of-day balance on `day` or any later day: the most an expense dated `day`
    can take out without leaving the box below zero at some point (summed exactly, two queries)."""
    balance, net = balances_from(account, day)
    net.setdefault(day, Decimal("0.00"))
    ends_of_days = accumulate((net[when] for when in sorted(net)), initial=balance)
    next(ends_of_days)  # (the balance before `day`, not the end of a day)
    return min(ends_of_days)


def balances_from(account: MoneyAccount, day: dt.date) -> tuple[Decimal, dict[dt.date, Decimal]]:
    """The account's balance before `day`, and its net movement on each day from `day` on that has any
    (summed exactly, two queries): what the rule "no expense leaves a box below zero" is checked against."""
    entries = Entry.objects.filter(account=account)
    before = dict(entries.filter(date__lt=day).values_list("kind").annotate(u=exact_sum("amount")).order_by())
    balance = from_units(before.get(Kind.INCOME, 0)) - from_units(before.get(Kind.EXPENSE, 0))
    net: dict[dt.date, Decimal] = {}
    rows = (
        entries.filter(date__gte=day).values_list("date", "kind").annotate(u=exact_sum("amount")).order_by()
    )
    for when, kind, units in rows:
        net[when] = net.get(when, Decimal("0.00")) + (
            from_units(units) if kind == Kind.INCOME else -from_units(units)
        )
    return balance, net


def _check_balance(
    account: MoneyAccount, day: dt.date, amount: Decimal, overdraw: bool, reason: str
) -> dict[str, str] | None:
    """None when the money is there; the audit note when the treasurer records it anyway, with a reason."""
    held = lowest_balance_from(account, day)
    if amount <= held:
        return None
    if not overdraw:
        raise ValidationError(
            {
                "amount": _(
                    "There is not enough money in %(account)s: it holds ฿%(balance)s for this date and after. "
                    "If the money really was paid, tick “record it anyway” and say why."
                )
                % {"account": account.name, "balance": f"{held:,.2f}"}
            }
        )
    if not reason.strip():
        raise ValidationError(
            {"overdraw_reason": _("Say why the expense is recorded although the money is not there.")}
        )
    return {"balance": str(held), "reason": reason.strip()}


def _check_opening(
    group: OccupationGroup, category: Category, date: dt.date, membership: Membership | None
) -> None:
    """A balance brought forward is what the group held before its first entry here, so it is dated on or
    before that entry; members' shares brought forward name the member they belong to."""
    if category.code == OPENING_SHARES and membership is None:
        raise ValidationError(
            {"membership": _("Shares brought forward belong to a member: choose the member.")}
        )
    first = first_ordinary_date(group)
    if first is not None and date > first:
        raise ValidationError({"date": opening_too_late(first)})


def first_ordinary_date(group: OccupationGroup) -> dt.date | None:
    """The date of the group's first entry that is not a balance brought forward."""
    return (
        Entry.objects.filter(group=group)
        .exclude(category__role=Category.Role.OPENING)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


def opening_too_late(first: dt.date) -> str:
    """Why a balance brought forward dated after `first` (the first ordinary entry) is refused."""
    return _("A balance brought forward is dated on or before the first entry of the books (%(date)s).") % {
        "date": format_date(first)
    }


def opening_entries(group: OccupationGroup) -> dict[tuple[int, int | None], Entry]:
    """The balances brought forward still standing (not reversed), by (account, member or None)."""
    found = (
        Entry.objects.filter(group=group, category__role=Category.Role.OPENING, reverses__isnull=True)
        .exclude(reversed_by__isnull=False)
        .select_related("fiscal_year")
    )
    return {(e.account_id, e.membership_id): e for e in found}


def spending_limit(group: OccupationGroup) -> Decimal | None:
    charter = group.charters.filter(status=Charter.Status.ADOPTED).first()
    return charter.spending_limit if charter else None


def _check_spending(
    group: OccupationGroup,
    kind: str,
    category: Category,
    amount: Decimal,
    authorisation: SpendingAuthorisation | None,
) -> SpendingAuthorisation | None:
    """An expense above the charter's limit needs a members' resolution (ร่วมตัดสินใจ) — one per expense."""
    limit = spending_limit(group)
    if kind != Kind.EXPENSE or category.role == Category.Role.DIVIDEND or limit is None or amount <= limit:
        return None
    if authorisation is None:
        authorisation = (
            SpendingAuthorisation.objects.select_for_update()
            .filter(group=group, used_by__isnull=True, amount__gte=amount)
            .order_by("amount", "granted_on")
            .first()
        )
    if (
        authorisation is None
        or authorisation.group_id != group.pk
        or authorisation.used_by_id
        or authorisation.amount < amount
    ):
        raise ValidationError(
            {
                "amount": _(
                    "Spending above ฿%(limit)s needs a members' resolution first: put a “spending” resolution to a "
                    "meeting or an online vote."
                )
                % {"limit": f"{limit:,.2f}"}
            }
        )
    return authorisation


@transaction.atomic
def grant_spending(
    *, group: OccupationGroup, amount: Decimal, purpose: str, on: dt.date, resolution_id: int, by: User | None
) -> SpendingAuthorisation:
    """Called by the meetings feature when a spending resolution passes."""
    auth = SpendingAuthorisation.objects.create(
        group=group, amount=amount, purpose=purpose, granted_on=on, resolution_id=resolution_id
    )
    record_event(
        target=auth, verb="bookkeeping.spending.authorised", actor=by, group_id=group.pk,
        data={"amount": str(amount), "purpose": purpose, "resolution": resolution_id},
    )  # fmt: skip
    return auth


@transaction.atomic
def reverse_entry(*, entry: Entry, reason: str, by: User) -> Entry:
    """Cancel a wrong entry with an opposite one on the same date; both stay in the book."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    if entry.is_reversal:
        raise ValidationError(_("A reversal cannot itself be reversed; record a new entry instead."))
    if Entry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    if hasattr(entry, "dividend_share"):
        raise ValidationError(_("A dividend payment is part of a paid run and cannot be reversed."))
    _lock_books(entry.group)  # before the year, as every writer does (year_for)
    year = FiscalYear.objects.select_for_update().get(pk=entry.fiscal_year_id)
    if year.is_closed:
        raise ValidationError(
            _("The fiscal year %(year)s is closed; nothing in it can change.") % {"year": year.label}
        )
    reversal = Entry.objects.create(
        group=entry.group, fiscal_year=year, number=_next_number(entry.group), date=entry.date, kind=entry.kind,
        category=entry.category, amount=-entry.amount, account=entry.account, document_no=entry.document_no,
        note=_("Reverses entry %(number)s: %(reason)s") % {"number": entry.number, "reason": reason.strip()},
        partner=entry.partner, membership=entry.membership, reverses=entry, recorded_by=by,
    )  # fmt: skip
    record_event(
        target=reversal,
        verb="bookkeeping.entry.reversed",
        actor=by,
        group_id=entry.group_id,
        data={"reverses": entry.number, "amount": str(entry.amount), "reason": reason.strip()},
    )
    return reversal


@transaction.atomic
def add_category(*, group: OccupationGroup, kind: str, name: str, by: User) -> Category:
    if Category.objects.for_group(group).filter(kind=kind, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This category already exists.")})
    category = Category(group=group, kind=kind, name=name.strip(), position=200)
    category.full_clean()
    category.save()
    record_event(
        target=category,
        verb="bookkeeping.category.added",
        actor=by,
        group_id=group.pk,
        data={"name": category.name, "kind": kind},
    )
    return category


@transaction.atomic
def add_account(
    *, group: OccupationGroup, type: str, name: str, bank: str, number: str, by: User
) -> MoneyAccount:  # noqa: A002
    account = MoneyAccount(
        group=group, type=type, name=name.strip(), bank=bank.strip(), number=number.strip()
    )
    account.full_clean()
    account.save()
    record_event(
        target=account,
        verb="bookkeeping.account.added",
        actor=by,
        group_id=group.pk,
        data={"name": account.name},
    )
    return account


# --- work records -----------------------------------------------------------------------------------


@transaction.atomic
def add_work_task(*, group: OccupationGroup, name: str, unit: str, weight: Decimal, by: User) -> WorkTask:
    task = WorkTask(group=group, name=name.strip(), unit=unit, weight=weight)
    task.full_clean()
    task.save()
    record_event(
        target=task, verb="bookkeeping.work_task.added", actor=by, group_id=group.pk,
        data={"name": task.name, "unit": unit, "weight": str(weight)},
    )  # fmt: skip
    return task


def _member_on(membership: Membership, day: dt.date) -> bool:
    return membership.joined_on <= day and (membership.left_on is None or day <= membership.left_on)


@transaction.atomic
def record_work(
    *,
    group: OccupationGroup,
    membership: Membership,
    task: WorkTask,
    date: dt.date,
    quantity: Decimal,
    by: User,
    note: str = "",
    access: GroupAccess | None = None,
    day_limit: bool = True,
) -> WorkRecord:
    """Record work. Who may record whose work, and whether it counts at once (the production lead's and the
    area officer's do; a member's own waits for the lead), is the access rule's: GroupAccess. A caller that
    has the person's access already passes it (an import, row after row).

    A day holds at most a day of work (24 hours, or one day), with what she already has that day: on the
    form, the day form and the API alike. Only an import of an old ledger, which may write a month's hours on
    one date, is exempt (day_limit=False)."""
    access = access or GroupAccess(by, group)
    if not access.may_record_work_for(membership):
        raise ValidationError({"membership": _("You may record only your own work.")})
    confirmed = access.work_counts_at_once()
    if membership.group_id != group.pk or not _member_on(membership, date):
        raise ValidationError({"membership": _("This person was not a member of the group on that date.")})
    if task.group_id != group.pk or not task.is_active:
        raise ValidationError({"task": _("Choose work from the group's list.")})
    if quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be more than zero.")})
    if date > today():
        raise ValidationError({"date": _("This date is in the future.")})
    year_for(group, date, lock=True)
    if day_limit and (over := _more_than_a_day(membership, task, date, quantity)) is not None:
        raise ValidationError({"quantity": over})
    record = WorkRecord(
        group=group, membership=membership, task=task, date=date, quantity=quantity, weight=task.weight, note=note.strip(),
        recorded_by=by, status=WorkRecord.Status.CONFIRMED if confirmed else WorkRecord.Status.PENDING,
        confirmed_by=by if confirmed else None, confirmed_at=timezone.now() if confirmed else None,
    )  # fmt: skip
    record.full_clean(exclude=["recorded_by", "confirmed_by"])
    record.save()
    record_event(
        target=record, verb="bookkeeping.work.recorded", actor=by, group_id=group.pk,
        data={"membership": membership.pk, "task": task.name, "quantity": str(quantity), "date": date.isoformat(), "confirmed": confirmed},
    )  # fmt: skip
    return record


def work_row_field(membership_id: int) -> str:
    """The error key of one member's row in a day's work for several members."""
    return f"row_{membership_id}"


# What one member can work in one day, by the unit of the work (pieces have no such bound).
DAY_LIMIT = {WorkUnit.HOURS: Decimal(24), WorkUnit.DAYS: Decimal(1)}


def _more_than_a_day(membership: Membership, task: WorkTask, date: dt.date, quantity: Decimal) -> str | None:
    """A day's work is at most a day: with what she already has that day in the same unit (cancelled work
    counted out), over 24 hours or one day is a typing slip, refused before it weighs on the dividend."""
    limit = DAY_LIMIT.get(WorkUnit(task.unit))
    if limit is None:
        return None
    already = from_units(
        WorkRecord.objects.filter(
            membership=membership, date=date, task__unit=task.unit,
            status__in=[WorkRecord.Status.PENDING, WorkRecord.Status.CONFIRMED],
        ).aggregate(units=exact_sum("quantity"))["units"]
    )  # fmt: skip
    if already + quantity <= limit:
        return None
    return _("One day holds at most %(limit)s %(unit)s of work; %(already)s already recorded that day.") % {
        "limit": format(limit.normalize(), "f"), "unit": WorkUnit(task.unit).label,
        "already": format(already.normalize(), "f"),
    }  # fmt: skip


@transaction.atomic
def record_work_day(
    *,
    group: OccupationGroup,
    date: dt.date,
    rows: Sequence[tuple[Membership, WorkTask | None, Decimal]],
    by: User,
) -> list[WorkRecord]:
    """The production lead records one day's work for several members at once: all of it or none. A refused
    row is named by its member (error key `row_<membership id>`), so the page shows it on that row."""
    if date > today():
        raise ValidationError({"date": _("This date is in the future.")})
    if not rows:
        raise ValidationError(_("Write the quantity of work for at least one member."))
    errors: dict[str, str] = {}
    records: list[WorkRecord] = []
    seen: set[int] = set()
    access = GroupAccess(by, group)  # who may record for whom, and whether it counts at once: the access rule
    for membership, task, quantity in rows:
        key = work_row_field(membership.pk)
        if membership.pk in seen:
            errors[key] = _("This member is in the list twice.")
        elif task is None:
            errors[key] = _("Choose the kind of work.")
        else:
            try:
                records.append(
                    record_work(
                        group=group,
                        membership=membership,
                        task=task,
                        date=date,
                        quantity=quantity,
                        by=by,
                        access=access,
                    )  # fmt: skip
                )
            except ValidationError as exc:
                errors[key] = " ".join(exc.messages)
        seen.add(membership.pk)
    if errors:
        raise ValidationError(errors)  # the transaction is undone: no row of this day is kept
    record_event(
        target=group, verb="bookkeeping.work.day_recorded", actor=by, group_id=group.pk,
        data={"date": date.isoformat(), "records": [r.pk for r in records]},
    )  # fmt: skip
    return records


@transaction.atomic
def confirm_work(*, record: WorkRecord, accept: bool, by: User) -> WorkRecord:
    record = WorkRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != WorkRecord.Status.PENDING:
        raise ValidationError(_("This work record has already been decided."))
    year_for(record.group, record.date, lock=True)
    record.status = WorkRecord.Status.CONFIRMED if accept else WorkRecord.Status.REJECTED
    record.confirmed_by = by
    record.confirmed_at = timezone.now()
    record.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    record_event(
        target=record, verb="bookkeeping.work.confirmed" if accept else "bookkeeping.work.rejected", actor=by,
        group_id=record.group_id, data={"membership": record.membership_id},
    )  # fmt: skip
    return record


@transaction.atomic
def cancel_work(*, record: WorkRecord, reason: str, by: User) -> WorkRecord:
    """Cancel a wrong confirmed record with a reversing one (the opposite quantity, the same date, task and
    weight), confirmed at once; both stay. Allowed until the record's fiscal year is closed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the work record is cancelled.")})
    _lock_books(record.group)  # before the year, as every writer does (year_for)
    record = WorkRecord.objects.select_for_update().select_related("group").get(pk=record.pk)
    if record.is_reversal:
        raise ValidationError(
            _("A cancelling record cannot itself be cancelled; record the work again instead.")
        )
    if WorkRecord.objects.filter(reverses=record).exists():
        raise ValidationError(_("This work record has already been cancelled."))
    if record.status != WorkRecord.Status.CONFIRMED:
        raise ValidationError(
            _("Only confirmed work is cancelled; a record waiting for confirmation is marked not confirmed.")
        )
    year_for(record.group, record.date, lock=True)  # refuses a closed year
    now = timezone.now()
    reversal = WorkRecord(
        group=record.group, membership=record.membership, task=record.task, date=record.date,
        quantity=-record.quantity, weight=record.weight, status=WorkRecord.Status.CONFIRMED, reverses=record,
        note=(_("Cancels work record %(id)s: %(reason)s") % {"id": record.pk, "reason": reason.strip()})[:300],
        recorded_by=by, confirmed_by=by, confirmed_at=now,
    )  # fmt: skip
    reversal.full_clean(exclude=["recorded_by", "confirmed_by", "reverses"])
    reversal.save()
    record_event(
        target=reversal, verb="bookkeeping.work.cancelled", actor=by, group_id=record.group_id,
        data={"cancels": record.pk, "membership": record.membership_id, "quantity": str(record.quantity),
              "date": record.date.isoformat(), "reason": reason.strip()},
    )  # fmt: skip
    return reversal


def capital_by_member(group: OccupationGroup, until: dt.date) -> dict[int, Decimal]:
    """Each member's paid-up shares: entries in the standard "shares" category and shares brought forward,
    up to `until` (reversals subtract), summed exactly in one query."""
    rows = (
        Entry.objects.filter(
            group=group,
            date__lte=until,
            category__code__in=["shares", OPENING_SHARES],
            category__group__isnull=True,
            membership__isnull=False,
        )
        .values("membership_id")
        .annotate(units=exact_sum("amount"))
    )
    return {r["membership_id"]: from_units(r["units"]) for r in rows}


def balance_before(group: OccupationGroup, day: dt.date) -> Decimal:
    """Every account together before `day`: the daily book's (and its paper page's) brought forward."""
    # One query, a sum per kind (a plain GROUP BY is also the cheapest of the ways to write it to build).
    sums = dict(
        Entry.objects.filter(group=group, date__lt=day)
        .order_by()
        .values_list("kind")
        .annotate(u=exact_sum("amount"))
    )
    return from_units(sums.get(Kind.INCOME)) - from_units(sums.get(Kind.EXPENSE))


def work_by_member(group: OccupationGroup, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """Confirmed, weighted work per membership in a period, summed exactly in one query."""
    rows = (
        WorkRecord.objects.confirmed()
        .filter(group=group, date__gte=start, date__lte=end)
        .order_by()  # the default order (by the group's name) joined the group to a query that sorts nothing
        .values("membership_id")
        .annotate(units=exact_sum(F("quantity") * F("weight"), WORK_PLACES))
    )
    return {r["membership_id"]: from_units(r["units"], WORK_PLACES) for r in rows}


# The current members, each with her confirmed work in a period, and the whole group's (members who left
# included), in ONE statement: the work page showed them from three queries (the sums, the members, their
# names), and on PostgreSQL building and sending each cost more than the database's answer. The sums are
# `work_by_member`'s: each record's quantity × weight rounded to WORK_PLACES places, then added as whole units
# (`core.money.exact_sum`); tests/bookkeeping/test_members_work.py holds the two to the same answers.
_MEMBERS_WORK = """
SELECT ms.id, ms.number, p.title, p.first_name, p.last_name,
  (SELECT COALESCE(SUM(CAST(ROUND(w.quantity * w.weight * %(scale)s) AS BIGINT)), 0)
    FROM bookkeeping_workrecord w
    WHERE w.membership_id = ms.id AND w.status = %(confirmed)s AND w.date >= %(start)s AND w.date <= %(end)s),
  (SELECT COALESCE(SUM(CAST(ROUND(w.quantity * w.weight * %(scale)s) AS BIGINT)), 0)
    FROM bookkeeping_workrecord w
    WHERE w.group_id = %(group)s AND w.status = %(confirmed)s AND w.date >= %(start)s AND w.date <= %(end)s)
FROM groups_membership ms
JOIN households_person p ON p.id = ms.person_id
WHERE ms.group_id = %(group)s AND ms.left_on IS NULL
ORDER BY ms.number
"""


def members_work(
    group: OccupationGroup, start: dt.date, end: dt.date
) -> tuple[list[tuple[int, int, tuple[str, str, str], Decimal]], Decimal]:
    """The current members in number order as (membership id, number, (title, first name, last name), her
    confirmed work from `start` to `end`), and the group's confirmed work in the period, members who have
    left included: the figures of `work_by_member`, read with the members in one statement."""
    ops = connection.ops
    params: dict[str, Any] = {
        "group": group.pk,
        "scale": 10**WORK_PLACES,
        "confirmed": WorkRecord.Status.CONFIRMED.value,
        "start": ops.adapt_datefield_value(start),
        "end": ops.adapt_datefield_value(end),
    }
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERS_WORK, params)
        rows = cursor.fetchall()
    if not rows:  # no current member: the group's work, if any, is that of members who have left
        return [], sum(work_by_member(group, start, end).values(), Decimal(0))
    members = [
        (pk, number, (title, first, last), from_units(units, WORK_PLACES))
        for pk, number, title, first, last, units, _group in rows
    ]
    return members, from_units(rows[0][6], WORK_PLACES)


# --- the annual close -------------------------------------------------------------------------------


def category_totals(year: FiscalYear) -> list[calculations.CategoryTotal]:
    rows = (
        Entry.objects.for_year(year)
        .values("category_id", "category__name", "category__kind", "category__role")
        .annotate(units=exact_sum("amount"))
        .order_by("category__kind", "category__position", "category__name")
    )
    return [
        calculations.CategoryTotal(
            category_id=r["category_id"],
            name=r["category__name"],
            kind=r["category__kind"],
            role=r["category__role"],
            total=from_units(r["units"]),
        )  # fmt: skip
        for r in rows
    ]


def balances(group: OccupationGroup, until: dt.date) -> list[dict[str, Any]]:
    """Cash and bank balances at the end of `until`: income in, expenses (and dividends) out."""
    sums: dict[tuple[int, str], int] = {
        (account_id, kind): units
        for account_id, kind, units in Entry.objects.filter(group=group, date__lte=until)
        .order_by()
        .values_list("account_id", "kind")
        .annotate(units=exact_sum("amount"))
    }
    return _balances_from(group, sums)


def _balances_from(group: OccupationGroup, sums: dict[tuple[int, str], int]) -> list[dict[str, Any]]:
    out = []
    for account in group.money_accounts.order_by("type", "name"):  # (the model's order, without a join)
        balance = from_units(sums.get((account.pk, Kind.INCOME), 0)) - from_units(
            sums.get((account.pk, Kind.EXPENSE), 0)
        )
        out.append({"account_id": account.pk, "name": account.name, "type": account.type, "balance": balance})
    return out


def year_figures(year: FiscalYear) -> tuple[list[calculations.CategoryTotal], list[dict[str, Any]]]:
    """`category_totals(year)` and `balances(year.group, year.ends_on)` from one GROUP BY over the group's
    entries up to the year's end, for the live statement of an open year. (Every entry of a year is dated
    inside it: `year_for` chooses the year by the date.)"""
    rows = (
        Entry.objects.filter(group_id=year.group_id, date__lte=year.ends_on)
        .values_list(
            "fiscal_year_id", "account_id", "kind", "category_id", "category__name", "category__kind",
            "category__role",
        )
        .annotate(units=exact_sum("amount"))
        .order_by("category__kind", "category__position", "category__name")
    )  # fmt: skip
    categories: dict[int, list[Any]] = {}
    sums: dict[tuple[int, str], int] = {}
    for year_id, account_id, kind, category_id, name, category_kind, role, units in rows:
        sums[(account_id, kind)] = sums.get((account_id, kind), 0) + units
        if year_id == year.pk:
            categories.setdefault(category_id, [name, category_kind, role, 0])[3] += units
    totals = [
        calculations.CategoryTotal(
            category_id=category_id, name=name, kind=kind, role=role, total=from_units(units)
        )
        for category_id, (name, kind, role, units) in categories.items()
    ]
    return totals, _balances_from(year.group, sums)


def charter_split(group: OccupationGroup) -> tuple[Charter, list[tuple[str, str, Decimal]]]:
    """The charter in force and its split parts (key, label, percent), in the charter's order."""
    # The funds with their charter in one query (the latest adopted version's), the charter alone only
    # when it names no fund.
    funds = list(
        CharterFund.objects.filter(charter__group=group, charter__status=Charter.Status.ADOPTED)
        .select_related("charter")
        .order_by("-charter__version", "position")
    )
    funds = [f for f in funds if f.charter_id == funds[0].charter_id] if funds else []
    charter = funds[0].charter if funds else group.charters.filter(status=Charter.Status.ADOPTED).first()
    if charter is None:
        raise ValidationError(_("Adopt a charter with the profit split before closing the year."))
    return charter, charter.split_parts(funds)


@transaction.atomic
def close_year(*, year: FiscalYear, by: User) -> YearClose:
    year = FiscalYear.objects.select_for_update().get(pk=year.pk)
    group = year.group
    if year.is_closed:
        raise ValidationError(_("This year is already closed."))
    if year.ends_on >= today():
        raise ValidationError(
            _("A year can be closed only after its last day (%(date)s).")
            % {"date": format_date(year.ends_on, "long")}
        )
    if group.fiscal_years.filter(starts_on__lt=year.starts_on, closed_at__isnull=True).exists():
        raise ValidationError(_("Close the earlier years first."))
    charter, parts = charter_split(group)
    pnl = calculations.profit_and_loss(category_totals(year))
    percents = {key: percent for key, _label, percent in parts}
    split = calculations.split_profit(pnl.net_profit, percents)
    statement = {
        "income": [{"name": t.name, "role": t.role, "total": str(t.total)} for t in pnl.income],
        "expense": [{"name": t.name, "role": t.role, "total": str(t.total)} for t in pnl.expense],
        "balances": [{**b, "balance": str(b["balance"])} for b in balances(group, year.ends_on)],
        "split_rows": [
            {"key": key, "label": label, "percent": str(percent), "amount": str(split[key])}
            for key, label, percent in parts
        ],
        "split": {k: str(v) for k, v in split.items()},
        "charter_version": charter.version,
    }
    close = YearClose.objects.create(
        fiscal_year=year, income=pnl.income_total, expense=pnl.expense_total, net_profit=pnl.net_profit,
        own_sales=pnl.own_sales, grants=pnl.grants, dividends_paid=pnl.dividends_paid, statement=statement,
    )  # fmt: skip
    year.closed_at = timezone.now()
    year.closed_by = by
    year.save(update_fields=["closed_at", "closed_by"])
    record_event(
        target=year, verb="bookkeeping.year.closed", actor=by, group_id=group.pk,
        data={"year": year.label, "net_profit": str(pnl.net_profit), "split": statement["split"]},
    )  # fmt: skip
    return close


# --- dividends --------------------------------------------------------------------------------------


@transaction.atomic
def create_dividend_run(*, year: FiscalYear, by: User) -> DividendRun:
    year = FiscalYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_closed:
        raise ValidationError(_("Close the year before dividing its profit."))
    if DividendRun.objects.filter(fiscal_year=year).exists():
        raise ValidationError(_("This year already has a dividend run."))
    close = year.close
    pool = Decimal(close.statement["split"].get("dividend", "0"))
    share_pool = Decimal(close.statement["split"].get("share_dividend", "0"))
    if pool + share_pool <= 0:
        raise ValidationError(_("There is no profit to pay as dividends this year."))
    work = {k: v for k, v in work_by_member(year.group, year.starts_on, year.ends_on).items() if v > 0}
    if not work:
        raise ValidationError(
            _("No confirmed work was recorded in this year, so there is nothing to divide by.")
        )
    capital = (
        {k: v for k, v in capital_by_member(year.group, year.ends_on).items() if v > 0}
        if share_pool > 0
        else {}
    )
    if share_pool > 0 and not capital:
        raise ValidationError(
            _("The charter pays dividends on shares, but no member's shares are recorded in the books.")
        )
    members = {
        m.pk: m for m in Membership.objects.filter(pk__in=set(work) | set(capital)).select_related("person")
    }
    order = sorted(members, key=lambda pk: members[pk].number)
    by_work = calculations.dividends_by_work(pool, work, [k for k in order if k in work])
    by_capital = (
        calculations.dividends_by_work(share_pool, capital, [k for k in order if k in capital])
        if capital
        else None
    )
    work_amounts = {s.key: s.amount for s in by_work.shares}
    capital_amounts = {s.key: s.amount for s in by_capital.shares} if by_capital else {}
    charter = year.group.charters.filter(status=Charter.Status.ADOPTED).first()
    percent = {r["key"]: Decimal(r["percent"]) for r in close.statement.get("split_rows", [])}
    run = DividendRun.objects.create(
        fiscal_year=year, pool=pool, total_work=by_work.total_work,
        work_unit=charter.work_unit if charter else "hours", dividend_percent=percent.get("dividend", Decimal(0)),
        share_pool=share_pool, share_percent=percent.get("share_dividend", Decimal(0)),
        total_capital=sum(capital.values(), Decimal(0)), created_by=by,
    )  # fmt: skip
    DividendShare.objects.bulk_create(
        DividendShare(
            run=run,
            membership=members[k],
            member_name=members[k].person.full_name,
            member_number=members[k].number,
            work=work.get(k, Decimal(0)),
            work_amount=work_amounts.get(k, Decimal("0.00")),
            capital=capital.get(k, Decimal("0.00")),
            capital_amount=capital_amounts.get(k, Decimal("0.00")),
            amount=work_amounts.get(k, Decimal("0.00")) + capital_amounts.get(k, Decimal("0.00")),
        )  # fmt: skip
        for k in order
    )
    result_members = len(order)
    record_event(
        target=run, verb="bookkeeping.dividends.computed", actor=by, group_id=year.group_id,
        data={"year": year.label, "pool": str(pool), "share_pool": str(share_pool), "members": result_members},
    )  # fmt: skip
    return run


@transaction.atomic
def approve_year(
    *, year: FiscalYear, on: dt.date, note: str, resolution_id: int, by: User | None
) -> YearApproval:
    """The general meeting approves the year's P&L and, when there is one, its dividend run. Called by the
    meetings feature when an "approve the year" resolution passes; nothing else approves a year."""
    year = FiscalYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_closed:
        raise ValidationError(_("Close the year before the general meeting approves it."))
    if YearApproval.objects.filter(fiscal_year=year).exists():
        raise ValidationError(_("This year has already been approved."))
    approval = YearApproval.objects.create(
        fiscal_year=year, approved_on=on, note=note, resolution_id=resolution_id
    )
    run = DividendRun.objects.filter(fiscal_year=year, status=DividendRun.Status.DRAFT).first()
    if run is not None:
        approve_dividend_run(run=run, on=on, note=note, resolution_id=resolution_id, by=by)
    record_event(
        target=year, verb="bookkeeping.year.approved", actor=by, group_id=year.group_id,
        data={"on": on.isoformat(), "resolution": resolution_id},
    )  # fmt: skip
    return approval


@transaction.atomic
def approve_dividend_run(
    *, run: DividendRun, on: dt.date, note: str, resolution_id: int, by: User | None
) -> DividendRun:
    run = DividendRun.objects.select_for_update().get(pk=run.pk)
    if run.status != DividendRun.Status.DRAFT:
        raise ValidationError(_("This run has already been approved."))
    if not note.strip():
        raise ValidationError({"approval_note": _("Say which general meeting approved it and how.")})
    if on > today():
        raise ValidationError({"approved_on": _("This date is in the future.")})
    run.status = DividendRun.Status.APPROVED
    run.approved_on = on
    run.approval_note = note.strip()
    run.approval_resolution_id = resolution_id
    run.save(update_fields=["status", "approved_on", "approval_note", "approval_resolution_id"])
    record_event(
        target=run, verb="bookkeeping.dividends.approved", actor=by, group_id=run.fiscal_year.group_id,
        data={"on": on.isoformat(), "note": run.approval_note},
    )  # fmt: skip
    return run


def dividend_category() -> Category:
    return Category.objects.get(group__isnull=True, role=Category.Role.DIVIDEND)


@transaction.atomic
def pay_dividends(*, run: DividendRun, on: dt.date, account: MoneyAccount, by: User) -> DividendRun:
    """Record each member's payment in the books (in the open year of `on`), once."""
    run = DividendRun.objects.select_for_update().select_related("fiscal_year__group").get(pk=run.pk)
    group = run.fiscal_year.group
    if run.status == DividendRun.Status.DRAFT:
        raise ValidationError(_("The general meeting must approve the run before it is paid."))
    if run.status == DividendRun.Status.PAID:
        raise ValidationError(_("This run has already been paid."))
    category = dividend_category()
    total = run.pool + run.share_pool
    for share in run.shares.filter(amount__gt=0, payment__isnull=True).select_related("membership"):  # noqa: B007
        share.payment = record_entry(
            group=group, by=by, date=on, kind=Kind.EXPENSE, category=category, amount=share.amount, account=account,
            note=_("Dividend %(year)s, member no. %(number)s") % {"year": run.fiscal_year.label, "number": share.member_number},
            membership=share.membership,
        )  # fmt: skip
        share.save(update_fields=["payment"])
    run.status = DividendRun.Status.PAID
    run.paid_on = on
    run.save(update_fields=["status", "paid_on"])
    record_event(
        target=run, verb="bookkeeping.dividends.paid", actor=by, group_id=group.pk,
        data={"on": on.isoformat(), "total": str(total)},
    )  # fmt: skip
    return run
