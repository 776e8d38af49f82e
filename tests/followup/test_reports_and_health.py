"""Annual reports, the health scorecard with stage proposals, the district and province views with
levels and warnings, and `sammachip remind`."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammachip.groups.models import OccupationGroup
from sammachip.visits.models import AnnualReport, HealthSnapshot, StageProposal


def test_report_from_closed_books_or_typed_and_never_twice(
    client_for, officer, treasurer, member, group, year_2025
) -> None:
    from sammachip.bookkeeping import services as books

    books.close_year(year=year_2025, by=treasurer)
    c = client_for(treasurer)
    page = c.get(f"/groups/{group.pk}/reports/")
    assert "2025-01-01" in page.content.decode()  # the closed year is offered
    assert (
        client_for(member)
        .post(f"/groups/{group.pk}/reports/", {"fiscal_year_start": "2025-01-01"})
        .status_code
        == 404
    )
    r = c.post(f"/groups/{group.pk}/reports/", {"fiscal_year_start": "2025-01-01"})
    assert r.status_code == 302
    report = AnnualReport.objects.get()
    close = year_2025.close
    assert report.from_books and (report.income, report.net_profit) == (close.income, close.net_profit)
    # 2024 is not closed in the books: the figures come from the ledger, checked
    r = c.post(
        f"/groups/{group.pk}/reports/",
        {"fiscal_year_start": "2024-01-01", "income": "5,000", "expense": "1,000", "own_sales": "6000"},
    )
    assert r.status_code == 422 and "มากกว่ารายรับ" in r.content.decode()
    r = c.post(
        f"/groups/{group.pk}/reports/",
        {"fiscal_year_start": "2024-01-01", "income": "5,000", "expense": "1,250.50", "own_sales": "4000"},
    )
    assert r.status_code == 302
    assert AnnualReport.objects.get(fiscal_year_start=dt.date(2024, 1, 1)).net_profit == Decimal("3749.50")
    assert (
        c.post(
            f"/groups/{group.pk}/reports/", {"fiscal_year_start": "2024-01-01", "income": "1", "expense": "1"}
        ).status_code
        == 422
    )
    assert AnnualReport.objects.count() == 2


def test_late_reports_show_on_the_district_page(client_for, officer, group) -> None:
    r = client_for(officer).get("/district/9611/reports/")
    assert r.context["late"] == 1 and "ล่าช้า" in r.content.decode()  # 2025 ended; 90 days passed; nothing sent


def test_health_page_explains_each_indicator_and_the_stage_goes_up_by_the_head(
    client_for, officer, district_head, group
) -> None:
    c = client_for(officer)
    r = c.get(f"/groups/{group.pk}/health/")
    card = r.context["card"]
    body = r.content.decode()
    assert card.level == "needs_support" and "committee_empty" in card.warnings
    assert "ทุกตำแหน่งกรรมการ (ยกเว้นที่ปรึกษา)" in body and "ตำแหน่งกรรมการว่าง" in body
    assert c.post(f"/groups/{group.pk}/health/", {"reason": ""}).status_code == 422
    assert c.post(f"/groups/{group.pk}/health/", {"reason": "ประชุมทุกเดือน ขายได้ต่อเนื่อง"}).status_code == 302
    assert (
        c.post(f"/groups/{group.pk}/health/", {"reason": "อีกครั้ง"}).status_code == 422
    )  # one waiting at a time
    proposal = StageProposal.objects.get()
    assert proposal.to_stage == "supported"
    assert (
        c.post(f"/stage-proposals/{proposal.pk}/decide/", {"approve": "1"}).status_code == 404
    )  # not the officer
    assert (
        client_for(district_head)
        .post(f"/stage-proposals/{proposal.pk}/decide/", {"approve": "1", "note": "เห็นด้วย"})
        .status_code
        == 302
    )
    group.refresh_from_db()
    proposal.refresh_from_db()
    assert (
        group.stage == "supported"
        and proposal.decision == "approved"
        and proposal.decided_by == district_head
    )


def test_district_view_levels_exports_and_constant_queries(
    client_for, officer, group, village, add_members, settings
) -> None:
    from openpyxl import load_workbook

    from sammachip.groups import services as group_services

    c = client_for(officer)

    def cold_and_warm() -> tuple[int, int]:
        """Queries of the view with nobody's health kept today (it computes them and keeps nothing), then
        with every group's kept by the recompute button."""
        HealthSnapshot.objects.all().delete()
        connection.queries_log.clear()  # the log keeps 9,000 queries; a full one miscounts a capture
        with CaptureQueriesContext(connection) as cold:
            c.get("/district/9611/")
        n_cold = len(cold)  # counted now: a capture reads the shared log when asked
        assert not HealthSnapshot.objects.exists()  # reading the page wrote nothing
        assert c.post("/district/9611/").status_code == 302
        with CaptureQueriesContext(connection) as warm:
            c.get("/district/9611/")
        return n_cold, len(warm)

    r = c.get("/district/9611/")
    assert "needs_support" in [k for k, _l, n, _w in r.context["level_bars"] if n]
    one = cold_and_warm()
    for n in range(4):
        g = group_services.create_group(
            name=f"กลุ่ม {n}",
            village=village,
            occupation=group.occupation,
            founded_on=dt.date(2024, 1, 1),
            by=officer,
        )
        add_members(g, 3)
    five = cold_and_warm()
    r = c.get("/district/9611/")
    assert five == one and one[1] < one[0] and len(r.context["groups"]) == 5, (one, five)
    assert HealthSnapshot.objects.filter(computed_on=timezone.localdate()).count() == 5
    assert c.get("/district/9611/?subdistrict=961104").status_code == 200
    wb = load_workbook(io.BytesIO(c.get("/district/9611/?format=xlsx").content))
    assert wb.active.max_row == 6 and wb.active["E2"].value in ("ต้องดูแลใกล้ชิด", "กำลังพัฒนา")
    assert c.get("/district/9611/?format=pdf").content.startswith(b"%PDF")


