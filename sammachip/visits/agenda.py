"""The officer's agenda: which groups are due a visit today, this week, or overdue, across the area;
and each officer's compliance for the district head. A fixed number of queries, whatever the groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from sammachip.accounts.access import area_q
from sammachip.accounts.models import StaffPosting, User
from sammachip.groups.models import OccupationGroup
from sammachip.places.models import District

from . import calculations as calc
from .health import DEFAULT_WEEKLY_WEEKS, last_visits, settings_for
from .models import AgreedAction, Problem, Visit


@dataclass
class Row:
    group: OccupationGroup
    due: calc.Due
    bucket: str
    overdue_days: int
    problems: int = 0


@dataclass
class Agenda:
    overdue: list[Row] = field(default_factory=list)
    today: list[Row] = field(default_factory=list)
    week: list[Row] = field(default_factory=list)
    later: list[Row] = field(default_factory=list)
    actions: list[AgreedAction] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.week) + len(self.later)

    @property
    def on_schedule_percent(self) -> int:
        return round((self.total - len(self.overdue)) * 100 / self.total) if self.total else 100


def groups_in_area(q: Q) -> list[OccupationGroup]:
    return list(
        OccupationGroup.objects.filter(q)
        .exclude(stage=OccupationGroup.Stage.DISSOLVED)
        .select_related("village__subdistrict", "occupation")
    )


def build(groups: list[OccupationGroup], today: dt.date) -> Agenda:
    ids = [g.pk for g in groups]
    visits = last_visits(ids)
    follow = settings_for(g.village.subdistrict.district_id for g in groups)
    problems = dict(
        Problem.objects.filter(group_id__in=ids, status=Problem.Status.OPEN)
        .values("group_id").annotate(n=Count("id")).values_list("group_id", "n").order_by()
    )  # fmt: skip
    agenda = Agenda()
    for g in groups:
        s = follow.get(g.village.subdistrict.district_id)
        due = calc.next_visit(
            founded_on=g.founded_on, stage=g.stage, last_visit=visits.get(g.pk), today=today,
            weekly_weeks=s.weekly_weeks if s else DEFAULT_WEEKLY_WEEKS,
        )  # fmt: skip
        if due is None:
            continue
        kind = calc.bucket(due, today)
        getattr(agenda, kind).append(Row(g, due, kind, due.days_overdue(today), problems.get(g.pk, 0)))
    agenda.overdue.sort(key=lambda r: (-r.overdue_days, r.group.name))
    for rows in (agenda.today, agenda.week, agenda.later):
        rows.sort(key=lambda r: (r.due.next_due, r.group.village.subdistrict.code, r.group.name))
    week_end = today + dt.timedelta(days=6 - today.weekday())
    agenda.actions = list(
        AgreedAction.objects.filter(group_id__in=ids, done_on__isnull=True, due_on__lte=week_end)
        .select_related("group")
        .order_by("due_on")
    )
    return agenda


def for_user(user: User, today: dt.date) -> Agenda:
    q = area_q(user, "village__subdistrict__")
    if q is None:
        return Agenda()
    return build(groups_in_area(q), today)


def district_compliance(district: District, today: dt.date) -> list[dict[str, Any]]:
    """One row per officer of the district: groups, overdue, on schedule, visits in the last 30 days."""
    postings = list(
        StaffPosting.objects.filter(district=district, role=StaffPosting.Role.OFFICER)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user")
        .prefetch_related("subdistricts")
    )
    groups = groups_in_area(Q(village__subdistrict__district=district))
    whole = build(groups, today)
    rows_by_group = {
        r.group.pk: r for rows in (whole.overdue, whole.today, whole.week, whole.later) for r in rows
    }
    recent = dict(
        Visit.objects.filter(group__village__subdistrict__district=district, visited_on__gte=today - dt.timedelta(days=30))
        .values("officer_id").annotate(n=Count("id")).values_list("officer_id", "n").order_by()
    )  # fmt: skip
    out = []
    for p in postings:
        subs = {s.pk for s in p.subdistricts.all()}
        mine = [r for r in rows_by_group.values() if not subs or r.group.village.subdistrict_id in subs]
        overdue = sum(1 for r in mine if r.bucket == "overdue")
        out.append({
            "posting": p, "officer": p.user, "groups": len(mine), "overdue": overdue,
            "due_this_week": sum(1 for r in mine if r.bucket in ("today", "week")),
            "on_schedule": round((len(mine) - overdue) * 100 / len(mine)) if mine else 100,
            "visits_30d": recent.get(p.user_id, 0),
        })  # fmt: skip
    return out
