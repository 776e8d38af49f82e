"""Shop placements (ฝากขาย) summed per shop and per product: what was placed, sold, returned, is still at the
shop, was collected and is still owed. Pure arithmetic over plain values; the pages and the API show it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PlacementFigures:
    key: int
    name: str
    quantity: int
    sold: int
    returned: int
    unit_price: Decimal
    collected: Decimal

    @property
    def remaining(self) -> int:
        return self.quantity - self.sold - self.returned

    @property
    def owed(self) -> Decimal:
        """What the shop still owes for what it sold; money collected beyond that is not a debt the other way."""
        return max(ZERO, self.sold * self.unit_price - self.collected)


@dataclass
class Totals:
    name: str
    placed: int = 0
    sold: int = 0
    returned: int = 0
    at_shop: int = 0
    collected: Decimal = ZERO
    owed: Decimal = ZERO
    placements: int = field(default=0)


def totals_by(rows: Iterable[PlacementFigures]) -> list[Totals]:
    """One line per key (a shop or a product), in the order first met."""
    table: dict[int, Totals] = {}
    for r in rows:
        t = table.setdefault(r.key, Totals(name=r.name))
        t.placed += r.quantity
        t.sold += r.sold
        t.returned += r.returned
        t.at_shop += r.remaining
        t.collected += r.collected
        t.owed += r.owed
        t.placements += 1
    return list(table.values())
