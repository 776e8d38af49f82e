"""The 5 ก is decided in one place: the group page, the API and the health scorecard give the same answer;
and the scorecard does what its printed definitions say (no silent exemption for a young group, committee
meetings are not members' meetings, a year with a loss owes no dividend, members who left are not counted)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

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
