"""Closing a fiscal year and paying dividends cannot be undone: the page says what will happen and asks for a
ticked box, checked by the server, so it works without JavaScript (issue 18)."""

from __future__ import annotations

import datetime as dt

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import DividendRun, Entry, FiscalYear


def test_closing_a_year_asks_to_confirm_what_it_does(client_for, year_2025, treasurer, group) -> None:
    c = client_for(treasurer)
    url = f"/groups/{group.pk}/years/{year_2025.pk}/"
    page = c.get(url).content.decode()
    assert 'id="confirm-close-year"' in page and "ย้อนกลับไม่ได้" in page and "฿8,000.00" in page
    r = c.post(f"{url}close/")
    assert r.status_code == 422 and 'id="close-year-error"' in r.content.decode()
    assert "กรุณาทำเครื่องหมายในช่องยืนยันก่อน" in r.content.decode()
    assert not FiscalYear.objects.get(pk=year_2025.pk).is_closed
    assert c.post(f"{url}close/", {"confirm": "yes"}).status_code == 302
    assert FiscalYear.objects.get(pk=year_2025.pk).is_closed


def test_paying_dividends_asks_to_confirm_the_total(
    client_for, year_2025, treasurer, chair, group, cash
) -> None:
    from tests.conftest import pass_resolution

    services.close_year(year=year_2025, by=treasurer)
    services.create_dividend_run(year=year_2025, by=treasurer)
    pass_resolution(group, chair, on=dt.date(2026, 1, 10), kind="approve_year", fiscal_year=year_2025)
    c = client_for(treasurer)
    url = f"/groups/{group.pk}/years/{year_2025.pk}/"
    page = c.get(url).content.decode()
    assert 'name="confirm"' in page and "฿4,800.00" in page and "3 คน" in page
    r = c.post(f"{url}dividends/pay/", {"paid_on": "15/01/2569", "account": cash.pk})
    assert r.status_code == 422 and "confirm" in r.context["pay_form"].errors
    assert DividendRun.objects.get(fiscal_year=year_2025).status == "approved"
    assert not Entry.objects.filter(category__role="dividend").exists()
    r = c.post(f"{url}dividends/pay/", {"paid_on": "15/01/2569", "account": cash.pk, "confirm": "on"})
    assert r.status_code == 302 and DividendRun.objects.get(fiscal_year=year_2025).status == "paid"
