"""Quorum and the count of a vote: pure arithmetic, so the result is computed, never typed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

THRESHOLDS = {"majority": (1, 2, True), "two_thirds": (2, 3, False), "three_quarters": (3, 4, False)}


def quorum_needed(eligible: int, percent: int) -> int:
    """More than `percent`% of the eligible members: the smallest whole number above it."""
    return (eligible * percent) // 100 + 1


@dataclass(frozen=True)
class Count:
    tally: dict[str, int]
    cast: int  # every vote, abstentions included
    deciding: int  # votes for or against (abstentions do not decide)
    winner: str | None
    passed: bool


def meets(threshold: str, top: int, deciding: int) -> bool:
    """Majority: more than half. Two-thirds and three-quarters: at least that share of deciding votes."""
    num, den, strict = THRESHOLDS[threshold]
    if deciding <= 0:
        return False
    return top * den > num * deciding if strict else top * den >= num * deciding


def count_votes(choices: list[str], options: list[str], threshold: str, yes_no: bool) -> Count:
    tally = Counter(choices)
    full = {o: tally.get(o, 0) for o in options}
    cast = sum(full.values())
    if yes_no:
        deciding = full["yes"] + full["no"]
        passed = meets(threshold, full["yes"], deciding)
        return Count(full, cast, deciding, "yes" if passed else None, passed)
    ranked = sorted(full.items(), key=lambda kv: -kv[1])
    deciding = cast
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return Count(full, cast, deciding, None, False)  # a tie decides nothing
    winner, top = ranked[0]
    passed = meets(threshold, top, deciding)
    return Count(full, cast, deciding, winner if passed else None, passed)
