"""Visits through their pages: the log, problems tracked across visits, agreed actions, photos
re-encoded, concurrent edits refused, and the officer's agenda."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sammachip.core.models import AuditEvent
from sammachip.groups.models import OccupationGroup
from sammachip.visits.models import AgreedAction, Problem, Visit, VisitPhoto


def png(width: int = 2400, height: int = 1200) -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile("../../แปลง.png", out.getvalue(), content_type="image/png")


def visit_data(**extra: object) -> dict:
    return {
        "visited_on": "20/11/2569", "purpose": "follow_up", "present": "ประธาน เหรัญญิก", "people_present": "6",
        "observed": "บันทึกบัญชีครบ", "advice": "ทำป้ายราคา", **extra,
    }  # fmt: skip


def test_officer_records_a_visit_with_a_problem_an_action_and_a_photo(client_for, officer, group) -> None:
    c = client_for(officer)
    data = visit_data(
        new_problems="ขวดบรรจุไม่พอ\n\nฉลากไม่มีวันหมดอายุ",
        action_1="สั่งขวดเพิ่ม",
        owner_1="ฝ่ายผลิต",
        due_1="30/11/2569",
        photos=png(),
    )
    r = c.post(f"/groups/{group.pk}/visits/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    visit = Visit.objects.get()
    assert (visit.officer, visit.visited_on, visit.people_present) == (officer, dt.date(2026, 11, 20), 6)
    assert list(Problem.objects.values_list("description", "status")) == [
        ("ขวดบรรจุไม่พอ", "open"),
        ("ฉลากไม่มีวันหมดอายุ", "open"),
    ]
    assert AgreedAction.objects.get().owner == "ฝ่ายผลิต"
    photo = VisitPhoto.objects.get()
    stored = photo.image.name or ""
    assert stored.endswith(".jpg") and "แปลง" not in stored and (photo.width, photo.height) == (1600, 800)
    r = c.get(f"/groups/{group.pk}/visit-photos/{photo.pk}/")
    assert r["Content-Type"] == "image/jpeg" and b"".join(r.streaming_content)[:3] == b"\xff\xd8\xff"
    assert AuditEvent.objects.filter(verb="visits.visit.recorded", group_id=group.pk).count() == 1

    # the next visit solves one problem; it stays solved with the visit that solved it
    problem = Problem.objects.get(description="ขวดบรรจุไม่พอ")
    r = c.post(
        f"/groups/{group.pk}/visits/",
        visit_data(
            visited_on="24/11/2569", **{f"solved_{problem.pk}": "1", f"solution_{problem.pk}": "อบต. ให้ขวด"}
        ),
    )
    assert r.status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.solved_on, problem.solution) == (
        "solved",
        dt.date(2026, 11, 24),
        "อบต. ให้ขวด",
    )
    assert problem.solved_at == Visit.objects.order_by("-pk")[0]
    page = c.get(f"/groups/{group.pk}/visits/").content.decode()
    assert "ฉลากไม่มีวันหมดอายุ" in page and "สั่งขวดเพิ่ม" in page


def test_bad_visits_are_refused_and_nothing_is_saved(client_for, officer, group) -> None:
    c = client_for(officer)
    bad_photo = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    r = c.post(f"/groups/{group.pk}/visits/", visit_data(new_problems="ปัญหา", photos=bad_photo))
    assert r.status_code == 422 and "ไม่ใช่ภาพถ่าย" in r.content.decode()
    r = c.post(f"/groups/{group.pk}/visits/", visit_data(visited_on="01/01/2599"))
    assert r.status_code == 422 and "วันที่นี้ยังมาไม่ถึง" in r.content.decode()
    r = c.post(f"/groups/{group.pk}/visits/", visit_data(action_1="ทำบัญชี"))
    assert r.status_code == 422 and "ผู้รับผิดชอบ" in r.content.decode()
    r = c.post(f"/groups/{group.pk}/visits/", visit_data(action_1="ทำบัญชี", owner_1="x", due_1="01/11/2569"))
    assert r.status_code == 422
    # a due day the calendar lacks: said once, on the field, without "needs who and by when" besides
    r = c.post(
        f"/groups/{group.pk}/visits/", visit_data(action_1="ทำบัญชี", owner_1="มารีแย", due_1="31/02/2569")
    )
    assert r.status_code == 422
    assert r.context["form"].errors == {"due_1": ["กุมภาพันธ์ 2569 มี 28 วัน ไม่มีวันที่ 31"]}
    assert not Visit.objects.exists() and not Problem.objects.exists() and not VisitPhoto.objects.exists()


def test_members_read_the_visits_but_only_the_officer_writes(client_for, member, chair, group) -> None:
    assert client_for(member).get(f"/groups/{group.pk}/visits/").status_code == 200
    for who in (member, chair):
        assert client_for(who).post(f"/groups/{group.pk}/visits/", visit_data()).status_code == 404
    assert not Visit.objects.exists()


def test_two_officers_editing_one_visit_the_second_is_told(client_for, officer, district_head, group) -> None:
    c = client_for(officer)
    c.post(f"/groups/{group.pk}/visits/", visit_data())
    visit = Visit.objects.get()
    url = f"/groups/{group.pk}/visits/{visit.pk}/"
    form = {"version": str(visit.version), "present": "x", "people_present": "3", "advice": ""}
    assert c.post(url, form | {"observed": "ฉบับของพัฒนากร"}).status_code == 302
    r = client_for(district_head).post(url, form | {"observed": "ฉบับของหัวหน้า"})
    assert r.status_code == 422 and "มีผู้อื่นบันทึก" in r.content.decode()
    visit.refresh_from_db()
    assert (visit.observed, visit.version) == ("ฉบับของพัฒนากร", 2)


def test_agenda_orders_overdue_first_and_moves_after_a_visit(client_for, officer, group, village) -> None:
    from sammachip.groups import services as group_services

    group_services.create_group(
        name="กลุ่มใหม่",
        village=village,
        occupation=group.occupation,
        founded_on=dt.date(2026, 11, 24),
        by=officer,
    )
    steady = group_services.create_group(
        name="กลุ่มพึ่งตนเอง",
        village=village,
        occupation=group.occupation,
        founded_on=dt.date(2020, 1, 1),
        by=officer,
    )
    OccupationGroup.objects.filter(pk=steady.pk).update(stage="self_reliant")
    Visit.objects.create(group=steady, officer=officer, visited_on=dt.date(2026, 10, 1), purpose="follow_up")
    c = client_for(officer)
    with mock.patch.object(timezone, "localdate", return_value=dt.date(2026, 11, 24)):
        r = c.get("/agenda/")
    agenda = r.context["agenda"]
    assert [row.group.name for row in agenda.overdue] == ["กลุ่มน้ำยาล้างจาน"]  # founded 2024, never visited
    assert [row.group.name for row in agenda.today] == ["กลุ่มใหม่"]
    assert [row.group.name for row in agenda.later] == ["กลุ่มพึ่งตนเอง"]  # quarterly: due 31 Dec
    assert agenda.later[0].due.next_due == dt.date(2026, 12, 31)
    c.post(f"/groups/{group.pk}/visits/", visit_data(visited_on="24/11/2569"))
    with mock.patch.object(timezone, "localdate", return_value=dt.date(2026, 11, 24)):
        agenda = c.get("/agenda/").context["agenda"]
    assert not agenda.overdue and group.pk in {r.group.pk for r in agenda.later}  # monthly now: due 24 Dec


def test_district_head_sees_every_officers_compliance_and_their_agenda(
    client_for, officer, district_head, group
) -> None:
    r = client_for(district_head).get("/district/9611/agenda/")
    assert r.status_code == 200
    row = r.context["rows"][0]
    assert (row["officer"], row["groups"], row["overdue"], row["on_schedule"]) == (officer, 1, 1, 0)
    assert client_for(district_head).get(f"/agenda/?officer={officer.pk}").context["who"] == officer
    assert client_for(officer).get("/district/9611/agenda/").status_code == 404
    assert client_for(officer).get(f"/agenda/?officer={district_head.pk}").status_code == 404
    # an officer also posted to another district: her agenda spans both, so this head no longer sees it
    from sammachip.accounts.models import StaffPosting
    from sammachip.places.models import District

    other = District.objects.get(code="9610")
    StaffPosting.objects.create(
        user=officer,
        role="officer",
        district=other,
        province_id=other.province_id,
        starts_on=dt.date(2020, 1, 1),
    )
    assert client_for(district_head).get(f"/agenda/?officer={officer.pk}").status_code == 404


def test_agreed_action_done(client_for, officer, group) -> None:
    c = client_for(officer)
    c.post(f"/groups/{group.pk}/visits/", visit_data(action_1="สั่งขวด", owner_1="ฝ่ายผลิต", due_1="30/11/2569"))
    action = AgreedAction.objects.get()
    assert c.post(f"/groups/{group.pk}/actions/{action.pk}/done/").status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_visit_log_a_page_at_a_time_with_the_next_visit_due(
    client_for, officer, member, outsider, group
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sammachip.visits.views import VISITS_PAGE

    c = client_for(officer)
    first = c.get(f"/groups/{group.pk}/visits/")
    assert first.context["due"].overdue_days > 0  # founded 2024, never visited: overdue
    for n in range(VISITS_PAGE + 3):
        Visit.objects.create(
            group=group, officer=officer, visited_on=dt.date(2026, 1, 1) + dt.timedelta(days=7 * n),
            purpose="follow_up", observed=f"ครั้งที่ {n}",
        )  # fmt: skip
    newest = dt.date(2026, 1, 1) + dt.timedelta(days=7 * (VISITS_PAGE + 2))
    connection.queries_log.clear()  # a full log (9,000 queries) miscounts a capture
    with CaptureQueriesContext(connection) as ctx:
        page1 = c.get(f"/groups/{group.pk}/visits/")
    queries = len(ctx.captured_queries)  # counted now: a capture reads the shared log when asked
    html = page1.content.decode()
    assert f"ครั้งที่ {VISITS_PAGE + 2}" in html and "ครั้งที่ 2<" not in html
    assert "?page=2#visit-log" in html and "หน้า 1 จาก 2" in html
    assert page1.context["due"].due.last_visit == newest  # the next visit counts from the last one
    link = f"/groups/{group.pk}/visits/{Visit.objects.get(visited_on=newest).pk}/"
    assert f'<a href="{link}">' in html and c.get(link).status_code == 200  # each visit links to its page
    assert "· ติดตามตามปกติ ·" in html  # the purpose, in Thai
    # Was 16 with the first 30 visits, the whole agenda and a staff member's membership; 13 with the photos
    # read (the log counts them) and the last visit asked for again (it heads the first page).
    assert queries == 11
    later = c.get(f"/groups/{group.pk}/visits/?page=2")
    assert later.context["due"].due.last_visit == newest  # from a page without the newest visit too
    page2 = later.content.decode()
    assert all(f"ครั้งที่ {n}<" in page2 for n in range(3)) and f"ครั้งที่ {VISITS_PAGE + 2}" not in page2
    assert "?page=1#visit-log" in page2
    assert client_for(member).get(f"/groups/{group.pk}/visits/?page=2").status_code == 200
    assert client_for(outsider).get(f"/groups/{group.pk}/visits/?page=2").status_code == 404
