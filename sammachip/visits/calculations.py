"""Follow-up arithmetic with no ORM: the visit schedule, annual report due dates, and the health
scorecard — each indicator with its definition, its value, and whether it is met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sammachip.groups.calculations import FiveK

WEEKLY, MONTHLY, QUARTERLY = "weekly", "monthly", "quarterly"
INTERVAL_DAYS = {WEEKLY: 7, MONTHLY: 30, QUARTERLY: 91}


@dataclass(frozen=True)
class Due:
    cadence: str
    interval_days: int
    last_visit: dt.date | None
    next_due: dt.date

    def days_overdue(self, today: dt.date) -> int:
        return max(0, (today - self.next_due).days)


def cadence(*, founded_on: dt.date, stage: str, today: dt.date, weekly_weeks: int) -> str | None:
    """Weekly for the first `weekly_weeks` weeks, then monthly, quarterly once self-reliant; none once dissolved."""
    if stage == "dissolved":
        return None
    if stage == "self_reliant":
        return QUARTERLY
    if today < founded_on + dt.timedelta(weeks=weekly_weeks):
        return WEEKLY
    return MONTHLY


def next_visit(
    *, founded_on: dt.date, stage: str, last_visit: dt.date | None, today: dt.date, weekly_weeks: int
) -> Due | None:
    kind = cadence(founded_on=founded_on, stage=stage, today=today, weekly_weeks=weekly_weeks)
    if kind is None:
        return None
    days = INTERVAL_DAYS[kind]
    start = last_visit or founded_on
    return Due(kind, days, last_visit, start + dt.timedelta(days=days) if last_visit else founded_on)


def bucket(due: Due, today: dt.date) -> str:
    """overdue, today, this week (to Sunday), or later."""
    if due.next_due < today:
        return "overdue"
    if due.next_due == today:
        return "today"
    if due.next_due <= today + dt.timedelta(days=6 - today.weekday()):
        return "week"
    return "later"


def report_due(fiscal_year_end: dt.date, due_days: int) -> dt.date:
    return fiscal_year_end + dt.timedelta(days=due_days)


# --- the health scorecard -------------------------------------------------------------------------

NEEDS_SUPPORT, DEVELOPING, SELF_RELIANT = "needs_support", "developing", "self_reliant"
WARNING_GRACE_DAYS = 90


@dataclass
class Facts:
    """What the scorecard reads about one group, gathered by `visits.health` in grouped queries."""

    stage: str
    founded_on: dt.date
    members: int = 0
    min_members: int = 7
    activities_from_members: int = 0
    roles_filled: int = 0
    roles_required: int = 10
    charter_in_force: bool = False
    last_meeting: dt.date | None = None  # the last members' meeting held
    attendance_present: int = 0
    attendance_total: int = 0
    votes_12m: int = 0
    ideas_12m: int = 0
    duties_12m: int = 0
    members_with_work_12m: int = 0
    dividends_paid_last_year: bool | None = None  # None: no closed year yet, or it made no profit
    profits: list[Decimal] = field(default_factory=list)  # the last two closed years, oldest first
    sales_12m: Decimal = Decimal(0)
    grants_12m: Decimal = Decimal(0)
    last_sale: dt.date | None = None
    visit_overdue_days: int = 0
    report_late: bool = False
    problems_open: int = 0
    oldest_problem_days: int = 0
    # The group's 5 ก exactly as its page and the API show it (groups.summary.five_k_for); its five
    # indicators are read from here, never decided a second time.
    five_k: FiveK | None = None


@dataclass(frozen=True)
class Indicator:
    key: str
    area: str  # five_k, five_ruam, money, follow_up
    met: bool
    value: str
    warning: str | None = None  # the early-warning code when the indicator is failing badly


@dataclass
class Scorecard:
    indicators: list[Indicator]
    level: str
    score: int  # percent of indicators met
    warnings: list[str]

    @property
    def reasons(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.met]


def _months_between(earlier: dt.date | None, today: dt.date) -> int | None:
    if earlier is None:
        return None
    return (today.year - earlier.year) * 12 + today.month - earlier.month


def warnings_start(founded_on: dt.date) -> dt.date:
    """The day a group's early warnings of no meeting and no sales begin (said on its health page)."""
    return founded_on + dt.timedelta(days=WARNING_GRACE_DAYS)


