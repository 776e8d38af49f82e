"""A wrong work record is cancelled by a reversing record — kept, audited, with a reason — by whoever may
confirm work, on the page and in the API, until the fiscal year is closed (issue 18)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import WorkRecord
from sammachip.core.models import AuditEvent
from tests.test_api import bearer


def _ten_hours(group, year_2025) -> WorkRecord:
    """The fixture's 10 h record of the first member (30 and 20 h by two others)."""
    first = group.memberships.order_by("number")[0]
    return WorkRecord.objects.get(membership=first, date=dt.date(2025, 5, 1))


def test_production_lead_cancels_through_the_page_and_totals_and_dividends_follow(
    client_for, year_2025, production, treasurer, group
) -> None:
    record = _ten_hours(group, year_2025)
    c = client_for(production)
    work_url = f"/groups/{group.pk}/work/?year={year_2025.pk}"
    before = c.get(work_url)
    totals = {r.pk: r.work for r in before.context["rows"]}
    assert totals[record.membership_id] == Decimal("10") and before.context["group_total"] == Decimal("60")
    assert f"/work/{record.pk}/cancel/" in before.content.decode()

    page = c.get(f"/groups/{group.pk}/work/{record.pk}/cancel/")
    assert page.status_code == 200 and 'id="cancel-work"' in page.content.decode()
    refused = c.post(f"/groups/{group.pk}/work/{record.pk}/cancel/", {"reason": ""})
    assert refused.status_code == 422 and "reason" in refused.context["form"].errors
    assert not WorkRecord.objects.filter(reverses=record).exists()

    r = c.post(f"/groups/{group.pk}/work/{record.pk}/cancel/", {"reason": "บันทึกผิดคน"})
    assert r.status_code == 302
    reversal = WorkRecord.objects.get(reverses=record)
    assert (reversal.quantity, reversal.weight, reversal.date, reversal.status) == (
        Decimal("-10.00"), record.weight, record.date, "confirmed",
    )  # fmt: skip
    kept = WorkRecord.objects.get(pk=record.pk)
    assert (kept.quantity, kept.status) == (Decimal("10.00"), "confirmed")  # the original stays as it was
    event = AuditEvent.objects.get(verb="bookkeeping.work.cancelled", group_id=group.pk)
    assert event.data["reason"] == "บันทึกผิดคน" and event.data["cancels"] == record.pk

    after = c.get(work_url)
    totals = {r.pk: r.work for r in after.context["rows"]}
    assert totals[record.membership_id] == 0 and after.context["group_total"] == Decimal("50")
    assert f"/work/{record.pk}/cancel/" not in after.content.decode()  # cancelled once only
    row = after.content.decode().split(f'<li id="work-{record.pk}">')[1].split("</li>")[0]
    assert '<span class="badge">ยกเลิกแล้ว</span>' in row  # the cancelled record says so
    again = c.post(f"/groups/{group.pk}/work/{record.pk}/cancel/", {"reason": "อีกครั้ง"})
    assert again.status_code == 422 and WorkRecord.objects.filter(reverses__isnull=False).count() == 1

    services.close_year(year=year_2025, by=treasurer)
    run = services.create_dividend_run(year=year_2025, by=treasurer)
    assert run.total_work == Decimal("50")
    assert not run.shares.filter(membership_id=record.membership_id).exists()
    assert sum(s.amount for s in run.shares.all()) == run.pool


def test_who_may_cancel_and_when(client_for, year_2025, production, member, treasurer, group) -> None:
    record = _ten_hours(group, year_2025)
    for who in (member, treasurer):  # not the production lead: refused, as confirming is
        assert client_for(who).get(f"/groups/{group.pk}/work/{record.pk}/cancel/").status_code == 404
        r = client_for(who).post(f"/groups/{group.pk}/work/{record.pk}/cancel/", {"reason": "ผิด"})
        assert r.status_code == 404
    assert not WorkRecord.objects.filter(reverses=record).exists()
    services.close_year(year=year_2025, by=treasurer)
    r = client_for(production).post(f"/groups/{group.pk}/work/{record.pk}/cancel/", {"reason": "ผิด"})
    assert r.status_code == 422 and "ปิด" in str(r.context["form"].errors)
    assert not WorkRecord.objects.filter(reverses=record).exists()


def test_cancel_through_the_api(year_2025, production, member, treasurer, group) -> None:
    record = _ten_hours(group, year_2025)
    url = f"/api/v1/groups/{group.pk}/work/{record.pk}/cancel"

    def post(who, data):
        return bearer(who).post(url, json.dumps(data), content_type="application/json")

    assert post(member, {"reason": "ผิด"}).status_code == 404
    assert post(production, {"reason": "  "}).status_code == 422
    r = post(production, {"reason": "บันทึกซ้ำ"})
    assert r.status_code == 201
    body = r.json()
    assert (body["quantity"], body["reverses"], body["status"]) == ("-10.00", record.pk, "confirmed")
    listed = {w["id"]: w for w in bearer(member).get(f"/api/v1/groups/{group.pk}/work").json()["items"]}
    assert listed[record.pk]["cancelled_by"] == body["id"]
    assert post(production, {"reason": "อีกครั้ง"}).status_code == 422
    reversal_url = f"/api/v1/groups/{group.pk}/work/{body['id']}/cancel"
    r = bearer(production).post(reversal_url, json.dumps({"reason": "x"}), content_type="application/json")
    assert r.status_code == 422  # a cancelling record is not itself cancelled
    assert (
        services.work_by_member(group, year_2025.starts_on, year_2025.ends_on).get(record.membership_id) == 0
    )


def test_pending_work_is_not_cancelled_but_decided(
    client_for, year_2025, production, member, group, task
) -> None:
    own = group.memberships.get(person__user=member)
    pending = services.record_work(
        group=group, membership=own, task=task, date=dt.date(2025, 6, 1), quantity=Decimal(3), by=member
    )  # fmt: skip
    r = client_for(production).post(f"/groups/{group.pk}/work/{pending.pk}/cancel/", {"reason": "ผิด"})
    assert r.status_code == 422 and not WorkRecord.objects.filter(reverses=pending).exists()


def test_the_database_refuses_a_negative_record_that_cancels_nothing(group, production, task) -> None:
    import pytest
    from django.db import IntegrityError, transaction

    m = group.memberships.order_by("number")[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkRecord.objects.create(
            group=group, membership=m, task=task, date=dt.date(2025, 6, 1), quantity=Decimal(-5),
            weight=Decimal(1), status="confirmed", recorded_by=production,
        )  # fmt: skip
