"""The member's passbook (สมุดสมาชิก): every year of her membership, read from the books and from the dividend
runs' stored rows. Nothing here is recomputed another way: amounts are the entries' and the runs' own, the
formula figures are `reports.share_figures`, and running totals come from `calculations.passbook_totals`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from sammachip.groups.models import Membership, OccupationGroup, WorkUnit

from . import calculations, reports
from .models import DividendRun, DividendShare, Entry, FiscalYear, Kind, WorkRecord
from .standard import OPENING_SHARES

SHARE_CODES = ("shares", OPENING_SHARES)  # the categories `services.capital_by_member` counts as shares


@dataclass
class WorkKind:
    task: str
    unit: str
    weight: Decimal
    quantity: Decimal
    weighted: Decimal


@dataclass
class ShareLine:
    entry: Entry
    balance: Decimal
    brought_forward: bool


@dataclass
class YearPage:
    year: FiscalYear
    shares: list[ShareLine] = field(default_factory=list)
    fees: list[Entry] = field(default_factory=list)
    received: list[Entry] = field(default_factory=list)
    work: list[WorkKind] = field(default_factory=list)
    work_total: Decimal = Decimal(0)
    run: DividendRun | None = None
    share: DividendShare | None = None
    figures: dict[str, Decimal] | None = None
    work_unit: str = ""
    totals: calculations.PassbookTotals | None = None
    figures_in: calculations.PassbookYear | None = None


@dataclass
class Passbook:
    group: OccupationGroup
    membership: Membership
    years: list[YearPage]

    @property
    def totals(self) -> calculations.PassbookTotals | None:
        return self.years[-1].totals if self.years else None


def _is_share(entry: Entry) -> bool:
    return entry.category.group_id is None and entry.category.code in SHARE_CODES


def _years(group: OccupationGroup, membership: Membership, extra: set[int]) -> list[FiscalYear]:
    """The years she was a member, and any other year the books hold something of hers in."""
    during = Q(ends_on__gte=membership.joined_on)
    if membership.left_on is not None:
        during &= Q(starts_on__lte=membership.left_on)
    return list(group.fiscal_years.filter(during | Q(pk__in=extra)).order_by("starts_on"))


def _year_of(years: list[FiscalYear], day: dt.date) -> FiscalYear | None:
    return next((y for y in years if y.contains(day)), None)


def _work_by_year(membership: Membership, years: list[FiscalYear]) -> dict[int, list[WorkKind]]:
    """Confirmed work (cancelling records included, so a cancelled record adds up to nothing), by year and
    kind: the same records `services.work_by_member` sums for a dividend run."""
    records = WorkRecord.objects.confirmed().filter(membership=membership).select_related("task")
    kinds: dict[int, dict[tuple[int, Decimal], WorkKind]] = defaultdict(dict)
    for r in records.order_by("task__name", "date", "pk"):
        year = _year_of(years, r.date)
        if year is None:
            continue
        key = (r.task_id, r.weight)
        kind = kinds[year.pk].get(key)
        if kind is None:
            unit = str(WorkUnit(r.task.unit).label)
            kind = kinds[year.pk][key] = WorkKind(r.task.name, unit, r.weight, Decimal(0), Decimal(0))
        kind.quantity += r.quantity
        kind.weighted += r.quantity * r.weight
    return {pk: [k for k in by_kind.values() if k.quantity] for pk, by_kind in kinds.items()}


def build(group: OccupationGroup, membership: Membership) -> Passbook:
    entries = list(
        Entry.objects.filter(group=group, membership=membership)
        .select_related("category", "fiscal_year")
        .order_by("date", "number")
    )
    shares = {
        s.run.fiscal_year_id: s
        for s in DividendShare.objects.filter(
            membership=membership, run__fiscal_year__group=group
        ).select_related("run__fiscal_year", "payment")
    }
    years = _years(group, membership, {e.fiscal_year_id for e in entries} | set(shares))
    work = _work_by_year(membership, years)
    pages = {y.pk: YearPage(year=y) for y in years}
    for e in entries:
        page = pages[e.fiscal_year_id]
        if _is_share(e):
            page.shares.append(ShareLine(e, Decimal(0), e.category.code == OPENING_SHARES))
        elif e.kind == Kind.EXPENSE:
            page.received.append(e)
        else:
            page.fees.append(e)
    inputs: list[calculations.PassbookYear] = []
    for y in years:
        page = pages[y.pk]
        page.work = work.get(y.pk, [])
        page.work_total = sum((k.weighted for k in page.work), Decimal(0))
        share = shares.get(y.pk)
        if share is not None:
            page.share, page.run = share, share.run
            page.figures = reports.share_figures(share.run, share)
            page.work_unit = str(WorkUnit(share.run.work_unit).label)
        page.figures_in = calculations.PassbookYear(
            shares_paid=sum((line.entry.amount for line in page.shares), calculations.ZERO),
            fees_paid=sum((e.amount for e in page.fees), calculations.ZERO),
            # a run still awaiting the general meeting is shown on its line, not yet counted as hers
            dividend=share.amount
            if share is not None and share.run.status != DividendRun.Status.DRAFT
            else calculations.ZERO,
            received=sum((e.amount for e in page.received), calculations.ZERO),
        )
        inputs.append(page.figures_in)
    for y, totals in zip(years, calculations.passbook_totals(inputs), strict=True):
        page = pages[y.pk]
        page.totals = totals
        balances = calculations.running_balance(
            totals.shares_brought_forward, [line.entry.amount for line in page.shares]
        )
        for line, balance in zip(page.shares, balances, strict=True):
            line.balance = balance
    return Passbook(group=group, membership=membership, years=[pages[y.pk] for y in years])


def as_json(book: Passbook) -> dict[str, Any]:
    """The passbook for the API: money and work as strings, every figure the page shows."""

    def entry(e: Entry) -> dict[str, Any]:
        return {"number": e.number, "date": e.date, "category": e.category.name, "amount": str(e.amount),
                "note": e.note}  # fmt: skip

    def year(p: YearPage) -> dict[str, Any]:
        assert p.totals is not None  # noqa: S101 - set by build()
        dividend = None
        if p.share is not None and p.run is not None and p.figures is not None:
            s, r = p.share, p.run
            dividend = {
                "status": r.status, "pool": str(r.pool), "total_work": str(r.total_work), "work": str(s.work),
                "work_unit": r.work_unit, "work_amount": str(s.work_amount),
                "work_rounding": str(p.figures["work_rounding"]), "share_pool": str(r.share_pool),
                "total_capital": str(r.total_capital), "capital": str(s.capital),
                "capital_amount": str(s.capital_amount), "capital_rounding": str(p.figures["capital_rounding"]),
                "amount": str(s.amount), "paid_on": s.payment.date if s.payment else None,
            }  # fmt: skip
        t = p.totals
        return {
            "year": p.year.label, "starts_on": p.year.starts_on, "ends_on": p.year.ends_on,
            "shares": [entry(line.entry) | {"balance": str(line.balance), "brought_forward": line.brought_forward}
                       for line in p.shares],
            "fees": [entry(e) for e in p.fees], "received": [entry(e) for e in p.received],
            "work": [{"task": k.task, "unit": k.unit, "weight": str(k.weight), "quantity": str(k.quantity),
                      "weighted": str(k.weighted)} for k in p.work],
            "work_total": str(p.work_total), "dividend": dividend,
            "totals": {"shares_brought_forward": str(t.shares_brought_forward),
                       "shares_carried_forward": str(t.shares_carried_forward), "fees_to_date": str(t.fees_to_date),
                       "dividends_to_date": str(t.dividends_to_date), "received_to_date": str(t.received_to_date)},
        }  # fmt: skip

    m = book.membership
    return {"member_number": m.number, "member_name": m.person.full_name, "joined_on": m.joined_on,
            "left_on": m.left_on, "years": [year(p) for p in book.years]}  # fmt: skip
