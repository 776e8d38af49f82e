"""The books in the API: entries, reversals, work records, years with their statement and dividends.
Money goes out as strings, never floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sammachip.accounts.types import AuthedRequest
from sammachip.core.money import AmountError, parse_amount
from sammachip.groups.access import Can, access_group

from . import passbook, reports, services
from .models import Category, DividendRun, DividendShare, Entry, MoneyAccount, WorkRecord, WorkTask

router = Router(tags=["books"])


class EntryOut(Schema):
    id: int
    number: int
    date: dt.date
    kind: str
    category: str
    amount: str
    account: str
    document_no: str
    note: str
    reverses: int | None
    fiscal_year: str


class EntryIn(Schema):
    date: dt.date
    category_id: int
    amount: str
    account_id: int
    document_no: str = ""
    note: str = ""
    partner_id: int | None = None
    member_id: int | None = None
    # An expense beyond what its account holds is refused unless overdraw is set with a reason (audited).
    overdraw: bool = False
    overdraw_reason: str = ""


class ReverseIn(Schema):
    reason: str


class WorkOut(Schema):
    id: int
    member_id: int
    date: dt.date
    task: str
    quantity: str
    weight: str
    status: str
    reverses: int | None
    cancelled_by: int | None


class CancelWorkIn(Schema):
    reason: str


class WorkIn(Schema):
    member_id: int
    date: dt.date
    task_id: int
    quantity: str
    note: str = ""


class WorkDayRowIn(Schema):
    member_id: int
    quantity: str
    task_id: int


class WorkDayIn(Schema):
    date: dt.date
    rows: list[WorkDayRowIn]


class YearOut(Schema):
    id: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    closed: bool


class DividendRunOut(Schema):
    status: str
    pool: str
    total_work: str
    share_pool: str
    total_capital: str


class ShareOut(Schema):
    """A member's dividend with what it was computed from: work_amount is round_half_up(pool × work ÷
    total_work) + work_rounding (the satang the largest remainder gave or took); the same on shares."""

    member_number: int
    member_name: str
    work: str
    work_amount: str
    work_rounding: str
    capital: str
    capital_amount: str
    capital_rounding: str
    amount: str


class YearDetailOut(YearOut):
    income_total: str
    expense_total: str
    net_profit: str
    own_sales: str
    grants: str
    split: dict[str, str]
    dividend_status: str | None
    dividends: DividendRunOut | None
    shares: list[ShareOut]


def _entry_out(e: Entry) -> dict:
    return {
        "id": e.pk, "number": e.number, "date": e.date, "kind": e.kind, "category": e.category.name,
        "amount": str(e.amount), "account": e.account.name, "document_no": e.document_no, "note": e.note,
        "reverses": e.reverses.number if e.reverses_id and e.reverses else None, "fiscal_year": e.fiscal_year.label,
    }  # fmt: skip


@router.get("/{group_id}/entries", response=list[EntryOut])
@paginate(PageNumberPagination, page_size=100)
def entries(request: AuthedRequest, group_id: int, year_id: int | None = None) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    qs = Entry.objects.filter(group=group).select_related("category", "account", "reverses", "fiscal_year")
    if year_id:
        qs = qs.filter(fiscal_year_id=year_id)
    return [_entry_out(e) for e in qs.order_by("date", "number")]


def _amount(text: str, field: str = "amount") -> Decimal:
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise ValidationError({field: str(exc)}) from exc


@router.post("/{group_id}/entries", response={201: EntryOut})
def entry_create(request: AuthedRequest, group_id: int, payload: EntryIn) -> Status:
    group, _access = access_group(request.user, group_id, Can.WRITE_BOOKS)
    category = (
        Category.objects.for_group(group)
        .exclude(role=Category.Role.DIVIDEND)
        .filter(pk=payload.category_id)
        .first()
    )
    if category is None:
        raise ValidationError({"category_id": _("Choose a category of this kind from the list.")})
    account = MoneyAccount.objects.filter(group=group, pk=payload.account_id).first()
    if account is None:
        raise ValidationError({"account_id": _("Choose one of the group's cash or bank accounts.")})
    from sammachip.places.models import PartnerAgency

    partner = None
    if payload.partner_id is not None:
        # The page's rule: a partner agency of the group's own district, still active.
        district_id = group.village.subdistrict.district_id
        partner = PartnerAgency.objects.usable_in(district_id).filter(pk=payload.partner_id).first()
        if partner is None:
            raise ValidationError({"partner_id": _("Choose a partner agency of this group's district.")})
    membership = group.memberships.filter(pk=payload.member_id).first() if payload.member_id else None
    entry = services.record_entry(
        group=group, by=request.user, date=payload.date, kind=category.kind, category=category,
        amount=_amount(payload.amount), account=account, document_no=payload.document_no, note=payload.note,
        partner=partner, membership=membership, overdraw=payload.overdraw, overdraw_reason=payload.overdraw_reason,
    )  # fmt: skip
    return Status(201, _entry_out(entry))


@router.post("/{group_id}/entries/{entry_id}/reverse", response={201: EntryOut})
def entry_reverse(request: AuthedRequest, group_id: int, entry_id: int, payload: ReverseIn) -> Status:
    group, _access = access_group(request.user, group_id, Can.WRITE_BOOKS)
    entry = Entry.objects.filter(group=group, pk=entry_id).first()
    if entry is None:
        raise Http404
    return Status(
        201, _entry_out(services.reverse_entry(entry=entry, reason=payload.reason, by=request.user))
    )


def _work_out(r: WorkRecord) -> dict:
    return {
        "id": r.pk, "member_id": r.membership_id, "date": r.date, "task": r.task.name,
        "quantity": str(r.quantity), "weight": str(r.weight), "status": r.status, "reverses": r.reverses_id,
        "cancelled_by": getattr(getattr(r, "reversed_by", None), "pk", None),
    }  # fmt: skip


@router.get("/{group_id}/work", response=list[WorkOut])
@paginate(PageNumberPagination, page_size=100)
def work(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [
        _work_out(r)
        for r in WorkRecord.objects.filter(group=group)
        .select_related("task", "reversed_by")
        .order_by("-date", "-id")
    ]


@router.post("/{group_id}/work", response={201: WorkOut})
def work_create(request: AuthedRequest, group_id: int, payload: WorkIn) -> Status:
    group, access = access_group(request.user, group_id)
    membership = group.memberships.filter(pk=payload.member_id).first()
    if not access.work_counts_at_once() and (
        membership is None or not access.may_record_work_for(membership)
    ):
        raise Http404
    if membership is None:
        raise ValidationError({"member_id": _("This person was not a member of the group on that date.")})
    task = WorkTask.objects.filter(group=group, pk=payload.task_id).first()
    if task is None:
        raise ValidationError({"task_id": _("Choose work from the group's list.")})
    try:
        quantity = Decimal(payload.quantity)
    except ArithmeticError as exc:
        raise ValidationError({"quantity": _("The quantity must be more than zero.")}) from exc
    if not quantity.is_finite() or quantity != quantity.quantize(Decimal("0.01")):
        raise ValidationError({"quantity": _("The quantity must be more than zero.")})
    record = services.record_work(
        group=group, membership=membership, task=task, date=payload.date, quantity=quantity, by=request.user,
        note=payload.note, access=access,
    )  # fmt: skip
    return Status(201, _work_out(record))


def _quantity(raw: str, field: str) -> Decimal:
    try:
        quantity = Decimal(raw)
    except ArithmeticError as exc:
        raise ValidationError({field: _("The quantity must be more than zero.")}) from exc
    if not quantity.is_finite() or quantity != quantity.quantize(Decimal("0.01")):
        raise ValidationError({field: _("The quantity must be more than zero.")})
    return quantity


@router.post("/{group_id}/work/day", response={201: list[WorkOut]})
def work_day(request: AuthedRequest, group_id: int, payload: WorkDayIn) -> Status:
    """One day's work for several members (whoever may confirm work): all rows or none; a refused row's
    error is named `row_<member_id>`."""
    group, _access = access_group(request.user, group_id, Can.RECORD_WORK)
    members = {m.pk: m for m in group.memberships.filter(pk__in=[r.member_id for r in payload.rows])}
    tasks = {t.pk: t for t in group.work_tasks.filter(pk__in=[r.task_id for r in payload.rows])}
    rows = []
    errors: dict[str, list[str]] = {}
    for row in payload.rows:
        key = services.work_row_field(row.member_id)
        try:
            quantity = _quantity(row.quantity, key)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if row.member_id not in members:
            errors[key] = [_("This person was not a member of the group on that date.")]
        else:
            rows.append((members[row.member_id], tasks.get(row.task_id), quantity))
    if errors:
        raise ValidationError(errors)
    records = services.record_work_day(group=group, date=payload.date, rows=rows, by=request.user)
    return Status(201, [_work_out(r) for r in records])


@router.post("/{group_id}/work/{record_id}/cancel", response={201: WorkOut})
def work_cancel(request: AuthedRequest, group_id: int, record_id: int, payload: CancelWorkIn) -> Status:
    """Cancel a wrong confirmed record (whoever may confirm work): answers the cancelling record."""
    group, _access = access_group(request.user, group_id, Can.RECORD_WORK)
    record = WorkRecord.objects.filter(group=group, pk=record_id).first()
    if record is None:
        raise Http404
    return Status(201, _work_out(services.cancel_work(record=record, reason=payload.reason, by=request.user)))


def _year_out(y) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": y.pk,
        "label": y.label,
        "starts_on": y.starts_on,
        "ends_on": y.ends_on,
        "closed": y.is_closed,
    }


@router.get("/{group_id}/years", response=list[YearOut])
def years(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [_year_out(y) for y in group.fiscal_years.all()]


def _share_out(run: DividendRun, sh: DividendShare) -> dict:
    figures = reports.share_figures(run, sh)
    return {
        "member_number": sh.member_number, "member_name": sh.member_name, "work": str(sh.work),
        "work_amount": str(sh.work_amount), "work_rounding": str(figures["work_rounding"]),
        "capital": str(sh.capital), "capital_amount": str(sh.capital_amount),
        "capital_rounding": str(figures["capital_rounding"]), "amount": str(sh.amount),
    }  # fmt: skip


@router.get("/{group_id}/years/{year_id}", response=YearDetailOut)
def year_detail(request: AuthedRequest, group_id: int, year_id: int) -> dict:
    group, _access = access_group(request.user, group_id)
    year = group.fiscal_years.filter(pk=year_id).first()
    if year is None:
        raise Http404
    s = reports.statement(year)
    run = DividendRun.objects.filter(fiscal_year=year).first()
    shares = [_share_out(run, sh) for sh in run.shares.all()] if run else []
    dividends = (
        {
            "status": run.status, "pool": str(run.pool), "total_work": str(run.total_work),
            "share_pool": str(run.share_pool), "total_capital": str(run.total_capital),
        }
        if run
        else None
    )  # fmt: skip
    return _year_out(year) | {
        "income_total": str(s.income_total), "expense_total": str(s.expense_total), "net_profit": str(s.net_profit),
        "own_sales": str(s.own_sales), "grants": str(s.grants), "split": {f["key"]: str(f["amount"]) for f in s.split},
        "dividend_status": run.status if run else None, "dividends": dividends, "shares": shares,
    }  # fmt: skip


class PassbookEntryOut(Schema):
    number: int
    date: dt.date
    category: str
    amount: str
    note: str


class PassbookShareLineOut(PassbookEntryOut):
    balance: str
    brought_forward: bool


class PassbookWorkOut(Schema):
    task: str
    unit: str
    weight: str
    quantity: str
    weighted: str


class PassbookDividendOut(Schema):
    """Her share of the year's run as stored: work_amount = round_half_up(pool × work ÷ total_work) +
    work_rounding; capital_amount likewise over share_pool, capital and total_capital."""

    status: str
    pool: str
    total_work: str
    work: str
    work_unit: str
    work_amount: str
    work_rounding: str
    share_pool: str
    total_capital: str
    capital: str
    capital_amount: str
    capital_rounding: str
    amount: str
    paid_on: dt.date | None


class PassbookTotalsOut(Schema):
    shares_brought_forward: str
    shares_carried_forward: str
    fees_to_date: str
    dividends_to_date: str
    received_to_date: str


class PassbookYearOut(Schema):
    year: str
    starts_on: dt.date
    ends_on: dt.date
    shares: list[PassbookShareLineOut]
    fees: list[PassbookEntryOut]
    received: list[PassbookEntryOut]
    work: list[PassbookWorkOut]
    work_total: str
    dividend: PassbookDividendOut | None
    totals: PassbookTotalsOut


class PassbookOut(Schema):
    member_number: int
    member_name: str
    joined_on: dt.date
    left_on: dt.date | None
    years: list[PassbookYearOut]


@router.get("/{group_id}/members/{member_id}/passbook", response=PassbookOut)
def member_passbook(request: AuthedRequest, group_id: int, member_id: int) -> dict:
    """A member's passbook, every year: the member herself, the group's committee and area staff."""
    group, access = access_group(request.user, group_id)
    m = group.memberships.filter(pk=member_id).select_related("person").first()
    if m is None or not access.sees_passbook_of(m):
        raise Http404
    return passbook.as_json(passbook.build(group, m))
