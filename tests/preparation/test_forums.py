"""The expenditure forum through its pages: record spending, see the analysis, export it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammachip.core.models import AuditEvent
from sammachip.households import services
from sammachip.households.models import (
    ForumItemSummary,
    Household,
    NeedsAnswer,
    OccupationType,
    SpendingItem,
    SpendingLine,
)
from sammachip.places.models import Village

from .conftest import item


def record(c, forum, household, month, amounts):
    data = {"household": household.pk, "month": month}
    data |= {f"item_{item(name).pk}": value for name, value in amounts.items()}
    return c.post(f"/forums/{forum.pk}/", data)


def test_officer_records_a_households_month_in_the_forms_thai_formats(
    client_for, officer, forum, houses
) -> None:
    c = client_for(officer)
    r = record(c, forum, houses[0], "10/2569", {"น้ำยาล้างจาน": "๑๒๐", "ข้าวสาร": "1,250.50", "ผัก": ""})
    assert r.status_code == 302
    lines = {line.item.name: line.amount for line in SpendingLine.objects.filter(forum=forum)}
    assert lines == {"น้ำยาล้างจาน": Decimal("120.00"), "ข้าวสาร": Decimal("1250.50")}
    assert SpendingLine.objects.get(item__name="ข้าวสาร").month == dt.date(2026, 10, 1)
    forum.refresh_from_db()
    assert (forum.household_count, forum.month_count, forum.total) == (1, 1, Decimal("1370.50"))
    assert AuditEvent.objects.filter(verb="households.spending.recorded").count() == 1
    page = c.get(f"/forums/{forum.pk}/").content.decode()
    assert "1/1" in page and "ต.ค. 2569" in page


def test_recording_again_replaces_that_month_and_removes_emptied_items(
    client_for, officer, forum, houses
) -> None:
    c = client_for(officer)
    record(c, forum, houses[0], "10/2569", {"น้ำยาล้างจาน": "120", "ข้าวสาร": "800"})
    record(c, forum, houses[0], "10/2569", {"น้ำยาล้างจาน": "150"})
    assert list(SpendingLine.objects.values_list("item__name", "amount")) == [
        ("น้ำยาล้างจาน", Decimal("150.00"))
    ]
    summary = ForumItemSummary.objects.get(forum=forum)
    assert (summary.households, summary.total) == (1, Decimal("150.00"))


def test_wrong_amounts_are_refused_on_their_row_and_nothing_is_saved(
    client_for, officer, forum, houses
) -> None:
    c = client_for(officer)
    for value, message in [
        ("-50", "มากกว่าศูนย์"),
        ("250000", "ตรวจสอบตัวเลข"),
        ("12.345", "ทศนิยม"),
        ("abc", "1,250.50"),
    ]:
        r = record(c, forum, houses[0], "10/2569", {"น้ำยาล้างจาน": value, "ข้าวสาร": "100"})
        assert r.status_code == 422, value
        body = r.content.decode()
        assert message in body, (
            value,
            body[body.find('class="error"') - 300 : body.find('class="error"') + 300],
        )
        assert (
            f'id="item-{item("น้ำยาล้างจาน").pk}" name="item_{item("น้ำยาล้างจาน").pk}" inputmode="decimal" value="{value}"'
            in body
        )
    assert not SpendingLine.objects.exists()
    r = record(c, forum, houses[0], "12/2569", {"ข้าวสาร": "100"})
    assert r.status_code == 422 and "หลังวันจัดเวที" in r.content.decode()
    r = record(c, forum, houses[0], "13/2569", {"ข้าวสาร": "100"})
    assert r.status_code == 422
    assert not SpendingLine.objects.exists()


def _spend(forum, houses, officer):
    """Two months; soap bought by 3 households, rice by 2, electricity by 1."""
    soap, rice, power = item("น้ำยาล้างจาน"), item("ข้าวสาร"), item("ค่าไฟฟ้า")
    for month in (dt.date(2026, 9, 1), dt.date(2026, 10, 1)):
        for h in houses[:3]:
            services.record_spending(
                forum=forum,
                household=h,
                month=month,
                amounts={soap: Decimal("100.00"), **({rice: Decimal("500.00")} if h in houses[:2] else {})},
                by=officer,
            )
        services.record_spending(
            forum=forum, household=houses[3], month=month, amounts={power: Decimal("333.33")}, by=officer
        )


def test_village_analysis_scales_to_a_year_and_ranks_what_the_village_could_make(
    client_for, officer, forum, houses
) -> None:
    _spend(forum, houses, officer)
    soap_making = item("น้ำยาล้างจาน").occupation
    assert soap_making is not None
    for h in houses[:2]:
        services.save_need(
            household=h,
            occupation=soap_making,
            people=2,
            skills="",
            hours_per_week=6,
            surveyed_on=dt.date(2026, 10, 20),
            by=officer,
        )
    r = client_for(officer).get(f"/analysis/village/{forum.village_id}/")
    assert r.status_code == 200
    result = r.context["result"]
    # two months recorded → ×6 for a year
    assert result.households == 4
    assert result.per_year == Decimal("19599.96")
    assert [i.name for i in result.opportunities] == ["ข้าวสาร", "น้ำยาล้างจาน"]
    rice, soap = result.opportunities
    assert (rice.per_year, rice.households) == (Decimal("12000.00"), 2)
    assert (soap.per_year, soap.households, soap.wanted_by) == (Decimal("3600.00"), 3, 2)
    assert result.per_household == Decimal("4899.99")
    body = r.content.decode()
    assert 'id="opportunity-chart"' in body and "ข้าวสาร" in body
    survey = client_for(officer).get(f"/villages/{forum.village_id}/survey/").content.decode()
    assert "3 ครัวเรือนซื้อ" in survey and "3,600.00" in survey and "2 ครัวเรือนอยากทำ" in survey


def test_district_analysis_adds_the_latest_forum_of_each_village_with_constant_queries(
    client_for, officer, forum, houses, sungai_padi, settings
) -> None:
    _spend(forum, houses, officer)
    older = services.create_forum(
        village=forum.village, held_on=dt.date(2025, 1, 10), participants=3, by=officer
    )
    services.record_spending(
        forum=older,
        household=houses[0],
        month=dt.date(2025, 1, 1),
        amounts={item("ข้าวสาร"): Decimal("9999.00")},
        by=officer,
    )
    c = client_for(officer)
    r = c.get("/analysis/district/9611/")
    assert r.context["result"].per_year == Decimal("19599.96")  # the older forum is not added in
    with CaptureQueriesContext(connection) as one:
        c.get("/analysis/district/9611/")
    sub = sungai_padi.subdistricts.get(code="961104")
    for moo in range(3, 8):
        v = Village.objects.create(subdistrict=sub, moo=moo, name=f"บ้าน {moo}")
        h = services.add_household(village=v, house_no="1", head_name="x", consent=True, by=officer)
        f = services.create_forum(village=v, held_on=dt.date(2026, 10, 1), participants=1, by=officer)
        services.record_spending(
            forum=f,
            household=h,
            month=dt.date(2026, 10, 1),
            amounts={item("ผัก"): Decimal("100.00")},
            by=officer,
        )
    with CaptureQueriesContext(connection) as six:
        r = c.get("/analysis/district/9611/")
    assert len(six) == len(one)
    assert r.context["result"].per_year == Decimal("19599.96") + 5 * 1200
    assert c.get("/analysis/subdistrict/961104/").status_code == 200
    # comparison between forums on the village page
    page = c.get(f"/analysis/village/{forum.village_id}/?forum={older.pk}")
    assert page.context["result"].per_year == Decimal("119988.00")
    assert len(page.context["comparison"]) == 2


def test_exports_open_in_excel_and_as_pdf(client_for, officer, forum, houses) -> None:
    from openpyxl import load_workbook

    _spend(forum, houses, officer)
    c = client_for(officer)
    r = c.get(f"/analysis/village/{forum.village_id}/?format=xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    rows = {row[0]: row for row in wb["รายการ"].iter_rows(values_only=True)}
    assert rows["ข้าวสาร"][5] == 12000
    assert wb["สรุป"]["B3"].value == 19599.96
    pdf = c.get("/analysis/district/9611/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_province_analysis_is_for_province_staff(client_for, officer, forum) -> None:
    from sammachip.accounts.models import StaffPosting, User

    assert client_for(officer).get("/analysis/province/96/").status_code == 404
    staff = User.objects.create_user(username="prov", password="pw-123456")
    StaffPosting.objects.create(
        user=staff,
        role="province_staff",
        province_id=forum.village.subdistrict.district.province_id,
        starts_on=dt.date(2020, 1, 1),
    )
    assert client_for(staff).get("/analysis/province/96/").status_code == 200
    assert client_for(staff).post(f"/forums/{forum.pk}/", {}).status_code == 404  # looks, never writes


def test_officer_extends_the_item_list(client_for, officer) -> None:
    c = client_for(officer)
    r = c.post("/items/", {"name": "ปลาร้า", "category": "food", "can_make_locally": "on"})
    # the refusal is on the occupation field itself (the word อาชีพ is on the form's label anyway)
    assert r.status_code == 422 and r.context["form"].errors["occupation"] == ["ระบุอาชีพที่ผลิตสิ่งนี้ได้ในหมู่บ้าน"]
    assert not SpendingItem.objects.filter(name="ปลาร้า").exists()
    occ = OccupationType.objects.create(name="ทำปลาร้า")
    assert (
        c.post(
            "/items/", {"name": "ปลาร้า", "category": "food", "can_make_locally": "on", "occupation": occ.pk}
        ).status_code
        == 302
    )
    assert c.post("/items/", {"name": "ปลาร้า", "category": "food"}).status_code == 422
    assert "ปลาร้า" in c.get("/items/").content.decode()


def test_households_and_needs_through_the_village_page(client_for, officer, village) -> None:
    c = client_for(officer)
    r = c.post(
        f"/villages/{village.pk}/",
        {"hh-house_no": "9", "hh-head_name": "นางสาวดี", "hh-member_count": "3", "hh-consent": "on"},
    )
    assert r.status_code == 302
    assert (
        c.post(
            f"/villages/{village.pk}/",
            {"hh-house_no": "9", "hh-head_name": "x", "hh-member_count": "3", "hh-consent": "on"},
        ).status_code
        == 422
    )
    h = Household.objects.get(village=village)
    occ = OccupationType.objects.get(name="ทำน้ำยาล้างจานและสบู่สมุนไพร")
    data = {"household": h.pk, "occupation": occ.pk, "people": "2", "surveyed_on": "01/11/2569"}
    assert c.post(f"/villages/{village.pk}/survey/", data).status_code == 302
    assert c.post(f"/villages/{village.pk}/survey/", data | {"people": "3"}).status_code == 302
    assert NeedsAnswer.objects.get().people == 3
    assert c.post(f"/villages/{village.pk}/survey/", data | {"surveyed_on": "01/11/2570"}).status_code == 422
