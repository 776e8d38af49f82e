"""Printed pages of the books: the member's passbook, and the paper sheets that match the work and cash-book
forms field for field (built from the same form classes, so their order and labels cannot drift apart)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sammachip.accounts.types import AuthedRequest
from sammachip.core.pdf import render_pdf
from sammachip.core.qr import page_qr
from sammachip.groups.access import GroupAccess, access_group
from sammachip.groups.models import Membership, OccupationGroup

from . import forms, passbook, services
from .models import Kind

# The cash-book form's fields a paper sheet has a column for: a photo, and the overdraw confirmation the
# screen asks only when it is needed, have none.
CASH_SHEET_SKIPS = ("receipt_photo", "overdraw", "overdraw_reason")
CASH_SHEET_ROWS = 13


def _membership(group: OccupationGroup, access: GroupAccess, membership_id: int) -> Membership:
    m = Membership.objects.filter(group=group, pk=membership_id).select_related("person").first()
    if m is None or not access.sees_passbook_of(m):
        raise Http404
    return m


def passbook_page(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    m = _membership(group, access, membership_id)
    context = {"group": group, "book": passbook.build(group, m), "can_print_all": access.sees_every_passbook}
    return render(request, "bookkeeping/passbook.html", context)


def _size(request: AuthedRequest) -> str:
    return "phone" if request.GET.get("size") == "phone" else "a5"


def passbook_pdf(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    m = _membership(group, access, membership_id)
    context = {"group": group, "books": [passbook.build(group, m)], "size": _size(request)}
    return render_pdf(request, "bookkeeping/passbook_pdf.html", context, f"passbook-{m.number}.pdf")


def passbooks_pdf(request: AuthedRequest, group_id: int) -> HttpResponse:
    """Every current member's passbook in one PDF, for the general meeting: the committee and area staff."""
    group, access = access_group(request.user, group_id)
    if not access.sees_every_passbook:
        raise Http404
    members = group.memberships.current().select_related("person").order_by("number")
    context = {"group": group, "books": [passbook.build(group, m) for m in members], "size": _size(request)}
    return render_pdf(request, "bookkeeping/passbook_pdf.html", context, f"passbooks-{group.pk}.pdf")


def _sheet_month(text: str | None) -> dt.date:
    today = services.today()
    try:
        return dt.date(int(text[:4]), int(text[5:7]), 1) if text else today.replace(day=1)  # type: ignore[index]
    except ValueError:
        return today.replace(day=1)


def work_sheet(request: AuthedRequest, group_id: int) -> HttpResponse:
    """A month's work sheet: members × days for each kind of work, in the work form's order — member,
    date, work, quantity, note — with the members and kinds listed as the form lists them."""
    group, _access = access_group(request.user, group_id)
    month = _sheet_month(request.GET.get("month"))
    form = forms.WorkForm(group=group)
    days = range(1, calendar.monthrange(month.year, month.month)[1] + 1)
    context: dict[str, Any] = {
        "group": group,
        "month": month,
        "days": days,
        "members": list(form.fields["membership"].queryset),  # type: ignore[attr-defined]
        "tasks": list(form.fields["task"].queryset),  # type: ignore[attr-defined]
        "labels": {name: f.label for name, f in form.fields.items()},
        "qr": page_qr(request, reverse("books:work", args=[group.pk])),
    }
    return render_pdf(request, "bookkeeping/work_sheet_pdf.html", context, f"work-{month:%Y-%m}.pdf")


def cash_sheet(request: AuthedRequest, group_id: int) -> HttpResponse:
    """A page of the daily cash book to fill in by hand: the entry form's fields as columns, in its order,
    the amount ruled into income and expense as the screen's book is, with the month's brought forward."""
    group, _access = access_group(request.user, group_id)
    month = _sheet_month(request.GET.get("month"))
    form = forms.EntryForm(group=group)
    columns = [(name, f.label) for name, f in form.fields.items() if name not in CASH_SHEET_SKIPS]
    categories = list(form.fields["category"].queryset)  # type: ignore[attr-defined]
    year = group.fiscal_years.filter(starts_on__lte=month, ends_on__gte=month).first()
    path = reverse("books:books", args=[group.pk])
    if year is not None:
        path += f"?year={year.pk}&month={month:%Y-%m}"
    context = {
        "group": group,
        "month": month,
        "columns": columns,
        "rows": range(CASH_SHEET_ROWS),
        "brought_forward": services.balance_before(group, month),
        "income": [c for c in categories if c.kind == Kind.INCOME],
        "expense": [c for c in categories if c.kind == Kind.EXPENSE],
        "accounts": list(form.fields["account"].queryset),  # type: ignore[attr-defined]
        "members": list(form.fields["membership"].queryset),  # type: ignore[attr-defined]
        "qr": page_qr(request, path),
    }
    return render_pdf(request, "bookkeeping/cash_sheet_pdf.html", context, f"cash-book-{month:%Y-%m}.pdf")
