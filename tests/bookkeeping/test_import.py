"""Importing a cash book from Excel or CSV: good, messy and broken files; all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sammachip.bookkeeping.models import Entry
from sammachip.core.models import AuditEvent

HEAD = [
    "วันที่",
    "รายรับ/รายจ่าย",
    "หมวด",
    "จำนวนเงิน",
    "เงินสด/บัญชีธนาคาร",
    "เลขที่เอกสาร",
    "หมายเหตุ",
    "ภาคีผู้ให้การสนับสนุน",
]


def xlsx(rows: list[list]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("cash.xlsx", out.getvalue())


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("cash.csv", ("\ufeff" + ",".join(HEAD) + "\n" + text).encode("utf-8"))


def test_template_downloads_with_thai_columns(client_for, treasurer, group) -> None:
    r = client_for(treasurer).get(f"/groups/{group.pk}/books/import/template.xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]] == HEAD


def test_good_excel_file_imports_every_row(client_for, treasurer, group, cash) -> None:
    import datetime as dt

    rows: list[list] = [
        ["05/01/2568", "รายรับ", "ขายสินค้าและบริการ", "1,250.50", "เงินสด", "RC-1", "ขาย", ""],
        [dt.date(2025, 1, 6), "รายจ่าย", "ค่าวัตถุดิบ", 430, "", "", "", ""],
        ["๐๗/๐๑/๒๕๖๘", "รายรับ", "ขายสินค้าและบริการ", "๑๐๐", "เงินสด", "", "", ""],
    ]
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/import/", {"file": xlsx(rows)})
    assert r.status_code == 302
    amounts = list(Entry.objects.filter(group=group).order_by("number").values_list("amount", flat=True))
    assert amounts == [Decimal("1250.50"), Decimal("430.00"), Decimal("100.00")]
    assert AuditEvent.objects.filter(verb="bookkeeping.entries.imported", data__rows=3).exists()
    # Every column as the books' own form writes it: numbered in date order, the year, who and when.
    first, second, third = Entry.objects.filter(group=group).order_by("number").select_related("category")
    assert [e.number for e in (first, second, third)] == [1, 2, 3]
    assert (first.date, first.kind, first.category.code, first.document_no, first.note) == (
        dt.date(2025, 1, 5), "income", "sales", "RC-1", "ขาย",
    )  # fmt: skip
    assert (second.kind, second.category.code, second.document_no, second.note) == (
        "expense",
        "raw_materials",
        "",
        "",
    )
    assert {e.account_id for e in (first, second, third)} == {cash.pk}
    assert {e.recorded_by_id for e in (first, second, third)} == {treasurer.pk}
    assert all(e.fiscal_year.starts_on <= e.date <= e.fiscal_year.ends_on for e in (first, second, third))
    assert all(
        e.recorded_at is not None and e.partner_id is None and e.membership_id is None
        for e in (first, second, third)
    )
    assert all(e.reverses_id is None and not e.receipt_photo for e in (first, second, third))


def test_broken_rows_are_listed_by_row_and_column_and_nothing_is_saved(
    client_for, treasurer, group, cash
) -> None:
    text = (
        "05/01/2568,รายรับ,ขายสินค้าและบริการ,100,เงินสด,,,\n"
        "31/02/2568,รายรับ,ขายสินค้าและบริการ,100,เงินสด,,,\n"
        "06/01/2568,รายได้,ขายสินค้าและบริการ,100,เงินสด,,,\n"
        "06/01/2568,รายจ่าย,ไม่มีหมวดนี้,100,เงินสด,,,\n"
        "06/01/2568,รายจ่าย,ค่าวัตถุดิบ,1.005,เงินสด,,,\n"
        "06/01/2568,รายรับ,เงินอุดหนุนหรือสนับสนุนจากภาคี,500,เงินสด,,,\n"
        "06/01/2568,รายจ่าย,ค่าวัตถุดิบ,50,ธนาคารที่ไม่มี,,,\n"
    )
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/import/", {"file": csv_file(text)})
    assert r.status_code == 422
    errors = [(e.row, e.column) for e in r.context["result"].errors]
    assert errors == [
        (3, "วันที่"), (4, "รายรับ/รายจ่าย"), (5, "หมวด"), (6, "จำนวนเงิน"), (7, "ภาคีผู้ให้การสนับสนุน"), (8, "เงินสด/บัญชีธนาคาร"),
    ]  # fmt: skip
    assert "สองตำแหน่ง" in r.content.decode()
    assert "กุมภาพันธ์ 2568 มี 28 วัน ไม่มีวันที่ 31" in r.content.decode()  # typed right, but no such day
    assert not Entry.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client_for, treasurer, group) -> None:
    bad = SimpleUploadedFile("cash.xlsx", b"not really a workbook")
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/import/", {"file": bad})
    assert r.status_code == 422 and "อ่านไฟล์ไม่ได้" in r.content.decode()
    pdf = SimpleUploadedFile("cash.pdf", b"%PDF-1.4")
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/import/", {"file": pdf})
    assert r.status_code == 200 and "file" in r.context["form"].errors


def test_rows_in_a_closed_year_are_refused(client_for, treasurer, year_2025, group) -> None:
    from sammachip.bookkeeping import services

    services.close_year(year=year_2025, by=treasurer)
    before = Entry.objects.count()
    r = client_for(treasurer).post(
        f"/groups/{group.pk}/books/import/",
        {"file": csv_file("05/06/2568,รายรับ,ขายสินค้าและบริการ,100,เงินสด,,,\n")},
    )
    assert r.status_code == 422 and Entry.objects.count() == before


def test_member_cannot_import(client_for, member, group, cash) -> None:
    r = client_for(member).post(
        f"/groups/{group.pk}/books/import/",
        {"file": csv_file("05/01/2568,รายรับ,ขายสินค้าและบริการ,100,เงินสด,,,\n")},
    )
    assert r.status_code == 404 and not Entry.objects.exists()


def test_a_ledger_opening_with_its_balance_brought_forward(client_for, treasurer, group, cash) -> None:
    c = client_for(treasurer)
    late = [
        ["05/01/2568", "รายรับ", "ขายสินค้าและบริการ", "200", "เงินสด", "", "", ""],
        ["06/01/2568", "รายรับ", "ยอดยกมา", "3,000", "เงินสด", "", "", ""],
        ["06/01/2568", "รายรับ", "ค่าหุ้นสมาชิกยกมา", "100", "เงินสด", "", "", ""],
    ]
    r = c.post(f"/groups/{group.pk}/books/import/", {"file": xlsx(late)})
    body = r.content.decode()
    assert r.status_code == 422 and Entry.objects.count() == 0
    assert "ยอดยกมาต้องลงวันที่ไม่ช้ากว่ารายการแรก" in body  # row 3: after the sale of row 2
    # shares brought forward name a member, which a cash book has no column for: typed on the page instead
    errors = {(e.row, e.column) for e in r.context["result"].errors}
    assert (3, "วันที่") in errors and (4, "หมวด") in errors, errors
    good = [["01/01/2568", "รายรับ", "ยอดยกมา", "3,000", "เงินสด", "", "", ""], late[0]]
    assert c.post(f"/groups/{group.pk}/books/import/", {"file": xlsx(good)}).status_code == 302
    roles = sorted(Entry.objects.values_list("category__role", "amount"))
    assert roles == [("opening", Decimal("3000.00")), ("sales", Decimal("200.00"))]


def test_an_expense_the_box_cannot_pay_is_refused_on_its_row_and_nothing_is_saved(
    client_for, treasurer, group, cash
) -> None:
    """The books page's rule for a whole file: the book's entries and the file's together never leave the
    cash box below zero; the row blamed is the expense that took it there."""
    import datetime as dt

    from sammachip.bookkeeping import services
    from tests.bookkeeping.conftest import category

    services.record_entry(
        group=group, by=treasurer, date=dt.date(2025, 1, 10), kind="income", category=category("income", "sales"),
        amount=Decimal("1250.50"), account=cash,
    )  # fmt: skip
    c = client_for(treasurer)
    url = f"/groups/{group.pk}/books/import/"
    # 1,000.20 + 250.31 is one satang more than the 1,250.50 in the box
    text = '11/01/2568,รายจ่าย,ค่าวัตถุดิบ,"1,000.20",เงินสด,,,\n12/01/2568,รายจ่าย,ค่าวัตถุดิบ,250.31,เงินสด,,,\n'
    r = c.post(url, {"file": csv_file(text)})
    assert r.status_code == 422
    errors = [(e.row, e.column, e.message) for e in r.context["result"].errors]
    assert [(row, column) for row, column, _m in errors] == [(3, "จำนวนเงิน")]
    assert "เงินสด เหลือ ฿-0.01 ในวันที่ 12 ม.ค. 2568" in errors[0][2]
    assert "เหลือ ฿-0.01" in r.content.decode()
    assert Entry.objects.filter(group=group).count() == 1

    # exactly what is there: accepted
    r = c.post(url, {"file": csv_file(text.replace("250.31", "250.30"))})
    assert r.status_code == 302
    assert services.lowest_balance_from(cash, dt.date(2025, 1, 10)) == Decimal("0.00")


def test_the_file_is_read_in_date_order_and_an_earlier_expense_cannot_spend_later_income(
    client_for, treasurer, group, cash
) -> None:
    c = client_for(treasurer)
    url = f"/groups/{group.pk}/books/import/"
    # the expense is first in the file but dated after the income: it is paid
    ok = "06/01/2568,รายจ่าย,ค่าวัตถุดิบ,430,เงินสด,,,\n05/01/2568,รายรับ,ขายสินค้าและบริการ,500,เงินสด,,,\n"
    assert c.post(url, {"file": csv_file(ok)}).status_code == 302
    assert Entry.objects.filter(group=group).count() == 2
    # 70 left; an expense of 100 dated before a later sale of 1,000 still has no money on its day
    late = "07/01/2568,รายจ่าย,ค่าวัตถุดิบ,100,เงินสด,,,\n08/01/2568,รายรับ,ขายสินค้าและบริการ,1000,เงินสด,,,\n"
    r = c.post(url, {"file": csv_file(late)})
    assert r.status_code == 422
    assert [(e.row, e.column) for e in r.context["result"].errors] == [(2, "จำนวนเงิน")]
    assert "฿-30.00" in r.context["result"].errors[0].message
    assert Entry.objects.filter(group=group).count() == 2


def test_a_note_or_document_number_longer_than_the_books_take_is_refused_not_cut(
    client_for, treasurer, group, cash
) -> None:
    """The books page takes a note of 300 characters and a document number of 50; the import once cut
    longer ones short without a word."""
    url = f"/groups/{group.pk}/books/import/"
    c = client_for(treasurer)
    text = f"05/01/2568,รายรับ,ขายสินค้าและบริการ,100,เงินสด,{'ก' * 51},{'ข' * 301},\n"
    r = c.post(url, {"file": csv_file(text)})
    assert r.status_code == 422
    assert [(e.row, e.column) for e in r.context["result"].errors] == [(2, "เลขที่เอกสาร"), (2, "หมายเหตุ")]
    assert "ยาวได้ไม่เกิน 300 ตัวอักษร ช่องนี้มี 301 ตัวอักษร" in r.content.decode()
    assert not Entry.objects.exists()
    exact = f"05/01/2568,รายรับ,ขายสินค้าและบริการ,100,เงินสด,{'ก' * 50},{'ข' * 300},\n"
    assert c.post(url, {"file": csv_file(exact)}).status_code == 302
    entry = Entry.objects.get()
    assert (len(entry.document_no), len(entry.note)) == (50, 300)


def test_an_amount_of_forty_digits_is_refused_on_its_row(client_for, treasurer, group, cash) -> None:
    text = f"05/01/2568,รายรับ,ขายสินค้าและบริการ,{'1' * 40},เงินสด,,,\n"
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/import/", {"file": csv_file(text)})
    assert r.status_code == 422
    assert [(e.row, e.column) for e in r.context["result"].errors] == [(2, "จำนวนเงิน")]
    assert "มากเกินไป" in r.content.decode()
    assert not Entry.objects.exists()
