"""Whole-group entry at a meeting (issue 20): the roll call in one form (present by default, a refused row
shown on its row, one save for everyone) and a show of hands counted as numbers for the members present."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sammachip.accounts.models import User
from sammachip.core.models import AuditEvent
from sammachip.meetings import services
from sammachip.meetings.models import Attendance, Resolution, Vote
from tests.meetings.test_pages import _open_meeting


def _members(group):
    return list(group.memberships.order_by("number"))


def test_the_roll_call_starts_present_and_is_saved_in_one_post(client_for, chair, group) -> None:
    c = client_for(chair)
    meeting = _open_meeting(c, group)
    page = c.get(f"/groups/{group.pk}/meetings/{meeting.pk}/").content.decode()
    members = _members(group)
    for m in members:  # nobody marked yet: each row starts at present
        assert f'name="status_{m.pk}" value="present" checked' in page
    first, second, *rest = members
    marks = {f"status_{m.pk}": "present" for m in rest}
    marks |= {
        f"status_{first.pk}": "absent",
        f"status_{second.pk}": "represented",
        f"rep_{second.pk}": str(rest[0].pk),
    }
    r = c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks)
    assert r.status_code == 302
    saved = dict(Attendance.objects.filter(meeting=meeting).values_list("membership_id", "status"))
    assert saved == {first.pk: "absent", second.pk: "represented"} | {m.pk: "present" for m in rest}
    events = AuditEvent.objects.filter(verb="meetings.attendance.recorded")
    assert events.count() == 1 and events.get().data["marked"] == len(members)


def test_a_refused_roll_call_shows_each_refused_row_and_keeps_nothing(client_for, chair, group) -> None:
    c = client_for(chair)
    meeting = _open_meeting(c, group)
    first, second, third, *rest = _members(group)
    marks = {f"status_{m.pk}": "present" for m in rest}
    marks |= {
        f"status_{first.pk}": "asleep",  # not a status
        f"status_{second.pk}": "represented",  # no holder
        f"status_{third.pk}": "absent",
    }
    r = c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks)
    assert r.status_code == 422
    page = r.content.decode()
    assert 'class="error-summary"' in page
    assert f'<li id="row-{first.pk}" class="has-error">' in page
    assert f'<li id="row-{second.pk}" class="has-error">' in page
    assert f'<li id="row-{third.pk}">' in page
    assert f'href="#row-{first.pk}"' in page and f'href="#row-{second.pk}"' in page
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_an_outsider_cannot_count_hands(client_for, chair, member, outsider, group) -> None:
    meeting = _open_meeting(client_for(chair), group)
    meeting.refresh_from_db()
    resolution = services.propose_resolution(group=group, meeting=meeting, question="ซื้อเครื่องผสม", by=chair)
    url = f"/groups/{group.pk}/resolutions/{resolution.pk}/hands/"
    for who in (outsider, member):
        assert (
            client_for(who).post(url, {"hands_yes": 3, "hands_no": 0, "hands_abstain": 0}).status_code == 404
        )
    assert Resolution.objects.get(pk=resolution.pk).hands_counted_by is None


@pytest.fixture
def resolution(client_for, chair, group):
    meeting = _open_meeting(client_for(chair), group)
    meeting.refresh_from_db()
    marks = {m.pk: ("present", None) for m in _members(group)}
    first = _members(group)[0]
    marks[first.pk] = ("absent", None)
    services.record_attendance(meeting=meeting, marks=marks, by=chair)  # 4 of 5 present
    return services.propose_resolution(group=group, meeting=meeting, question="ซื้อเครื่องผสม", by=chair)


def test_a_show_of_hands_counted_is_witnessed_then_decides(
    client_for, chair, member, group, resolution
) -> None:
    c = client_for(chair)
    url = f"/groups/{group.pk}/resolutions/{resolution.pk}/"
    second = _members(group)[1]
    services.cast_vote(resolution=resolution, membership=second, choice="no", by=chair)  # one hand by name
    page = c.get(url).content.decode()
    assert 'id="count-form"' in page and "3" in page  # 3 present have not voted
    # more hands than members present who have not voted: refused on the form, nothing kept
    r = c.post(url + "hands/", {"hands_yes": 3, "hands_no": 1, "hands_abstain": 0})
    assert r.status_code == 422 and "error-summary" in r.content.decode()
    assert Resolution.objects.get(pk=resolution.pk).hands_counted_by is None
    r = c.post(url + "hands/", {"hands_yes": 2, "hands_no": 0, "hands_abstain": 1})
    assert r.status_code == 302
    counted = Resolution.objects.get(pk=resolution.pk)
    assert counted.hand_counts == {"yes": 2, "no": 0, "abstain": 1} and counted.hands_counted_by == chair
    assert AuditEvent.objects.filter(verb="meetings.resolution.hands_counted").count() == 1
    # counted once: nobody votes after, nor is the count recorded again
    with pytest.raises(ValidationError):
        services.cast_vote(resolution=counted, membership=_members(group)[2], choice="yes", by=chair)
    with pytest.raises(ValidationError):
        services.count_hands(resolution=counted, counts={"yes": 1}, by=chair)
    # the witness rule stays: the chair who counted cannot close it alone, nor witness it
    with pytest.raises(ValidationError):
        services.witness_tally(resolution=counted, by=chair)
    with pytest.raises(ValidationError):
        services.close_resolution(resolution=counted, by=chair)
    services.witness_tally(resolution=counted, by=member)
    closed = services.close_resolution(resolution=counted, by=chair)
    assert closed.status == Resolution.Status.PASSED
    assert closed.counts["tally"] == {"yes": 2, "no": 1, "abstain": 1} and closed.counts["cast"] == 4
    assert Vote.objects.filter(resolution=closed).count() == 1  # the counts are not votes by name


def test_a_count_of_hands_needs_hands_and_whole_numbers(chair, group, resolution) -> None:
    with pytest.raises(ValidationError) as exc:
        services.count_hands(resolution=resolution, counts={"yes": 0, "no": 0, "abstain": 0}, by=chair)
    assert "hands" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.count_hands(resolution=resolution, counts={"yes": -1}, by=chair)
    assert "hands_yes" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.count_hands(resolution=resolution, counts={"perhaps": 1}, by=chair)


def test_an_earlier_witness_does_not_cover_a_later_count(chair, member, group, resolution) -> None:
    services.cast_vote(resolution=resolution, membership=_members(group)[1], choice="yes", by=chair)
    services.witness_tally(resolution=resolution, by=member)
    counted = services.count_hands(resolution=resolution, counts={"yes": 3}, by=chair)
    assert counted.witnessed_by is None
    with pytest.raises(ValidationError):
        services.close_resolution(resolution=counted, by=chair)
    assert User.objects.filter(pk=member.pk).exists()


def test_a_show_of_hands_counted_through_the_api(chair, member, group, resolution) -> None:
    import json

    from tests.test_api import bearer

    url = f"/api/v1/groups/{group.pk}/resolutions/{resolution.pk}/hands"

    def post(who, counts):
        return bearer(who).post(url, json.dumps({"counts": counts}), content_type="application/json")

    assert post(member, {"yes": 2}).status_code == 404  # only whoever runs meetings counts hands
    r = post(chair, {"yes": 4, "no": 1})  # four present
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["hands"]
    r = post(chair, {"yes": 3, "no": 1})
    assert r.status_code == 201 and r.json()["hand_counts"] == {"yes": 3, "no": 1, "abstain": 0}
    assert Resolution.objects.get(pk=resolution.pk).hands_counted_by == chair
