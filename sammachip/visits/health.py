"""Gather the scorecard's facts for many groups at once: one grouped query per fact, whatever the number
of groups (never a query per group), then the pure arithmetic in `calculations.scorecard`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from sammachip.bookkeeping.models import BookSettings, Category, DividendRun, Entry, WorkRecord, YearClose
from sammachip.core.money import exact_sum, from_units
from sammachip.groups.models import SINGLE_ROLES, OccupationGroup
from sammachip.groups.summary import five_k_for
from sammachip.meetings.models import Attendance, Duty, Idea, Vote
from sammachip.meetings.services import PRESENT

from . import calculations as calc
from .models import AnnualReport, FollowUpSettings, HealthSnapshot, Problem, Visit

DEFAULT_WEEKLY_WEEKS = 52
DEFAULT_REPORT_DAYS = 90


def last_ended_fiscal_year(start_month: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The fiscal year (start, end) that ended most recently before today."""
    year = today.year if today.month >= start_month else today.year - 1
    current_start = dt.date(year, start_month, 1)
    previous_start = dt.date(year - 1, start_month, 1)
    return previous_start, current_start - dt.timedelta(days=1)


def settings_for(district_ids: Iterable[int]) -> dict[int, FollowUpSettings]:
    return {s.district_id: s for s in FollowUpSettings.objects.filter(district_id__in=set(district_ids))}


def last_visits(ids: list[int]) -> dict[int, dt.date]:
    return dict(
        Visit.objects.filter(group_id__in=ids)
        .values("group_id")
        .annotate(d=Max("visited_on"))
        .values_list("group_id", "d")
    )


def facts_for(groups: list[OccupationGroup], today: dt.date) -> dict[int, calc.Facts]:
    """`groups` need `village__subdistrict` loaded (for the district's follow-up settings)."""
    ids = [g.pk for g in groups]
    year_ago = today - dt.timedelta(days=365)

    def per_group(qs, key: str = "group_id") -> dict[int, int]:  # type: ignore[no-untyped-def]
        return dict(qs.values(key).annotate(n=Count("id")).values_list(key, "n").order_by())

    five_k = five_k_for(groups, today)
    attendance = {
        r["meeting__group_id"]: (r["present"], r["total"])
        for r in Attendance.objects.filter(meeting__group_id__in=ids, meeting__date__gte=year_ago)
        .values("meeting__group_id")
        .annotate(total=Count("id"), present=Count("id", filter=Q(status__in=PRESENT)))
        .order_by()
    }
    votes = per_group(
        Vote.objects.filter(resolution__group_id__in=ids, cast_at__date__gte=year_ago), "resolution__group_id"
    )
    ideas = per_group(Idea.objects.filter(group_id__in=ids, created_at__date__gte=year_ago))
    duties = per_group(Duty.objects.filter(group_id__in=ids, due_on__gte=year_ago))
    workers = dict(  # of the current members: the share is of them, so one who left is not counted
        WorkRecord.objects.standing().filter(
            group_id__in=ids, date__gte=year_ago, status="confirmed", membership__left_on__isnull=True
        )
        .values("group_id").annotate(n=Count("membership_id", distinct=True)).values_list("group_id", "n").order_by()
    )  # fmt: skip
    closes: dict[int, list[tuple[dt.date, Decimal, str | None]]] = {}
    for gid, starts_on, profit, run_status in (
        YearClose.objects.filter(fiscal_year__group_id__in=ids)
        .values_list(
            "fiscal_year__group_id",
            "fiscal_year__starts_on",
            "net_profit",
            "fiscal_year__dividend_run__status",
        )
        .order_by("fiscal_year__starts_on")
    ):
        closes.setdefault(gid, []).append((starts_on, profit, run_status))
    # Sales and grants of the last 12 months, and the last sale ever, in one pass over the two roles.
    money: dict[tuple[int, str], int] = {}
    last_sale: dict[int, dt.date] = {}
    for gid, role, units, last in (
        Entry.objects.filter(group_id__in=ids, category__role__in=[Category.Role.SALES, Category.Role.GRANT])
        .values("group_id", "category__role")
        .annotate(u=exact_sum("amount", filter=Q(date__gte=year_ago)), d=Max("date"))
        .values_list("group_id", "category__role", "u", "d").order_by()
    ):  # fmt: skip
        money[(gid, role)] = units
        if role == Category.Role.SALES:
            last_sale[gid] = last
    visits = last_visits(ids)
    problems = {
        r["group_id"]: (r["n"], r["oldest"])
        for r in Problem.objects.filter(group_id__in=ids, status=Problem.Status.OPEN)
        .values("group_id").annotate(n=Count("id"), oldest=Min("opened_on")).order_by()
    }  # fmt: skip
    start_months = dict(
        BookSettings.objects.filter(group_id__in=ids).values_list("group_id", "fiscal_start_month")
    )
    reports = set(AnnualReport.objects.filter(group_id__in=ids).values_list("group_id", "fiscal_year_start"))
    follow = settings_for(g.village.subdistrict.district_id for g in groups)
    out: dict[int, calc.Facts] = {}
    for g in groups:
        s = follow.get(g.village.subdistrict.district_id)
        weekly = s.weekly_weeks if s else DEFAULT_WEEKLY_WEEKS
        due_days = s.report_due_days if s else DEFAULT_REPORT_DAYS
        due = calc.next_visit(
            founded_on=g.founded_on,
            stage=g.stage,
            last_visit=visits.get(g.pk),
            today=today,
            weekly_weeks=weekly,
        )
        fy_start, fy_end = last_ended_fiscal_year(start_months.get(g.pk, 1), today)
        report_expected = g.founded_on <= fy_end and today > calc.report_due(fy_end, due_days)
        group_closes = closes.get(g.pk, [])
        present, total = attendance.get(g.pk, (0, 0))
        n_problems, oldest = problems.get(g.pk, (0, None))
        k = five_k[g.pk]
        out[g.pk] = calc.Facts(
            stage=g.stage,
            founded_on=g.founded_on,
            members=k.member_count,
            min_members=settings.SAMMACHIP_MIN_MEMBERS,
            activities_from_members=k.activity_count,
            roles_filled=k.roles_filled,
            roles_required=len(SINGLE_ROLES),
            charter_in_force=k.five_k.charter.done,
            last_meeting=k.last_meeting,
            attendance_present=present,
            attendance_total=total,
            votes_12m=votes.get(g.pk, 0),
            ideas_12m=ideas.get(g.pk, 0),
            duties_12m=duties.get(g.pk, 0),
            members_with_work_12m=workers.get(g.pk, 0),
            dividends_paid_last_year=_dividends_paid(group_closes),
            profits=[p for _s, p, _r in group_closes],
            sales_12m=from_units(money.get((g.pk, Category.Role.SALES), 0)),
            grants_12m=from_units(money.get((g.pk, Category.Role.GRANT), 0)),
            last_sale=last_sale.get(g.pk),
            visit_overdue_days=due.days_overdue(today) if due else 0,
            report_late=report_expected and (g.pk, fy_start) not in reports,
            problems_open=n_problems,
            oldest_problem_days=(today - oldest).days if oldest else 0,
            five_k=k.five_k,
        )
    return out


