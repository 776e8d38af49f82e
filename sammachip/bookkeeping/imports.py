"""Import an existing cash book from Excel or CSV: every row checked, errors by row and column in Thai,
all or nothing. Rows are written in one transaction with one audit event for the file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sammachip.accounts.models import User
from sammachip.accounts.types import AuthedRequest
from sammachip.core import thaidate
from sammachip.core.bulk import insert_rows
from sammachip.core.forms import no_such_date
from sammachip.core.models import record_event
from sammachip.core.money import AmountError, parse_amount
from sammachip.core.tabular import EmptyTable, ImportResult, RowError, TooLarge, raw_table
from sammachip.core.views_util import xlsx_response
from sammachip.groups.access import Can, access_group
from sammachip.groups.models import OccupationGroup
from sammachip.places.models import PartnerAgency

from . import services
from .forms import ImportForm
from .models import BookSettings, Category, Entry, FiscalYear, Kind
from .standard import OPENING_SHARES

COLUMNS = [
    ("date", "วันที่"),
    ("kind", "รายรับ/รายจ่าย"),
    ("category", "หมวด"),
    ("amount", "จำนวนเงิน"),
    ("account", "เงินสด/บัญชีธนาคาร"),
    ("document_no", "เลขที่เอกสาร"),
    ("note", "หมายเหตุ"),
    ("partner", "ภาคีผู้ให้การสนับสนุน"),
]
HEADER_TO_KEY = {th: key for key, th in COLUMNS} | {key: key for key, _th in COLUMNS}
KIND_WORDS = {
    "รายรับ": Kind.INCOME,
    "รับ": Kind.INCOME,
    "income": Kind.INCOME,
    "รายจ่าย": Kind.EXPENSE,
    "จ่าย": Kind.EXPENSE,
    "expense": Kind.EXPENSE,
}


def read_rows(name: str, content: bytes) -> list[dict[str, Any]]:
    """The rows by column key; read within the bounds every import keeps (core.tabular)."""
    try:
        values = raw_table(name, content)
    except EmptyTable:
        return []
    headers = [HEADER_TO_KEY.get(str(h or "").strip(), str(h or "").strip()) for h in values[0]]
    rows = []
    for raw in values[1:]:
        if all(v in (None, "") for v in raw):
            continue
        rows.append({h: v for h, v in zip(headers, raw, strict=False) if h})
    return rows


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return thaidate.parse_date(str(value or ""))


def check_rows(
    group: OccupationGroup, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    categories = {
        (c.kind, c.name.strip()): c
        for c in Category.objects.for_group(group)
        .exclude(role=Category.Role.DIVIDEND)
        .exclude(code=OPENING_SHARES, group__isnull=True)
    }
    accounts = {a.name.strip(): a for a in group.money_accounts.filter(is_active=True)}
    default_account = next(iter(accounts.values()), None)
    partners = {
        p.name.strip(): p for p in PartnerAgency.objects.usable_in(group.village.subdistrict.district_id)
    }
    closed = list(group.fiscal_years.filter(closed_at__isnull=False).values_list("starts_on", "ends_on"))
    good: list[dict[str, Any]] = []
    numbers: list[int] = []  # the file's row number of each good row
    errors: list[RowError] = []
    today = services.today()
    for number, row in enumerate(rows, start=2):
        err = len(errors)
        try:
            day = _date(row.get("date"))
            if day > today:
                errors.append(RowError(number, "วันที่", _("This date is in the future.")))
            elif any(s <= day <= e for s, e in closed):
                errors.append(RowError(number, "วันที่", _("This date is in a closed fiscal year.")))
        except thaidate.NoSuchDate as exc:
            day = today
            errors.append(RowError(number, "วันที่", no_such_date(exc).messages[0]))
        except ValueError:
            day = today
            errors.append(
                RowError(number, "วันที่", _("Enter a date as day/month/year, for example 07/03/2568."))
            )
        kind = KIND_WORDS.get(str(row.get("kind") or "").strip().lower())
        if kind is None:
            errors.append(RowError(number, "รายรับ/รายจ่าย", _("Write รายรับ or รายจ่าย.")))
        category = categories.get((kind or "", str(row.get("category") or "").strip()))
        if kind and category is None:
            errors.append(
                RowError(
                    number, "หมวด", _("Unknown category for this kind; add it in the book settings first.")
                )
            )
        try:
            raw = row.get("amount")
            amount = parse_amount(Decimal(str(raw)) if isinstance(raw, float | int) else str(raw or ""))
            if amount <= 0:
                raise AmountError(_("The amount must be more than zero."))
        except (AmountError, TypeError) as exc:
            amount = Decimal(0)
            errors.append(
                RowError(
                    number,
                    "จำนวนเงิน",
                    str(exc) if isinstance(exc, AmountError) else _("Enter an amount such as 1,250.50"),
                )
            )
        account_name = str(row.get("account") or "").strip()
        account = accounts.get(account_name) if account_name else default_account
        if account is None:
            errors.append(
                RowError(number, "เงินสด/บัญชีธนาคาร", _("Unknown account; add it in the book settings first."))
            )
        partner_name = str(row.get("partner") or "").strip()
        partner = partners.get(partner_name) if partner_name else None
        if partner_name and partner is None:
            errors.append(RowError(number, "ภาคีผู้ให้การสนับสนุน", _("Unknown partner agency in this district.")))
        if (
            category is not None
            and category.role == Category.Role.GRANT
            and partner is None
            and not partner_name
        ):
            errors.append(
                RowError(
                    number,
                    "ภาคีผู้ให้การสนับสนุน",
                    _("A grant or support is linked to the partner agency that gave it."),
                )
            )
        # As long as the books page takes them, never cut short without a word.
        document_no = str(row.get("document_no") or "").strip()
        note = str(row.get("note") or "").strip()
        for column, text, most in (("เลขที่เอกสาร", document_no, DOCUMENT_NO_MAX), ("หมายเหตุ", note, NOTE_MAX)):
            if len(text) > most:
                errors.append(RowError(number, column, too_long(most, len(text))))
        if len(errors) == err:
            numbers.append(number)
            good.append({
                "date": day, "kind": kind, "category": category, "amount": amount, "account": account, "partner": partner,
                "document_no": document_no, "note": note,
            })  # fmt: skip
    _check_opening_dates(group, list(zip(numbers, good, strict=True)), errors)
    _check_balances(list(zip(numbers, good, strict=True)), errors)
    return good, errors


def _check_balances(good: list[tuple[int, dict[str, Any]]], errors: list[RowError]) -> None:
    """The rule of the books page, for a whole file: no expense may leave a cash box or bank account below
    zero on its day or a later one, counting the book's entries and the file's together. The row blamed is
    the latest expense on or before the first day the box goes below zero (that the book alone did not
    already show, so a book once overdrawn on purpose does not refuse every later import). An expense
    that really was paid without the money is recorded on the books page, with its reason."""
    by_account: dict[Any, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for number, row in good:
        by_account[row["account"]].append((number, row))
    for account, rows in by_account.items():
        if not any(row["kind"] == Kind.EXPENSE for _n, row in rows):
            continue
        start = min(row["date"] for _n, row in rows)
        balance, book_net = services.balances_from(account, start)
        file_net: dict[dt.date, Decimal] = defaultdict(Decimal)
        for _n, row in rows:
            file_net[row["date"]] += row["amount"] if row["kind"] == Kind.INCOME else -row["amount"]
        book = together = balance
        for day in sorted(set(book_net) | set(file_net)):
            book += book_net.get(day, Decimal(0))
            together += book_net.get(day, Decimal(0)) + file_net.get(day, Decimal(0))
            if together < 0 and together < book:
                _day, number = max(
                    (row["date"], n) for n, row in rows if row["kind"] == Kind.EXPENSE and row["date"] <= day
                )
                message = _(
                    "This expense leaves %(account)s at ฿%(balance)s on %(date)s: there is not that much money. "
                    "Add the income that paid for it to the file, or record this expense on the books page "
                    "with the reason."
                ) % {
                    "account": account.name,
                    "balance": f"{together:,.2f}",
                    "date": thaidate.format_date(day),
                }
                errors.append(RowError(number, "จำนวนเงิน", message))
                break


# The books page's own limits: the model's columns.
DOCUMENT_NO_MAX = Entry._meta.get_field("document_no").max_length or 0  # type: ignore[union-attr]
NOTE_MAX = Entry._meta.get_field("note").max_length or 0  # type: ignore[union-attr]


def too_long(most: int, n: int) -> str:
    return _("At most %(max)s characters; this has %(n)s.") % {"max": most, "n": n}


def _check_opening_dates(
    group: OccupationGroup, good: list[tuple[int, dict[str, Any]]], errors: list[RowError]
) -> None:
    """A balance brought forward ("ยอดยกมา") is dated on or before the first ordinary entry, in the book
    or in the file (the same rule as one entry typed on the page)."""
    ordinary = [r["date"] for _n, r in good if r["category"].role != Category.Role.OPENING]
    in_book = services.first_ordinary_date(group)
    first = min([*ordinary, *([in_book] if in_book else [])], default=None)
    if first is None:
        return
    for number, row in good:
        if row["category"].role == Category.Role.OPENING and row["date"] > first:
            errors.append(RowError(number, "วันที่", services.opening_too_late(first)))


@transaction.atomic
def write_rows(group: OccupationGroup, rows: list[dict[str, Any]], by: User, filename: str) -> int:
    BookSettings.objects.select_for_update().get(group=group)
    number = (
        Entry.objects.filter(group=group).order_by("-number").values_list("number", flat=True).first() or 0
    )
    years: dict[dt.date, FiscalYear] = {}
    entries = []
    for row in sorted(rows, key=lambda r: r["date"]):
        start, _end = services.year_bounds(group.book_settings.fiscal_start_month, row["date"])
        if start not in years:
            years[start] = services.year_for(group, row["date"], lock=True)
        number += 1
        entries.append(
            {**row, "group": group, "fiscal_year": years[start], "number": number, "recorded_by": by}
        )
    # Every row was checked above; the database's own rules (append-only, unique numbers) still hold.
    insert_rows(Entry, entries)
    total = sum((e["amount"] if e["kind"] == Kind.INCOME else -e["amount"] for e in entries), Decimal(0))
    record_event(
        target=group, verb="bookkeeping.entries.imported", actor=by, group_id=group.pk,
        data={"file": filename, "rows": len(entries), "net": str(total)},
    )  # fmt: skip
    return len(entries)


def import_file(group: OccupationGroup, name: str, content: bytes, by: User) -> ImportResult:
    services.ensure_books(group)
    result = ImportResult()
    try:
        rows = read_rows(name, content)
    except TooLarge as exc:
        result.errors.append(RowError(1, "", str(exc)))
        return result
    except ValueError:  # TableError: the file itself cannot be read
        result.errors.append(
            RowError(1, "", _("The file cannot be read. Save it as .xlsx, or as “CSV UTF-8”."))
        )
        return result
    result.rows = len(rows)
    if not rows:
        result.errors.append(RowError(1, "", _("The file has no rows.")))
        return result
    good, errors = check_rows(group, rows)
    result.errors = errors
    if not errors:
        result.created = write_rows(group, good, by, name)
    return result


@require_http_methods(["GET", "POST"])
def import_view(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.WRITE_BOOKS)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_file(group, upload.name, upload.read(), request.user)
        if not result.errors:
            messages.success(request, _("Imported %(n)s entries.") % {"n": result.created})
            return redirect("books:books", group.pk)
    status = 422 if result and result.errors else 200
    return render(
        request, "bookkeeping/import.html", {"group": group, "form": form, "result": result}, status=status
    )


def template_view(request: AuthedRequest, group_id: int) -> HttpResponse:
    from openpyxl import Workbook

    group, _access = access_group(request.user, group_id, Can.WRITE_BOOKS)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101
    ws.title = "สมุดเงินสด"
    ws.append([th for _key, th in COLUMNS])
    ws.append(
        ["05/01/2568", "รายรับ", "ขายสินค้าและบริการ", "1,250.50", "เงินสด", "RC-001", "ขายน้ำยาล้างจาน 50 ขวด", ""]
    )
    ws.append(["06/01/2568", "รายจ่าย", "ค่าวัตถุดิบ", "430", "เงินสด", "", "หัวเชื้อและขวด", ""])
    names = wb.create_sheet("หมวด")
    names.append(["รายรับ/รายจ่าย", "หมวด"])
    for c in (
        Category.objects.for_group(group)
        .exclude(role=Category.Role.DIVIDEND)
        .exclude(code=OPENING_SHARES, group__isnull=True)
    ):
        names.append(["รายรับ" if c.kind == Kind.INCOME else "รายจ่าย", c.name])
    for column in "ABCDEFGH":
        ws.column_dimensions[column].width = 22
    return xlsx_response(wb, "cashbook-template.xlsx")
