"""PDPA: the notice, consent for the household survey (withdrawable), a member's data export, erasure as
anonymisation that keeps the books, refusals recorded, the access log, small cells suppressed, the breach log."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from sammachip.core.models import PersonalDataAccess
from sammachip.groups import services as group_services
from sammachip.households import services as hh
from sammachip.households.models import ConsentRecord, Household, NeedsAnswer, SpendingItem, SpendingLine
from sammachip.privacy.models import Breach, DataRequest


def test_the_notice_is_public_and_in_thai(db) -> None:
    body = Client().get("/privacy/").content.decode()
    assert "ประกาศความเป็นส่วนตัว" in body and "72 ชั่วโมง" in body and "ถอนความยินยอม" in body


def test_a_household_is_recorded_only_with_consent_and_may_withdraw_it(client_for, officer, village) -> None:
    c = client_for(officer)
    r = c.post(
        f"/villages/{village.pk}/", {"hh-house_no": "9", "hh-head_name": "นางดี", "hh-member_count": "3"}
    )
    assert r.status_code == 422 and "ความยินยอม" in r.content.decode() and not Household.objects.exists()
    assert (
        c.post(
            f"/villages/{village.pk}/",
            {"hh-house_no": "9", "hh-head_name": "นางดี", "hh-member_count": "3", "hh-consent": "on"},
        ).status_code
        == 302
    )
    house = Household.objects.get()
    consent = ConsentRecord.objects.get(household=house)
    assert (consent.purpose, consent.recorded_by, consent.notice_version) == (
        "household_survey",
        officer,
        "2026-11",
    )
    forum = hh.create_forum(village=village, held_on=dt.date(2026, 10, 20), participants=1, by=officer)
    rice = SpendingItem.objects.get(name="ข้าวสาร")
    hh.record_spending(
        forum=forum, household=house, month=dt.date(2026, 10, 1), amounts={rice: Decimal(500)}, by=officer
    )
    assert rice.occupation is not None
    hh.save_need(
        household=house,
        occupation=rice.occupation,
        people=1,
        skills="",
        hours_per_week=None,
        surveyed_on=dt.date(2026, 10, 20),
        by=officer,
    )  # type: ignore[arg-type]
    assert (
        f'action="/households/{house.pk}/withdraw-consent/"'
        in c.get(f"/villages/{village.pk}/").content.decode()
    )
    assert c.post(f"/households/{house.pk}/withdraw-consent/").status_code == 302
    consent.refresh_from_db()
    forum.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate() and consent.withdrawn_by == officer
    assert not SpendingLine.objects.exists() and not NeedsAnswer.objects.exists() and forum.total == 0


def test_the_import_needs_the_paper_consent_box(client_for, officer, village) -> None:
    from tests.preparation.test_imports import HOUSEHOLDS, csv_file

    r = client_for(officer).post("/districts/9611/households/import/", {"file": csv_file(HOUSEHOLDS)})
    assert r.status_code == 200 and not Household.objects.exists()
    assert (
        client_for(officer)
        .post("/districts/9611/households/import/", {"file": csv_file(HOUSEHOLDS), "consent": "on"})
        .status_code
        == 302
    )
    assert ConsentRecord.objects.count() == Household.objects.count() == 3


def test_member_export_is_for_the_member_and_the_officer_and_is_logged(
    client_for, officer, member, chair, group
) -> None:
    me = group.memberships.get(person__user=member)
    url = f"/groups/{group.pk}/members/{me.pk}/export.json"
    data = json.loads(client_for(member).get(url).content)
    assert (
        data["person"]["national_id"] == me.person.national_id
        and data["memberships"][0]["number"] == me.number
    )
    assert client_for(officer).get(url).status_code == 200
    assert client_for(chair).get(url).status_code == 404  # the chair sees members, not their full data
    assert DataRequest.objects.filter(person=me.person, kind="export", status="done").count() == 2
    assert PersonalDataAccess.objects.filter(person_id=me.person_id, action="export").count() == 2


def test_viewing_full_ids_is_logged(client_for, officer, group) -> None:
    before = PersonalDataAccess.objects.filter(action="view_id").count()
    client_for(officer).get(f"/groups/{group.pk}/members/")
    assert PersonalDataAccess.objects.filter(action="view_id", user=officer).count() == before + 5


def test_erasure_anonymises_and_keeps_the_books(client_for, officer, member, group) -> None:
    me = group.memberships.get(person__user=member)
    c = client_for(officer)
    url = f"/groups/{group.pk}/members/{me.pk}/erase/"
    r = c.post(url, {"decision": "erase", "reason": "ขอลบ"})
    assert r.status_code == 422 and "ยังเป็นสมาชิก" in r.content.decode()
    assert c.post(url, {"decision": "refuse", "reason": ""}).status_code == 422
    assert c.post(url, {"decision": "refuse", "reason": "ยังเป็นสมาชิกอยู่"}).status_code == 302
    assert DataRequest.objects.get(kind="erasure").status == "refused"
    group_services.end_membership(membership=me, on=dt.date(2026, 11, 1), reason="moved", by=officer)
    assert c.post(url, {"decision": "erase", "reason": "ย้ายออกจากหมู่บ้าน"}).status_code == 302
    person = me.person
    person.refresh_from_db()
    member.refresh_from_db()
    assert (person.first_name, person.national_id, person.phone, person.user_id) == (
        "ลบข้อมูลแล้ว",
        None,
        "",
        None,
    )
    assert not member.is_active and not member.has_usable_password()
    me.refresh_from_db()
    assert me.number and me.group_id == group.pk  # the membership (and what hangs on it) stays
    assert (
        Client().post("/accounts/login/", {"username": "member", "password": "pw-123456"}).status_code == 200
    )


def test_breach_log_shows_the_72_hour_deadline(client_for, district_head, officer) -> None:
    c = client_for(district_head)
    assert client_for(officer).get("/privacy/breaches/").status_code == 404
    discovered = timezone.localtime() - dt.timedelta(hours=80)
    r = c.post("/privacy/breaches/", {"discovered_at": discovered.strftime("%Y-%m-%d %H:%M"), "description": "โทรศัพท์ของพัฒนากรหาย",
                                      "data_kinds": "รายชื่อสมาชิก", "people_affected": "30"})  # fmt: skip
    assert r.status_code == 302
    page = c.get("/privacy/breaches/")
    assert "เกินกำหนด 72 ชั่วโมง" in page.content.decode()
    breach = Breach.objects.get()
    c.post(f"/privacy/breaches/{breach.pk}/notified/", {"who": "office"})
    breach.refresh_from_db()
    assert breach.office_notified_at is not None


def test_a_breach_is_dated_in_the_buddhist_era_as_every_date_is(client_for, district_head) -> None:
    """05/12/2569 14:30 is 5 December 2026 (the fixed clock's month), not the year 2569; a day the calendar
    lacks is refused on the field."""
    c = client_for(district_head)
    page = c.get("/privacy/breaches/").content.decode()
    assert 'placeholder="วว/ดด/ปปปป ชช:นน"' in page and "ค.ศ." not in page
    fields = {"description": "แฟ้มรายชื่อหาย", "data_kinds": "รายชื่อสมาชิก", "people_affected": "12"}
    r = c.post("/privacy/breaches/", {**fields, "discovered_at": "31/11/2569 09:00"})
    assert r.status_code == 422 and "พฤศจิกายน 2569 มี 30 วัน" in r.content.decode()
    assert not Breach.objects.exists()
    r = c.post("/privacy/breaches/", {**fields, "discovered_at": "24/11/2569 14:30"})
    assert r.status_code == 302
    breach = Breach.objects.get()
    assert timezone.localtime(breach.discovered_at).replace(tzinfo=None) == dt.datetime(2026, 11, 24, 14, 30)


def test_small_cells_are_suppressed_outside_the_village(client_for, officer, village) -> None:
    houses = [
        hh.add_household(village=village, house_no=str(n), head_name="x", consent=True, by=officer)
        for n in range(6)
    ]
    forum = hh.create_forum(village=village, held_on=dt.date(2026, 10, 20), participants=6, by=officer)
    rice, soap = SpendingItem.objects.get(name="ข้าวสาร"), SpendingItem.objects.get(name="น้ำยาล้างจาน")
    for n, house in enumerate(houses):
        amounts = {rice: Decimal(100)} | ({soap: Decimal(50)} if n < 2 else {})
        hh.record_spending(
            forum=forum, household=house, month=dt.date(2026, 10, 1), amounts=amounts, by=officer
        )
    c = client_for(officer)
    village_items = {i.name for i in c.get(f"/analysis/village/{village.pk}/").context["result"].items}
    assert village_items == {"ข้าวสาร", "น้ำยาล้างจาน"}
    r = c.get("/analysis/district/9611/")
    shown = [i.name for i in r.context["result"].items if not i.suppressed]
    assert shown == ["ข้าวสาร"] and r.context["suppressed"] == 1
    assert r.context["result"].per_year == Decimal(7200 + 1200)  # still in the totals
    assert "น้ำยาล้างจาน" not in r.content.decode().split('id="items"')[1]
    api = c.get("/api/v1/analysis/district/9611").json()
    assert [i["name"] for i in api["items"]] == ["ข้าวสาร"]
