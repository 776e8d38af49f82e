"""The 5 ก at a glance: pure checks over counts, so the group page, the API and the health scorecard say
the same thing (their facts are gathered in one place, `summary.five_k_for`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MEETING_MONTHS = 3  # a members' meeting in each of the last three full months


@dataclass(frozen=True)
class Check:
    key: str
    done: bool
    missing: list[str] = field(default_factory=list)
    needed: int = 0  # for meetings: how many months were looked at


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


def month_start(day: dt.date, back: int = 0) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - back, 12)
    return dt.date(y, m + 1, 1)


def months_to_meet(founded_on: dt.date, today: dt.date, months: int = MEETING_MONTHS) -> list[dt.date]:
    """The first day of each of the last `months` full months before today's, none before the month the
    group was founded in: a group two months old is asked for two meetings, not three, and says so."""
    founded = month_start(founded_on)
    wanted = [month_start(today, back) for back in range(months, 0, -1)]
    return [m for m in wanted if m >= founded]


def five_k(
    *,
    member_count: int,
    min_members: int,
    activity_count: int,
    filled_roles: set[str],
    required_roles: list[str],
    charter_in_force: bool,
    meeting_months: list[dt.date],
    months_met: set[dt.date],
    any_meeting: bool,
) -> FiveK:
    """`meeting_months` are the months asked for (`months_to_meet`), `months_met` those with a members'
    meeting held (committee meetings are not members' meetings), `any_meeting` whether one was ever held."""
    empty_roles = [r for r in required_roles if r not in filled_roles]
    no_meeting = [m.isoformat() for m in meeting_months if m not in months_met]
    return FiveK(
        members=Check(
            "members",
            member_count >= min_members,
            [] if member_count >= min_members else [str(min_members - member_count)],
        ),
        activities=Check("activities", activity_count > 0),
        committee=Check("committee", not empty_roles, empty_roles),
        charter=Check("charter", charter_in_force),
        meetings=Check("meetings", any_meeting and not no_meeting, no_meeting, len(meeting_months)),
    )
