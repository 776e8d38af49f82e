from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.types import AuthedRequest
from sammachip.core.forms import NOT_CONFIRMED, confirmed
from sammachip.core.pdf import render_pdf
from sammachip.core.templatetags.thai import thmonth
from sammachip.core.thaitext import baht_in_words
from sammachip.core.views_util import apply_errors, private_file, xlsx_response
from sammachip.groups.access import Can, GroupAccess, access_group
from sammachip.groups.models import OccupationGroup
from sammachip.households.models import full_name

from . import forms, reports, services
from .calculations import percent_of
from .models import (
    Category,
    DividendRun,
    DividendShare,
    Entry,
    FiscalYear,
    Kind,
    WorkRecord,
    WorkRecordQuerySet,
)


def _year(group: OccupationGroup, year_id: int | str | None) -> FiscalYear | None:
    """The group's years (a handful) read once, newest first, and picked by `_pick_year`."""
    return _pick_year(list(group.fiscal_years.order_by("-starts_on")), year_id)


def _pick_year(years: list[FiscalYear], year_id: int | str | None) -> FiscalYear | None:
    """Of the group's years already read (newest first): the one asked for — a year id, "05" being 5;
    ?year=abc or another group's year is a 404, not a server error —, else the year holding today, else the
    latest. Picked in Python: ordering by whether a year holds today cost more to build than reading them all,
    and a page's query count does not depend on whether today's year has been opened yet."""
    if year_id:
        if not str(year_id).isdecimal():  # (isdigit would let "²" through to int())
            raise Http404
        wanted = int(year_id)
        found = next((y for y in years if y.pk == wanted), None)
        if found is None:
            raise Http404
        return found
    today = services.today()
    return next((y for y in years if y.starts_on <= today <= y.ends_on), years[0] if years else None)


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
def books(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_write = access.allows(Can.WRITE_BOOKS)
    form = None
    # Only those who write see the form; the books were opened with the group, so showing it writes nothing.
    if can_write:
        if request.method == "POST":
            services.ensure_books(group)  # a group older than that has them opened by its first entry
        form = forms.EntryForm(
            request.POST or None, request.FILES or None, group=group, initial={"date": services.today()}
        )
    if request.method == "POST":
        if form is None:
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
    # The years once: the one shown is picked from the list the year menu shows.
    years = list(group.fiscal_years.order_by("-starts_on"))
    year = _pick_year(years, request.GET.get("year"))
    context: dict[str, Any] = {"group": group, "form": form, "can_write": can_write, "year": year}
    if year is not None:
        context.update(_daily_book(group, year, _month(year, request.GET.get("month"))), years=years)
    status = 422 if request.method == "POST" else 200
    return render(request, "bookkeeping/books.html", context, status=status)


def _daily_book(group: OccupationGroup, year: FiscalYear, first: dt.date) -> dict[str, Any]:
    """The month's entries by day with day totals and running balance, in a constant number of queries."""
    last = _month_end(first)
    brought = services.balance_before(group, first)
    entries = (
        Entry.objects.filter(group=group, date__gte=first, date__lte=last)
        .select_related("category")
        .annotate(reversal_id=F("reversed_by__id"))  # whether it was reversed: the id, not the whole row
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
    months = []  # the month menu's options, worked out here rather than by two filters an option
    cursor = year.starts_on
    while cursor <= year.ends_on:
        months.append({"value": f"{cursor:%Y-%m}", "label": thmonth(cursor), "selected": cursor == first})
        cursor = (cursor.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return {
        "month": first,
        "months": months,
        "days": days,
        "brought_forward": brought,
        "carried_forward": balance,
        "month_income": income_total,
        "month_expense": expense_total,
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
        "words": baht_in_words(entry.amount),
    }
    return render(request, "bookkeeping/entry.html", context)


def receipt_pdf(request: AuthedRequest, group_id: int, entry_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id)
    entry = _entry(group, entry_id)
    # A reversal's words read "ลบ…" like its figure; a reversed entry's paper says it was cancelled, and by which.
    context = {
        "group": group,
        "entry": entry,
        "words": baht_in_words(entry.amount),
        "reversed_by": Entry.objects.filter(reverses=entry).first(),
    }
    return render_pdf(request, "bookkeeping/receipt_pdf.html", context, f"receipt-{entry.number}.pdf")


@login_not_required  # private_file answers 404, not the login page, to nobody logged in
def receipt_photo(request: AuthedRequest, group_id: int, entry_id: int) -> FileResponse:
    if not request.user.is_authenticated:
        raise Http404
    group, _access = access_group(request.user, group_id)
    entry = _entry(group, entry_id)
    return private_file(request, entry.receipt_photo, content_type="image/jpeg")


@require_http_methods(["GET", "POST"])
def book_settings(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_write = access.allows(Can.WRITE_BOOKS)
    settings = services.ensure_books(group) if request.method == "POST" else services.books_settings_of(group)
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


class MemberWork(NamedTuple):
    """A row of the work page's totals: a current member and her confirmed work in the year."""

    pk: int
    number: int
    name: str
    work: Decimal


class RecentWork(NamedTuple):
    """One of the work page's latest records, with what the page shows of it."""

    pk: int
    date: dt.date
    name: str
    task: str
    quantity: Decimal
    reverses_id: int | None
    note: str
    status: str
    cancelled: bool


@require_http_methods(["GET", "POST"])
def work(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    lead = access.allows(Can.RECORD_WORK)  # confirms members' records and keeps the kinds of work
    counts = access.work_counts_at_once()  # records anyone's work, counted at once
    own = access.membership
    if not counts and own is None and request.method == "POST":
        raise Http404
    recorder = None if counts else own  # whose work the form records: anyone's, or her own
    posted = request.POST.get("form") == "work"
    form = forms.WorkForm(request.POST, group=group, own=recorder) if posted else None
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
        elif form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_work(group=group, by=request.user, access=access, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Work recorded.")
                    if counts
                    else _("Work recorded; the production lead will confirm it."),
                )
                return redirect("books:work", group.pk)
    year = _year(group, request.GET.get("year"))
    if year:  # the current members with their work, and the group's, in one statement
        listed, group_total = services.members_work(group, year.starts_on, year.ends_on)
        rows = [MemberWork(pk, number, full_name(*n), work) for pk, number, n, work in listed]
    else:
        rows, group_total = _member_work(group), Decimal(0)
    # The group's own kinds of work: ordering them by the group as well joined its table for nothing.
    tasks = list(group.work_tasks.order_by("name"))
    if form is None:  # its lists drawn from the page's own rows: the members it offers and the active tasks
        offered = [r for r in rows if recorder is None or r.pk == recorder.pk]
        form = forms.WorkForm(
            group=group, own=recorder, initial={"date": services.today()},
            members=[(r.pk, forms.member_label(r.number, r.name)) for r in offered] if offered else None,
            tasks=[t for t in tasks if t.is_active],
        )  # fmt: skip
    records = WorkRecord.objects.filter(group=group)
    # Her own (the membership is this group's): asked for the group too, SQLite walked the group's index.
    recent = _recent_work(WorkRecord.objects.filter(membership=own) if own and not lead else records)
    context = {
        "group": group,
        "form": form,
        "task_form": task_form,
        "lead": lead,
        "own": own,
        "year": year,
        "rows": rows,
        "group_total": group_total,
        "own_total": next((r.work for r in rows if r.pk == own.pk), Decimal(0)) if own else None,
        "pending": _with_names(records.filter(status=WorkRecord.Status.PENDING)) if lead else [],
        "recent": recent,
        "tasks": tasks,
        "work_url": reverse("books:work", args=[group.pk]),  # a record's confirm and cancel hang below it
        "can_record": counts or own is not None,
        "sheet_month": services.today().replace(day=1),
    }
    refused = request.method == "POST" and bool(form.errors or task_form.errors)
    return render(request, "bookkeeping/work.html", context, status=422 if refused else 200)


# The members and the 30 latest records are read as columns, not as rows of four models each: the page shows
# their numbers, names and figures, and building 200-odd model objects cost more than the SQL.
_NAME = ("person__title", "person__first_name", "person__last_name")


def _member_work(group: OccupationGroup) -> list[MemberWork]:
    """The current members in number order, with no work: a group with no fiscal year yet."""
    members = group.memberships.current().order_by("number").values_list("pk", "number", *_NAME)
    return [MemberWork(pk, number, full_name(*n), Decimal(0)) for pk, number, *n in members]


def _recent_work(shown: WorkRecordQuerySet) -> list[RecentWork]:
    """The 30 latest of `shown` with their names, read in index order (work_group_latest_idx for the group's,
    a member's own by her membership): 30 rows joined, where sorting all the group's records with their
    member, person and task joined cost 3 ms on the district bench before that index."""
    latest = shown.order_by("-date", "-id")
    columns = ("pk", "date", "task__name", "quantity", "reverses_id", "note", "status", "reversed_by__id")
    return [
        RecentWork(pk, date, full_name(*n), task, quantity, reverses_id, note, status, reversal is not None)
        for pk, date, task, quantity, reverses_id, note, status, reversal, *n in latest.values_list(
            *columns, *(f"membership__{f}" for f in _NAME)
        )[:30]
    ]


def _with_names(records: WorkRecordQuerySet) -> WorkRecordQuerySet:
    return records.select_related("membership__person", "task", "reversed_by").order_by("-date", "-id")


@require_http_methods(["GET", "POST"])
def work_day(request: AuthedRequest, group_id: int) -> HttpResponse:
    """The production lead records one day's work for several members in one form: all of it or none, a
    refused row shown on its row."""
    group, _access = access_group(request.user, group_id, Can.RECORD_WORK)
    form = forms.WorkDayForm(request.POST or None, group=group, initial={"date": services.today()})
    if request.method == "POST":
        if form.is_valid():
            try:
                records = services.record_work_day(
                    group=group, date=form.cleaned_data["date"], rows=form.rows(), by=request.user
                )
            except ValidationError as exc:
                fields = {services.work_row_field(m.pk): qty for m, _t, qty in form.row_names}
                apply_errors(form, exc, field_map=fields)
            else:
                messages.success(
                    request,
                    _("Work recorded for %(n)s members.") % {"n": len({r.membership_id for r in records})},
                )
                return redirect("books:work", group.pk)
    rows = [
        {"m": m, "task": form[task], "qty": form[qty], "errors": form[task].errors + form[qty].errors}
        for m, task, qty in form.row_names
    ]
    context = {
        "group": group,
        "form": form,
        "rows": rows,
        "row_errors": [r for r in rows if r["errors"]],
        "has_tasks": group.work_tasks.filter(is_active=True).exists(),
    }
    return render(request, "bookkeeping/work_day.html", context, status=422 if form.errors else 200)


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


@require_http_methods(["GET", "POST"])
def work_cancel(request: AuthedRequest, group_id: int, record_id: int) -> HttpResponse:
    """Cancel a wrong confirmed record: this page shows what will be cancelled and asks why."""
    group, _access = access_group(request.user, group_id, Can.RECORD_WORK)
    record = (
        WorkRecord.objects.filter(group=group, pk=record_id)
        .select_related("membership__person", "task", "reversed_by", "reverses")
        .first()
    )
    if record is None:
        raise Http404
    form = forms.CancelWorkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_work(record=record, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The work record is cancelled; it no longer counts."))
            return redirect("books:work", group.pk)
    status = 422 if request.method == "POST" else 200
    context = {"group": group, "record": record, "form": form}
    return render(request, "bookkeeping/work_cancel.html", context, status=status)


# --- years, close, dividends ----------------------------------------------------------------------


def years(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id)
    items = group.fiscal_years.select_related("close").order_by("-starts_on")
    return render(request, "bookkeeping/years.html", {"group": group, "years": items})


def _year_context(group: OccupationGroup, year: FiscalYear, access: GroupAccess) -> dict[str, Any]:
    statement = reports.statement(year)
    run: DividendRun | None = getattr(year, "dividend_run", None)  # read with the year on its page
    shares = list(run.shares.order_by("member_number")) if run else []
    own_share = next(
        (s for s in shares if access.membership and s.membership_id == access.membership.pk), None
    )
    can_write = access.allows(Can.WRITE_BOOKS)
    paying = run is not None and run.status == DividendRun.Status.APPROVED and can_write
    return {
        "group": group,
        "year": year,
        "s": statement,
        "run": run,
        # Added here, never in the template: the `add` filter turns money into whole baht first.
        "run_total": run.pool + run.share_pool if run else None,
        "shares": shares,
        "own_share": own_share,
        "can_write": can_write,
        "can_approve": access.allows(Can.APPROVE_DIVIDENDS),
        "approval": getattr(year, "approval", None),
        # Only where the page shows it: the run approved, for those who pay it.
        "pay_form": (
            forms.PayRunForm(group=group, run=run, initial={"paid_on": services.today()}) if paying else None
        ),
        "sees_all_slips": can_write or access.is_officer,
        # Each share's slip is this followed by "<share id>/slip.pdf" (books:slip), not a {% url %} a row.
        "slips_url": reverse("books:dividends_create", args=[group.pk, year.pk]),
    }


def year_detail(request: AuthedRequest, group_id: int, year_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    # The year with its close, its approval and its dividend run, in one query.
    year = (
        group.fiscal_years.select_related("close", "approval", "dividend_run")
        .order_by()
        .filter(pk=year_id)
        .first()
    )
    if year is None:
        raise Http404
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
    group, year, access = _year_action(request, group_id, year_id, Can.WRITE_BOOKS)
    if not confirmed(request.POST):  # closing cannot be undone: the page's box says what it does
        context = _year_context(group, year, access) | {"close_error": NOT_CONFIRMED}
        return render(request, "bookkeeping/year.html", context, status=422)
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
    form = forms.PayRunForm(request.POST, group=group, run=run)
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
        "figures": reports.share_figures(run, share),
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
