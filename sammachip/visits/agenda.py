"""The officer's agenda: which groups are due a visit today, this week, or overdue, across the area;
and each officer's compliance for the district head. A fixed number of queries, whatever the groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from sammachip.accounts.access import area_q
from sammachip.accounts.models import StaffPosting, User
from sammachip.groups.calculations import FiveK
from sammachip.groups.models import OccupationGroup
from sammachip.places.models import District

from . import calculations as calc
from .health import DEFAULT_WEEKLY_WEEKS, last_visits, settings_for
from .models import AgreedAction, FollowUpSettings, Problem, Visit


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


def _row(
    g: OccupationGroup, last_visit: dt.date | None, follow: dict[int, FollowUpSettings], today: dt.date
) -> Row | None:
    s = follow.get(g.village.subdistrict.district_id)
    due = calc.next_visit(
        founded_on=g.founded_on, stage=g.stage, last_visit=last_visit, today=today,
        weekly_weeks=s.weekly_weeks if s else DEFAULT_WEEKLY_WEEKS,
    )  # fmt: skip
    if due is None:
        return None
    kind = calc.bucket(due, today)
    return Row(g, due, kind, due.days_overdue(today))


def next_due(group: OccupationGroup, today: dt.date, last_visit: dt.date | None) -> Row | None:
    """One group's next visit from its last visit, worked out as on the agenda (its district's cadence: one
    query), for the group's visits page; None once the group is no longer visited."""
    return _row(group, last_visit, settings_for([group.village.subdistrict.district_id]), today)


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
        row = _row(g, visits.get(g.pk), follow, today)
        if row is None:
            continue
        row.problems = problems.get(g.pk, 0)
        getattr(agenda, row.bucket).append(row)
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
        StaffPosting.objects.current(on=today)  # type: ignore[attr-defined]
        .filter(district=district, role=StaffPosting.Role.OFFICER)
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


def what_each_lacks(groups: list[OccupationGroup], on: dt.date) -> dict[int, list[str]]:
    """Of the 5 ก a group needs before it moves on, what each group still lacks (members, committee seats,
    a charter in force), in words: shown beside a stage proposal so the district head sees it before approving."""
    from sammachip.groups.summary import five_k_for

    facts = five_k_for(groups, on)
    return {g.pk: lacks_of(facts[g.pk].five_k, facts[g.pk].member_count) for g in groups}


def lacks_of(k: FiveK, member_count: int) -> list[str]:
    """What one group lacks, from its 5 ก already gathered (the health page has them from its scorecard)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from sammachip.groups.models import Role

    lacks = []
    if not k.members.done:
        lacks.append(
            _("members: %(n)s of the %(min)s needed")
            % {"n": member_count, "min": settings.SAMMACHIP_MIN_MEMBERS}
        )
    if not k.committee.done:
        seats = ", ".join(str(Role(r).label) for r in k.committee.missing)
        lacks.append(_("committee seats empty: %(seats)s") % {"seats": seats})
    if not k.charter.done:
        lacks.append(_("no charter in force"))
    return lacks


def pending_proposals(district_ids: list[int] | None, on: dt.date) -> list[Any]:
    """Stage proposals waiting for a district head (of these districts; every district for None), each with
    what its group lacks (`lacks`)."""
    from .models import StageProposal

    qs = StageProposal.objects.filter(decision=StageProposal.Decision.PENDING).select_related(
        "group__village__subdistrict", "proposed_by"
    )
    if district_ids is not None:
        qs = qs.filter(group__village__subdistrict__district_id__in=district_ids)
    proposals = list(qs)
    lacks = what_each_lacks([p.group for p in proposals], on)
    for p in proposals:
        p.lacks = lacks[p.group_id]  # type: ignore[attr-defined]
    return proposals
