"""The 5 ก of groups, gathered in one place for the group page, the API and the health scorecard alike
(reads only; writes are services). One grouped query per fact, whatever the number of groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max, Q, Subquery

from sammachip.core.clock import today
from sammachip.households.models import full_name

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
    seats: list[tuple[str, str]]  # each current seat's role and its holder's name
    charter: Mapping[str, Any] | None  # the charter in force: its version and the day it was adopted
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


def five_k_for(groups: Sequence[OccupationGroup], on: dt.date) -> dict[int, FiveKFacts]:
    ids = [g.pk for g in groups]
    members = _members(ids)
    activities = dict(
        Activity.objects.filter(group_id__in=ids, ended_on__isnull=True)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
        .order_by()
    )
    roles: dict[int, set[str]] = {}
    for gid, role in CommitteeSeat.objects.filter(group_id__in=ids).current().values_list("group_id", "role"):
        roles.setdefault(gid, set()).add(role)
    charters = set(
        Charter.objects.filter(group_id__in=ids, status=Charter.Status.ADOPTED).values_list(
            "group_id", flat=True
        )
    )
    meetings = _meetings(ids, on)
    return {
        g.pk: _check(
            g,
            on,
            members=members.get(g.pk, (0, 0))[0],
            activities=activities.get(g.pk, 0),
            roles=roles.get(g.pk, set()),
            charter_in_force=g.pk in charters,
            meetings=meetings.get(g.pk),
        )
        for g in groups
    }


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
