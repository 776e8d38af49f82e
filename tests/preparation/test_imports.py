"""Households, spending and survey answers from CSV or Excel: checked row by row, all or nothing,
and the same file twice doubles nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from sammachip.core.models import AuditEvent
from sammachip.households.models import Household, NeedsAnswer, SpendingLine


def csv_file(rows: list[list[Any]], name: str = "f.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(f'"{"" if c is None else c}"' for c in r) for r in rows)
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list[Any]]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("f.xlsx", out.getvalue())


HOUSEHOLDS: list[list[Any]] = [
    ["หมู่บ้าน", "บ้านเลขที่", "หัวหน้าครัวเรือน", "จำนวนสมาชิก", "รหัส จปฐ."],
    ["ม.2 บ้านสากอ", "10", "นางมาลี ใจดี", "4", ""],
    ["บ้านสากอ", "11", "นายดำ ขยัน", "๓", "J-11"],
    ["ม.2 บ้านสากอ", 12, "นางแดง", None, None],
]


def test_households_from_excel_twice_changes_nothing(client_for, officer, village) -> None:
    c = client_for(officer)
    r = c.post("/districts/9611/households/import/", {"file": xlsx_file(HOUSEHOLDS), "consent": "on"})
    assert r.status_code == 302
    assert sorted(Household.objects.values_list("house_no", "member_count", "jpt_code")) == [
        ("10", 4, ""), ("11", 3, "J-11"), ("12", 1, ""),
    ]  # fmt: skip
    r = c.post(
        "/districts/9611/households/import/", {"file": xlsx_file(HOUSEHOLDS), "consent": "on"}, follow=True
    )
    assert "มีอยู่แล้ว 3" in r.content.decode()
    assert Household.objects.count() == 3
    assert AuditEvent.objects.filter(verb="households.households.imported").count() == 2


def test_a_bad_household_row_refuses_the_whole_file(client_for, officer, village) -> None:
    rows = HOUSEHOLDS + [
        ["ม.9 บ้านไม่มี", "1", "x", "1", ""],
        ["ม.2 บ้านสากอ", "10", "ซ้ำ", "2", ""],
        ["ม.2 บ้านสากอ", "13", "", "1", ""],
    ]
    r = client_for(officer).post(
        "/districts/9611/households/import/", {"file": csv_file(rows), "consent": "on"}
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "ไม่พบหมู่บ้านนี้ในอำเภอ" in body and "บ้านหลังนี้ซ้ำกับแถวที่ 2" in body and "กรอกชื่อหัวหน้าครัวเรือน" in body
    errors = r.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(5, "หมู่บ้าน"), (6, "บ้านเลขที่"), (7, "หัวหน้าครัวเรือน")]
    assert not Household.objects.exists()


def test_spending_import_accepts_thai_formats_and_never_doubles(client_for, officer, forum, houses) -> None:
    rows: list[list[Any]] = [
        ["บ้านเลขที่", "เดือน", "รายการ", "จำนวนเงิน"],
        ["1/1", "10/2569", "น้ำยาล้างจาน", "1,250.50"],
        ["1/1", "ก.ย. 2569", "น้ำยาล้างจาน", "๑๒๐"],
        ["2/1", "2026-10", "ข้าวสาร", "800"],
    ]
    c = client_for(officer)
    assert c.post(f"/forums/{forum.pk}/import/", {"file": csv_file(rows)}).status_code == 302
    assert c.post(f"/forums/{forum.pk}/import/", {"file": csv_file(rows)}).status_code == 302
    assert SpendingLine.objects.count() == 3
    assert SpendingLine.objects.aggregate(s=Sum("amount"))["s"] == Decimal("2170.50")
    forum.refresh_from_db()
    assert (forum.household_count, forum.month_count, forum.total) == (2, 2, Decimal("2170.50"))
    rows[3][3] = "900"  # a corrected figure replaces, it is not added
    assert c.post(f"/forums/{forum.pk}/import/", {"file": xlsx_file(rows)}).status_code == 302
    assert SpendingLine.objects.get(item__name="ข้าวสาร").amount == Decimal("900.00")


def test_spending_import_refuses_wrong_rows_and_broken_files(client_for, officer, forum, houses) -> None:
    c = client_for(officer)
    rows = [
        ["บ้านเลขที่", "เดือน", "รายการ", "จำนวนเงิน"],
        ["1/1", "10/2569", "น้ำยาล้างจาน", "100"],
        ["99", "10/2569", "ของแปลก", "-5"],
        ["1/1", "เดือนหน้า", "ข้าวสาร", "1.005"],
        ["1/1", "10/2569", "น้ำยาล้างจาน", "100"],
    ]
    r = c.post(f"/forums/{forum.pk}/import/", {"file": csv_file(rows)})
    assert r.status_code == 422
    got = [(e.row, e.column) for e in r.context["result"].errors]
    assert got == [
        (3, "บ้านเลขที่"),
        (3, "รายการ"),
        (3, "จำนวนเงิน"),
        (4, "เดือน"),
        (4, "จำนวนเงิน"),
        (5, "รายการ"),
    ]
    assert not SpendingLine.objects.exists()
    r = c.post(
        f"/forums/{forum.pk}/import/", {"file": SimpleUploadedFile("x.csv", "บ้าน,เดือน".encode("cp874"))}
    )
    assert r.status_code == 422 and "CSV UTF-8" in r.content.decode()
    r = c.post(f"/forums/{forum.pk}/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert r.status_code == 422 and "อ่านไฟล์นี้ไม่ได้" in r.content.decode()
    r = c.post(f"/forums/{forum.pk}/import/", {"file": csv_file([["บ้านเลขที่", "จำนวนเงิน"], ["1/1", "5"]])})
    assert r.status_code == 422 and "ไม่พบคอลัมน์เหล่านี้: เดือน, รายการ" in r.content.decode()
    assert not SpendingLine.objects.exists()


def test_survey_import(client_for, officer, village, houses) -> None:
    rows = [
        ["บ้านเลขที่", "อาชีพที่ต้องการ", "จำนวนคนที่ต้องการ", "ทักษะที่มี", "ชั่วโมงต่อสัปดาห์", "วันที่สำรวจ"],
        ["1/1", "ทำน้ำยาล้างจานและสบู่สมุนไพร", "2", "ทำสบู่", "6", "15/10/2569"],
        ["2/1", "ทำน้ำยาล้างจานและสบู่สมุนไพร", "", "", "", ""],
    ]
    c = client_for(officer)
    assert c.post(f"/villages/{village.pk}/survey/import/", {"file": csv_file(rows)}).status_code == 302
    assert c.post(f"/villages/{village.pk}/survey/import/", {"file": csv_file(rows)}).status_code == 302
    assert NeedsAnswer.objects.count() == 2
    bad = rows + [["3/1", "ดำน้ำ", "0", "", "200", "01/01/2599"]]
    r = c.post(f"/villages/{village.pk}/survey/import/", {"file": csv_file(bad)})
    assert r.status_code == 422
    assert [e.column for e in r.context["result"].errors] == [
        "อาชีพที่ต้องการ",
        "จำนวนคนที่ต้องการ",
        "ชั่วโมงต่อสัปดาห์",
        "วันที่สำรวจ",
    ]
    assert NeedsAnswer.objects.count() == 2


def test_templates_download_with_thai_headers(client_for, officer) -> None:
    r = client_for(officer).get("/import-templates/spending.csv")
    assert r.content.decode("utf-8-sig").splitlines()[0] == "บ้านเลขที่,เดือน,รายการ,จำนวนเงิน"
    assert client_for(officer).get("/import-templates/nothing.csv").status_code == 404


def test_households_outside_ones_posting_are_refused(client_for, village) -> None:
    """An officer posted to another subdistrict of the district imports into a village she cannot open."""
    from sammachip.places.models import District
    from tests.conftest import _staff

    here = District.objects.get(code="9611")
    colleague = _staff("o-961101", "officer", here, here.province_id)
    colleague.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
    c = client_for(colleague)
    assert c.get(f"/villages/{village.pk}/").status_code == 404
    r = c.post("/districts/9611/households/import/", {"file": xlsx_file(HOUSEHOLDS), "consent": "on"})
    assert r.status_code == 422 and "นอกพื้นที่" in r.content.decode()
    assert not Household.objects.exists()
    # nor can she add a village there: her form offers only her own subdistricts
    page = c.get("/places/districts/9611/")
    assert list(page.context["form"].fields["subdistrict"].queryset.values_list("code", flat=True)) == [
        "961101"
    ]
    r = c.post("/places/districts/9611/", {"subdistrict": village.subdistrict_id, "moo": 7, "name": "บ้านใหม่"})
    assert r.status_code in (200, 422) and not village.subdistrict.villages.filter(moo=7).exists()
    api = c.post("/api/v1/places/districts/9611/villages", {"subdistrict_code": "961104", "moo": 7, "name": "x"},
                 content_type="application/json")  # fmt: skip
    assert api.status_code == 422 and not village.subdistrict.villages.filter(moo=7).exists()
