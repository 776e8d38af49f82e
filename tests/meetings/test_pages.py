"""Meetings through the pages, as the chair, the members and the officer use them."""

from __future__ import annotations

import datetime as dt

from sammachip.groups.models import OccupationGroup
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
    c.post(f"/groups/{group.pk}/resolutions/{resolution.pk}/close/", {"confirm": "yes"})
    assert Resolution.objects.get(pk=resolution.pk).status == "open"  # a show of hands needs a witness
    assert (
        client_for(member).post(f"/groups/{group.pk}/resolutions/{resolution.pk}/witness/").status_code == 302
    )
    # Counting cannot be undone: the page says what it does and asks for the box to be ticked.
    page = c.get(f"/groups/{group.pk}/resolutions/{resolution.pk}/").content.decode()
    assert 'id="confirm-close-vote"' in page and "มีผู้ลงคะแนนแล้ว 5 เสียง" in page
    r = c.post(f"/groups/{group.pk}/resolutions/{resolution.pk}/close/")
    assert r.status_code == 422 and "กรุณาทำเครื่องหมายในช่องยืนยันก่อน" in r.content.decode()
    assert Resolution.objects.get(pk=resolution.pk).status == "open"
    c.post(f"/groups/{group.pk}/resolutions/{resolution.pk}/close/", {"confirm": "yes"})
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
    detail = client_for(officer).get(f"/groups/{group.pk}/").content.decode()
    assert "ไม่มีการประชุมในเดือน" in detail
    # the home page flags a group past forming that has not met (a forming group is not yet asked to)
    assert group.stage == "forming"
    assert "ไม่มีการประชุมตั้งแต่" not in client_for(officer).get("/").content.decode()
    OccupationGroup.objects.filter(pk=group.pk).update(stage="supported")
    assert "ไม่มีการประชุมตั้งแต่" in client_for(officer).get("/").content.decode()
    for kind in ("committee", "monthly"):  # a committee meeting is not the members' monthly meeting
        hold = services.schedule_meeting(
            group=group, kind=kind, date=dt.date(2026, 10, 20), place="ศาลา", agenda=["a"], by=chair
        )
        services.open_meeting(meeting=hold, by=chair)
        home = client_for(officer).get("/").content.decode()
        assert ("ไม่มีการประชุมตั้งแต่" in home) == (kind == "committee"), kind


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


def test_meetings_listed_a_page_at_a_time(client_for, officer, member, outsider, group) -> None:
    from django.urls import reverse

    from sammachip.meetings.views import MEETINGS_PAGE

    for n in range(MEETINGS_PAGE + 2):  # monthly from February 2024: the two oldest fall to page 2
        day = dt.date(2024, 2, 1) + dt.timedelta(days=31 * n)
        services.schedule_meeting(
            group=group, kind="monthly", date=day, place=f"ที่ {n}", agenda=[], by=officer
        )
    c = client_for(officer)
    page1 = c.get(f"/groups/{group.pk}/meetings/")
    html = page1.content.decode()
    assert len(page1.context["meetings"]) == MEETINGS_PAGE
    assert "ที่ 13<" in html and "ที่ 0<" not in html and "ที่ 1<" not in html
    assert "?page=2#meetings" in html and "หน้า 1 จาก 2" in html
    newest = Meeting.objects.filter(group=group).latest("date")
    link = reverse("meetings:meeting", args=[group.pk, newest.pk])
    assert f'<a href="{link}">' in html and c.get(link).status_code == 200  # each row links to its meeting
    assert ">ประชุมประจำเดือน<" in html and ">นัดไว้<" in html  # kind and status, in Thai
    page2 = c.get(f"/groups/{group.pk}/meetings/?page=2").content.decode()
    assert "ที่ 0<" in page2 and "ที่ 1<" in page2 and "ที่ 13<" not in page2 and "?page=1#meetings" in page2
    assert client_for(member).get(f"/groups/{group.pk}/meetings/?page=2").status_code == 200
    assert client_for(outsider).get(f"/groups/{group.pk}/meetings/?page=2").status_code == 404


def test_meeting_page_counts_the_quorum_from_the_marks_it_read(client_for, chair, group) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(chair)
    meeting = _open_meeting(c, group)
    members = list(group.memberships.order_by("number"))
    marks = {f"status_{m.pk}": "present" for m in members[:2]} | {f"status_{members[2].pk}": "absent"}
    assert c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks).status_code == 302
    connection.queries_log.clear()  # a full log (9,000 queries) miscounts a capture
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(f"/groups/{group.pk}/meetings/{meeting.pk}/")
    assert r.context["quorum"] == services.quorum(meeting) and r.context["quorum"]["present"] == 2
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert 'COUNT(*) AS "__count" FROM "meetings_attendance"' not in sql  # read from the marks
    assert sum('FROM "groups_occupationgroup"' in q["sql"] for q in ctx.captured_queries) == 1  # access only


def test_the_roll_offers_every_other_member_as_proxy(client_for, chair, group) -> None:
    import re

    c = client_for(chair)
    meeting = _open_meeting(c, group)
    members = list(group.memberships.order_by("number"))
    first, last = members[0], members[-1]
    marks = {f"status_{m.pk}": "present" for m in members}
    marks |= {f"status_{last.pk}": "represented", f"rep_{last.pk}": str(first.pk)}
    assert c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks).status_code == 302
    page = c.get(f"/groups/{group.pk}/meetings/{meeting.pk}/").content.decode()
    found = re.search(rf'<select class="proxy" id="rep_{last.pk}".*?</select>', page, re.S)
    assert found is not None
    select = found.group(0)
    options = re.findall(r'<option value="(\d*)" ?(selected)?>', select)
    assert [v for v, _s in options] == [""] + [str(m.pk) for m in members if m != last]  # never herself
    assert [v for v, s in options if s] == [str(first.pk)]
    assert f"{first.number}. {first.person.first_name}</option>" in select
