"""The charter (versioned, standing rules always carried) and activities from members' needs."""

from __future__ import annotations

import datetime as dt

from sammachip.core.models import AuditEvent
from sammachip.groups.models import Activity, Charter
from sammachip.groups.standing_rules import STANDING_KEYS
from tests.conftest import pass_resolution

SETTINGS = {
    "quorum_percent": "50",
    "meetings_per_month": "1",
    "work_unit": "hours",
    "reserve_percent": "10",
    "dividend_percent": "60",
    "funds": "สวัสดิการสมาชิก = 10\nค่าตอบแทนกรรมการ = 10\nสาธารณประโยชน์ = 10",
    "spending_limit": "5,000",
}


def test_chair_drafts_and_the_members_adopt_a_charter(client_for, chair, officer, group) -> None:
    c = client_for(chair)
    r = c.post(
        f"/groups/{group.pk}/charter/draft/", {**SETTINGS, "own_rules": "มาประชุมทุกเดือน\nค่าหุ้นหุ้นละ 100 บาท"}
    )
    assert r.status_code == 302
    draft = Charter.objects.get(group=group, status="draft")
    texts = [r.text for r in draft.rules.all()]
    assert [r.standing_key for r in draft.rules.all() if r.standing_key] == STANDING_KEYS
    assert texts[-2:] == ["มาประชุมทุกเดือน", "ค่าหุ้นหุ้นละ 100 บาท"]
    assert str(draft.spending_limit) == "5000.00"
    assert 'id="needs-vote"' in c.get(f"/groups/{group.pk}/charter/").content.decode()
    resolution = pass_resolution(group, chair, on=dt.date(2024, 8, 1), kind="adopt_charter", charter=draft)
    assert resolution.threshold == "two_thirds"  # a charter needs two-thirds even when proposed as a majority
    draft.refresh_from_db()
    assert draft.status == "adopted" and str(draft.adopted_on) == "2024-08-01"
    assert AuditEvent.objects.filter(
        verb="groups.charter.adopted", group_id=group.pk, data__resolution=resolution.pk
    ).exists()
    assert "ฉบับที่ 1 ใช้บังคับอยู่" in c.get(f"/groups/{group.pk}/").content.decode()


def test_a_new_version_supersedes_and_keeps_the_old(client_for, chair, group) -> None:
    c = client_for(chair)
    for i, rule in enumerate(["ข้อหนึ่ง", "ข้อสอง"], start=1):
        c.post(f"/groups/{group.pk}/charter/draft/", {**SETTINGS, "own_rules": rule})
        draft = Charter.objects.get(group=group, status="draft")
        pass_resolution(group, chair, on=dt.date(2024, 9, i), kind="adopt_charter", charter=draft)
    versions = {c.version: c.status for c in Charter.objects.filter(group=group)}
    assert versions == {1: "superseded", 2: "adopted"}
    assert Charter.objects.get(version=1, group=group).rules.filter(text="ข้อหนึ่ง").exists()


def test_there_is_no_way_to_adopt_a_charter_but_a_vote(client_for, chair, officer, group) -> None:
    c = client_for(chair)
    c.post(f"/groups/{group.pk}/charter/draft/", {**SETTINGS, "own_rules": ""})
    draft = Charter.objects.get(group=group)
    for who in (chair, officer):
        r = client_for(who).post(
            f"/groups/{group.pk}/charter/{draft.pk}/adopt/",
            {"adopted_on": "01/08/2567", "adoption_note": "x"},
        )
        assert r.status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_split_that_does_not_add_to_100_is_refused(client_for, chair, group) -> None:
    r = client_for(chair).post(f"/groups/{group.pk}/charter/draft/", {**SETTINGS, "dividend_percent": "70"})
    assert r.status_code == 422
    assert "100%" in r.context["form"].errors["reserve_percent"][0]
    assert not Charter.objects.filter(group=group).exists()


def test_a_split_that_pays_no_dividend_is_refused_by_the_one_rule(client_for, chair, group) -> None:
    """The service holds the split's rules; the page shows them on their fields."""
    r = client_for(chair).post(
        f"/groups/{group.pk}/charter/draft/", {**SETTINGS, "reserve_percent": "70", "dividend_percent": "0"}
    )
    assert r.status_code == 422
    assert r.context["form"].errors["dividend_percent"] == ["กฎกติกาต้องจ่ายเงินปันผลให้สมาชิก"]
    assert "reserve_percent" not in r.context["form"].errors  # 70 + 0 + 30 adds up
    assert not Charter.objects.filter(group=group).exists()


def test_member_reads_the_charter_but_cannot_draft(client_for, member, group) -> None:
    c = client_for(member)
    assert c.get(f"/groups/{group.pk}/charter/").status_code == 200
    assert c.post(f"/groups/{group.pk}/charter/draft/", SETTINGS).status_code == 404
    assert not Charter.objects.filter(group=group).exists()


def test_activity_records_who_proposed_it_and_the_need(client_for, chair, group) -> None:
    proposer = group.memberships.order_by("number")[2]
    r = client_for(chair).post(
        f"/groups/{group.pk}/activities/",
        {
            "name": "ทำสบู่สมุนไพร",
            "need": "ลดรายจ่ายซื้อสบู่",
            "proposed_by": proposer.pk,
            "started_on": "01/02/2567",
        },
    )
    assert r.status_code == 302
    a = Activity.objects.get(group=group)
    assert a.proposed_by == proposer and a.need == "ลดรายจ่ายซื้อสบู่"


def test_activity_without_a_need_is_refused(client_for, chair, group) -> None:
    proposer = group.memberships.first()
    r = client_for(chair).post(
        f"/groups/{group.pk}/activities/",
        {"name": "x", "need": "", "proposed_by": proposer.pk, "started_on": "01/02/2567"},
    )
    assert r.status_code == 200 and "need" in r.context["form"].errors
    assert not Activity.objects.exists()


def test_the_group_names_its_own_funds_and_may_pay_on_shares(client_for, chair, group) -> None:
    c = client_for(chair)
    r = c.post(
        f"/groups/{group.pk}/charter/draft/",
        {
            **SETTINGS,
            "reserve_percent": "15",
            "dividend_percent": "50",
            "share_dividend_percent": "10",
            "funds": "กองทุนการศึกษาบุตร = 15\nทุนหมุนเวียนซื้อวัตถุดิบ : ๑๐ %",
        },
    )
    assert r.status_code == 302
    draft = Charter.objects.get(group=group, status="draft")
    assert [(f.name, str(f.percent)) for f in draft.funds.all()] == [
        ("กองทุนการศึกษาบุตร", "15.00"),
        ("ทุนหมุนเวียนซื้อวัตถุดิบ", "10.00"),
    ]
    assert [k for k, _label, _p in draft.split_parts()] == [
        "reserve",
        "dividend",
        "share_dividend",
        "fund:1",
        "fund:2",
    ]
    assert "กองทุนการศึกษาบุตร 15%" in c.get(f"/groups/{group.pk}/charter/").content.decode()


def test_a_fund_line_that_cannot_be_read_is_refused(client_for, chair, group) -> None:
    r = client_for(chair).post(f"/groups/{group.pk}/charter/draft/", {**SETTINGS, "funds": "สวัสดิการ สิบ"})
    assert r.status_code == 422 and "บรรทัด 1" in r.context["form"].errors["funds"][0]
    assert not Charter.objects.filter(group=group).exists()
