"""Committee seats: one chair at a time, only current members, enforced by the database too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sammachip.core.models import AuditEvent
from sammachip.groups.models import CommitteeSeat, Membership


def test_chair_appoints_a_treasurer(client_for, chair, group) -> None:
    m = group.memberships.order_by("number")[3]
    response = client_for(chair).post(
        f"/groups/{group.pk}/committee/", {"membership": m.pk, "role": "treasurer", "starts_on": "01/07/2567"}
    )
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get(group=group, role="treasurer", ended_on__isnull=True)
    assert seat.membership == m and seat.starts_on == dt.date(2024, 7, 1)
    assert AuditEvent.objects.filter(
        verb="groups.committee.appointed", group_id=group.pk, data__role="treasurer"
    ).exists()


def test_a_second_chair_is_refused_with_a_thai_message(client_for, chair, group) -> None:
    m = group.memberships.order_by("number")[3]
    response = client_for(chair).post(
        f"/groups/{group.pk}/committee/", {"membership": m.pk, "role": "chair", "starts_on": "01/07/2567"}
    )
    assert response.status_code == 200
    assert "ดำรงตำแหน่งนี้อยู่" in response.context["form"].errors["role"][0]
    assert group.committee_seats.current().filter(role="chair").count() == 1


def test_replacing_the_chair_ends_the_old_seat(client_for, officer, chair, group) -> None:
    m = group.memberships.order_by("number")[3]
    response = client_for(officer).post(
        f"/groups/{group.pk}/committee/",
        {"membership": m.pk, "role": "chair", "starts_on": "01/07/2567", "replace": "on"},
    )
    assert response.status_code == 302
    seats = group.committee_seats.filter(role="chair")
    assert seats.count() == 2 and seats.current().get().membership == m


def test_a_chair_who_is_not_a_member_is_refused(
    client_for, officer, group, village, occupation, add_members
) -> None:
    from sammachip.groups import services

    other = services.create_group(
        name="อีกกลุ่ม", village=village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
    )
    stranger = add_members(other, 1)[0]
    response = client_for(officer).post(
        f"/groups/{group.pk}/committee/",
        {"membership": stranger.pk, "role": "chair", "starts_on": "01/07/2567"},
    )
    assert response.status_code == 200 and "membership" in response.context["form"].errors
    assert not group.committee_seats.filter(membership=stranger).exists()


def test_a_former_member_cannot_be_seated(client_for, officer, group) -> None:
    from sammachip.groups import services

    m = group.memberships.order_by("number").last()
    services.end_membership(membership=m, on=dt.date(2024, 5, 1), reason="resigned", by=officer)
    response = client_for(officer).post(
        f"/groups/{group.pk}/committee/", {"membership": m.pk, "role": "marketing", "starts_on": "01/07/2567"}
    )
    assert response.status_code == 200 and "membership" in response.context["form"].errors
    assert not CommitteeSeat.objects.filter(membership=m).exists()


@pytest.mark.django_db(transaction=True)
def test_database_refuses_two_chairs(group, chair) -> None:
    m = group.memberships.order_by("number")[3]
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSeat.objects.create(group=group, membership=m, role="chair", starts_on=dt.date(2024, 2, 1))


@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_seat_for_a_non_member(group, officer, village, occupation, add_members) -> None:
    from sammachip.groups import services

    other = services.create_group(
        name="อีกกลุ่ม", village=village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
    )
    stranger = add_members(other, 1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeSeat.objects.create(
            group=group, membership=stranger, role="advisor", starts_on=dt.date(2024, 2, 1)
        )


@pytest.mark.django_db(transaction=True)
def test_database_refuses_ending_a_membership_that_holds_a_seat(group, chair) -> None:
    m = Membership.objects.get(person__user=chair)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=m.pk).update(left_on=dt.date(2024, 6, 1), leave_reason="resigned")


def test_several_advisors_are_allowed(client_for, officer, group) -> None:
    c = client_for(officer)
    for m in group.memberships.order_by("number")[3:5]:
        assert (
            c.post(
                f"/groups/{group.pk}/committee/",
                {"membership": m.pk, "role": "advisor", "starts_on": "01/07/2567"},
            ).status_code
            == 302
        )
    assert group.committee_seats.current().filter(role="advisor").count() == 2


def test_end_a_seat(client_for, chair, treasurer, group) -> None:
    seat = group.committee_seats.current().get(role="treasurer")
    response = client_for(chair).post(
        f"/groups/{group.pk}/committee/{seat.pk}/end/", {"ended_on": "01/12/2567"}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.ended_on == dt.date(2024, 12, 1)


def test_member_sees_committee_but_cannot_appoint(client_for, member, group) -> None:
    c = client_for(member)
    assert c.get(f"/groups/{group.pk}/committee/").status_code == 200
    m = group.memberships.order_by("number")[3]
    assert (
        c.post(
            f"/groups/{group.pk}/committee/",
            {"membership": m.pk, "role": "marketing", "starts_on": "01/07/2567"},
        ).status_code
        == 404
    )
    assert not group.committee_seats.filter(role="marketing").exists()