def _dividends_paid(closes: list[tuple[dt.date, Decimal, str | None]]) -> bool | None:
    """Whether the last closed year's dividends were paid; None when no year is closed yet, or when the
    last one made no profit and so had no dividend to pay (a loss is not a dividend left unpaid)."""
    if not closes:
        return None
    _starts, profit, run_status = closes[-1]
    if profit <= 0:
        return None
    return run_status == DividendRun.Status.PAID


def _snapshot(gid: int, card: calc.Scorecard, facts: calc.Facts, today: dt.date) -> HealthSnapshot:
    return HealthSnapshot(
        group_id=gid,
        computed_on=today,
        computed_at=timezone.now(),
        level=card.level,
        score=card.score,
        warnings=card.warnings,
        indicators={i.key: {"met": i.met, "value": i.value} for i in card.indicators},
        figures={"earning": facts.members_with_work_12m, "grants": str(facts.grants_12m)},
    )


@transaction.atomic
def store_snapshots(groups: list[OccupationGroup], today: dt.date) -> int:
    """Keep today's scorecard of each group (the history, and what the district and province views
    read), replacing any kept earlier today. A writer racing this one leaves its own, equally fresh row."""
    facts = facts_for(groups, today) if groups else {}
    HealthSnapshot.objects.filter(group_id__in=list(facts), computed_on=today).delete()
    HealthSnapshot.objects.bulk_create(
        [_snapshot(gid, calc.scorecard(f, today), f, today) for gid, f in facts.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(facts)


def compute(group: OccupationGroup, today: dt.date) -> tuple[calc.Scorecard, calc.Facts]:
    """One group's scorecard from its data now, kept nowhere (what its health page shows), with the facts
    it was worked out from (the page reads what the group lacks from them rather than asking again)."""
    facts = facts_for([group], today)[group.pk]
    return calc.scorecard(facts, today), facts


def refresh(group: OccupationGroup, today: dt.date) -> calc.Scorecard:
    """Recompute one group's scorecard and keep it as today's snapshot, so the district view agrees with
    what was just recorded (a visit, an action, a decision) or recomputed on request."""
    facts = facts_for([group], today)[group.pk]
    card = calc.scorecard(facts, today)
    with transaction.atomic():
        HealthSnapshot.objects.filter(group=group, computed_on=today).delete()
        HealthSnapshot.objects.bulk_create([_snapshot(group.pk, card, facts, today)], ignore_conflicts=True)
    return card


@dataclass(frozen=True)
class KeptCard:
    """What the district view shows of a group's health, read from today's snapshot."""

    level: str
    score: int
    warnings: list[str]
    earning: int
    grants: Decimal
    computed_at: dt.datetime


def todays_cards(groups: list[OccupationGroup], today: dt.date) -> dict[int, KeptCard]:
    """Today's kept scorecards: one query for the lot. The groups nobody kept today yet (a new group, or no
    daily job on this server) are computed now, in one batch, and shown without being kept: reading a page
    writes nothing (the daily job, a visit or the recompute button keep them)."""
    rows = HealthSnapshot.objects.filter(group_id__in=[g.pk for g in groups], computed_on=today).only(
        "group_id", "level", "score", "warnings", "figures", "computed_at"
    )
    cards = {
        s.group_id: KeptCard(
            level=s.level,
            score=s.score,
            warnings=list(s.warnings),
            earning=int(s.figures.get("earning", 0)),
            grants=Decimal(s.figures.get("grants", "0.00")),
            computed_at=s.computed_at,
        )
        for s in rows
    }
    missing = [g for g in groups if g.pk not in cards]
    if missing:
        now = timezone.now()
        for gid, facts in facts_for(missing, today).items():
            card = calc.scorecard(facts, today)
            cards[gid] = KeptCard(
                level=card.level,
                score=card.score,
                warnings=list(card.warnings),
                earning=facts.members_with_work_12m,
                grants=facts.grants_12m,
                computed_at=now,
            )
    return cards
