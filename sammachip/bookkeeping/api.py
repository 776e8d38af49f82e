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

from sammachip.core.money import AmountError, parse_amount
from sammachip.core.types import AuthedRequest
from sammachip.groups.access import Can, access_group

from . import reports, services
from .models import Category, DividendRun, Entry, MoneyAccount, WorkRecord, WorkTask

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


class WorkIn(Schema):
    member_id: int
    date: dt.date
    task_id: int
    quantity: str
    note: str = ""


class YearOut(Schema):
    id: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    closed: bool


class YearDetailOut(YearOut):
    income_total: str
    expense_total: str
    net_profit: str
    own_sales: str
    grants: str
    split: dict[str, str]
    dividend_status: str | None
    shares: list[dict]


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

    partner = PartnerAgency.objects.filter(pk=payload.partner_id).first() if payload.partner_id else None
    membership = group.memberships.filter(pk=payload.member_id).first() if payload.member_id else None
    entry = services.record_entry(
        group=group, by=request.user, date=payload.date, kind=category.kind, category=category,
        amount=_amount(payload.amount), account=account, document_no=payload.document_no, note=payload.note,
        partner=partner, membership=membership,
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
        "quantity": str(r.quantity), "weight": str(r.weight), "status": r.status,
    }  # fmt: skip


@router.get("/{group_id}/work", response=list[WorkOut])
@paginate(PageNumberPagination, page_size=100)
def work(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [
        _work_out(r)
        for r in WorkRecord.objects.filter(group=group).select_related("task").order_by("-date", "-id")
    ]


@router.post("/{group_id}/work", response={201: WorkOut})
def work_create(request: AuthedRequest, group_id: int, payload: WorkIn) -> Status:
    group, access = access_group(request.user, group_id)
    lead = access.allows(Can.RECORD_WORK)
    membership = group.memberships.filter(pk=payload.member_id).first()
    if not lead and (access.membership is None or membership != access.membership):
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
        confirmed=lead, note=payload.note,
    )  # fmt: skip
    return Status(201, _work_out(record))


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


@router.get("/{group_id}/years/{year_id}", response=YearDetailOut)
def year_detail(request: AuthedRequest, group_id: int, year_id: int) -> dict:
    group, _access = access_group(request.user, group_id)
    year = group.fiscal_years.filter(pk=year_id).first()
    if year is None:
        raise Http404
    s = reports.statement(year)
    run = DividendRun.objects.filter(fiscal_year=year).first()
    shares = (
        [
            {
                "member_number": sh.member_number,
                "member_name": sh.member_name,
                "work": str(sh.work),
                "amount": str(sh.amount),
            }
            for sh in run.shares.all()
        ]
        if run
        else []
    )
    return _year_out(year) | {
        "income_total": str(s.income_total), "expense_total": str(s.expense_total), "net_profit": str(s.net_profit),
        "own_sales": str(s.own_sales), "grants": str(s.grants), "split": {f["key"]: str(f["amount"]) for f in s.split},
        "dividend_status": run.status if run else None, "shares": shares,
    }  # fmt: skip
