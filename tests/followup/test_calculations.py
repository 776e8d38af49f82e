"""The visit schedule and the scorecard as plain arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sammachip.groups.calculations import FiveK, five_k
from sammachip.visits import calculations as calc

FOUNDED = dt.date(2026, 1, 5)


def test_weekly_for_the_first_year_then_monthly_then_quarterly() -> None:
    kw: dict[str, Any] = {"founded_on": FOUNDED, "weekly_weeks": 52}
    assert calc.cadence(stage="forming", today=dt.date(2026, 6, 1), **kw) == "weekly"
    assert calc.cadence(stage="supported", today=dt.date(2027, 1, 3), **kw) == "weekly"  # 52 weeks = 364 days
    assert calc.cadence(stage="supported", today=dt.date(2027, 1, 4), **kw) == "monthly"
    assert calc.cadence(stage="self_reliant", today=dt.date(2026, 6, 1), **kw) == "quarterly"
    assert calc.cadence(stage="dissolved", today=dt.date(2026, 6, 1), **kw) is None
    assert (
        calc.cadence(stage="supported", today=dt.date(2026, 6, 1), founded_on=FOUNDED, weekly_weeks=12)
        == "monthly"
    )


def test_next_visit_and_its_bucket() -> None:
    today = dt.date(2026, 11, 25)  # a Wednesday
    never = calc.next_visit(
        founded_on=FOUNDED, stage="forming", last_visit=None, today=today, weekly_weeks=52
    )
    assert never and never.next_due == FOUNDED and calc.bucket(never, today) == "overdue"
    assert never.days_overdue(today) == (today - FOUNDED).days
    due = calc.next_visit(
        founded_on=FOUNDED, stage="forming", last_visit=dt.date(2026, 11, 20), today=today, weekly_weeks=52
    )
    assert due and due.next_due == dt.date(2026, 11, 27) and calc.bucket(due, today) == "week"
    assert calc.bucket(due, dt.date(2026, 11, 27)) == "today"
    later = calc.next_visit(
        founded_on=FOUNDED, stage="self_reliant", last_visit=today, today=today, weekly_weeks=52
    )
    assert later and later.interval_days == 91 and calc.bucket(later, today) == "later"


def k5(*, committee: bool = True, meetings: int = 3) -> FiveK:
    """The 5 ก as groups.summary gathers it: all in place unless told otherwise."""
    months = [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    return five_k(
        member_count=12, min_members=7, activity_count=2, filled_roles={"chair"} if committee else set(),
        required_roles=["chair"] if committee else ["chair", "treasurer"], charter_in_force=True,
        meeting_months=months, months_met=set(months[:meetings]), any_meeting=True,
    )  # fmt: skip


def healthy() -> calc.Facts:
    return calc.Facts(
        stage="supported", founded_on=dt.date(2024, 1, 1), members=12, activities_from_members=2, roles_filled=10,
        charter_in_force=True, last_meeting=dt.date(2026, 11, 10), five_k=k5(),
        attendance_present=90, attendance_total=100, votes_12m=20, ideas_12m=3, duties_12m=4,
        members_with_work_12m=10, dividends_paid_last_year=True, profits=[Decimal(5000), Decimal(8000)],
        sales_12m=Decimal(60000), grants_12m=Decimal(10000), last_sale=dt.date(2026, 11, 1),
    )  # fmt: skip


def test_a_healthy_group_is_self_reliant_with_no_warnings() -> None:
    card = calc.scorecard(healthy(), dt.date(2026, 11, 24))
    assert (card.level, card.score, card.warnings) == ("self_reliant", 100, [])


def test_a_group_living_on_grants_without_meetings_gets_warnings_and_reasons() -> None:
    f = healthy()
    f.sales_12m, f.grants_12m = Decimal(1000), Decimal(50000)
    f.last_meeting, f.five_k = dt.date(2026, 8, 1), k5(committee=False, meetings=0)
    f.last_sale = dt.date(2026, 6, 1)
    f.roles_filled = 6
    card = calc.scorecard(f, dt.date(2026, 11, 24))
    assert card.warnings == ["committee_empty", "no_meeting", "living_on_grants", "no_sales"]
    assert {i.key for i in card.reasons} == {"committee", "meetings", "own_sales", "recent_sale"}
    assert card.level == "developing" and card.score == 76
    f.members, f.attendance_present, f.votes_12m, f.ideas_12m, f.duties_12m = 3, 10, 0, 0, 0
    assert calc.scorecard(f, dt.date(2026, 11, 24)).level == "needs_support"
