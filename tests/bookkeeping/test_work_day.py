"""One day's work for several members in one form (issue 20): all of it or none, a refused row shown on its
row, one submission; the single-record form and the API keep working."""

from __future__ import annotations

from decimal import Decimal

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import WorkRecord
from sammachip.core.models import AuditEvent


def _url(group) -> str:
    return f"/groups/{group.pk}/work/day/"


def test_the_production_lead_records_a_day_for_several_members(
    client_for, production, cash, task, group, officer
) -> None:
    other = services.add_work_task(
        group=group, name="บรรจุขวด", unit="pieces", weight=Decimal("0.1"), by=officer
    )
    c = client_for(production)
    page = c.get(_url(group))
    assert page.status_code == 200
    members = list(group.memberships.order_by("number"))
    a, b, c_, *rest = members
    data = {"date": "24112569", "task": str(task.pk), f"qty_{a.pk}": "3", f"qty_{b.pk}": "2.5",
            f"task_{c_.pk}": str(other.pk), f"qty_{c_.pk}": "40"}  # fmt: skip
    r = c.post(_url(group), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    records = WorkRecord.objects.filter(group=group).order_by("membership__number")
    got = [(w.membership_id, w.task_id, w.quantity, w.status, str(w.date)) for w in records]
    assert got == [
        (a.pk, task.pk, Decimal("3"), "confirmed", "2026-11-24"),
        (b.pk, task.pk, Decimal("2.5"), "confirmed", "2026-11-24"),
        (c_.pk, other.pk, Decimal("40"), "confirmed", "2026-11-24"),
    ]
    assert AuditEvent.objects.filter(verb="bookkeeping.work.recorded").count() == 3
    assert AuditEvent.objects.filter(verb="bookkeeping.work.day_recorded").count() == 1


def test_a_refused_row_keeps_the_whole_day_out_and_is_shown_on_its_row(
    client_for, production, cash, task, group
) -> None:
    c = client_for(production)
    a, b, c_, *rest = list(group.memberships.order_by("number"))
    data = {"date": "24/11/2569", "task": "", f"task_{a.pk}": str(task.pk), f"qty_{a.pk}": "3",
            f"qty_{b.pk}": "2", f"task_{c_.pk}": str(task.pk), f"qty_{c_.pk}": "-1"}  # fmt: skip
    r = c.post(_url(group), data)
    assert r.status_code == 422
    page = r.content.decode()
    assert 'class="error-summary"' in page
    assert f'id="row-{b.pk}"' in page and f'href="#row-{b.pk}"' in page  # no kind of work for b
    assert f'href="#row-{c_.pk}"' in page  # a negative quantity
    assert f'href="#row-{a.pk}"' not in page
    assert not WorkRecord.objects.exists()
    # refused by the service (nobody was a member before the group began): shown on each row, nothing kept
    data = {"date": "01/01/2500", "task": str(task.pk), f"qty_{a.pk}": "3", f"qty_{b.pk}": "2"}
    r = c.post(_url(group), data)
    assert r.status_code == 422
    page = r.content.decode()
    assert f'href="#row-{a.pk}"' in page and f'href="#row-{b.pk}"' in page
    assert not WorkRecord.objects.exists()


def test_a_future_day_or_an_empty_sheet_is_refused(client_for, production, cash, task, group) -> None:
    c = client_for(production)
    a = group.memberships.order_by("number")[0]
    r = c.post(_url(group), {"date": "30/11/2569", "task": str(task.pk), f"qty_{a.pk}": "3"})
    assert r.status_code == 422 and 'href="#field-date"' in r.content.decode()
    r = c.post(_url(group), {"date": "24/11/2569", "task": str(task.pk)})
    assert r.status_code == 422 and "error-summary" in r.content.decode()
    assert not WorkRecord.objects.exists()


def test_only_whoever_confirms_work_records_a_day(
    client_for, member, outsider, production, task, group
) -> None:
    a = group.memberships.order_by("number")[0]
    for who in (outsider, member):
        c = client_for(who)
        assert c.get(_url(group)).status_code == 404
        assert (
            c.post(_url(group), {"date": "24/11/2569", "task": str(task.pk), f"qty_{a.pk}": "3"}).status_code
            == 404
        )
    assert not WorkRecord.objects.exists()


def test_the_single_record_form_still_works(client_for, production, cash, task, group) -> None:
    a = group.memberships.order_by("number")[0]
    r = client_for(production).post(
        f"/groups/{group.pk}/work/",
        {"form": "work", "membership": a.pk, "date": "24/11/2569", "task": task.pk, "quantity": "2"},
    )
    assert r.status_code == 302 and WorkRecord.objects.get().quantity == Decimal("2")


def test_a_day_of_work_through_the_api(production, member, cash, task, group) -> None:
    import json

    from tests.test_api import bearer

    a, b, *_rest = group.memberships.order_by("number")
    url = f"/api/v1/groups/{group.pk}/work/day"

    def post(who, rows):
        body = json.dumps({"date": "2026-11-24", "rows": rows})
        return bearer(who).post(url, body, content_type="application/json")

    rows = [
        {"member_id": a.pk, "task_id": task.pk, "quantity": "3"},
        {"member_id": b.pk, "task_id": task.pk, "quantity": "x"},
    ]
    assert post(member, rows).status_code == 404  # only whoever confirms work records for others
    r = post(production, rows)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == [f"row_{b.pk}"]
    assert not WorkRecord.objects.exists()
    rows[1]["quantity"] = "1.5"
    r = post(production, rows)
    assert r.status_code == 201 and [w["member_id"] for w in r.json()] == [a.pk, b.pk]
    saved = WorkRecord.objects.filter(status="confirmed").order_by("membership__number")
    assert [w.quantity for w in saved] == [Decimal("3"), Decimal("1.5")]


def test_a_day_holds_at_most_24_hours_of_a_members_work(client_for, production, cash, task, group) -> None:
    """A typing slip (99999 hours) would weigh on the dividend split: a day's form refuses more than a day,
    counting what the member already has that day; pieces have no such bound."""
    c = client_for(production)
    a, b, *rest = list(group.memberships.order_by("number"))
    r = c.post(
        _url(group), {"date": "24/11/2569", "task": str(task.pk), f"qty_{a.pk}": "99999", f"qty_{b.pk}": "2"}
    )
    assert r.status_code == 422
    assert "ไม่เกิน 24" in r.content.decode() and f'href="#row-{a.pk}"' in r.content.decode()
    assert not WorkRecord.objects.exists()
    assert (
        c.post(_url(group), {"date": "24/11/2569", "task": str(task.pk), f"qty_{a.pk}": "20"}).status_code
        == 302
    )
    r = c.post(_url(group), {"date": "24/11/2569", "task": str(task.pk), f"qty_{a.pk}": "5"})  # 20 + 5 > 24
    assert r.status_code == 422 and "บันทึกไว้แล้ว 20" in r.content.decode()
    assert list(WorkRecord.objects.values_list("quantity", flat=True)) == [Decimal("20.00")]


def test_the_single_work_form_and_the_api_hold_a_day_to_a_day_too(
    client_for, production, cash, task, group
) -> None:
    """The rule was the day form's alone: 99999 hours on the single form counted at once (found by a new user)."""
    import json

    from tests.test_api import bearer

    a = group.memberships.order_by("number")[0]
    c = client_for(production)
    url = f"/groups/{group.pk}/work/"
    form = {
        "form": "work",
        "membership": str(a.pk),
        "task": str(task.pk),
        "date": "24/11/2569",
        "quantity": "99999",
    }
    r = c.post(url, form)
    assert r.status_code == 422 and "ไม่เกิน 24" in r.content.decode()
    assert c.post(url, {**form, "quantity": "20"}).status_code == 302
    r = c.post(url, {**form, "quantity": "4.01"})  # 20 + 4.01 > 24
    assert r.status_code == 422 and "บันทึกไว้แล้ว 20" in r.content.decode()
    api = f"/api/v1/groups/{group.pk}/work"
    body = {"member_id": a.pk, "date": "2026-11-24", "task_id": task.pk, "quantity": "4.01"}
    r = bearer(production).post(api, json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    body["quantity"] = "4"
    assert bearer(production).post(api, json.dumps(body), content_type="application/json").status_code == 201
    assert sorted(WorkRecord.objects.values_list("quantity", flat=True)) == [
        Decimal("4.00"),
        Decimal("20.00"),
    ]


def test_a_year_that_is_not_a_number_is_not_there(client_for, production, officer, group) -> None:
    for who in (production, officer):
        assert client_for(who).get(f"/groups/{group.pk}/work/", {"year": "abc"}).status_code == 404
        assert client_for(who).get(f"/groups/{group.pk}/books/", {"year": "abc"}).status_code == 404