def test_remind_lists_and_emails_and_keeps_snapshots(client_for, officer, group, settings, capsys) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer.email = "officer@example.org"
    officer.save()
    call_command("remind", "--email")
    out = capsys.readouterr().out
    assert "กลุ่มน้ำยาล้างจาน" in out and "เลยกำหนด" in out and "ส่งรายงานประจำปีล่าช้า" in out
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@example.org"]
    snapshot = HealthSnapshot.objects.get(group=group)
    assert snapshot.level == "needs_support" and "report_late" in snapshot.warnings
    call_command("remind")  # the same day again replaces, never doubles
    assert HealthSnapshot.objects.filter(group=group).count() == 1
    from sammachip.accounts.models import StaffPosting, User

    staff = User.objects.create_user(username="prov", password="pw-123456")
    StaffPosting.objects.create(
        user=staff,
        role="province_staff",
        province_id=group.village.subdistrict.district.province_id,
        starts_on=dt.date(2020, 1, 1),
    )
    r = client_for(staff).get("/province/96/")
    row = next(row for row in r.context["rows"] if row["district"].code == "9611")
    assert row["levels"] == {"needs_support": 1} and r.context["level_totals"]["needs_support"] == 1
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client_for(staff).get("/province/96/?format=xlsx").content)).active
    sungai_padi = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "สุไหงปาดี")
    assert sungai_padi[1] == 1 and sungai_padi[5] == 1
    assert client_for(staff).get("/province/96/?format=pdf").content.startswith(b"%PDF")
    assert OccupationGroup.objects.count() == 1


def test_district_view_reads_kept_health_refreshed_by_visits_and_on_request(
    client_for, officer, district_head, other_district_officer, group, task
) -> None:
    c = client_for(officer)
    shown = c.get("/district/9611/").context["groups"][0].card
    assert not HealthSnapshot.objects.exists()  # computed for the page, kept by nothing but a writer
    assert c.post("/district/9611/").status_code == 302  # recompute now
    r = c.get("/district/9611/")
    kept = HealthSnapshot.objects.get(group=group)
    assert (shown.level, shown.score) == (kept.level, kept.score)
    (row,) = r.context["groups"]
    assert (row.card.level, row.card.score) == (kept.level, kept.score)
    assert r.context["summary"]["earning"] == kept.figures["earning"] and "visits" in kept.indicators
    overdue_before = kept.indicators["visits"]["met"]
    assert overdue_before is False  # the fixture group has never been visited

    # a visit recorded through its page refreshes the group's kept health at once
    r = c.post(
        f"/groups/{group.pk}/visits/",
        {"visited_on": timezone.localdate().strftime("%d/%m/%Y"), "purpose": "follow_up", "people_present": "4",
         "observed": "ผลิตตามแผน", "action_count": "0"},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:1500]
    assert HealthSnapshot.objects.get(group=group).indicators["visits"]["met"] is True

    # work recorded elsewhere shows after "recompute now" (or tomorrow's daily job), not before
    from sammachip.bookkeeping import services as books

    assert HealthSnapshot.objects.get(group=group).figures["earning"] == 0
    books.record_work(
        group=group, membership=group.memberships.order_by("number")[0], task=task, date=timezone.localdate(),
        quantity=Decimal(2), by=officer
    )  # fmt: skip
    assert c.get("/district/9611/").context["summary"]["earning"] == 0
    assert client_for(district_head).post("/district/9611/").status_code == 302
    fresh = HealthSnapshot.objects.get(group=group)
    assert fresh.computed_at > kept.computed_at and fresh.figures["earning"] == 1
    page = client_for(district_head).get("/district/9611/")
    assert page.context["summary"]["as_of"] == fresh.computed_at and page.context["summary"]["earning"] == 1
    assert client_for(other_district_officer).post("/district/9611/").status_code == 404


def test_health_page_gathers_the_5k_once_and_keeps_nothing(client_for, officer, district_head, group) -> None:
    from sammachip.core.clock import today
    from sammachip.visits import agenda

    c = client_for(officer)
    assert c.post(f"/groups/{group.pk}/health/", {"reason": "ประชุมทุกเดือน"}).status_code == 302
    HealthSnapshot.objects.all().delete()
    for days in (1, 2, 3):  # the level over time: earlier days kept by the daily job
        HealthSnapshot.objects.create(
            group=group, computed_on=today() - dt.timedelta(days=days), level="developing", score=50
        )
    head = client_for(district_head)
    connection.queries_log.clear()  # a full log (9,000 queries) miscounts a capture
    with CaptureQueriesContext(connection) as ctx:
        r = head.get(f"/groups/{group.pk}/health/")
    # What the group lacks beside the waiting proposal: read from the scorecard's own 5 ก, the same words
    # the district's list of proposals gives.
    assert r.context["lacks"] == agenda.what_each_lacks([group], today())[group.pk] != []
    assert 'id="proposal-lacks"' in r.content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    # was 33: the 5 ก asked twice (and in 6 queries), sales and the last sale apart; 24: a query per fact;
    # now the 5 ก in one statement and every other fact of the scorecard in another
    assert len(sql) == 9
    assert sum("groups_charter" in q for q in sql) == 1  # the 5 ก gathered once, not twice
    assert not any(q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for q in sql)
    assert HealthSnapshot.objects.count() == 3 and len(r.context["history"]) == 3
