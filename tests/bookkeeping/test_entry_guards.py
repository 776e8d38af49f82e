"""An entry the books cannot hold is refused on its field, on the page and in the API alike (one rule, in
record_entry): an expense that would take a cash box or bank account below zero — unless the treasurer
overrides it with a reason, which is audited — and an entry dated before the group was founded."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import Entry
from sammachip.core.models import AuditEvent
from tests.bookkeeping.conftest import category
from tests.test_api import bearer


def _income(group, treasurer, cash, day: dt.date, amount: str) -> None:
    services.record_entry(
        group=group, by=treasurer, date=day, kind="income", category=category("income", "sales"),
        amount=Decimal(amount), account=cash,
    )  # fmt: skip


def _expense(amount: str, cash, day: str = "10/03/2568", **extra: str) -> dict:
    return {
        "date": day, "category": category("expense", "raw_materials").pk, "amount": amount, "account": cash.pk,
        **extra,
    }  # fmt: skip


def _api(c, group, amount: str, cash, day: str = "2025-03-10", **extra):  # type: ignore[no-untyped-def]
    data = {
        "date": day, "category_id": category("expense", "raw_materials").pk, "amount": amount, "account_id": cash.pk,
        **extra,
    }  # fmt: skip
    return c.post(f"/api/v1/groups/{group.pk}/entries", json.dumps(data), content_type="application/json")


def test_page_refuses_an_expense_beyond_the_cash_box_on_the_amount(
    client_for, group, treasurer, cash
) -> None:
    _income(group, treasurer, cash, dt.date(2025, 3, 1), "1000.00")
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/", _expense("1,000.01", cash))
    assert r.status_code == 422
    errors = r.context["form"].errors
    assert "amount" in errors and "1,000.00" in errors["amount"][0]
    assert not Entry.objects.filter(kind="expense").exists()
    # all of it is fine
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/", _expense("1,000.00", cash))
    assert r.status_code == 302


def test_a_back_dated_expense_may_not_take_a_later_balance_below_zero(
    client_for, group, treasurer, cash
) -> None:
    _income(group, treasurer, cash, dt.date(2025, 3, 1), "1000.00")
    services.record_entry(
        group=group, by=treasurer, date=dt.date(2025, 3, 20), kind="expense",
        category=category("expense", "wages"), amount=Decimal("800.00"), account=cash,
    )  # fmt: skip
    # on 10 March the box held 1,000, but 20 March's wages would then leave it at −300
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/", _expense("500.00", cash))
    assert r.status_code == 422 and "200.00" in r.context["form"].errors["amount"][0]
    assert (
        client_for(treasurer).post(f"/groups/{group.pk}/books/", _expense("200.00", cash)).status_code == 302
    )


def test_an_override_needs_a_reason_and_is_audited(client_for, group, treasurer, cash) -> None:
    _income(group, treasurer, cash, dt.date(2025, 3, 1), "100.00")
    c = client_for(treasurer)
    r = c.post(f"/groups/{group.pk}/books/", _expense("150.00", cash, overdraw="on"))
    assert r.status_code == 422 and "overdraw_reason" in r.context["form"].errors
    reason = "ประธานสำรองจ่ายเงินส่วนตัวไปก่อน"
    r = c.post(f"/groups/{group.pk}/books/", _expense("150.00", cash, overdraw="on", overdraw_reason=reason))
    assert r.status_code == 302
    entry = Entry.objects.get(kind="expense")
    event = AuditEvent.objects.get(verb="bookkeeping.entry.recorded", target_id=entry.pk)
    assert event.data["overdrawn"] == {"balance": "100.00", "reason": reason}


def test_the_api_refuses_an_expense_beyond_the_balance_or_takes_an_override(treasurer, group, cash) -> None:
    _income(group, treasurer, cash, dt.date(2025, 3, 1), "100.00")
    c = bearer(treasurer)
    r = _api(c, group, "100.50", cash)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount"
    assert "100.00" in r.json()["errors"][0]["message"]
    r = _api(c, group, "100.50", cash, overdraw=True)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "overdraw_reason"
    r = _api(c, group, "100.50", cash, overdraw=True, overdraw_reason="ยืมเงินประธาน")
    assert r.status_code == 201 and Entry.objects.filter(kind="expense").count() == 1


def test_an_entry_before_the_group_was_founded_is_refused_on_the_date(
    client_for, treasurer, group, cash
) -> None:
    # founded 15 January 2024
    data = {
        "date": "14/01/2567",
        "category": category("income", "sales").pk,
        "amount": "10",
        "account": cash.pk,
    }
    r = client_for(treasurer).post(f"/groups/{group.pk}/books/", data)
    assert r.status_code == 422 and "date" in r.context["form"].errors
    payload = {
        "date": "2024-01-14",
        "category_id": category("income", "sales").pk,
        "amount": "10",
        "account_id": cash.pk,
    }
    r = bearer(treasurer).post(
        f"/api/v1/groups/{group.pk}/entries", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date"
    assert not Entry.objects.exists()
    data["date"] = "15/01/2567"
    assert client_for(treasurer).post(f"/groups/{group.pk}/books/", data).status_code == 302
