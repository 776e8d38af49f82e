"""The 5 ก is decided in one place: the group page, the API and the health scorecard give the same answer;
and the scorecard does what its printed definitions say (no silent exemption for a young group, committee
meetings are not members' meetings, a year with a loss owes no dividend, members who left are not counted)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import time_machine

from sammachip.accounts.models import ApiToken
from sammachip.groups import services as group_services
from sammachip.meetings import services as meetings

HELD_MONTHS = (dt.date(2026, 8, 12), dt.date(2026, 9, 12), dt.date(2026, 10, 12))  # the clock: 25 Nov 2026


def hold(group, by, kind: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    meeting = meetings.schedule_meeting(group=group, kind=kind, date=day, place="ศาลา", agenda=["a"], by=by)
    meetings.open_meeting(meeting=meeting, by=by)


def three_answers(
    client_for, officer, group
) -> tuple[dict[str, bool], dict[str, bool], dict[str, bool], int]:  # type: ignore[no-untyped-def]
    c = client_for(officer)
    page = c.get(f"/groups/{group.pk}/")
    body = page.content.decode()
    shown = int(re.search(r"5 ก: ครบแล้ว (\d) จาก 5", body).group(1))  # type: ignore[union-attr]
    on_page = {c.key: c.done for c in page.context["five_k"].items}
    on_page["meetings"] = 'class="done" id="k-meetings"' in body
    _t, key = ApiToken.issue(user=officer, name="t")
    api = c.get(f"/api/v1/groups/{group.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    in_api = {k["key"]: k["done"] for k in api["five_k"]}
    card = c.get(f"/groups/{group.pk}/health/").context["card"]
    in_health = {i.key: i.met for i in card.indicators if i.area == "five_k"}
    return on_page, in_api, in_health, shown


def test_committee_meetings_are_not_monthly_meetings_anywhere(client_for, officer, chair, group) -> None:
    for day in HELD_MONTHS:
        hold(group, chair, "committee", day)
    on_page, in_api, in_health, shown = three_answers(client_for, officer, group)
    assert on_page == in_api == in_health
    assert not in_health["meetings"] and shown == sum(on_page.values())
    for day in HELD_MONTHS:
        hold(group, chair, "monthly", day)
    on_page, in_api, in_health, shown = three_answers(client_for, officer, group)
    assert on_page == in_api == in_health
    assert in_health["meetings"] and shown == sum(on_page.values())


def test_a_young_group_is_not_silently_excused(client_for, officer, village, occupation) -> None:
    young = group_services.create_group(
        name="กลุ่มใหม่", village=village, occupation=occupation, founded_on=dt.date(2026, 10, 1), by=officer
    )
    on_page, in_api, in_health, _shown = three_answers(client_for, officer, young)
    assert on_page == in_api == in_health and not in_health["meetings"]
    page = client_for(officer).get(f"/groups/{young.pk}/health/")
    card = page.context["card"]
    indicators = {i.key: i for i in card.indicators}
    # the one grace that is left, the early warnings, is said on the page with the day it ends
    assert 'id="warnings-wait"' in page.content.decode() and "30 ธ.ค. 2569" in page.content.decode()
    assert card.warnings == ["committee_empty"]
    assert indicators["meetings"].value == "0/1"  # asked for October only: the month since founding
    assert not indicators["recent_sale"].met and not indicators["own_sales"].met  # nothing sold yet


def test_a_year_with_a_loss_owes_no_dividend(client_for, officer, treasurer, group, cash, charter) -> None:
    from sammachip.bookkeeping import services as books
    from sammachip.bookkeeping.models import FiscalYear
    from tests.bookkeeping.conftest import category

    books.record_entry(
        group=group, by=treasurer, date=dt.date(2025, 3, 2), kind="expense",
        category=category("expense", "raw_materials"), amount=Decimal("4000.00"), account=cash,
        overdraw=True, overdraw_reason="paid from the chair's pocket, repaid later",
    )  # fmt: skip
    books.close_year(year=FiscalYear.objects.get(group=group, starts_on=dt.date(2025, 1, 1)), by=treasurer)
    card = client_for(officer).get(f"/groups/{group.pk}/health/").context["card"]
    dividends = next(i for i in card.indicators if i.key == "dividends")
    assert dividends.met and dividends.value == "—"


def test_members_who_left_are_not_counted_as_working(client_for, officer, group, task, production) -> None:
    from sammachip.bookkeeping import services as books
    from sammachip.groups.models import Membership

    members = list(group.memberships.order_by("number"))
    for m in members:
        books.record_work(
            group=group, membership=m, task=task, date=dt.date(2026, 3, 1), quantity=Decimal(1),
            by=production
        )  # fmt: skip
    # two leave: 3 current members, all of whom worked; before, 5 workers over 3 members read 167%
    leaving = [m.pk for m in members[-2:] if m.pk != production.person.memberships.get().pk]
    Membership.objects.filter(pk__in=leaving).update(left_on=dt.date(2026, 6, 1), leave_reason="moved")
    card = client_for(officer).get(f"/groups/{group.pk}/health/").context["card"]
    work = next(i for i in card.indicators if i.key == "work")
    current = group.memberships.current().count()
    assert work.value == f"{100 * current // current}%" == "100%"


def _asked_by_the_orm(ids: list[int], today: dt.date) -> dict[int, tuple]:  # type: ignore[type-arg]
    """The one-value facts as the ORM asked them before they became one statement (visits.health): the
    statement must keep saying exactly this."""
    from django.db.models import Count, Max, Min, Q

    from sammachip.bookkeeping.models import BookSettings, Category, Entry, WorkRecord, YearClose
    from sammachip.core.money import exact_sum
    from sammachip.meetings.models import Attendance, Duty, Idea, Vote
    from sammachip.meetings.services import PRESENT
    from sammachip.visits import health
    from sammachip.visits.models import AnnualReport, Problem, Visit

    year_ago = today - dt.timedelta(days=365)

    def per_group(qs, key: str = "group_id") -> dict[int, int]:  # type: ignore[no-untyped-def]
        return dict(qs.values(key).annotate(n=Count("id")).values_list(key, "n").order_by())

    attendance = {
        r["meeting__group_id"]: (r["total"], r["present"])
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
    workers = dict(
        WorkRecord.objects.standing()
        .filter(group_id__in=ids, date__gte=year_ago, status="confirmed", membership__left_on__isnull=True)
        .values("group_id")
        .annotate(n=Count("membership_id", distinct=True))
        .values_list("group_id", "n")
        .order_by()
    )
    money: dict[tuple[int, str], int] = {}
    last_sale: dict[int, dt.date] = {}
    for gid, role, units, last in (
        Entry.objects.filter(group_id__in=ids, category__role__in=[Category.Role.SALES, Category.Role.GRANT])
        .values("group_id", "category__role")
        .annotate(u=exact_sum("amount", filter=Q(date__gte=year_ago)), d=Max("date"))
        .values_list("group_id", "category__role", "u", "d")
        .order_by()
    ):
        money[(gid, role)] = units
        if role == Category.Role.SALES:
            last_sale[gid] = last
    visits = dict(
        Visit.objects.filter(group_id__in=ids).values("group_id").annotate(d=Max("visited_on")).values_list("group_id", "d")
    )  # fmt: skip
    problems = {
        r["group_id"]: (r["n"], r["oldest"])
        for r in Problem.objects.filter(group_id__in=ids, status=Problem.Status.OPEN)
        .values("group_id")
        .annotate(n=Count("id"), oldest=Min("opened_on"))
        .order_by()
    }
    months = dict(BookSettings.objects.filter(group_id__in=ids).values_list("group_id", "fiscal_start_month"))
    closes: dict[int, list[tuple[Decimal, str | None]]] = {}
    for gid, profit, run_status in (
        YearClose.objects.filter(fiscal_year__group_id__in=ids)
        .values_list("fiscal_year__group_id", "net_profit", "fiscal_year__dividend_run__status")
        .order_by("fiscal_year__starts_on")
    ):
        closes.setdefault(gid, []).append((profit, run_status))
    reports = set(AnnualReport.objects.filter(group_id__in=ids).values_list("group_id", "fiscal_year_start"))
    return {
        gid: (
            *attendance.get(gid, (0, 0)),
            votes.get(gid, 0),
            ideas.get(gid, 0),
            duties.get(gid, 0),
            workers.get(gid, 0),
            money.get((gid, Category.Role.SALES), 0),
            money.get((gid, Category.Role.GRANT), 0),
            last_sale.get(gid),
            visits.get(gid),
            *problems.get(gid, (0, None)),
            months.get(gid, 1),
            (gid, health.last_ended_fiscal_year(months.get(gid, 1), today)[0]) in reports,
            [p for p, _r in closes.get(gid, [])][-2:],
            closes[gid][-1][1] if gid in closes else None,
        )
        for gid in ids
    }


def test_the_one_statement_says_what_the_orm_said(db, officer) -> None:
    """visits.health asks the facts of one value each in plain SQL: on generated groups with the edges
    added (a vote and an idea at the first and the last moment of the 12 months' first day, in Bangkok and
    so the day before in UTC; a cancelled work record; a member who left; a grant in satang; an open
    problem and a solved one; a group with no data at all), it gives what the ORM's queries gave."""
    from django.utils import timezone

    from sammachip.bookkeeping import services as books
    from sammachip.bookkeeping.models import Category, MoneyAccount, WorkRecord
    from sammachip.core.clock import today
    from sammachip.groups.models import Membership, OccupationGroup
    from sammachip.meetings.models import Vote
    from sammachip.places.models import PartnerAgency
    from sammachip.scale.generator import Generator, Scale
    from sammachip.visits import health
    from sammachip.visits.models import FollowUpSettings, Problem, Visit
    from tests.conftest import ensure_geography
    from tests.test_generate import _Quiet

    ensure_geography()
    Generator(
        Scale("tiny", ["96"], ["9611"], 6, 5, 3, 8, 2, 1.0), seed=3, progress=lambda total, label: _Quiet()
    ).run()
    on = today()
    year_ago = on - dt.timedelta(days=365)
    first, second, third = OccupationGroup.objects.order_by("id")[:3]
    midnight = timezone.make_aware(dt.datetime.combine(year_ago, dt.time.min))
    meeting = meetings.schedule_meeting(
        group=first, kind="general", date=on, place="ศาลา", agenda=["ก"], by=officer
    )
    meetings.open_meeting(meeting=meeting, by=officer)
    voters = meetings.eligible_members(meeting)
    meetings.record_attendance(meeting=meeting, marks={m.pk: ("present", None) for m in voters}, by=officer)
    resolution = meetings.propose_resolution(
        group=first, meeting=meeting, question="ก", kind="general", by=officer
    )
    moments = [
        midnight,
        midnight - dt.timedelta(microseconds=1),
        midnight + dt.timedelta(hours=23, minutes=59),
    ]
    for voter, at in zip(voters, moments, strict=False):
        with time_machine.travel(at, tick=False):
            meetings.cast_vote(resolution=resolution, membership=voter, choice="yes", by=officer)
    votes = list(Vote.objects.filter(resolution__group=first))
    author = Membership.objects.filter(group=first, left_on__isnull=True).first()
    assert author is not None
    for at in (midnight, midnight - dt.timedelta(seconds=1)):
        with time_machine.travel(at, tick=False):
            meetings.raise_idea(group=first, author=author, kind="idea", text="ขายออนไลน์", by=officer)
    meetings.assign_duty(group=first, assignee=author, title="จดบัญชี", due_on=year_ago, by=officer)
    meetings.assign_duty(group=first, assignee=author, title="จดบัญชี", due_on=year_ago - dt.timedelta(days=1), by=officer)  # fmt: skip
    recent = WorkRecord.objects.filter(group=second, status="confirmed", date__gte=year_ago).order_by("id")
    books.cancel_work(record=recent[0], reason="บันทึกซ้ำ", by=officer)
    leaver = recent.exclude(membership=recent[0].membership)[0].membership
    leaver.seats.filter(ended_on__isnull=True).update(ended_on=on - dt.timedelta(days=1))
    Membership.objects.filter(pk=leaver.pk).update(left_on=on - dt.timedelta(days=1), leave_reason="ย้ายบ้าน")
    grant = Category.objects.get(group__isnull=True, role=Category.Role.GRANT, kind="income")
    account = MoneyAccount.objects.filter(group=second).first()
    partner = PartnerAgency.objects.create(
        name="อบต.", kind="lao", district_id=first.village.subdistrict.district_id
    )
    assert account is not None
    for day, amount in (
        (on, Decimal("1234.07")),
        (year_ago, Decimal("0.05")),
        (year_ago - dt.timedelta(days=1), Decimal(9)),
    ):
        books.record_entry(group=second, by=officer, date=day, kind="income", category=grant, amount=amount, account=account, partner=partner)  # fmt: skip
    visit = Visit.objects.filter(group=first).first()
    assert visit is not None
    Problem.objects.create(
        group=first, raised_at=visit, description="ก", opened_on=on - dt.timedelta(days=70)
    )
    Problem.objects.create(group=first, raised_at=visit, description="ข", opened_on=on - dt.timedelta(days=90), status=Problem.Status.SOLVED, solved_on=on)  # fmt: skip
    FollowUpSettings.objects.update_or_create(district_id=first.village.subdistrict.district_id, defaults={"weekly_weeks": 30, "report_due_days": 60})  # fmt: skip
    # three closed years of the third group (the last two read: a loss, then a profit paid out), a closed
    # year of the first (a profit not yet paid), and reports in other groups' books' months
    from sammachip.bookkeeping.models import BookSettings, DividendRun, FiscalYear, YearClose
    from sammachip.visits.models import AnnualReport

    def close(group: OccupationGroup, year: int, profit: str, run: str | None) -> None:
        fy, _new = FiscalYear.objects.get_or_create(
            group=group, starts_on=dt.date(year, 1, 1), defaults={"ends_on": dt.date(year, 12, 31)}
        )
        z = Decimal(0)
        YearClose.objects.create(fiscal_year=fy, income=z, expense=z, net_profit=Decimal(profit), own_sales=z, grants=z, statement={})  # fmt: skip
        if run:
            DividendRun.objects.create(fiscal_year=fy, pool=z, total_work=z, work_unit="hours", dividend_percent=z, status=run, created_by=officer, approved_on=on, paid_on=on if run == "paid" else None)  # fmt: skip

    close(third, 2022, "500.10", "paid")
    close(third, 2023, "-200.25", None)
    close(third, 2024, "1000.07", "paid")
    close(first, 2024, "10.01", "approved")
    BookSettings.objects.filter(group=second).update(fiscal_start_month=10)
    AnnualReport.objects.filter(group__in=[first, second, third]).delete()
    report = {"income": Decimal(1), "expense": Decimal(0), "net_profit": Decimal(1), "own_sales": Decimal(1), "submitted_on": on, "submitted_by": officer}  # fmt: skip
    AnnualReport.objects.create(group=first, fiscal_year_start=dt.date(2025, 1, 1), **report)
    AnnualReport.objects.create(group=second, fiscal_year_start=dt.date(2025, 1, 1), **report)  # not its year
    AnnualReport.objects.create(group=third, fiscal_year_start=dt.date(2024, 10, 1), **report)
    empty = group_services.create_group(
        name="กลุ่มว่าง", village=first.village, occupation=first.occupation, founded_on=on, by=officer
    )
    ids = [first.pk, second.pk, third.pk, empty.pk]
    facts = health._one_value_facts(ids, on)
    said = {
        gid: (
            f.attendance_total, f.attendance_present, f.votes, f.ideas, f.duties, f.workers, f.sales_units,
            f.grant_units, f.last_sale, f.last_visit, f.problems, f.oldest_problem, f.fiscal_start_month,
            f.report_in, f.profits, f.last_run_status,
        )
        for gid, f in facts.items()
    }  # fmt: skip
    assert said == _asked_by_the_orm(ids, on)
    assert said[first.pk][2] == len(votes) - 1 and said[first.pk][3] == 1 and said[first.pk][4] == 1
    assert said[second.pk][7] == 123412
    assert said[empty.pk] == (0,) * 8 + (None, None, 0, None, 1, False, [], None)
    assert said[third.pk][-3:] == (False, [Decimal("-200.25"), Decimal("1000.07")], "paid")
    assert said[first.pk][-3:] == (True, [Decimal("10.01")], "approved") and said[second.pk][-3] is False
    assert said[first.pk][10] >= 1 and said[first.pk][11] is not None
    assert (facts[first.pk].weekly_weeks, facts[first.pk].report_due_days) == (30, 60)
    # and the 5 ก's statement (groups.summary.five_k_for) says what the group page's own queries say
    from sammachip.groups.summary import five_k_for, summarise

    groups = list(OccupationGroup.objects.order_by("id"))
    batch = five_k_for(groups, on)
    for g in groups:
        page = summarise(g)
        k = batch[g.pk]
        assert (k.five_k, k.member_count, k.last_meeting) == (
            page.five_k,
            page.member_count,
            page.last_meeting,
        )
