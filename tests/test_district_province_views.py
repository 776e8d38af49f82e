"""The district view (every group of a district) and the province view (every district)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammachip.accounts.models import StaffPosting, User


def province_staff(sungai_padi) -> User:
    user = User.objects.create_user(username="prov", password="pw-123456")
    StaffPosting.objects.create(
        user=user, role="province_staff", province_id=sungai_padi.province_id, starts_on=dt.date(2020, 1, 1)
    )
    return user


def test_district_view_lists_every_group_with_figures(client_for, officer, group) -> None:
    r = client_for(officer).get("/district/9611/")
    assert r.status_code == 200
    row = r.context["groups"][0]
    assert (
        row.member_count == 5 and row.sales == 0 and row.meeting_overdue is False
    )  # forming groups are not flagged
    assert group.name in r.content.decode()


def test_district_view_queries_do_not_grow_with_groups(
    client_for, officer, village, occupation, add_members, settings
) -> None:
    from sammachip.groups import services

    c = client_for(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/district/9611/").status_code == 200
        return len(ctx.captured_queries)

    services.create_group(
        name="g0", village=village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
    )
    small = count()
    for i in range(1, 12):
        g = services.create_group(
            name=f"g{i}", village=village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
        )
        add_members(g, 3)
    assert count() == small


def test_province_view_for_province_staff_only(client_for, officer, sungai_padi, group) -> None:
    staff = province_staff(sungai_padi)
    r = client_for(staff).get("/province/96/")
    assert r.status_code == 200
    row = next(x for x in r.context["rows"] if x["district"].code == "9611")
    assert row["groups"] == 1 and row["members"] == 5
    assert client_for(officer).get("/province/96/").status_code == 404
    assert client_for(staff).get("/province/10/").status_code == 404


def test_other_district_officer_cannot_see_the_district_view(
    client_for, other_district_officer, group
) -> None:
    assert client_for(other_district_officer).get("/district/9611/").status_code == 404


def test_home_counts_members_right_when_the_group_has_meetings(client_for, officer, group, chair) -> None:
    from sammachip.meetings import services

    for day in (1, 2):
        m = services.schedule_meeting(
            group=group, kind="monthly", date=dt.date(2024, 6, day), place="x", agenda=[], by=chair
        )
        services.open_meeting(meeting=m, by=chair)
    r = client_for(officer).get("/")
    row = next(g for g in r.context["groups"] if g.pk == group.pk)
    assert row.current_member_count == 5 and row.last_meeting == dt.date(2024, 6, 2)


def test_groups_without_a_meeting_last_month_are_counted_alike_in_both_views(
    client_for, officer, sungai_padi, group
) -> None:
    from sammachip.groups import services

    services.change_stage(
        group=group, stage="supported", on=dt.date(2024, 2, 1), by=officer
    )  # supported groups must meet
    district = client_for(officer).get("/district/9611/").context["summary"]["overdue"]
    row = next(
        x
        for x in client_for(province_staff(sungai_padi)).get("/province/96/").context["rows"]
        if x["district"].code == "9611"
    )
    assert district == row["overdue"] == 1
