"""Balances brought forward: money the group held before its books began here. In the cash and bank
balances and members' shares; never in a year's profit, so never in the dividends."""

from __future__ import annotations

from decimal import Decimal

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import Entry, YearClose
from tests.bookkeeping.conftest import category


def test_opening_balance_typed_on_the_page_stays_out_of_the_profit(
    client_for, treasurer, group, cash, year_2025
) -> None:
    t = client_for(treasurer)
    url = f"/groups/{group.pk}/books/"
    m = group.memberships.order_by("number")[4]
    opening, shares = category("income", "opening_balance"), category("income", "opening_shares")
    # the form offers both, after the everyday income categories
    page = t.get(url).content.decode()
    options = [f'value="{c.pk}">{c.name}</option>' for c in (category("income", "sales"), opening, shares)]
    assert page.index(options[0]) < page.index(options[1]) < page.index(options[2])
    post = {"date": "01/01/2568", "category": opening.pk, "amount": "5,000.00", "account": cash.pk}
    assert t.post(url, post).status_code == 302
    # shares brought forward belong to someone
    r = t.post(url, {**post, "category": shares.pk, "amount": "300"})
    assert r.status_code == 422 and "สมาชิก" in str(r.context["form"].errors["membership"])
    assert (
        t.post(url, {**post, "category": shares.pk, "amount": "300", "membership": m.pk}).status_code == 302
    )
    # after the first sale (01/03/2568) a balance is no longer "brought forward"
    r = t.post(url, {**post, "date": "02/03/2568"})
    assert r.status_code == 422 and "รายการแรก" in str(r.context["form"].errors["date"])
    assert Entry.objects.filter(group=group, category__role="opening").count() == 2
    assert t.post(f"/groups/{group.pk}/years/{year_2025.pk}/close/", {"confirm": "yes"}).status_code == 302
    close = YearClose.objects.get(fiscal_year=year_2025)
    # 10,000 sales + 2,000 grant − 4,000 materials: the 5,300 brought forward is not income of the year
    assert (close.income, close.expense, close.net_profit) == (
        Decimal("12000.00"),
        Decimal("4000.00"),
        Decimal("8000.00"),
    )
    assert [b["balance"] for b in close.statement["balances"]] == ["13300.00"]
    assert services.capital_by_member(group, year_2025.ends_on) == {m.pk: Decimal("300.00")}
    report = t.get(f"/groups/{group.pk}/years/{year_2025.pk}/").content.decode()
    statement = report.split('id="split"')[0]  # the P&L and the year-end balances
    assert "ขายสินค้าและบริการ" in statement and "ยอดยกมา" not in statement
