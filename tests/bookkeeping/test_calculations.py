"""Table and property tests of the P&L, the profit split and dividends by work."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sammachip.bookkeeping.calculations import CategoryTotal, dividends_by_work, profit_and_loss, split_profit
from sammachip.core.thaitext import baht_in_words


def test_profit_and_loss_keeps_dividends_out_and_counts_sales_and_grants() -> None:
    totals = [
        CategoryTotal(1, "ขาย", "income", "sales", Decimal("10000.00")),
        CategoryTotal(2, "อุดหนุน", "income", "grant", Decimal("2000.00")),
        CategoryTotal(3, "วัตถุดิบ", "expense", "", Decimal("4000.00")),
        CategoryTotal(4, "ปันผล", "expense", "dividend", Decimal("1500.00")),
    ]
    pnl = profit_and_loss(totals)
    assert (pnl.income_total, pnl.expense_total, pnl.net_profit) == (
        Decimal("12000.00"),
        Decimal("4000.00"),
        Decimal("8000.00"),
    )
    assert (
        pnl.dividends_paid == Decimal("1500.00")
        and pnl.grant_share == Decimal("16.67")
        and pnl.sales_share == Decimal("83.33")
    )


def test_split_adds_up_and_a_loss_is_not_split() -> None:
    pct = {
        "reserve": Decimal(10),
        "dividend": Decimal(60),
        "welfare": Decimal(10),
        "committee": Decimal(10),
        "community": Decimal(10),
    }
    split = split_profit(Decimal("1000.01"), pct)
    assert sum(split.values()) == Decimal("1000.01") and split["dividend"] == Decimal("600.01")
    assert set(split_profit(Decimal("-5.00"), pct).values()) == {Decimal("0.00")}


def test_dividends_follow_work_and_no_work_gets_nothing() -> None:
    result = dividends_by_work(
        Decimal("100.00"), {1: Decimal(10), 2: Decimal(20), 3: Decimal(0), 4: Decimal(30)}, [1, 2, 3, 4]
    )
    amounts = {s.key: s.amount for s in result.shares}
    assert amounts == {1: Decimal("16.67"), 2: Decimal("33.33"), 3: Decimal("0.00"), 4: Decimal("50.00")}
    with pytest.raises(ValueError):
        dividends_by_work(Decimal("100.00"), {1: Decimal(0)}, [1])


@given(
    pool=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2),
    work=st.lists(st.decimals(min_value=0, max_value=2000, places=2), min_size=1, max_size=60),
)
def test_shares_add_up_to_the_pool_and_are_proportional_within_a_satang(
    pool: Decimal, work: list[Decimal]
) -> None:
    if sum(work) == 0:
        return
    keys = list(range(len(work)))
    result = dividends_by_work(pool, dict(zip(keys, work, strict=True)), keys)
    assert sum(s.amount for s in result.shares) == pool
    total = sum(work)
    for s in result.shares:
        exact = pool * s.work / total
        assert abs(s.amount - exact) < Decimal("0.01")
        if s.work == 0:
            assert s.amount == 0


def test_amount_in_words() -> None:
    assert baht_in_words(Decimal("1250.50")) == "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"
    assert baht_in_words(Decimal("21.00")) == "ยี่สิบเอ็ดบาทถ้วน"
    assert baht_in_words(Decimal("0.75")) == "เจ็ดสิบห้าสตางค์"