def scorecard(f: Facts, today: dt.date) -> Scorecard:
    attendance = (
        (Decimal(f.attendance_present) * 100 / f.attendance_total) if f.attendance_total else Decimal(0)
    )
    work_share = (Decimal(f.members_with_work_12m) * 100 / f.members) if f.members else Decimal(0)
    income = f.sales_12m + f.grants_12m
    own_share = (f.sales_12m * 100 / income) if income else Decimal(0)
    months_since_meeting = _months_between(f.last_meeting, today)
    months_since_sale = _months_between(f.last_sale, today)
    # Early warnings wait until a group is three months old (stated with each warning); the indicators
    # themselves count for every group alike.
    young = today < warnings_start(f.founded_on)
    k = f.five_k
    if k is None:
        raise ValueError("Facts.five_k is gathered by groups.summary.five_k_for")
    held = k.meetings.needed - len(k.meetings.missing)
    trend_ok = len(f.profits) < 2 or f.profits[-1] >= f.profits[-2]
    sold_lately = months_since_sale is not None and months_since_sale < 3
    # Early warnings: each names a way groups die (seed: the group that lives on a budget dies with it).
    no_meeting = not young and (months_since_meeting is None or months_since_meeting >= 2)
    no_sales = not young and not sold_lately
    on_grants = bool(income) and own_share < 50
    seats_empty = not k.committee.done
    old_problems = f.oldest_problem_days > 60

    def warn(flag: bool, code: str) -> str | None:
        return code if flag else None

    ind = [
        Indicator("members", "five_k", k.members.done, f"{f.members}"),
        Indicator("activities", "five_k", k.activities.done, f"{f.activities_from_members}"),
        Indicator("committee", "five_k", k.committee.done, f"{f.roles_filled}/{f.roles_required}", warn(seats_empty, "committee_empty")),
        Indicator("charter", "five_k", k.charter.done, ""),
        Indicator("meetings", "five_k", k.meetings.done, f"{held}/{k.meetings.needed}", warn(no_meeting, "no_meeting")),
        Indicator("attendance", "five_ruam", attendance >= 60, f"{attendance:.0f}%"),
        Indicator("votes", "five_ruam", f.votes_12m > 0, f"{f.votes_12m}"),
        Indicator("ideas", "five_ruam", f.ideas_12m > 0, f"{f.ideas_12m}"),
        Indicator("duties", "five_ruam", f.duties_12m > 0, f"{f.duties_12m}"),
        Indicator("work", "five_ruam", work_share >= 70, f"{work_share:.0f}%"),
        Indicator(
            "dividends", "five_ruam", f.dividends_paid_last_year is not False,
            "—" if f.dividends_paid_last_year is None else ("✓" if f.dividends_paid_last_year else "✗"),
        ),
        Indicator("profit_trend", "money", trend_ok, " → ".join(f"{p:,.0f}" for p in f.profits[-2:])),
        Indicator("own_sales", "money", not on_grants and bool(income), f"{own_share:.0f}%", warn(on_grants, "living_on_grants")),
        Indicator("recent_sale", "money", sold_lately, "—" if months_since_sale is None else f"{months_since_sale}", warn(no_sales, "no_sales")),
        Indicator("visits", "follow_up", f.visit_overdue_days == 0, f"{f.visit_overdue_days}"),
        Indicator("report", "follow_up", not f.report_late, "", warn(f.report_late, "report_late")),
        Indicator("problems", "follow_up", not old_problems, f"{f.problems_open}", warn(old_problems, "problems_old")),
    ]  # fmt: skip
    score = round(sum(1 for i in ind if i.met) * 100 / len(ind))
    warnings = [i.warning for i in ind if i.warning]
    if score >= 85 and not warnings:
        level = SELF_RELIANT
    elif score >= 55:
        level = DEVELOPING
    else:
        level = NEEDS_SUPPORT
    return Scorecard(ind, level, score, warnings)
