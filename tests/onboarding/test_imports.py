"""Bringing a district's existing records in: upload, column matching, preview with reasons per row and
column, correcting a refused row, all-or-nothing confirm, and the same file twice changing nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sammachip.bookkeeping.models import WorkRecord
from sammachip.core.models import AuditEvent
from sammachip.groups.models import Charter, CommitteeSeat, Membership, OccupationGroup
from sammachip.onboarding.models import ImportBatch
from sammachip.places.models import Village
from tests.conftest import make_national_id


def xlsx(rows: list[list], name: str = "sheet.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(c, kind: str, file: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    r = c.post("/districts/9611/imports/", {"kind": kind, "file": file})
    assert r.status_code == 302, r.content.decode()[:3000]
    return ImportBatch.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))


def outcome(batch: ImportBatch, row: int) -> dict:
    batch.refresh_from_db()
    return next(r for r in batch.preview["rows"] if r["row"] == row)


def test_groups_from_the_offices_own_sheet(client_for, officer, village, occupation) -> None:
    c = client_for(officer)
    future = (timezone.localdate() + dt.timedelta(days=30)).strftime("%d/%m/") + str(
        timezone.localdate().year + 543
    )
    file = xlsx([
        ["ลำดับ", "กลุ่มอาชีพ", "ตำบลที่ตั้ง", "หมู่", "ประเภทอาชีพ", "ปีที่ตั้งกลุ่ม"],
        [1, "กลุ่มจักสานกระจูด", "961104", "หมู่ 2", "จักสาน", dt.datetime(2023, 3, 1)],
        [2, "กลุ่มขนมพื้นบ้าน", "961104", "บ้านสากอ", occupation.name, "15/06/2565"],
        [3, "กลุ่มปลาแห้ง", "961104", "2", "แปรรูปปลา", future],
    ])  # fmt: skip
    batch = upload(c, "groups", file)
    # "ปีที่ตั้งกลุ่ม" and "ตำบลที่ตั้ง" are the office's own names: the officer matches them
    assert batch.status == "mapping" and "founded_on" not in batch.mapping
    page = c.get(f"/imports/{batch.pk}/")
    assert "ปีที่ตั้งกลุ่ม" in page.content.decode() and OccupationGroup.objects.count() == 0
    r = c.post(f"/imports/{batch.pk}/", {"action": "mapping", "map_name": "1", "map_subdistrict": "2",
                                          "map_village": "3", "map_occupation": "4", "map_founded_on": "5"})  # fmt: skip
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.preview["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "refused": 1}
    bad = outcome(batch, 4)
    assert bad["column"] == "founded_on" and "ยังมาไม่ถึง" in bad["message"]
    assert OccupationGroup.objects.count() == 0  # the preview saved nothing
    # confirming while a row is refused saves nothing
    r = c.post(f"/imports/{batch.pk}/", {"action": "confirm"})
    assert r.status_code == 422 and OccupationGroup.objects.count() == 0
    # the officer corrects the row on the page
    r = c.post(f"/imports/{batch.pk}/", {"action": "fix", "row": "4", "cell_name": "กลุ่มปลาแห้ง",
                                          "cell_subdistrict": "961104", "cell_village": "2",
                                          "cell_occupation": "แปรรูปปลา", "cell_founded_on": "01/02/2567"})  # fmt: skip
    assert r.status_code == 302 and outcome(batch, 4)["action"] == "created"
    r = c.post(f"/imports/{batch.pk}/", {"action": "confirm"})
    assert r.status_code == 302
    groups = {g.name: g for g in OccupationGroup.objects.select_related("occupation")}
    assert set(groups) == {"กลุ่มจักสานกระจูด", "กลุ่มขนมพื้นบ้าน", "กลุ่มปลาแห้ง"}
    assert groups["กลุ่มปลาแห้ง"].founded_on == dt.date(2024, 2, 1) and groups["กลุ่มปลาแห้ง"].village == village
    assert groups["กลุ่มจักสานกระจูด"].occupation.name == "จักสาน"
    assert AuditEvent.objects.filter(verb="onboarding.import.confirmed").count() == 1
    # the same file (corrected) again: every row already there, nothing changes
    file2 = xlsx([
        ["ชื่อกลุ่ม", "ตำบล", "หมู่บ้าน", "อาชีพ", "วันที่ก่อตั้ง"],
        ["กลุ่มจักสานกระจูด", "961104", "หมู่ 2", "จักสาน", "01/03/2566"],
        ["กลุ่มปลาแห้ง", "961104", "2", "แปรรูปปลา", "01/02/2567"],
    ])  # fmt: skip
    again = upload(c, "groups", file2)
    assert again.status == "preview" and again.preview["counts"]["unchanged"] == 2
    assert c.post(f"/imports/{again.pk}/", {"action": "confirm"}).status_code == 302
    assert OccupationGroup.objects.count() == 3
    assert c.post(f"/imports/{again.pk}/", {"action": "confirm"}).status_code == 422  # done is done


def test_members_refused_rows_say_why_and_nothing_is_half_saved(client_for, officer, group) -> None:
    c = client_for(officer)
    good, twice = make_national_id(900001), make_national_id(900002)
    bad_id = good[:-1] + str((int(good[-1]) + 1) % 10)
    rows = [
        ["ชื่อกลุ่ม", "ชื่อ-นามสกุล", "เลขบัตรประชาชน", "เบอร์โทร", "วันที่สมัคร", "ผู้ก่อตั้ง"],
        [group.name, "นางสมศรี ใจงาม", good, "081-234-5678", "15/01/2567", "ใช่"],
        [group.name, "นายสมชาย ขยัน", bad_id, "", "15/01/2567", ""],
        ["กลุ่มที่ไม่มี", "นางสาวมาลี ดี", twice, "", "15/01/2567", ""],
        [group.name, "นางมณี ศรี", twice, "12345", "15/01/2567", ""],
    ]
    batch = upload(c, "members", xlsx(rows))
    counts = batch.preview["counts"]
    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "refused": 3}, batch.preview
    assert outcome(batch, 3)["column"] == "national_id" and "ไม่ถูกต้อง" in outcome(batch, 3)["message"]
    assert outcome(batch, 4)["column"] == "group"
    assert outcome(batch, 5)["column"] == "phone"
    page = c.get(f"/imports/{batch.pk}/").content.decode()
    assert "เลขประจำตัวประชาชน" in page and "ไม่ถูกต้อง" in page and 'id="confirm"' not in page
    before = Membership.objects.count()
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 422
    assert Membership.objects.count() == before
    fixed = [rows[0], rows[1], [group.name, "นายสมชาย ขยัน", "", "", "15/01/2567", ""],
             [group.name, "นางมณี ศรี", twice, "0812345679", "15/01/2567", ""]]  # fmt: skip
    batch = upload(c, "members", xlsx(fixed))
    assert batch.preview["counts"]["refused"] == 0
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    somsri = Membership.objects.get(group=group, person__national_id=good)
    assert (somsri.person.title, somsri.person.first_name, somsri.person.phone, somsri.is_founding) == (
        "นาง",
        "สมศรี",
        "0812345678",
        True,
    )
    assert Membership.objects.count() == before + 3
    # a new phone number in the next sheet is an update; everything else is already there
    fixed[1] = [group.name, "นางสมศรี ใจงาม", good, "0899999999", "15/01/2567", "ใช่"]
    batch = upload(c, "members", xlsx(fixed))
    assert batch.preview["counts"] == {"created": 0, "updated": 1, "unchanged": 2, "refused": 0}


def test_committee_two_chairs_refused_then_confirmed(client_for, officer, group) -> None:
    c = client_for(officer)
    first, second = group.memberships.order_by("number")[:2]
    rows = [
        ["ชื่อกลุ่ม", "ตำแหน่ง", "เลขประจำตัวประชาชน", "วันที่เริ่ม"],
        [group.name, "ประธาน", first.person.national_id, "15/01/2567"],
        [group.name, "ประธานกลุ่ม", second.person.national_id, "15/01/2567"],
        [group.name, "เหรัญญิก", second.person.national_id, "15/01/2567"],
        [group.name, "นักร้อง", second.person.national_id, "15/01/2567"],
    ]
    batch = upload(c, "committee", xlsx(rows))
    assert "ประธาน" in outcome(batch, 3)["message"] and outcome(batch, 3)["column"] == "role"
    assert outcome(batch, 5)["column"] == "role" and outcome(batch, 4)["action"] == "created"
    assert CommitteeSeat.objects.count() == 0
    del rows[2]
    rows.pop()
    batch = upload(c, "committee", xlsx(rows))
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    assert set(CommitteeSeat.objects.values_list("role", "membership_id")) == {
        ("chair", first.pk),
        ("treasurer", second.pk),
    }
    assert upload(c, "committee", xlsx(rows)).preview["counts"]["unchanged"] == 2


def test_charter_settings_adopted_and_checked(client_for, officer, group) -> None:
    c = client_for(officer)
    header = ["ชื่อกลุ่ม", "วันที่รับรอง", "ทุนสำรอง %", "ปันผลตามงาน %", "กองทุนอื่น", "นับงานเป็น", "กฎของกลุ่ม"]
    wrong = [group.name, "01/02/2567", "10", "60", "สวัสดิการ 10", "ชั่วโมง", "ประชุมทุกเดือน"]
    batch = upload(c, "charters", xlsx([header, wrong]))
    assert outcome(batch, 2)["column"] == "reserve_percent" and "100" in outcome(batch, 2)["message"]
    right = [
        group.name,
        "01/02/2567",
        "10",
        "60",
        "สวัสดิการ 20; กรรมการ 10",
        "ชั่วโมง",
        "ประชุมทุกเดือน; ขาด 3 ครั้งพ้นสภาพ",
    ]
    batch = upload(c, "charters", xlsx([header, right]))
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    charter = Charter.objects.get(group=group, status="adopted")
    assert charter.adopted_on == dt.date(2024, 2, 1) and charter.dividend_percent == Decimal(60)
    assert [(f.name, f.percent) for f in charter.funds.all()] == [("สวัสดิการ", 20), ("กรรมการ", 10)]
    assert [r.text for r in charter.rules.filter(standing_key=None)] == ["ประชุมทุกเดือน", "ขาด 3 ครั้งพ้นสภาพ"]
    assert charter.rules.exclude(standing_key=None).exists()  # the standing rules are always there
    assert upload(c, "charters", xlsx([header, right])).preview["counts"]["unchanged"] == 1


def test_work_records_from_the_paper_ledger(client_for, officer, group) -> None:
    c = client_for(officer)
    m = group.memberships.order_by("number")[0]
    rows = [
        ["ชื่อกลุ่ม", "เลขประจำตัวประชาชน", "งาน", "วันที่", "จำนวน"],
        [group.name, m.person.national_id, "ผลิตน้ำยา", "03/03/2568", "4"],
        [group.name, m.person.national_id, "ผลิตน้ำยา", "04/03/2568", "สี่"],
    ]
    batch = upload(c, "work", xlsx(rows))
    assert outcome(batch, 3)["column"] == "quantity"
    rows[2][4] = "2.5"
    batch = upload(c, "work", xlsx(rows))
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    assert sorted(WorkRecord.objects.values_list("quantity", "status")) == [
        (Decimal("2.50"), "confirmed"),
        (Decimal("4.00"), "confirmed"),
    ]
    assert upload(c, "work", xlsx(rows)).preview["counts"]["unchanged"] == 2


def test_villages_import_and_broken_files(client_for, officer, sungai_padi) -> None:
    c = client_for(officer)
    batch = upload(c, "villages", xlsx([["ตำบล", "หมู่ที่", "ชื่อหมู่บ้าน"], ["961104", "๓", "บ้านใหม่"],
                                         ["961104", "3", "บ้านใหม่"]]))  # fmt: skip
    assert outcome(batch, 3)["column"] == "moo"
    batch = upload(c, "villages", xlsx([["ตำบล", "หมู่ที่", "ชื่อหมู่บ้าน"], ["961104", "๓", "บ้านใหม่"]]))
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    assert Village.objects.get(moo=3).name == "บ้านใหม่"
    for name, content in [("a.csv", "ตำบล,หมู่ที่\n".encode("cp874")), ("a.xlsx", b"PK\x03\x04 broken"),
                          ("a.csv", b""), ("a.csv", "ตำบล,หมู่ที่,ชื่อหมู่บ้าน\n,,\n".encode())]:  # fmt: skip
        r = c.post(
            "/districts/9611/imports/", {"kind": "villages", "file": SimpleUploadedFile(name, content)}
        )
        assert r.status_code == 422 and 'class="error"' in r.content.decode()
    assert ImportBatch.objects.count() == 2


def test_templates_checklist_and_outsiders(
    client_for, officer, district_head, other_district_officer, outsider, chair, member, group
) -> None:
    c = client_for(officer)
    wb = load_workbook(io.BytesIO(c.get("/districts/9611/imports/template-members.xlsx").content))
    header = [cell.value for cell in wb.active[1]]
    assert "ชื่อกลุ่ม *" in header and "เลขประจำตัวประชาชน" in header and wb.active.max_row == 2
    page = c.get("/districts/9611/start/")
    steps = {s["key"]: s for s in page.context["steps"]}
    assert steps["villages"]["done"] and steps["groups"]["done"] and not steps["charters"]["done"]
    assert (
        steps["committee"]["of"] == 1
        and 'href="/districts/9611/imports/?kind=committee"' in page.content.decode()
    )
    batch = upload(c, "groups", xlsx([["ชื่อกลุ่ม", "หมู่บ้าน", "อาชีพ", "วันที่ก่อตั้ง"], ["ก", "2", "x", "01/01/2567"]]))
    assert client_for(district_head).get(f"/imports/{batch.pk}/").status_code == 200
    for user in (other_district_officer, outsider, chair, member):
        other = client_for(user)
        for url in ("/districts/9611/start/", "/districts/9611/imports/", f"/imports/{batch.pk}/",
                    "/districts/9611/imports/template-groups.xlsx"):  # fmt: skip
            assert other.get(url).status_code == 404, (user, url)
        assert other.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 404
    assert not OccupationGroup.objects.filter(name="ก").exists()


def test_opening_balances_brought_forward(client_for, officer, group) -> None:
    from sammachip.bookkeeping import services as books
    from sammachip.bookkeeping.models import Category, Entry, MoneyAccount

    c = client_for(officer)
    m1, m2 = group.memberships.order_by("number")[:2]
    books.ensure_books(group)
    cash = group.money_accounts.get()
    # the group has already recorded its first sale here on 10/01/2568
    books.record_entry(
        group=group, by=officer, date=dt.date(2025, 1, 10), kind="income", amount=Decimal("100.00"),
        category=Category.objects.get(group__isnull=True, code="sales"), account=cash,
    )  # fmt: skip
    header = ["ชื่อกลุ่ม", "ณ วันที่", "บัญชี", "ยอดคงเหลือ", "ธนาคาร", "เลขบัญชี", "เลขบัตรประชาชน"]
    rows = [
        header,
        [group.name, "31/12/2567", cash.name, "12,500.00", "", "", ""],
        [group.name, "31/12/2567", "ออมทรัพย์ ธ.ก.ส.", "40000", "ธ.ก.ส.", "020-1-23456-7", ""],
        [group.name, "31/12/2567", "ออมทรัพย์ ธ.ก.ส.", "500", "", "", m1.person.national_id],
        [group.name, "31/12/2567", cash.name, "-5", "", "", m2.person.national_id],
        [group.name, "15/01/2568", "เงินสดย่อย", "300", "", "", ""],
        [group.name, "31/12/2567", cash.name, "1", "", "", ""],
    ]
    batch = upload(c, "opening", xlsx(rows))
    assert batch.status == "preview", batch.mapping
    assert batch.preview["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "refused": 3}
    assert outcome(batch, 5)["column"] == "amount"
    late = outcome(batch, 6)
    assert late["column"] == "as_of" and "รายการแรก" in late["message"], late
    assert outcome(batch, 7)["column"] == "amount" and "แถว 2" in outcome(batch, 7)["message"]
    assert not MoneyAccount.objects.filter(name="ออมทรัพย์ ธ.ก.ส.").exists()  # the preview saved nothing
    fixed = rows[:4] + [[group.name, "31/12/2567", cash.name, "250", "", "", m2.person.national_id]]
    batch = upload(c, "opening", xlsx(fixed))
    assert batch.preview["counts"]["refused"] == 0
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    bank = MoneyAccount.objects.get(group=group, name="ออมทรัพย์ ธ.ก.ส.")
    assert (bank.type, bank.bank, bank.number) == ("bank", "ธ.ก.ส.", "020-1-23456-7")
    held = {b["name"]: b["balance"] for b in books.balances(group, dt.date(2025, 1, 10))}
    assert held == {cash.name: Decimal("12850.00"), bank.name: Decimal("40500.00")}
    assert books.capital_by_member(group, dt.date(2025, 1, 10)) == {
        m1.pk: Decimal("500.00"),
        m2.pk: Decimal("250.00"),
    }
    # the same file again changes nothing; a corrected amount reverses the old one and records the new
    assert upload(c, "opening", xlsx(fixed)).preview["counts"]["unchanged"] == 4
    fixed[1][3] = "12,000.00"
    batch = upload(c, "opening", xlsx(fixed))
    assert batch.preview["counts"] == {"created": 0, "updated": 1, "unchanged": 3, "refused": 0}
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    held = {b["name"]: b["balance"] for b in books.balances(group, dt.date(2025, 1, 10))}
    assert held[cash.name] == Decimal("12350.00")
    opening = Entry.objects.filter(group=group, category__code="opening_balance", account=cash)
    assert sorted(opening.values_list("amount", flat=True)) == [Decimal("-12500.00"), Decimal("12000.00"),
                                                                Decimal("12500.00")]  # fmt: skip
    checklist = {s["key"]: s for s in c.get("/districts/9611/start/").context["steps"]}
    assert checklist["opening"]["figure"] == 1 and checklist["opening"]["done"]


def test_a_long_file_reports_its_progress_while_it_runs(client_for, officer, group, monkeypatch) -> None:
    """The page's script asks for progress (X-Progress: 1): the answer streams "progress <done> <total>"
    lines while the rows are checked, then "go <url>"; still one request and one transaction."""
    from sammachip.onboarding import services

    monkeypatch.setattr(services, "STEP", 2)
    c = client_for(officer)
    rows = [["ชื่อกลุ่ม", "ชื่อ-นามสกุล", "เลขบัตรประชาชน", "วันที่สมัคร"]]
    rows += [[group.name, f"นางสมศรี ใจดี{i}", make_national_id(700000 + i), "15/01/2567"] for i in range(5)]
    before = Membership.objects.count()
    r = c.post("/districts/9611/imports/", {"kind": "members", "file": xlsx(rows)}, HTTP_X_PROGRESS="1")
    assert r.status_code == 200 and r["X-Progress-Stream"] == "1" and r.streaming
    lines = b"".join(r.streaming_content).decode().splitlines()
    batch = ImportBatch.objects.get()
    assert lines == [
        "progress 0 5",
        "progress 2 5",
        "progress 4 5",
        "progress 5 5",
        f"go /imports/{batch.pk}/",
    ]
    batch.refresh_from_db()
    assert batch.preview["counts"]["created"] == 5 and Membership.objects.count() == before
    r = c.post(f"/imports/{batch.pk}/", {"action": "confirm"}, HTTP_X_PROGRESS="1")
    lines = b"".join(r.streaming_content).decode().splitlines()
    assert lines[-2:] == ["progress 5 5", f"go /imports/{batch.pk}/"]
    batch.refresh_from_db()
    assert batch.status == "done" and Membership.objects.count() == before + 5
    page = c.get(f"/imports/{batch.pk}/").content.decode()
    assert 'id="imported"' in page and "/districts/9611/start/" in page
    # a file refused on confirm (a member left meanwhile… here: already imported) ends on the batch page
    r = c.post(f"/imports/{batch.pk}/", {"action": "confirm"}, HTTP_X_PROGRESS="1")
    assert r.status_code == 422 and Membership.objects.count() == before + 5
    # a row refused at confirm (the data changed since the preview): the stream ends on the batch page,
    # which shows why, and nothing is saved
    from sammachip.households.models import Person

    rows = [rows[0], [group.name, "นางมาลี ดีงาม", make_national_id(710000), "15/01/2567"]]
    r = c.post("/districts/9611/imports/", {"kind": "members", "file": xlsx(rows)}, HTTP_X_PROGRESS="1")
    second = ImportBatch.objects.latest("pk")
    assert b"".join(r.streaming_content).decode().endswith(f"go /imports/{second.pk}/\n")
    Person.objects.create(
        first_name="อื่น", last_name="คนอื่น", national_id=make_national_id(710000), village=group.village
    )
    r = c.post(f"/imports/{second.pk}/", {"action": "confirm"}, HTTP_X_PROGRESS="1")
    assert b"".join(r.streaming_content).decode().splitlines()[-1] == f"go /imports/{second.pk}/"
    second.refresh_from_db()
    assert second.status == "preview" and second.preview["counts"]["refused"] == 1
    assert Membership.objects.count() == before + 5


def test_an_import_is_its_officers_and_the_heads(client_for, officer, district_head, group) -> None:
    """Another officer of the district (posted to other subdistricts) cannot open, correct or confirm an
    officer's import — its cells hold national IDs and phones — nor see it listed."""
    from sammachip.places.models import District
    from tests.conftest import _staff

    here = District.objects.get(code="9611")
    colleague = _staff("o-961101", "officer", here, here.province_id)
    colleague.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
    m = group.memberships.order_by("number")[0]
    sheet = [["ชื่อกลุ่ม", "เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "โทรศัพท์", "วันที่เป็นสมาชิก"],
             [group.name, m.person.national_id, m.person.first_name, m.person.last_name, "0811112222", "15/01/2567"]]  # fmt: skip
    batch = upload(client_for(officer), "members", xlsx(sheet))
    other = client_for(colleague)
    assert other.get(f"/imports/{batch.pk}/").status_code == 404
    for data in ({"action": "confirm"}, {"action": "fix", "row": "2", "cell_phone": "0899999999"}):
        assert other.post(f"/imports/{batch.pk}/", data).status_code == 404
    assert f"/imports/{batch.pk}/" not in other.get("/districts/9611/imports/").content.decode()
    batch.refresh_from_db()
    assert "0899999999" not in str(batch.rows)
    head = client_for(district_head)
    assert head.get(f"/imports/{batch.pk}/").status_code == 200
    assert f"/imports/{batch.pk}/" in head.get("/districts/9611/imports/").content.decode()
