"""Meetings and votes through the API."""

from __future__ import annotations

import datetime as dt
import json

from sammachip.meetings import services
from sammachip.meetings.models import Idea, Vote
from tests.test_api import bearer


def test_member_votes_and_reads_the_result_through_the_api(group, chair, member) -> None:
    m = services.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2024, 6, 1), place="x", agenda=["a"], by=chair
    )
    services.open_meeting(meeting=m, by=chair)
    services.record_attendance(
        meeting=m, marks={x.pk: ("present", None) for x in group.memberships.all()}, by=chair
    )
    r = services.propose_resolution(group=group, meeting=m, question="q", by=chair)
    own = group.memberships.get(person__user=member)
    c = bearer(member)
    resp = c.post(
        f"/api/v1/groups/{group.pk}/resolutions/{r.pk}/votes",
        json.dumps({"member_id": own.pk, "choice": "yes"}),
        content_type="application/json",
    )
    assert resp.status_code == 201 and resp.json()["votes"] == [
        {"member_id": own.pk, "choice": "yes", "method": "ballot"}
    ]
    again = c.post(
        f"/api/v1/groups/{group.pk}/resolutions/{r.pk}/votes",
        json.dumps({"member_id": own.pk, "choice": "no"}),
        content_type="application/json",
    )
    assert again.status_code == 422 and Vote.objects.count() == 1
    other = group.memberships.exclude(pk=own.pk).first()
    forged = c.post(
        f"/api/v1/groups/{group.pk}/resolutions/{r.pk}/votes",
        json.dumps({"member_id": other.pk, "choice": "no"}),
        content_type="application/json",
    )
    assert forged.status_code == 404
    detail = c.get(f"/api/v1/groups/{group.pk}/meetings/{m.pk}").json()
    assert detail["quorum"]["met"] is True and detail["resolutions"][0]["status"] == "open"


def test_member_raises_an_idea_through_the_api(group, member, officer) -> None:
    r = bearer(member).post(
        f"/api/v1/groups/{group.pk}/ideas",
        json.dumps({"kind": "problem", "text": "ขวดรั่ว"}),
        content_type="application/json",
    )
    assert r.status_code == 201 and Idea.objects.get().text == "ขวดรั่ว"
    assert (
        bearer(officer)
        .post(f"/api/v1/groups/{group.pk}/ideas", json.dumps({"text": "x"}), content_type="application/json")
        .status_code
        == 404
    )
