"""Shop placements summed per shop and product: amounts that are not exact in binary floating point."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sammachip.market.calculations import PlacementFigures, totals_by

D = Decimal


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], []),
        # sold 3 at 33.35 = 100.05, collected 100.05: nothing owed
        ([PlacementFigures(1, "ร้านก", 10, 3, 2, D("33.35"), D("100.05"))], [("ร้านก", 10, 3, 2, 5, D("100.05"), D("0.00"))]),
        # two placements in one shop: 1,250.50 sold, 1,000.20 collected → 250.30 owed
        ([PlacementFigures(1, "ร้านก", 5, 5, 0, D("250.10"), D("1000.20")),
          PlacementFigures(1, "ร้านก", 4, 0, 1, D("9.99"), D("0.00"))],
         [("ร้านก", 9, 5, 1, 3, D("1000.20"), D("250.30"))]),
        # collected beyond what sold is not a debt the other way; another shop keeps its own line
        ([PlacementFigures(1, "ร้านก", 2, 1, 0, D("10.00"), D("15.00")),
          PlacementFigures(2, "ร้านข", 3, 3, 0, D("0.10"), D("0.20"))],
         [("ร้านก", 2, 1, 0, 1, D("15.00"), D("0.00")), ("ร้านข", 3, 3, 0, 0, D("0.20"), D("0.10"))]),
    ],
)  # fmt: skip
def test_totals_by_shop(rows, expected) -> None:
    got = [(t.name, t.placed, t.sold, t.returned, t.at_shop, t.collected, t.owed) for t in totals_by(rows)]
    assert got == expected
