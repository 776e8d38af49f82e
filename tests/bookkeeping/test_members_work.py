"""The work page reads the current members with their work, and the group's, in one statement
(`services.members_work`): the same figures as `services.work_by_member`, which the dividend run sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import WorkRecord
from sammachip.groups import services as group_services


def _record(group, membership, task, day, quantity, by):
    return services.record_work(
        group=group, membership=membership, task=task, date=day, quantity=Decimal(quantity), by=by,
        day_limit=False,
    )  # fmt: skip


def test_members_work_agrees_with_work_by_member(
    client_for, group, officer, production, member, task
) -> None:
    own = group.memberships.get(person__user=member)
    members = list(group.memberships.exclude(pk=own.pk).order_by("number"))
    third = services.add_work_task(
        group=group, name="บรรจุ", unit="hours", weight=Decimal("0.333"), by=officer
    )
    year = services.year_for(group, dt.date(2025, 6, 1))
    # Amounts that binary floating point does not hold: 1.255 hours are refused (two places), so weights of
    # a third and sums like 1,250.50 − 1,000.20 carry the fractions.
    _record(group, members[0], third, dt.date(2025, 2, 3), "1250.50", production)
    _record(group, members[0], third, dt.date(2025, 2, 4), "0.07", production)
    wrong = _record(group, members[1], task, dt.date(2025, 3, 1), "1000.20", production)
    services.cancel_work(record=wrong, reason="บันทึกซ้ำ", by=production)
    _record(group, members[1], third, dt.date(2025, 3, 2), "0.01", production)
    _record(group, members[2], task, dt.date(2024, 12, 31), "7", production)  # the year before
    _record(group, members[2], task, year.ends_on, "2.25", production)  # its last day
    _record(group, own, task, dt.date(2025, 5, 5), "3", member)  # her own: waits for the lead
    leaver = members[-1]
    _record(group, leaver, third, dt.date(2025, 4, 1), "9.99", production)
    group_services.end_membership(membership=leaver, on=dt.date(2025, 8, 1), reason="moved", by=officer)

    listed, total = services.members_work(group, year.starts_on, year.ends_on)
    by_member = services.work_by_member(group, year.starts_on, year.ends_on)
    current = list(group.memberships.current().order_by("number").select_related("person"))
    assert [(pk, number) for pk, number, _n, _w in listed] == [(m.pk, m.number) for m in current]
    assert {pk: work for pk, _no, _n, work in listed} == {
        m.pk: by_member.get(m.pk, Decimal(0)) for m in current
    }
    assert total == sum(by_member.values(), Decimal(0))
    # By hand: 1250.50 × 0.333 = 416.41650 and 0.07 × 0.333 = 0.02331; 1000.20 cancelled, 0.01 × 0.333 = 0.00333;
    # 2.25 on the year's last day; the leaver's 9.99 × 0.333 = 3.32667 stays in the group's total.
    work = {pk: w for pk, _no, _n, w in listed}
    assert work[members[0].pk] == Decimal("416.43981")
    assert work[members[1].pk] == Decimal("0.00333")
    assert work[members[2].pk] == Decimal("2.25000")
    assert work[own.pk] == Decimal(0)
    assert leaver.pk not in work
    assert total == Decimal("416.43981") + Decimal("0.00333") + Decimal("2.25") + Decimal("3.32667")
    assert WorkRecord.objects.filter(group=group, status="pending").count() == 1

    page = client_for(officer).get(f"/groups/{group.pk}/work/?year={year.pk}")
    assert page.status_code == 200
    assert page.context["group_total"] == total
    assert [(r.pk, r.work) for r in page.context["rows"]] == [(pk, w) for pk, _no, _n, w in listed]
    assert client_for(member).get(f"/groups/{group.pk}/work/?year={year.pk}").context["own_total"] == 0


def test_a_group_whose_members_have_all_left_still_shows_their_work(
    client_for, group, officer, production, task
) -> None:
    year = services.year_for(group, dt.date(2025, 6, 1))
    first = group.memberships.order_by("number").first()
    _record(group, first, task, dt.date(2025, 2, 3), "4.10", production)
    for m in group.memberships.current():
        group_services.end_membership(membership=m, on=dt.date(2025, 8, 1), reason="moved", by=officer)
    listed, total = services.members_work(group, year.starts_on, year.ends_on)
    assert listed == [] and total == Decimal("4.10")
    page = client_for(officer).get(f"/groups/{group.pk}/work/?year={year.pk}")
    assert page.status_code == 200 and page.context["group_total"] == Decimal("4.10")
