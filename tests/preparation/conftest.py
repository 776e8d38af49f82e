from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sammachip.households import services
from sammachip.households.models import ExpenditureForum, Household, SpendingItem
from sammachip.places.models import Village


@pytest.fixture
def houses(village: Village, officer: Any) -> list[Household]:
    return [
        services.add_household(
            village=village,
            house_no=f"{n}/1",
            head_name=f"หัวหน้า {n}",
            member_count=4,
            consent=True,
            by=officer,
        )
        for n in range(1, 6)
    ]


@pytest.fixture
def forum(village: Village, officer: Any, houses: list[Household]) -> ExpenditureForum:
    return services.create_forum(village=village, held_on=dt.date(2026, 10, 15), participants=12, by=officer)


def item(name: str) -> SpendingItem:
    return SpendingItem.objects.get(name=name)
