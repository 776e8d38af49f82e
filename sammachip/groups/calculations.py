"""The 5 ก at a glance: pure checks over counts, so the page and the API say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    key: str
    done: bool
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FiveK:
    members: Check
    activities: Check
    committee: Check
    charter: Check
    meetings: Check

    @property
    def items(self) -> list[Check]:
        return [self.members, self.activities, self.committee, self.charter, self.meetings]

    @property
    def done_count(self) -> int:
        return sum(1 for c in self.items if c.done)


def five_k(
    *,
    member_count: int,
    min_members: int,
    activity_count: int,
    filled_roles: set[str],
    required_roles: list[str],
    charter_in_force: bool,
    meetings_available: bool = False,
) -> FiveK:
    empty_roles = [r for r in required_roles if r not in filled_roles]
    return FiveK(
        members=Check(
            "members",
            member_count >= min_members,
            [] if member_count >= min_members else [str(min_members - member_count)],
        ),
        activities=Check("activities", activity_count > 0),
        committee=Check("committee", not empty_roles, empty_roles),
        charter=Check("charter", charter_in_force),
        meetings=Check("meetings", meetings_available),
    )
