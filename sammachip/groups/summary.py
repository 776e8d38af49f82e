"""The 5 ก of groups, gathered in one place for the group page, the API and the health scorecard alike
(reads only; writes are services). Many groups in one statement whatever their number (`five_k_for`); one
group's page from the rows it shows anyway (`summarise`); the checks themselves in `_check`, for both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Q, Subquery

from sammachip.core.bulk import sql_date
from sammachip.core.clock import today
from sammachip.households.models import full_name

from .calculations import MEETING_MONTHS, FiveK, five_k, month_start, months_to_meet
from .models import SINGLE_ROLES, Activity, Charter, OccupationGroup

# Meetings belong to the app to the right of this one: the model is reached by name, not imported.
HELD = ("open", "closed")  # a planned meeting has not been held
COMMITTEE = "committee"  # a committee meeting is not a members' meeting


@dataclass(frozen=True)
class FiveKFacts:
    five_k: FiveK
    member_count: int
    activity_count: int
    roles_filled: int
    last_meeting: dt.date | None  # the last members' meeting held

    @property
    def months_without_meeting(self) -> list[dt.date]:
        return [dt.date.fromisoformat(m) for m in self.five_k.meetings.missing]


@dataclass(frozen=True)
class GroupSummary:
    five_k: FiveK
    member_count: int
    founding_count: int
    seats: list[tuple[str, str]]  # each current seat's role and its holder's name
    charter: Mapping[str, Any] | None  # the charter in force: its version and the day it was adopted
    activities: list[Activity]  # newest first, ended ones too
    last_meeting: dt.date | None
    months_without_meeting: list[dt.date]


def _check(
    group: OccupationGroup,
    on: dt.date,
    *,
    members: int,
    activities: int,
    roles: set[str],
    charter_in_force: bool,
    meetings: tuple[dt.date | None, set[dt.date]] | None,
) -> FiveKFacts:
    required = [r.value for r in SINGLE_ROLES]
    last, met = meetings or (None, set())
    check = five_k(
        member_count=members,
        min_members=settings.SAMMACHIP_MIN_MEMBERS,
        activity_count=activities,
        filled_roles=roles,
        required_roles=required,
        charter_in_force=charter_in_force,
        meeting_months=months_to_meet(group.founded_on, on),
        months_met=met,
        any_meeting=meetings is not None,
    )
    return FiveKFacts(check, members, activities, len(roles & set(required)), last)


# The 5 ก of many groups in one statement, a row per group: each fact a subquery read through its table's
# group index, asking what `_members`, `_meetings` and the group page ask (current members, running
# activities, an adopted charter, each required seat held now; members' meetings held — the last one, and
# one in each month asked for). Plain SQL because building the same as ORM queries (five grouped queries,
# or subqueries) cost the health page and the district view many times what the database does.
_FIVE_K = """
SELECT g.id,
  (SELECT COUNT(*) FROM groups_membership ms WHERE ms.group_id = g.id AND ms.left_on IS NULL),
  (SELECT COUNT(*) FROM groups_activity a WHERE a.group_id = g.id AND a.ended_on IS NULL),
  (SELECT COUNT(*) FROM groups_charter c WHERE c.group_id = g.id AND c.status = %(adopted)s),
  (SELECT MAX(m.date) FROM meetings_meeting m WHERE {held}),
  {seats},
  {months}
