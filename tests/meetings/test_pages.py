"""Meetings through the pages, as the chair, the members and the officer use them."""

from __future__ import annotations

import datetime as dt

from sammachip.meetings import services
from sammachip.meetings.models import (
    Attendance,
    Duty,
    Idea,
    Inspection,
    Meeting,
    MinutesVersion,
    Resolution,
    Vote,
)


def _open_meeting(c, group, date="01/06/2567", kind="monthly") -> Meeting:
    r = c.post(
        f"/groups/{group.pk}/meetings/",
        {"kind": kind, "date": date, "place": "ศาลาหมู่บ้าน", "agenda": "รายงานยอดขาย\nเรื่องอื่น ๆ"},
    )
    meeting = Meeting.objects.latest("id")
    assert r.status_code == 302 and meeting.items.count() == 2
    assert c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/open/").status_code == 302
    return meeting


def test_chair_runs_a_meeting_and_members_decide(client_for, chair, member, officer, group) -> None:
    c = client_for(chair)
    meeting = _open_meeting(c, group)
    marks = {f"status_{m.pk}": "present" for m in group.memberships.all()}
    last = group.memberships.order_by("number").last()
    marks[f"status_{last.pk}"] = "represented"
    marks[f"rep_{last.pk}"] = str(group.memberships.order_by("number").first().pk)
    assert c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks).status_code == 302
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 4
    page = c.get(f"/groups/{group.pk}/meetings/{meeting.pk}/").content.decode()
    assert "ครบองค์ประชุม" in page
    r = c.post(
        f"/groups/{group.pk}/meetings/{meeting.pk}/resolutions/",
        {"question": "ออกบูธงานกาชาดหรือไม่", "kind": "general", "mode": "yes_no", "threshold": "majority"},
    )
    resolution = Resolution.objects.get(question="ออกบูธงานกาชาดหรือไม่")
    assert r.status_code == 302
    own = group.memberships.get(person__user=member)
    assert (
        client_for(member)
        .post(f"/groups/{group.pk}/resolutions/{resolution.pk}/vote/", {"membership": own.pk, "choice": "no"})
        .status_code
        == 302
    )
    for m in group.memberships.exclude(pk=own.pk):
        c.post(f"/groups/{group.pk}/resolutions/{resolution.pk}/vote/", {"membership": m.pk, "choice": "yes"})
    assert Vote.objects.filter(resolution=resolution).count() == 5
    c.post(f"/groups/{group.pk}/resolutions/{resolution.pk}/close/")
    assert Resolution.objects.get(pk=resolution.pk).status == "open"  # a show of hands needs a witness
    assert (
        client_for(member).post(f"/groups/{group.pk}/resolutions/{resolution.pk}/witness/").status_code == 302
    )
    c.post(f"/groups/{group.pk}/resolutions/{resolution.pk}/close/")
    resolution.refresh_from_db()
    assert resolution.status == "passed" and resolution.counts["tally"]["yes"] == 4
    assert (
        "ผ่าน" in client_for(member).get(f"/groups/{group.pk}/resolutions/{resolution.pk}/").content.decode()
    )
    item = meeting.items.order_by("position")[0]
    c.post(
        f"/groups/{group.pk}/meetings/{meeting.pk}/minutes/",
        {f"item_{item.pk}": "ยอดขาย 8,000 บาท", "general": ""},
    )
    assert MinutesVersion.objects.get(meeting=meeting).body == {str(item.pk): "ยอดขาย 8,000 บาท"}
    assert c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/close/").status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "closed"
    pdf = client_for(member).get(f"/groups/{group.pk}/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_member_cannot_vote_for_someone_else(client_for, chair, member, group) -> None:
    meeting = _open_meeting(client_for(chair), group)
    meeting.refresh_from_db()
    services.record_attendance(
        meeting=meeting, marks={m.pk: ("present", None) for m in group.memberships.all()}, by=chair
    )
    r = services.propose_resolution(group=group, meeting=meeting, question="q", by=chair)
    other = group.memberships.exclude(person__user=member).first()
    assert (
        client_for(member)
        .post(f"/groups/{group.pk}/resolutions/{r.pk}/vote/", {"membership": other.pk, "choice": "yes"})
        .status_code
        == 404
    )
    assert not Vote.objects.exists()


def test_meeting_dated_before_founding_is_refused_on_the_field(client_for, chair, group) -> None:
    r = client_for(chair).post(
        f"/groups/{group.pk}/meetings/", {"kind": "monthly", "date": "01/01/2563", "place": "x", "agenda": ""}
    )
    assert r.status_code == 200 and "วันก่อตั้ง" in r.context["form"].errors["date"][0]
    assert not Meeting.objects.exists()


def test_members_cannot_run_meetings(client_for, member, group) -> None:
    r = client_for(member).post(
        f"/groups/{group.pk}/meetings/", {"kind": "monthly", "date": "01/06/2567", "place": "x", "agenda": ""}
    )
    assert r.status_code == 404 and not Meeting.objects.exists()


def test_ideas_duties_inspections_participation(client_for, chair, member, group) -> None:
    m = client_for(member)
    assert m.post(f"/groups/{group.pk}/ideas/", {"kind": "problem", "text": "ขวดรั่ว"}).status_code == 302
    idea = Idea.objects.get(text="ขวดรั่ว")
    c = client_for(chair)
    meeting = _open_meeting(c, group)
    c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/agenda/", {"title": "ปัญหาขวดรั่ว", "idea": idea.pk})
    idea.refresh_from_db()
    assert idea.status == "on_agenda" and idea.agenda_item is not None and idea.agenda_item.meeting == meeting
    c.post(f"/groups/{group.pk}/ideas/{idea.pk}/outcome/", {"outcome": "เปลี่ยนผู้ขายขวด"})
    idea.refresh_from_db()
    assert idea.status == "done"
    own = group.memberships.get(person__user=member)
    assert (
        c.post(
            f"/groups/{group.pk}/duties/",
            {"assignee": own.pk, "title": "หาผู้ขายขวดใหม่", "due_on": "30/06/2567", "meeting": meeting.pk},
        ).status_code
        == 302
    )
    duty = Duty.objects.get()
    assert m.post(f"/groups/{group.pk}/duties/{duty.pk}/finish/", {"status": "done"}).status_code == 302
    assert Duty.objects.get().status == "done"
    assert "หาผู้ขายขวดใหม่" in m.get(f"/groups/{group.pk}/members/{own.pk}/").content.decode()
    assert (
        m.post(
            f"/groups/{group.pk}/inspections/", {"date": "02/06/2567", "subject": "ฉลาก", "findings": "ครบ"}
        ).status_code
        == 302
    )
    assert Inspection.objects.get().inspector == own
    page = m.get(f"/groups/{group.pk}/participation/").content.decode()
    assert 'id="own-participation"' in page and "By member" not in page and "รายสมาชิก" not in page
    assert "รายสมาชิก" in c.get(f"/groups/{group.pk}/participation/").content.decode()


def test_months_without_a_meeting_are_flagged(client_for, chair, officer, group) -> None:
    page = client_for(officer).get(f"/groups/{group.pk}/meetings/").content.decode()
    assert 'id="missing-months"' in page
    assert "ไม่มีการประชุมตั้งแต่" in client_for(officer).get("/").content.decode() or group.stage == "forming"
    detail = client_for(officer).get(f"/groups/{group.pk}/").content.decode()
    assert "ไม่มีการประชุมในเดือน" in detail


def test_participation_queries_do_not_grow_with_members(client_for, chair, group, add_members) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(chair)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            c.get(f"/groups/{group.pk}/participation/")
        return len(ctx.captured_queries)

    small = count()
    add_members(group, 15)
    assert count() == small


def test_online_vote_page(client_for, chair, member, group) -> None:
    c = client_for(chair)
    r = c.post(
        f"/groups/{group.pk}/votes/new/",
        {
            "question": "เปลี่ยนสีฉลาก",
            "kind": "general",
            "mode": "yes_no",
            "threshold": "majority",
            "closes_at": (dt.datetime.now() + dt.timedelta(days=2)).strftime("%d/%m/%Y %H:%M"),
        },
    )
    assert r.status_code == 302
    resolution = Resolution.objects.get(online=True)
    own = group.memberships.get(person__user=member)
    assert (
        client_for(member)
        .post(
            f"/groups/{group.pk}/resolutions/{resolution.pk}/vote/", {"membership": own.pk, "choice": "yes"}
        )
        .status_code
        == 302
    )
    assert Vote.objects.get().method == "online"
