"""The 5 ก of groups, gathered in one place for the group page, the API and the health scorecard alike
(reads only; writes are services). Many groups in one statement whatever their number (`five_k_for`); one
group's page from the rows it shows anyway (`summarise`); the checks themselves in `_check`, for both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q

from sammachip.core.clock import today

from .calculations import MEETING_MONTHS, FiveK, five_k, month_start, months_to_meet
from .models import SINGLE_ROLES, Activity, Charter, CommitteeSeat, Membership, OccupationGroup

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
    seats: list[CommitteeSeat]
    charter: Charter | None
    activities: list[Activity]  # newest first, ended ones too
    last_meeting: dt.date | None
    months_without_meeting: list[dt.date]


def _members(ids: list[int]) -> dict[int, tuple[int, int]]:
    """Current members and, among them, founding members of each group: one grouped query."""
    rows = (
        Membership.objects.filter(group_id__in=ids)
        .current()
        .values("group_id")
        .annotate(n=Count("id"), founding=Count("id", filter=Q(is_founding=True)))
        .values_list("group_id", "n", "founding")
        .order_by()
    )
    return {gid: (n, founding) for gid, n, founding in rows}


def _meetings(ids: list[int], on: dt.date) -> dict[int, tuple[dt.date | None, set[dt.date]]]:
    """Each group's last members' meeting held and which of the months before `on` had one: one grouped
    query (the last date and a count per month asked for)."""
    months = [month_start(on, back) for back in range(MEETING_MONTHS, 0, -1)]
    counts = {
        f"m{i}": Count("id", filter=Q(date__gte=start, date__lt=month_start(start, -1)))
        for i, start in enumerate(months)
    }
    rows = (
        apps.get_model("meetings", "Meeting")
        .objects.filter(group_id__in=ids, status__in=HELD)
        .exclude(kind=COMMITTEE)
        .values("group_id")
        .annotate(last=Max("date"), **counts)
        .values_list("group_id", "last", *counts)
        .order_by()
    )
    return {gid: (last, {m for m, n in zip(months, held, strict=True) if n}) for gid, last, *held in rows}


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
        last_held = dt.date.fromisoformat(last) if isinstance(last, str) else last
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


def summarise(group: OccupationGroup) -> GroupSummary:
    """One group's page: the same 5 ก as `five_k_for`, from the rows the page shows anyway (its committee,
    its charter, its activities) rather than asking for them twice."""
    on = today()
    seats = list(group.committee_seats.current().select_related("membership__person"))
    charter = group.charters.filter(status=Charter.Status.ADOPTED).first()
    activities = list(group.activities.only("id", "group_id", "name", "started_on", "ended_on"))
    members, founding = _members([group.pk]).get(group.pk, (0, 0))
    facts = _check(
        group,
        on,
        members=members,
        activities=sum(1 for a in activities if a.ended_on is None),
        roles={s.role for s in seats},
        charter_in_force=charter is not None,
        meetings=_meetings([group.pk], on).get(group.pk),
    )
    return GroupSummary(
        facts.five_k,
        facts.member_count,
        founding,
        seats,
        charter,
        activities,
        facts.last_meeting,
        facts.months_without_meeting,
    )
