"""Pure arithmetic of the books: the P&L, the profit split and dividends by work. No ORM here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sammachip.core.money import round_money, split_by_weight

ZERO = Decimal("0.00")


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, to 0.01; None when there is no whole (no income)."""
    return round_money(part * 100 / whole) if whole > 0 else None


@dataclass(frozen=True)
class CategoryTotal:
    category_id: int
    name: str
    kind: str  # "income" | "expense"
    role: str  # "" | "sales" | "grant" | "dividend" | "opening" | "capital"
    total: Decimal


@dataclass(frozen=True)
class ProfitAndLoss:
    income: list[CategoryTotal]
    expense: list[CategoryTotal]
    dividends_paid: Decimal
    income_total: Decimal
    expense_total: Decimal
    net_profit: Decimal
    own_sales: Decimal
    grants: Decimal

    @property
    def grant_share(self) -> Decimal | None:
        """The share of income that came from grants, in percent (None when there was no income)."""
        return percent_of(self.grants, self.income_total)

    @property
    def sales_share(self) -> Decimal | None:
        return percent_of(self.own_sales, self.income_total)


# Money that comes in but is not earned: balances brought forward (held before the year) and members'
# share money (capital the group holds for them).
NOT_INCOME = {"opening", "capital"}


def profit_and_loss(totals: list[CategoryTotal]) -> ProfitAndLoss:
    """Dividends paid are profit handed out, not a cost of the year; balances brought forward and members'
    shares are money held, not earned: all stay out of the P&L (and so out of the profit split)."""
    income = [t for t in totals if t.kind == "income" and t.role not in NOT_INCOME and t.total != 0]
    expense = [t for t in totals if t.kind == "expense" and t.role != "dividend" and t.total != 0]
    income_total = sum((t.total for t in income), ZERO)
    expense_total = sum((t.total for t in expense), ZERO)
    return ProfitAndLoss(
        income=income,
        expense=expense,
        dividends_paid=sum((t.total for t in totals if t.role == "dividend"), ZERO),
        income_total=income_total,
        expense_total=expense_total,
        net_profit=income_total - expense_total,
        own_sales=sum((t.total for t in income if t.role == "sales"), ZERO),
        grants=sum((t.total for t in income if t.role == "grant"), ZERO),
    )


def split_profit(net_profit: Decimal, percents: dict[str, Decimal]) -> dict[str, Decimal]:
    """The charter's split of a year's profit, adding up to the profit exactly (ties to the earlier part
    in the charter's order). A loss is not split."""
    if net_profit <= 0:
        return {fund: ZERO for fund in percents}
    return split_by_weight(net_profit, percents, order=list(percents))


def rounding_of(pool: Decimal, part: Decimal, whole: Decimal, amount: Decimal) -> Decimal:
    """What the largest-remainder rounding gave (+0.01) or took (−0.01) against the plain formula
    pool × part ÷ whole rounded half up: shown beside the formula, so a member can recompute her amount."""
    if whole <= 0:
        return amount
    return amount - round_money(pool * part / whole)


@dataclass(frozen=True)
class Share:
    key: int
    work: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DividendResult:
    pool: Decimal
    total_work: Decimal
    shares: list[Share] = field(default_factory=list)


def dividends_by_work(pool: Decimal, work: dict[int, Decimal], order: list[int]) -> DividendResult:
    """Divide `pool` in proportion to work (or to share capital — the same arithmetic): none, nothing;
    the shares add up to the pool exactly; the satang left by rounding go by largest remainder, ties to
    the lower member number (`order`)."""
    total = sum(work.values(), Decimal(0))
    if total <= 0:
        raise ValueError("nothing to divide by")
    amounts = split_by_weight(pool, work, order=order)
    return DividendResult(
        pool=pool, total_work=total, shares=[Share(key=k, work=work[k], amount=amounts[k]) for k in order]
    )


# --- the member's passbook ------------------------------------------------------------------------


@dataclass(frozen=True)
class PassbookYear:
    """What one fiscal year brought a member, from the books and the dividend run, as stored."""

    shares_paid: Decimal  # share money paid in the year, brought forward included, reversals subtracted
    fees_paid: Decimal  # fees and other payments she made to the group
    dividend: Decimal  # her share of the year's dividend run (by work + on shares); zero without a run
    received: Decimal  # payments the group made to her in the year (dividends paid, and any other)


@dataclass(frozen=True)
class PassbookTotals:
    shares_brought_forward: Decimal
    shares_carried_forward: Decimal
    fees_to_date: Decimal
    dividends_to_date: Decimal
    received_to_date: Decimal


def running_balance(start: Decimal, amounts: list[Decimal]) -> list[Decimal]:
    """The balance after each line, as a passbook prints it beside the line."""
    balances: list[Decimal] = []
    balance = start
    for amount in amounts:
        balance += amount
        balances.append(balance)
    return balances


def passbook_totals(years: list[PassbookYear]) -> list[PassbookTotals]:
    """Running totals over a member's years, oldest first: exact sums of stored amounts, no rounding."""
    shares = fees = dividends = received = ZERO
    totals: list[PassbookTotals] = []
    for year in years:
        brought = shares
        shares += year.shares_paid
        fees += year.fees_paid
        dividends += year.dividend
        received += year.received
        totals.append(
            PassbookTotals(
                shares_brought_forward=brought,
                shares_carried_forward=shares,
                fees_to_date=fees,
                dividends_to_date=dividends,
                received_to_date=received,
            )
        )
    return totals
