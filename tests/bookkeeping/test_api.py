"""The books through the API."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import Entry, WorkRecord
from tests.bookkeeping.conftest import category
from tests.test_api import bearer


def post(c, url, data):
    return c.post(url, json.dumps(data), content_type="application/json")


def test_treasurer_records_and_reverses_through_the_api(treasurer, group, cash) -> None:
    c = bearer(treasurer)
    r = post(
        c,
        f"/api/v1/groups/{group.pk}/entries",
        {
            "date": "2025-03-05",
            "category_id": category("income", "sales").pk,
            "amount": "1,250.50",
            "account_id": cash.pk,
        },
    )
    assert r.status_code == 201 and r.json()["amount"] == "1250.50"
    entry_id = r.json()["id"]
    r = post(c, f"/api/v1/groups/{group.pk}/entries/{entry_id}/reverse", {"reason": "ผิด"})
    assert r.status_code == 201 and r.json()["amount"] == "-1250.50" and r.json()["reverses"] == 1
    listed = c.get(f"/api/v1/groups/{group.pk}/entries").json()["items"]
    assert [e["amount"] for e in listed] == ["1250.50", "-1250.50"]


@pytest.mark.parametrize("amount", ["0", "-1", "1.001", "abc"])
def test_bad_amounts_are_422(treasurer, group, cash, amount) -> None:
    r = post(
        bearer(treasurer),
        f"/api/v1/groups/{group.pk}/entries",
        {
            "date": "2025-03-05",
            "category_id": category("income", "sales").pk,
            "amount": amount,
            "account_id": cash.pk,
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount"
    assert not Entry.objects.exists()


def test_member_reads_books_but_cannot_write(member, group, cash) -> None:
    c = bearer(member)
    assert c.get(f"/api/v1/groups/{group.pk}/entries").status_code == 200
    r = post(
        c,
        f"/api/v1/groups/{group.pk}/entries",
        {
            "date": "2025-03-05",
            "category_id": category("income", "sales").pk,
            "amount": "10",
            "account_id": cash.pk,
        },
    )
    assert r.status_code == 404


def test_work_through_the_api(member, production, group, task) -> None:
    own = group.memberships.get(person__user=member)
    r = post(
        bearer(member),
        f"/api/v1/groups/{group.pk}/work",
        {"member_id": own.pk, "date": "2025-06-01", "task_id": task.pk, "quantity": "3"},
    )
    assert r.status_code == 201 and r.json()["status"] == "pending"
    other = group.memberships.exclude(pk=own.pk).first()
    assert (
        post(
            bearer(member),
            f"/api/v1/groups/{group.pk}/work",
            {"member_id": other.pk, "date": "2025-06-01", "task_id": task.pk, "quantity": "3"},
        ).status_code
        == 404
    )
    r = post(
        bearer(production),
        f"/api/v1/groups/{group.pk}/work",
        {"member_id": other.pk, "date": "2025-06-01", "task_id": task.pk, "quantity": "2.5"},
    )
    assert r.status_code == 201 and r.json()["status"] == "confirmed"
    assert WorkRecord.objects.count() == 2


def test_year_statement_and_dividends_in_the_api(year_2025, treasurer, member, group) -> None:
    services.close_year(year=year_2025, by=treasurer)
    services.create_dividend_run(year=year_2025, by=treasurer)
    body = bearer(member).get(f"/api/v1/groups/{group.pk}/years/{year_2025.pk}").json()
    assert (
        body["closed"] is True and body["net_profit"] == "8000.00" and body["split"]["dividend"] == "4800.00"
    )
    assert sum(Decimal(s["amount"]) for s in body["shares"]) == Decimal("4800.00")
