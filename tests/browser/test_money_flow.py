"""The treasurer records sales and expenses, closes the year and runs dividends; a member logs in on
her phone and sees her slip — in real Chromium against a live server."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import DividendRun, Entry, FiscalYear
from tests.bookkeeping.conftest import category
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_treasurer_closes_the_year_and_a_member_sees_her_slip(
    live_server, browser, group, treasurer, member, production, task, charter, cash
) -> None:
    members = list(group.memberships.order_by("number"))
    for m, hours in zip(members[:3], ["10", "20", "30"], strict=True):
        services.record_work(
            group=group,
            membership=m,
            task=task,
            date=dt.date(2025, 5, 1),
            quantity=Decimal(hours),
            by=production,
            day_limit=False,  # the year's hours on one date, as an old ledger brings them
        )
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH").new_page()
    login(desk, base, "treasurer")
    desk.goto(f"{base}/groups/{group.pk}/books/")
    for day, cat, amount in [
        ("05/03/2568", category("income", "sales"), "12,000"),
        ("06/03/2568", category("expense", "raw_materials"), "2,000.00"),
    ]:
        desk.fill("#id_date", day)
        desk.select_option("#id_category", str(cat.pk))
        desk.fill("#id_amount", amount)
        desk.select_option("#id_account", str(cash.pk))
        desk.click("button.primary")
        desk.wait_for_selector(".msg.success")
    assert list(Entry.objects.order_by("number").values_list("amount", flat=True)) == [
        Decimal("12000.00"),
        Decimal("2000.00"),
    ]
    assert "12,000.00" in desk.inner_text("#daybook")

    year = FiscalYear.objects.get(group=group, starts_on=dt.date(2025, 1, 1))
    desk.goto(f"{base}/groups/{group.pk}/years/{year.pk}/")
    assert desk.inner_text("#net-profit") == "10,000.00"
    assert "ย้อนกลับไม่ได้" in desk.inner_text("label:has(#confirm-close-year)")  # what closing does
    desk.check("#confirm-close-year")
    desk.click("#close-year")
    desk.wait_for_selector("#run-dividends")
    desk.click("#run-dividends")
    desk.wait_for_selector("#shares")
    run = DividendRun.objects.get(fiscal_year=year)
    assert run.pool == Decimal("6000.00")
    assert [s.amount for s in run.shares.order_by("member_number")] == [
        Decimal("1000.00"),
        Decimal("2000.00"),
        Decimal("3000.00"),
    ]

    phone = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH").new_page()
    login(phone, base, member.phone)
    phone.goto(f"{base}/groups/{group.pk}/years/{year.pk}/")
    assert "3,000.00" in phone.inner_text("#own-share")
    slip_url = phone.get_attribute("#own-share a", "href")
    response = phone.request.get(f"{base}{slip_url}")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
