"""The passbook's running totals: exact sums of stored amounts, oldest year first, never rounded."""

from __future__ import annotations

from decimal import Decimal as D

from sammachip.bookkeeping.calculations import PassbookYear, passbook_totals, running_balance


def test_running_balance_adds_each_line_to_what_was_brought_forward() -> None:
    assert running_balance(D("1250.50"), [D("1000.20"), D("333.33"), D("-333.33")]) == [
        D("2250.70"), D("2584.03"), D("2250.70"),
    ]  # fmt: skip
    assert running_balance(D("0.10"), []) == []


def test_totals_carry_each_year_into_the_next() -> None:
    years = [
        PassbookYear(
            shares_paid=D("1250.50"), fees_paid=D("100.10"), dividend=D("1000.20"), received=D("0.00")
        ),
        PassbookYear(
            shares_paid=D("1000.20"), fees_paid=D("0.00"), dividend=D("0.10"), received=D("1000.20")
        ),
        PassbookYear(shares_paid=D("0.30"), fees_paid=D("50.05"), dividend=D("0.00"), received=D("0.10")),
    ]
    totals = passbook_totals(years)
    assert [(t.shares_brought_forward, t.shares_carried_forward) for t in totals] == [
        (D("0.00"), D("1250.50")), (D("1250.50"), D("2250.70")), (D("2250.70"), D("2251.00")),
    ]  # fmt: skip
    last = totals[-1]
    assert (last.fees_to_date, last.dividends_to_date, last.received_to_date) == (
        D("150.15"), D("1000.30"), D("1000.30"),
    )  # fmt: skip
    # the same figures in binary floating point are not exact: the reason every amount is a Decimal
    assert 100.10 + 50.05 != 150.15 and 1000.20 + 0.10 != 1000.30
    assert passbook_totals([]) == []
