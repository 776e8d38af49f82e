"""Gather the scorecard's facts for many groups at once: two statements whatever the number of groups (never
a query per group), the 5 ก's and the rest's, then the pure arithmetic in `calculations.scorecard`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sammachip.bookkeeping.models import Category, DividendRun, WorkRecord
from sammachip.core.bulk import sql_date
from sammachip.core.money import from_units
from sammachip.groups.models import SINGLE_ROLES, OccupationGroup
from sammachip.groups.summary import five_k_for
from sammachip.meetings.services import PRESENT

from . import calculations as calc
from .models import FollowUpSettings, HealthSnapshot, Problem, Visit

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


# The scorecard's facts beside the 5 ก, for many groups in ONE statement: a row per group, each fact a
# subquery on its own table read through that table's group index. Written as SQL rather than built by the
# ORM: built by the ORM (twelve grouped queries, or the same subqueries as Subquery annotations) the building
# alone cost ten times what the database does, on every health page. Every condition is the one the ORM
# queries asked (tests/followup/test_health_agrees.py keeps those queries and checks the same answers):
#   attendance of the meetings dated in the last 12 months (present: in the room or by proxy);
#   votes and ideas since midnight (the current time zone) 365 days ago — `__date__gte` asked as a time;
#   duties due in the last 12 months; current members with confirmed standing work in the last 12 months
#   (`WorkRecord.objects.standing()`: positive, not reversed); sales and grants of the last 12 months in
#   satang (`core.money.exact_sum`: each amount rounded to the satang, then summed) and the last sale ever;
#   the last visit; the open problems and the oldest; the fiscal year's first month; the district's
#   follow-up settings; whether the annual report of the last ended fiscal year (`last_ended_fiscal_year`
#   for the group's first month) is in; the last two closed years' profits (in satang) and whether the last
#   one's dividends were paid (the scorecard reads no other year).
_ONE_VALUE_FACTS = """
SELECT g.id,
  (SELECT COUNT(*) FROM meetings_attendance a JOIN meetings_meeting m ON m.id = a.meeting_id
    WHERE m.group_id = g.id AND m.date >= %(since)s),
  (SELECT COUNT(*) FROM meetings_attendance a JOIN meetings_meeting m ON m.id = a.meeting_id
    WHERE m.group_id = g.id AND m.date >= %(since)s AND a.status IN ({present})),
  (SELECT COUNT(*) FROM meetings_vote v JOIN meetings_resolution r ON r.id = v.resolution_id
    WHERE r.group_id = g.id AND v.cast_at >= %(since_time)s),
  (SELECT COUNT(*) FROM meetings_idea i WHERE i.group_id = g.id AND i.created_at >= %(since_time)s),
  (SELECT COUNT(*) FROM meetings_duty d WHERE d.group_id = g.id AND d.due_on >= %(since)s),
  (SELECT COUNT(DISTINCT w.membership_id) FROM bookkeeping_workrecord w
    WHERE w.group_id = g.id AND w.status = %(confirmed)s AND w.date >= %(since)s AND w.quantity > 0
      AND w.membership_id IN (SELECT ms.id FROM groups_membership ms WHERE ms.group_id = g.id
        AND ms.left_on IS NULL)
      AND NOT EXISTS (SELECT 1 FROM bookkeeping_workrecord x WHERE x.reverses_id = w.id)),
  (SELECT COALESCE(SUM(CAST(ROUND(e.amount * 100) AS BIGINT)), 0) FROM bookkeeping_entry e
    JOIN bookkeeping_category c ON c.id = e.category_id
    WHERE e.group_id = g.id AND c.role = %(sales)s AND e.date >= %(since)s),
  (SELECT COALESCE(SUM(CAST(ROUND(e.amount * 100) AS BIGINT)), 0) FROM bookkeeping_entry e
    JOIN bookkeeping_category c ON c.id = e.category_id
    WHERE e.group_id = g.id AND c.role = %(grant)s AND e.date >= %(since)s),
  (SELECT MAX(e.date) FROM bookkeeping_entry e JOIN bookkeeping_category c ON c.id = e.category_id
    WHERE e.group_id = g.id AND c.role = %(sales)s),
  (SELECT MAX(vi.visited_on) FROM visits_visit vi WHERE vi.group_id = g.id),
  (SELECT COUNT(*) FROM visits_problem p WHERE p.group_id = g.id AND p.status = %(open)s),
  (SELECT MIN(p.opened_on) FROM visits_problem p WHERE p.group_id = g.id AND p.status = %(open)s),
  b.fiscal_start_month,
  f.weekly_weeks, f.report_due_days,
  (SELECT COUNT(*) FROM visits_annualreport ar WHERE ar.group_id = g.id
    AND ar.fiscal_year_start = CASE COALESCE(b.fiscal_start_month, 1) {last_year_starts} END),
  (SELECT CAST(ROUND(yc.net_profit * 100) AS BIGINT) FROM bookkeeping_yearclose yc
    JOIN bookkeeping_fiscalyear fy ON fy.id = yc.fiscal_year_id
    WHERE fy.group_id = g.id ORDER BY fy.starts_on DESC LIMIT 1),
  (SELECT CAST(ROUND(yc.net_profit * 100) AS BIGINT) FROM bookkeeping_yearclose yc
    JOIN bookkeeping_fiscalyear fy ON fy.id = yc.fiscal_year_id
    WHERE fy.group_id = g.id ORDER BY fy.starts_on DESC LIMIT 1 OFFSET 1),
  (SELECT dr.status FROM bookkeeping_yearclose yc
    JOIN bookkeeping_fiscalyear fy ON fy.id = yc.fiscal_year_id
    LEFT JOIN bookkeeping_dividendrun dr ON dr.fiscal_year_id = fy.id
    WHERE fy.group_id = g.id ORDER BY fy.starts_on DESC LIMIT 1)
