"""The expenditure analysis as plain arithmetic over per-forum summaries (no ORM here).

A forum records some months of spending; a year's spending is the forum's total scaled to twelve
months (total × 12 ÷ months recorded). An area adds up the latest forum of each of its villages."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sammachip.core.money import round_money

ZERO = Decimal("0.00")
DIGITS = re.compile(r"(\d+)")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def house_key(house_no: str) -> tuple[tuple[int, int | str], ...]:
    """House numbers in the order of the street, not of the alphabet: 1/2 before 10/2, 9 before 10, 12/3 before
    12/10 (Thai digits read as digits); letters compare as text."""
    parts = DIGITS.split(house_no.strip().translate(THAI_DIGITS))
    return tuple((0, int(p)) if p.isdigit() else (1, p.strip()) for p in parts if p.strip())


@dataclass(frozen=True)
class SummaryRow:
    """One item's money and households over the forums that recorded the same number of months (summed in
    the database from ForumItemSummary: a province reads a few hundred rows, not one per forum and item)."""

    item_id: int
    item_name: str
    category: str
    can_make_locally: bool
    occupation_id: int | None
    occupation_name: str
    households: int
    total: Decimal
    months: int


@dataclass
class ItemLine:
    item_id: int
    name: str
    category: str
    can_make_locally: bool
    occupation_id: int | None
    occupation_name: str
    households: int = 0
    per_year: Decimal = ZERO
    per_household: Decimal = ZERO
    wanted_by: int = 0  # households that want to take up the occupation that makes it
    suppressed: bool = False  # bought by too few households to show outside the village (PDPA)


@dataclass
class CategoryLine:
    category: str
    per_year: Decimal = ZERO
    per_household: Decimal = ZERO
    percent: Decimal = ZERO


@dataclass
class Analysis:
    households: int = 0
    forums: int = 0
    per_year: Decimal = ZERO
    per_household: Decimal = ZERO
    per_month: Decimal = ZERO
    categories: list[CategoryLine] = field(default_factory=list)
    items: list[ItemLine] = field(default_factory=list)
    opportunities: list[ItemLine] = field(default_factory=list)
    local_per_year: Decimal = ZERO

    @property
    def local_percent(self) -> Decimal:
        return percent(self.local_per_year, self.per_year)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (part * 100 / whole).quantize(Decimal("0.1"))


def yearly(total: Decimal, months: int) -> Decimal:
    """A forum's recorded total scaled to a year, unrounded (rounded once, at the end)."""
    if months <= 0:
        return Decimal(0)
    return total * 12 / months


def analyse(
    rows: list[SummaryRow],
    households: int,
    forums: int,
    category_order: list[str],
    wanted: dict[int, int] | None = None,
    suppress_below: int = 0,
) -> Analysis:
    """Totals per category and item, per year and per household; the local items ranked by money."""
    wanted = wanted or {}
    items: dict[int, ItemLine] = {}
    exact_item: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        line = items.get(row.item_id)
        if line is None:
            line = items[row.item_id] = ItemLine(
                row.item_id,
                row.item_name,
                row.category,
                row.can_make_locally,
                row.occupation_id,
                row.occupation_name,
            )
        line.households += row.households
        exact_item[row.item_id] += yearly(row.total, row.months)
    exact_category: dict[str, Decimal] = defaultdict(Decimal)
    for item_id, line in items.items():
        line.per_year = round_money(exact_item[item_id])
        line.per_household = round_money(exact_item[item_id] / households) if households else ZERO
        line.wanted_by = wanted.get(line.occupation_id or 0, 0)
        line.suppressed = line.households < suppress_below
        exact_category[line.category] += exact_item[item_id]
    result = Analysis(households=households, forums=forums)
    exact_total = sum(exact_category.values(), Decimal(0))
    result.per_year = round_money(exact_total)
    result.per_month = round_money(exact_total / 12)
    result.per_household = round_money(exact_total / households) if households else ZERO
    for category in category_order:
        if category in exact_category:
            amount = exact_category[category]
            result.categories.append(
                CategoryLine(
                    category,
                    round_money(amount),
                    round_money(amount / households) if households else ZERO,
                    percent(amount, exact_total),
                )
            )
    result.items = sorted(items.values(), key=lambda i: (-i.per_year, i.name))
    result.opportunities = [i for i in result.items if i.can_make_locally]
    result.local_per_year = round_money(
        sum((exact_item[i.item_id] for i in result.opportunities), Decimal(0))
    )
    return result


def bar_width(value: Decimal, largest: Decimal) -> int:
    """A bar's width in percent of the largest, at least 1 when there is anything at all."""
    if not largest or value <= 0:
        return 0
    return max(1, int(value * 100 / largest))
