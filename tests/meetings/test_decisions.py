"""Deciding together: quorum, votes, thresholds, witnesses — and that the chair alone can pass nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from sammachip.accounts.models import User
from sammachip.meetings import calculations, services
from sammachip.meetings.models import MinutesVersion, Resolution, Vote

ON = dt.date(2024, 6, 1)


@pytest.fixture
def meeting(group, chair):
    m = services.schedule_meeting(
        group=group, kind="monthly", date=ON, place="ศาลา", agenda=["งบเดือน", "เรื่องอื่น"], by=chair
    )
    services.open_meeting(meeting=m, by=chair)
    return m


def everyone_present(meeting, chair, but: int = 0):
    members = services.eligible_members(meeting)
    marks = {m.pk: ("present" if i >= but else "absent", None) for i, m in enumerate(members)}
    services.record_attendance(meeting=meeting, marks=marks, by=chair)
    return members


@pytest.mark.parametrize(
    ("threshold", "yes", "no", "passed"),
    [
        ("majority", 3, 2, True),
        ("majority", 2, 2, False),
        ("two_thirds", 4, 2, True),
        ("two_thirds", 3, 2, False),
        ("three_quarters", 3, 1, True),
    ],
)
def test_thresholds(threshold, yes, no, passed) -> None:
    result = calculations.count_votes(
        ["yes"] * yes + ["no"] * no + ["abstain"], ["yes", "no", "abstain"], threshold, True
    )
    assert result.passed is passed and result.cast == yes + no + 1


def test_quorum_is_more_than_the_charter_percent() -> None:
    assert [calculations.quorum_needed(n, 50) for n in (1, 2, 5, 6, 10)] == [1, 2, 3, 4, 6]


def test_a_meeting_before_the_group_was_founded_is_refused(group, chair) -> None:
    with pytest.raises(ValidationError) as exc:
        services.schedule_meeting(
            group=group, kind="monthly", date=dt.date(2020, 1, 1), place="x", agenda=[], by=chair
        )
    assert "date" in exc.value.message_dict


def test_members_present_vote_and_the_result_is_computed(meeting, chair, member, group) -> None:
    members = everyone_present(meeting, chair)
    r = services.propose_resolution(group=group, meeting=meeting, question="ซื้อเครื่องบรรจุหรือไม่", by=chair)
    chair_m = group.memberships.get(person__user=chair)
    services.cast_vote(resolution=r, membership=chair_m, choice="yes", by=chair)  # the chair's own ballot
    own = group.memberships.get(person__user=member)
    services.cast_vote(resolution=r, membership=own, choice="no", by=member)  # a member's own ballot
    for m in members:
        if m.pk not in (chair_m.pk, own.pk):
            services.cast_vote(resolution=r, membership=m, choice="yes", by=chair)  # show of hands
    with pytest.raises(ValidationError):
        services.close_resolution(resolution=r, by=chair)  # hands not yet witnessed
    services.witness_tally(resolution=r, by=member)
    r = services.close_resolution(resolution=r, by=chair)
    assert r.status == "passed" and r.counts["tally"] == {"yes": 4, "no": 1, "abstain": 0}


def test_nobody_votes_twice_and_the_chair_counts_once(meeting, chair, group) -> None:
    everyone_present(meeting, chair)
    r = services.propose_resolution(group=group, meeting=meeting, question="q", by=chair)
    chair_m = group.memberships.get(person__user=chair)
    services.cast_vote(resolution=r, membership=chair_m, choice="yes", by=chair)
    with pytest.raises(ValidationError):
        services.cast_vote(resolution=r, membership=chair_m, choice="yes", by=chair)
    assert Vote.objects.filter(resolution=r, membership=chair_m).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_vote_and_any_change_to_a_vote(group, chair) -> None:
    m = services.schedule_meeting(group=group, kind="monthly", date=ON, place="x", agenda=[], by=chair)
    services.open_meeting(meeting=m, by=chair)
    everyone_present(m, chair)
    r = services.propose_resolution(group=group, meeting=m, question="q", by=chair)
    chair_m = group.memberships.get(person__user=chair)
    vote = services.cast_vote(resolution=r, membership=chair_m, choice="no", by=chair)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            resolution=r, membership=chair_m, choice="yes", method="ballot", recorded_by=chair
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.filter(pk=vote.pk).update(choice="yes")


def test_only_members_present_vote(
    meeting, chair, member, group, other_village, officer, occupation, add_members
) -> None:
    everyone_present(meeting, chair, but=3)  # members 1-3 absent
    r = services.propose_resolution(group=group, meeting=meeting, question="q", by=chair)
    absent = group.memberships.order_by("number")[0]
    with pytest.raises(ValidationError):
        services.cast_vote(resolution=r, membership=absent, choice="yes", by=chair)
    from sammachip.groups import services as gs

    other = gs.create_group(
        name="อื่น", village=group.village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
    )
    outsider = add_members(other, 1)[0]
    with pytest.raises(ValidationError):
        services.cast_vote(resolution=r, membership=outsider, choice="yes", by=chair)
    assert not Vote.objects.exists()


def test_without_quorum_nothing_passes(meeting, chair, member, group) -> None:
    everyone_present(meeting, chair, but=3)  # 2 of 5 present; quorum is 3
    assert services.quorum(meeting)["met"] is False
    r = services.propose_resolution(group=group, meeting=meeting, question="q", by=chair)
    for m in services.eligible_members(meeting)[3:]:
        services.cast_vote(resolution=r, membership=m, choice="yes", by=chair)
    services.witness_tally(resolution=r, by=User.objects.create_user(username="w"))
    assert services.close_resolution(resolution=r, by=chair).status == "no_quorum"


def test_no_combination_of_the_chairs_actions_alone_passes_a_resolution(group, chair, officer) -> None:
    """The chair schedules, opens, marks everyone present, proposes, records every vote by hand and tries
    to witness and count: nothing passes without a second person."""
    from sammachip.groups import services as gs

    draft = gs.draft_charter(group=group, own_rules=[], settings={}, by=chair)
    m = services.schedule_meeting(
        group=group, kind="general", date=ON, place="x", agenda=["กฎกติกา"], by=chair
    )
    services.open_meeting(meeting=m, by=chair)
    members = everyone_present(m, chair)
    r = services.propose_resolution(
        group=group, meeting=m, question="รับรองกฎกติกา", kind="adopt_charter", charter=draft, by=chair
    )
    for member in members:
        services.cast_vote(resolution=r, membership=member, choice="yes", by=chair)
    with pytest.raises(ValidationError):
        services.witness_tally(resolution=r, by=chair)
    with pytest.raises(ValidationError):
        services.close_resolution(resolution=r, by=chair)
    draft.refresh_from_db()
    assert draft.status == "draft" and Resolution.objects.get(pk=r.pk).status == "open"
    # Alone, with only the chair's own ballot, the count is not a decision either.
    r2 = services.propose_resolution(group=group, meeting=m, question="อีกเรื่อง", by=chair)
    services.cast_vote(
        resolution=r2, membership=group.memberships.get(person__user=chair), choice="yes", by=chair
    )
    assert services.close_resolution(resolution=r2, by=chair).status == "no_quorum"


def test_attendance_is_fixed_once_voting_starts(meeting, chair, group) -> None:
    everyone_present(meeting, chair)
    services.propose_resolution(group=group, meeting=meeting, question="q", by=chair)
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting=meeting, marks={group.memberships.first().pk: ("absent", None)}, by=chair
        )


def test_minutes_are_approved_at_the_next_meeting_then_locked(meeting, chair, member, group) -> None:
    everyone_present(meeting, chair)
    item = meeting.items.first()
    v1 = services.write_minutes(
        meeting=meeting, body={str(item.pk): "ยอดขาย 8,000 บาท"}, general="", by=chair
    )
    services.close_meeting(meeting=meeting, by=chair)
    with pytest.raises(ValidationError):  # not at the same meeting
        services.propose_resolution(
            group=group, meeting=meeting, question="รับรอง", kind="approve_minutes", minutes=v1, by=chair
        )
    nxt = services.schedule_meeting(
        group=group, kind="monthly", date=ON + dt.timedelta(days=30), place="x", agenda=[], by=chair
    )
    services.open_meeting(meeting=nxt, by=chair)
    everyone_present(nxt, chair)
    r = services.propose_resolution(
        group=group, meeting=nxt, question="รับรองรายงาน", kind="approve_minutes", minutes=v1, by=chair
    )
    for m in services.eligible_members(nxt):
        services.cast_vote(resolution=r, membership=m, choice="yes", by=chair)
    services.witness_tally(resolution=r, by=member)
    services.close_resolution(resolution=r, by=chair)
    v1.refresh_from_db()
    assert v1.is_approved and v1.approved_at_meeting == nxt
    v2 = services.write_minutes(
        meeting=meeting, body={str(item.pk): "แก้ไข: ยอดขาย 8,200 บาท"}, general="", by=chair
    )
    assert v2.version == 2 and not v2.is_approved
    v1.refresh_from_db()
    assert v1.body == {str(item.pk): "ยอดขาย 8,000 บาท"}


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_editing_approved_minutes(group, chair) -> None:
    from tests.conftest import pass_resolution

    m = services.schedule_meeting(group=group, kind="monthly", date=ON, place="x", agenda=["a"], by=chair)
    services.open_meeting(meeting=m, by=chair)
    everyone_present(m, chair)
    v1 = services.write_minutes(meeting=m, body={"1": "x"}, general="", by=chair)
    services.close_meeting(meeting=m, by=chair)
    pass_resolution(group, chair, on=ON + dt.timedelta(days=20), kind="approve_minutes", minutes=v1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MinutesVersion.objects.filter(pk=v1.pk).update(general="changed")


def test_spending_above_the_limit_needs_a_resolution(group, chair, treasurer, officer, member) -> None:
    from sammachip.bookkeeping import services as books
    from sammachip.bookkeeping.models import Category, Entry
    from sammachip.groups import services as gs
    from tests.conftest import pass_resolution

    draft = gs.draft_charter(
        group=group, own_rules=[], settings={"spending_limit": Decimal("5000")}, by=officer
    )
    pass_resolution(group, officer, kind="adopt_charter", charter=draft, on=dt.date(2024, 2, 1))
    books.ensure_books(group)
    cash = group.money_accounts.get()
    equipment = Category.objects.get(group__isnull=True, code="equipment")
    books.record_entry(  # the money is there: only the limit stands in the way
        group=group, by=treasurer, date=dt.date(2025, 1, 10), kind="income",
        category=Category.objects.get(group__isnull=True, code="sales"), amount=Decimal("20000.00"), account=cash,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        books.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 3, 1),
            kind="expense",
            category=equipment,
            amount=Decimal("12000.00"),
            account=cash,
        )
    assert "5,000.00" in str(exc.value)
    pass_resolution(
        group,
        chair,
        kind="spending",
        spend_amount=Decimal("12000.00"),
        spend_purpose="เครื่องบรรจุ",
        on=dt.date(2025, 2, 1),
    )
    entry = books.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="expense",
        category=equipment,
        amount=Decimal("12000.00"),
        account=cash,
    )
    assert entry.authorisation.purpose == "เครื่องบรรจุ"
    with pytest.raises(ValidationError):  # one authorisation, one expense
        books.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 3, 2),
            kind="expense",
            category=equipment,
            amount=Decimal("6000.00"),
            account=cash,
        )
    assert Entry.objects.filter(kind="expense").count() == 1


def test_online_vote_members_vote_with_their_own_accounts(group, chair, member, treasurer) -> None:
    from django.utils import timezone

    closes = timezone.now() + dt.timedelta(hours=1)
    r = services.propose_resolution(group=group, question="ออกบูธงานกาชาดหรือไม่", closes_at=closes, by=chair)
    other = group.memberships.order_by("number").last()
    with pytest.raises(ValidationError):  # nobody votes online for someone else
        services.cast_vote(resolution=r, membership=other, choice="yes", by=chair)
    for user in (chair, member, treasurer):
        services.cast_vote(
            resolution=r, membership=group.memberships.get(person__user=user), choice="yes", by=user
        )
    with pytest.raises(ValidationError):  # counted only after the closing time
        services.close_resolution(resolution=r, by=chair)
    Resolution.objects.filter(pk=r.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.close_resolution(resolution=r, by=chair).status == "passed"  # 3 of 5 voted: quorum


def test_choice_among_options(meeting, chair, member, group) -> None:
    members = everyone_present(meeting, chair)
    r = services.propose_resolution(
        group=group, meeting=meeting, question="สีฉลากใหม่", mode="choice", options=["เขียว", "เหลือง"], by=chair
    )
    for m, c in zip(members, ["เขียว", "เขียว", "เขียว", "เหลือง", "เหลือง"], strict=True):
        services.cast_vote(resolution=r, membership=m, choice=c, by=chair)
    services.witness_tally(resolution=r, by=member)
    r = services.close_resolution(resolution=r, by=chair)
    assert r.status == "passed" and r.counts["winner"] == "เขียว"


def test_an_online_vote_is_counted_once_its_time_is_up(client_for, group, chair, member, treasurer) -> None:
    from django.utils import timezone

    r = services.propose_resolution(
        group=group, question="q", closes_at=timezone.now() + dt.timedelta(minutes=5), by=chair
    )
    for user in (chair, member, treasurer):
        services.cast_vote(
            resolution=r, membership=group.memberships.get(person__user=user), choice="yes", by=user
        )
    Resolution.objects.filter(pk=r.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    page = client_for(member).get(f"/groups/{group.pk}/resolutions/{r.pk}/")
    assert page.status_code == 200 and "ปิดลงคะแนนแล้ว รอนับคะแนน" in page.content.decode()  # closed by its time
    r.refresh_from_db()
    assert r.status == "open"  # reading wrote nothing; the job counts it
    call_command("remind", "--votes-only")
    r.refresh_from_db()
    assert r.status == "passed" and r.closed_by is None