FROM groups_occupationgroup g
JOIN places_village vl ON vl.id = g.village_id
JOIN places_subdistrict sd ON sd.id = vl.subdistrict_id
LEFT JOIN visits_followupsettings f ON f.district_id = sd.district_id
LEFT JOIN bookkeeping_booksettings b ON b.group_id = g.id
WHERE g.id IN ({ids})
"""


@dataclass(frozen=True)
class _OneValueFacts:
    attendance_total: int
    attendance_present: int
    votes: int
    ideas: int
    duties: int
    workers: int
    sales_units: int
    grant_units: int
    last_sale: dt.date | None
    last_visit: dt.date | None
    problems: int
    oldest_problem: dt.date | None
    fiscal_start_month: int
    weekly_weeks: int
    report_due_days: int
    report_in: bool
    profits: list[Decimal]  # the last two closed years, oldest first
    last_run_status: str | None


def _one_value_facts(ids: list[int], today: dt.date) -> dict[int, _OneValueFacts]:
    ops = connection.ops
    year_ago = today - dt.timedelta(days=365)
    params = {
        "since": ops.adapt_datefield_value(year_ago),
        "since_time": ops.adapt_datetimefield_value(timezone.make_aware(dt.datetime.combine(year_ago, dt.time.min))),
        "confirmed": WorkRecord.Status.CONFIRMED.value,
        "sales": Category.Role.SALES.value,
        "grant": Category.Role.GRANT.value,
        "open": Problem.Status.OPEN.value,
    }  # fmt: skip
    present_params = {f"present{i}": str(status) for i, status in enumerate(PRESENT)}
    starts = {f"fy{m}": ops.adapt_datefield_value(last_ended_fiscal_year(m, today)[0]) for m in range(1, 13)}
    id_params = {f"g{i}": gid for i, gid in enumerate(ids)}
    sql = _ONE_VALUE_FACTS.format(
        present=", ".join(f"%({k})s" for k in present_params),
        last_year_starts=" ".join(f"WHEN {m} THEN %(fy{m})s" for m in range(1, 13)),
        ids=", ".join(f"%({k})s" for k in id_params),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, **present_params, **starts, **id_params})
        rows = cursor.fetchall()
    out = {}
    for gid, *values in rows:
        (total, present, votes, ideas, duties, workers, sales, grants, last_sale, last_visit, problems, oldest,
         month, weekly, due_days, reports, last_profit, previous_profit, run_status) = values  # fmt: skip
        out[gid] = _OneValueFacts(
            attendance_total=total,
            attendance_present=present,
            votes=votes,
            ideas=ideas,
            duties=duties,
            workers=workers,
            sales_units=sales,
            grant_units=grants,
            last_sale=sql_date(last_sale),
            last_visit=sql_date(last_visit),
            problems=problems,
            oldest_problem=sql_date(oldest),
            fiscal_start_month=month or 1,
            weekly_weeks=DEFAULT_WEEKLY_WEEKS if weekly is None else weekly,
            report_due_days=DEFAULT_REPORT_DAYS if due_days is None else due_days,
            report_in=reports > 0,
            profits=[from_units(p) for p in (previous_profit, last_profit) if p is not None],
            last_run_status=run_status,
        )
    return out


def facts_for(groups: list[OccupationGroup], today: dt.date) -> dict[int, calc.Facts]:
    """In the order of `groups`: two statements whatever their number, the 5 ก's (five_k_for) and this one's."""
    ids = [g.pk for g in groups]
    five_k = five_k_for(groups, today)
    one = _one_value_facts(ids, today)
    out: dict[int, calc.Facts] = {}
    for g in groups:
        o = one[g.pk]
        due = calc.next_visit(
            founded_on=g.founded_on,
            stage=g.stage,
            last_visit=o.last_visit,
            today=today,
            weekly_weeks=o.weekly_weeks,
        )
        _start, fy_end = last_ended_fiscal_year(o.fiscal_start_month, today)
        report_expected = g.founded_on <= fy_end and today > calc.report_due(fy_end, o.report_due_days)
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
            attendance_present=o.attendance_present,
            attendance_total=o.attendance_total,
            votes_12m=o.votes,
            ideas_12m=o.ideas,
            duties_12m=o.duties,
            members_with_work_12m=o.workers,
            dividends_paid_last_year=_dividends_paid(o.profits, o.last_run_status),
            profits=o.profits,
            sales_12m=from_units(o.sales_units),
            grants_12m=from_units(o.grant_units),
            last_sale=o.last_sale,
            visit_overdue_days=due.days_overdue(today) if due else 0,
            report_late=report_expected and not o.report_in,
            problems_open=o.problems,
            oldest_problem_days=(today - o.oldest_problem).days if o.oldest_problem else 0,
            five_k=k.five_k,
        )
    return out


def _dividends_paid(profits: list[Decimal], run_status: str | None) -> bool | None:
    """Whether the last closed year's dividends were paid; None when no year is closed yet, or when the
    last one made no profit and so had no dividend to pay (a loss is not a dividend left unpaid)."""
    if not profits:
        return None
    if profits[-1] <= 0:
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
