"""Members' share money is capital, not income: paid during the year (the standard "shares" category) it
stays out of the P&L and the profit split, as shares brought forward already do."""

from __future__ import annotations

from decimal import Decimal

from sammachip.bookkeeping.models import YearClose
from tests.bookkeeping.conftest import category


def test_share_money_paid_in_the_year_stays_out_of_the_pnl_and_the_split(
    client_for, group, treasurer, cash, charter
) -> None:
    c = client_for(treasurer)
    m = group.memberships.order_by("number").first()
    for cat, amount, extra in [
        (category("income", "shares"), "3,000", {"membership": m.pk}),
        (category("income", "sales"), "1,000", {}),
    ]:
        data = {"date": "05/03/2568", "category": cat.pk, "amount": amount, "account": cash.pk, **extra}
        assert c.post(f"/groups/{group.pk}/books/", data).status_code == 302
    year = group.fiscal_years.get()
    page = c.get(f"/groups/{group.pk}/years/{year.pk}/")
    statement = page.context["s"]
    assert (statement.income_total, statement.net_profit) == (Decimal("1000.00"), Decimal("1000.00"))
    assert c.post(f"/groups/{group.pk}/years/{year.pk}/close/", {"confirm": "yes"}).status_code == 302
    close = YearClose.objects.get(fiscal_year=year)
    assert (close.income, close.net_profit) == (Decimal("1000.00"), Decimal("1000.00"))
    assert sum(Decimal(v) for v in close.statement["split"].values()) == Decimal("1000.00")
    # the money is still in the cash box: capital held, not spent
    assert {b["name"]: b["balance"] for b in close.statement["balances"]}[cash.name] == "4000.00"
    assert c.get(f"/api/v1/groups/{group.pk}/years/{year.pk}").json()["net_profit"] == "1000.00"
