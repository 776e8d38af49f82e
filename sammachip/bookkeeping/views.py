from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.core.money import exact_sum, from_units
from sammachip.core.pagecache import kept_until_written
from sammachip.core.pdf import render_pdf
from sammachip.core.thaitext import baht_in_words
from sammachip.core.types import AuthedRequest
from sammachip.core.views_util import apply_errors, xlsx_response
from sammachip.groups.access import Can, GroupAccess, access_group
from sammachip.groups.models import OccupationGroup

from . import forms, reports, services
from .calculations import percent_of
from .models import Category, DividendRun, DividendShare, Entry, FiscalYear, Kind, WorkRecord


def _year(group: OccupationGroup, year_id: int | str | None) -> FiscalYear | None:
    years = group.fiscal_years.all()
    if year_id:
        found = years.filter(pk=year_id).first()
        if found is None:
            raise Http404
        return found
    today = services.today()
    # The year holding today, else the latest: in one query either way, so a page's query count does not
    # depend on whether today's year has been opened yet.
    holds_today = Case(When(starts_on__lte=today, ends_on__gte=today, then=Value(0)), default=Value(1))
    return years.order_by(holds_today, "-starts_on").first()


def _month(year: FiscalYear, text: str | None) -> dt.date:
    try:
        first = dt.date(int(text[:4]), int(text[5:7]), 1) if text else None  # type: ignore[index]
    except ValueError:
        first = None
    today = services.today()
    if first is None or not (year.starts_on <= first <= year.ends_on):
        first = today.replace(day=1) if year.contains(today) else year.ends_on.replace(day=1)
    return first


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@require_http_methods(["GET", "POST"])
@kept_until_written
def books(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_write = access.allows(Can.WRITE_BOOKS)
    services.ensure_books(group)
    form = forms.EntryForm(
        request.POST or None, request.FILES or None, group=group, initial={"date": services.today()}
    )
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.record_entry(
                    group=group, by=request.user, kind=data["category"].kind, **data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Entry %(number)s recorded.") % {"number": entry.number})
                return redirect(f"{request.path}?month={entry.date:%Y-%m}&year={entry.fiscal_year_id}")
    year = _year(group, request.GET.get("year"))
    context: dict[str, Any] = {"group": group, "form": form, "can_write": can_write, "year": year}
    if year is not None:
        context.update(_daily_book(group, year, _month(year, request.GET.get("month"))))
    status = 422 if request.method == "POST" else 200
    return render(request, "bookkeeping/books.html", context, status=status)


def _daily_book(group: OccupationGroup, year: FiscalYear, first: dt.date) -> dict[str, Any]:
    """The month's entries by day with day totals and running balance, in a constant number of queries."""
    last = _month_end(first)
    before = Entry.objects.filter(group=group, date__lt=first)
    brought = from_units(before.filter(kind=Kind.INCOME).aggregate(u=exact_sum("amount"))["u"]) - from_units(
        before.filter(kind=Kind.EXPENSE).aggregate(u=exact_sum("amount"))["u"]
    )
    entries = (
        Entry.objects.filter(group=group, date__gte=first, date__lte=last)
        .select_related("category", "account", "recorded_by", "reversed_by")
        .order_by("date", "number")
    )
    days: list[dict[str, Any]] = []
    balance = brought
    income_total = expense_total = Decimal("0.00")
    for e in entries:
        if not days or days[-1]["date"] != e.date:
            days.append(
                {"date": e.date, "entries": [], "income": Decimal("0.00"), "expense": Decimal("0.00")}
            )
        day = days[-1]
        day["entries"].append(e)
        if e.kind == Kind.INCOME:
            day["income"] += e.amount
            income_total += e.amount
            balance += e.amount
        else:
            day["expense"] += e.amount
            expense_total += e.amount
            balance -= e.amount
        day["balance"] = balance
    months = []
    cursor = year.starts_on
    while cursor <= year.ends_on:
        months.append(cursor)
        cursor = (cursor.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return {
        "month": first,
        "months": months,
        "days": days,
        "brought_forward": brought,
        "carried_forward": balance,
        "month_income": income_total,
        "month_expense": expense_total,
        "years": group.fiscal_years.all(),
    }


def _entry(group: OccupationGroup, entry_id: int) -> Entry:
    entry = (
        Entry.objects.filter(group=group, pk=entry_id)
        .select_related(
            "category", "account", "recorded_by", "partner", "membership__person", "reverses", "fiscal_year"
        )
        .first()
    )
    if entry is None:
        raise Http404
    return entry


@require_http_methods(["GET", "POST"])
def entry_detail(request: AuthedRequest, group_id: int, entry_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    entry = _entry(group, entry_id)
    can_write = access.allows(Can.WRITE_BOOKS)
    form = forms.ReverseForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                reversal = services.reverse_entry(
                    entry=entry, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Entry %(number)s reversed by entry %(new)s.")
                    % {"number": entry.number, "new": reversal.number},
                )
                return redirect("books:entry", group.pk, reversal.pk)
    reversed_by = Entry.objects.filter(reverses=entry).first()
    context = {
        "group": group,
        "entry": entry,
        "form": form,
        "can_write": can_write,
        "reversed_by": reversed_by,
    }
    return render(request, "bookkeeping/entry.html", context)


def receipt_pdf(request: AuthedRequest, group_id: int, entry_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id)
    entry = _entry(group, entry_id)
    context = {"group": group, "entry": entry, "words": baht_in_words(abs(entry.amount))}
    return render_pdf(request, "bookkeeping/receipt_pdf.html", context, f"receipt-{entry.number}.pdf")


@require_http_methods(["GET", "POST"])
def book_settings(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_write = access.allows(Can.WRITE_BOOKS)
    settings = services.ensure_books(group)
    which = request.POST.get("form")
    category_form = forms.CategoryForm(request.POST if which == "category" else None)
    account_form = forms.AccountForm(request.POST if which == "account" else None)
    start_form = forms.FiscalStartForm(
        request.POST if which == "start" else None,
        initial={"fiscal_start_month": settings.fiscal_start_month},
    )
    if request.method == "POST":
        if not can_write:
            raise Http404
        try:
            if which == "category" and category_form.is_valid():
                services.add_category(group=group, by=request.user, **category_form.cleaned_data)
                messages.success(request, _("Category added."))
                return redirect("books:settings", group.pk)
            if which == "account" and account_form.is_valid():
                services.add_account(group=group, by=request.user, **account_form.cleaned_data)
                messages.success(request, _("Account added."))
                return redirect("books:settings", group.pk)
            if which == "start" and start_form.is_valid():
                services.set_fiscal_start_month(
                    group=group, month=start_form.cleaned_data["fiscal_start_month"], by=request.user
                )
                messages.success(request, _("Saved."))
                return redirect("books:settings", group.pk)
        except ValidationError as exc:
            apply_errors(
                {"category": category_form, "account": account_form, "start": start_form}[
                    which or "category"
                ],
                exc,
            )
    context = {
        "group": group,
        "can_write": can_write,
        "categories": Category.objects.for_group(group),
        "accounts": group.money_accounts.all(),
        "category_form": category_form,
        "account_form": account_form,
        "start_form": start_form,
        "has_years": group.fiscal_years.exists(),
    }
    return render(request, "bookkeeping/settings.html", context)


# --- work -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@kept_until_written
def work(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    lead = access.allows(Can.RECORD_WORK)
    own = access.membership
    if not lead and own is None and request.method == "POST":
        raise Http404
    form = forms.WorkForm(
        request.POST if request.POST.get("form") == "work" else None,
        group=group, own=None if lead else own, initial={"date": services.today()},
    )  # fmt: skip
    task_form = forms.WorkTaskForm(request.POST if request.POST.get("form") == "task" else None)
    if request.method == "POST":
        if request.POST.get("form") == "task":
            if not lead:
                raise Http404
            if task_form.is_valid():
                try:
                    services.add_work_task(group=group, by=request.user, **task_form.cleaned_data)
                except ValidationError as exc:
                    apply_errors(task_form, exc)
                else:
                    messages.success(request, _("Work type added."))
                    return redirect("books:work", group.pk)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.record_work(group=group, by=request.user, confirmed=lead, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Work recorded.") if lead else _("Work recorded; the production lead will confirm it."),
                )
                return redirect("books:work", group.pk)
    year = _year(group, request.GET.get("year"))
    totals = services.work_by_member(group, year.starts_on, year.ends_on) if year else {}
    members = group.memberships.current().select_related("person").order_by("number")
    rows = [{"m": m, "work": totals.get(m.pk, Decimal(0))} for m in members]
    group_total = sum(totals.values(), Decimal(0))
    records = (
        WorkRecord.objects.filter(group=group)
        .select_related("membership__person", "task")
        .order_by("-date", "-id")
    )
    context = {
        "group": group,
        "form": form,
        "task_form": task_form,
        "lead": lead,
        "own": own,
        "year": year,
        "rows": rows,
        "group_total": group_total,
        "own_total": totals.get(own.pk, Decimal(0)) if own else None,
        "pending": records.filter(status=WorkRecord.Status.PENDING) if lead else [],
        "recent": (records.filter(membership=own) if own and not lead else records)[:30],
        "tasks": group.work_tasks.all(),
        "can_record": lead or own is not None,
    }
    return render(request, "bookkeeping/work.html", context)


@require_POST
def work_confirm(request: AuthedRequest, group_id: int, record_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.RECORD_WORK)
    record = WorkRecord.objects.filter(group=group, pk=record_id).first()
    if record is None:
        raise Http404
    try:
        services.confirm_work(record=record, accept=request.POST.get("accept") == "1", by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("books:work", group.pk)


# --- years, close, dividends ----------------------------------------------------------------------


@kept_until_written
def years(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id)
    items = group.fiscal_years.select_related("close").order_by("-starts_on")
    return render(request, "bookkeeping/years.html", {"group": group, "years": items})


def _year_context(group: OccupationGroup, year: FiscalYear, access: GroupAccess) -> dict[str, Any]:
    statement = reports.statement(year)
    run = DividendRun.objects.filter(fiscal_year=year).first()
    shares = list(run.shares.select_related("payment")) if run else []
    own_share = next(
        (s for s in shares if access.membership and s.membership_id == access.membership.pk), None
    )
    return {
        "group": group,
        "year": year,
        "s": statement,
        "run": run,
        "shares": shares,
        "own_share": own_share,
        "can_write": access.allows(Can.WRITE_BOOKS),
        "can_approve": access.allows(Can.APPROVE_DIVIDENDS),
        "approval": getattr(year, "approval", None),
        "pay_form": forms.PayRunForm(group=group, initial={"paid_on": services.today()}),
        "sees_all_slips": access.allows(Can.WRITE_BOOKS) or access.is_officer,
    }


@kept_until_written
def year_detail(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    year = _year(group, year_id)
    assert year is not None  # noqa: S101 - _year raises 404 for a missing id
    return render(request, "bookkeeping/year.html", _year_context(group, year, access))


def _year_action(
    request: AuthedRequest, group_id: int, year_id: int, need: Can
) -> tuple[OccupationGroup, FiscalYear, GroupAccess]:
    group, access = access_group(request.user, group_id, need)
    year = _year(group, year_id)
    assert year is not None  # noqa: S101
    return group, year, access


@require_POST
def year_close(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, year, _access = _year_action(request, group_id, year_id, Can.WRITE_BOOKS)
    try:
        services.close_year(year=year, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The year %(year)s is closed and locked.") % {"year": year.label})
    return redirect("books:year", group.pk, year.pk)


@require_POST
def dividends_create(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, year, _access = _year_action(request, group_id, year_id, Can.WRITE_BOOKS)
    try:
        services.create_dividend_run(year=year, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Dividends computed. They are paid after the general meeting approves them.")
        )
    return redirect("books:year", group.pk, year.pk)


@require_POST
def dividends_pay(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, year, access = _year_action(request, group_id, year_id, Can.WRITE_BOOKS)
    run = DividendRun.objects.filter(fiscal_year=year).first()
    if run is None:
        raise Http404
    form = forms.PayRunForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.pay_dividends(
                run=run,
                on=form.cleaned_data["paid_on"],
                account=form.cleaned_data["account"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Dividend payments recorded in the books."))
            return redirect("books:year", group.pk, year.pk)
    context = _year_context(group, year, access) | {"pay_form": form}
    return render(request, "bookkeeping/year.html", context, status=422)


def dividends_xlsx(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    year = _year(group, year_id)
    run = DividendRun.objects.filter(fiscal_year=year).first()
    if run is None or year is None:
        raise Http404
    return xlsx_response(reports.dividends_workbook(group, year, run), f"dividends-{year.label}.xlsx")


def slip_pdf(request: AuthedRequest, group_id: int, year_id: int, share_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    share = (
        DividendShare.objects.filter(pk=share_id, run__fiscal_year_id=year_id, run__fiscal_year__group=group)
        .select_related("run__fiscal_year", "payment")
        .first()
    )
    if share is None:
        raise Http404
    own = access.membership is not None and share.membership_id == access.membership.pk
    if not (own or access.allows(Can.WRITE_BOOKS) or access.is_officer):
        raise Http404
    run = share.run
    context = {
        "group": group,
        "share": share,
        "run": run,
        "year": run.fiscal_year,
        "s": reports.statement(run.fiscal_year),
        "words": baht_in_words(share.amount),
        "percent_of_work": percent_of(share.work, run.total_work) or 0,
    }
    return render_pdf(
        request,
        "bookkeeping/slip_pdf.html",
        context,
        f"dividend-{run.fiscal_year.label}-{share.member_number}.pdf",
    )


def year_report_pdf(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    year = _year(group, year_id)
    if year is None:
        raise Http404
    context = _year_context(group, year, access)
    return render_pdf(request, "bookkeeping/report_pdf.html", context, f"pnl-{year.label}.pdf")