FROM groups_occupationgroup g
WHERE g.id IN ({ids})
"""
_HELD = "m.group_id = g.id AND m.status IN ({statuses}) AND m.kind <> %(committee)s"
_SEAT = "(SELECT COUNT(*) FROM groups_committeeseat s WHERE s.group_id = g.id AND s.ended_on IS NULL AND s.role = %(role{i})s)"  # fmt: skip
_MONTH = (
    "(SELECT COUNT(*) FROM meetings_meeting m WHERE {held} AND m.date >= %(from{i})s AND m.date < %(to{i})s)"
)


def five_k_for(groups: Sequence[OccupationGroup], on: dt.date) -> dict[int, FiveKFacts]:
    if not groups:
        return {}
    months = [month_start(on, back) for back in range(MEETING_MONTHS, 0, -1)]
    required = [r.value for r in SINGLE_ROLES]
    date = connection.ops.adapt_datefield_value
    params: dict[str, str | int | None] = {
        "adopted": Charter.Status.ADOPTED.value,
        "committee": COMMITTEE,
        **{f"held{i}": status for i, status in enumerate(HELD)},
        **{f"role{i}": role for i, role in enumerate(required)},
        **{f"from{i}": date(m) for i, m in enumerate(months)},
        **{f"to{i}": date(month_start(m, -1)) for i, m in enumerate(months)},
        **{f"g{i}": g.pk for i, g in enumerate(groups)},
    }
    held = _HELD.format(statuses=", ".join(f"%(held{i})s" for i in range(len(HELD))))
    sql = _FIVE_K.format(
        held=held,
        seats=",\n  ".join(_SEAT.format(i=i) for i in range(len(required))),
        months=",\n  ".join(_MONTH.format(held=held, i=i) for i in range(len(months))),
        ids=", ".join(f"%(g{i})s" for i in range(len(groups))),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    out = {}
    for g in groups:
        members, activities, charters, last, *counts = rows[g.pk]
        held_seats, held_months = counts[: len(required)], counts[len(required) :]
        last_held = sql_date(last)
        out[g.pk] = _check(
            g,
            on,
            members=members,
            activities=activities,
            roles={r for r, n in zip(required, held_seats, strict=True) if n},
            charter_in_force=charters > 0,
            meetings=None
            if last_held is None
            else (last_held, {m for m, n in zip(months, held_months, strict=True) if n}),
        )
    return out


def _meetings_of(group_id: int, on: dt.date) -> tuple[dt.date | None, set[dt.date]] | None:
    """`_meetings` for one group: the dates of its members' meetings held since the first month asked for,
    and of its last one (cheaper than counting month by month, for one group)."""
    months = [month_start(on, back) for back in range(MEETING_MONTHS, 0, -1)]
    held = (
        apps.get_model("meetings", "Meeting")
        .objects.filter(group_id=group_id, status__in=HELD)
        .exclude(kind=COMMITTEE)
        .order_by()
    )
    latest = held.order_by("-date").values("date")[:1]
    dates = list(
        held.filter(Q(date__gte=months[0]) | Q(date=Subquery(latest))).values_list("date", flat=True)
    )
    if not dates:
        return None
    return max(dates), {m for m in months if any(m <= d < month_start(m, -1) for d in dates)}


def summarise(group: OccupationGroup) -> GroupSummary:
    """One group's page: the same 5 ก as `five_k_for`, from the rows the page shows anyway (its committee,
    its charter, its activities) rather than asking for them twice. Rows are read as values where the page
    shows only a few of their columns."""
    on = today()
    # Ordered as the model orders them less its first key, the group's name (a join, for one group's rows).
    seats = [
        (role, full_name(title, first, last))
        for role, title, first, last in group.committee_seats.current()
        .order_by("role", "-starts_on")
        .values_list(
            "role",
            "membership__person__title",
            "membership__person__first_name",
            "membership__person__last_name",
        )
    ]
    charter = (
        group.charters.filter(status=Charter.Status.ADOPTED)
        .order_by("-version")
        .values("version", "adopted_on")
        .first()
    )
    activities = list(
        group.activities.only("id", "group_id", "name", "started_on", "ended_on").order_by("-started_on")
    )
    founding = list(group.memberships.current().order_by().values_list("is_founding", flat=True))
    facts = _check(
        group,
        on,
        members=len(founding),
        activities=sum(1 for a in activities if a.ended_on is None),
        roles={role for role, _name in seats},
        charter_in_force=charter is not None,
        meetings=_meetings_of(group.pk, on),
    )
    return GroupSummary(
        facts.five_k,
        facts.member_count,
        sum(founding),
        seats,
        charter,
        activities,
        facts.last_meeting,
        facts.months_without_meeting,
    )
