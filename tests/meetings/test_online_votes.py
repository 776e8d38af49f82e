"""Online votes (issue 18): the closing time typed and shown in พ.ศ.; a vote opened by mistake withdrawn before
anyone votes; a due vote closed to voting at every read and counted by the periodic job."""

from __future__ import annotations

import datetime as dt
import json

import time_machine
from django.core.management import call_command
from django.utils import timezone

from sammachip.core.models import AuditEvent
from sammachip.meetings import services
from sammachip.meetings.models import Resolution, Vote
from tests.test_api import bearer

BANGKOK = dt.timezone(dt.timedelta(hours=7))


def _vote_form(closes_at: str) -> dict[str, str]:
    return {
        "question": "ซื้อหม้อต้มใบใหม่",
        "kind": "general",
        "mode": "yes_no",
        "threshold": "majority",
        "closes_at": closes_at,
    }


def test_the_closing_time_is_typed_and_shown_in_the_buddhist_era(client_for, chair, group) -> None:
    c = client_for(chair)
    form = c.get(f"/groups/{group.pk}/votes/new/").content.decode()
    assert "/2569 " in form and "/2026 " not in form  # the proposed closing time, in พ.ศ.
    r = c.post(f"/groups/{group.pk}/votes/new/", _vote_form("09/12/2569 18:00"))
    assert r.status_code == 302
    resolution = Resolution.objects.get(online=True)
    assert resolution.closes_at == dt.datetime(2026, 12, 9, 18, 0, tzinfo=BANGKOK)
    page = c.get(f"/groups/{group.pk}/resolutions/{resolution.pk}/").content.decode()
    assert "9 ธ.ค. 2569 18:00" in page and "3112" not in page
    # Thai digits and "น." as people type them; a C.E. year still reads as C.E.
    for typed in ("๑๐/๑๒/๒๕๖๙ ๐๙.๓๐ น.", "10/12/2026 09:30"):
        assert c.post(f"/groups/{group.pk}/votes/new/", _vote_form(typed)).status_code == 302
        latest = Resolution.objects.latest("number")
        assert latest.closes_at == dt.datetime(2026, 12, 10, 9, 30, tzinfo=BANGKOK)
    r = c.post(f"/groups/{group.pk}/votes/new/", _vote_form("31/02/2569 18:00"))
    assert r.status_code == 200 and "closes_at" in r.context["form"].errors
    r = c.post(f"/groups/{group.pk}/votes/new/", _vote_form("01/11/2569 18:00"))  # in the past
    assert r.status_code == 200 and "closes_at" in r.context["form"].errors


def test_a_vote_opened_by_mistake_is_withdrawn_before_anyone_votes(
    client_for, chair, member, treasurer, group
) -> None:
    closes = timezone.now() + dt.timedelta(days=2)
    mistaken = services.propose_resolution(group=group, question="ผิดเรื่อง", closes_at=closes, by=chair)
    url = f"/groups/{group.pk}/resolutions/{mistaken.pk}/"
    assert 'id="withdraw-vote"' in client_for(chair).get(url).content.decode()
    assert client_for(member).post(f"{url}withdraw/", {"reason": "ผิด"}).status_code == 404
    c = client_for(chair)
    c.post(f"{url}withdraw/", {"reason": ""})
    assert Resolution.objects.get(pk=mistaken.pk).status == "open"
    assert c.post(f"{url}withdraw/", {"reason": "ตั้งคำถามผิด"}).status_code == 302
    mistaken.refresh_from_db()
    assert (mistaken.status, mistaken.withdrawal_reason, mistaken.closed_by) == (
        "withdrawn",
        "ตั้งคำถามผิด",
        chair,
    )
    event = AuditEvent.objects.get(verb="meetings.resolution.withdrawn")
    assert event.data["reason"] == "ตั้งคำถามผิด" and event.actor_id == chair.pk
    page = client_for(member).get(url).content.decode()
    assert 'id="withdrawn"' in page and "ตั้งคำถามผิด" in page and 'id="own-vote"' not in page
    own = group.memberships.get(person__user=member)
    client_for(member).post(f"{url}vote/", {"membership": own.pk, "choice": "yes"})
    assert not Vote.objects.filter(resolution=mistaken).exists()

    # Once a member has voted, only a meeting's resolution ends it: the page and the API refuse, in Thai.
    voted = services.propose_resolution(group=group, question="ซื้อหม้อ", closes_at=closes, by=chair)
    services.cast_vote(resolution=voted, membership=own, choice="yes", by=member)
    url = f"/groups/{group.pk}/resolutions/{voted.pk}/"
    r = c.post(f"{url}withdraw/", {"reason": "เปลี่ยนใจ"}, follow=True)
    assert "มีสมาชิกลงคะแนนแล้ว" in r.content.decode() and "มติของที่ประชุมสมาชิก" in r.content.decode()
    api = bearer(chair).post(
        f"/api/v1/groups/{group.pk}/resolutions/{voted.pk}/withdraw",
        json.dumps({"reason": "เปลี่ยนใจ"}),
        content_type="application/json",
    )
    assert api.status_code == 422 and "มีสมาชิกลงคะแนนแล้ว" in api.json()["detail"]
    assert Resolution.objects.get(pk=voted.pk).status == "open"


def test_withdraw_through_the_api(chair, member, group) -> None:
    closes = timezone.now() + dt.timedelta(days=2)
    r = services.propose_resolution(group=group, question="ผิดเรื่อง", closes_at=closes, by=chair)
    url = f"/api/v1/groups/{group.pk}/resolutions/{r.pk}/withdraw"

    def post(who, reason):
        return bearer(who).post(url, json.dumps({"reason": reason}), content_type="application/json")

    assert post(member, "ผิด").status_code == 404
    assert post(chair, " ").status_code == 422
    answer = post(chair, "ตั้งคำถามผิด")
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["withdrawal_reason"]) == ("withdrawn", "ตั้งคำถามผิด")
    assert post(chair, "อีกครั้ง").status_code == 422


def test_a_due_vote_reads_closed_in_the_api_and_the_periodic_job_counts_it(
    group, chair, member, treasurer
) -> None:
    closes = timezone.now() + dt.timedelta(minutes=30)
    r = services.propose_resolution(group=group, question="ออกบูธ", closes_at=closes, by=chair)
    for user in (chair, member):
        services.cast_vote(
            resolution=r, membership=group.memberships.get(person__user=user), choice="yes", by=user
        )
    api = f"/api/v1/groups/{group.pk}/resolutions/{r.pk}"
    body = bearer(member).get(api).json()
    assert (body["status"], body["voting_open"]) == ("open", True)
    assert body["closes_at"].startswith("2026-11-25T")
    late = group.memberships.get(person__user=treasurer)
    with time_machine.travel(closes + dt.timedelta(minutes=1), tick=True):
        # Nobody has opened a page since: the vote reads closed, and nobody can vote any more.
        body = bearer(member).get(api).json()
        assert (body["status"], body["voting_open"]) == ("closed", False)
        assert Resolution.objects.get(pk=r.pk).status == "open"  # not counted yet
        refused = bearer(treasurer).post(
            f"{api}/votes",
            json.dumps({"member_id": late.pk, "choice": "no"}),
            content_type="application/json",
        )
        assert refused.status_code == 422 and Vote.objects.filter(resolution=r).count() == 2
        call_command("remind", "--votes-only")
        counted = Resolution.objects.get(pk=r.pk)
        assert counted.status == "no_quorum" and counted.closed_by is None  # 2 of 5 voted; 3 needed
        assert bearer(member).get(api).json()["status"] == "no_quorum"


def test_a_vote_past_its_closing_time_reads_closed_and_reading_writes_nothing(
    client_for, group, chair, member, treasurer
) -> None:
    closes = timezone.now() + dt.timedelta(minutes=2)
    r = services.propose_resolution(group=group, question="ออกบูธ", closes_at=closes, by=chair)
    for user in (chair, member, treasurer):
        services.cast_vote(
            resolution=r, membership=group.memberships.get(person__user=user), choice="yes", by=user
        )
    c = client_for(chair)
    listing = f"/groups/{group.pk}/meetings/"
    assert "กำลังลงมติ" in c.get(listing).content.decode()
    with time_machine.travel(closes + dt.timedelta(seconds=30), tick=True):
        for url in (listing, f"/groups/{group.pk}/resolutions/{r.pk}/"):
            page = c.get(url)
            assert page.status_code == 200
            assert "กำลังลงมติ" not in page.content.decode()
        # shown closed by its time, counted by the job: the pages wrote nothing
        assert Resolution.objects.get(pk=r.pk).status == "open"
        call_command("remind", "--votes-only")
    assert Resolution.objects.get(pk=r.pk).status == "passed"
    assert "ผ่าน" in c.get(listing).content.decode()


def test_the_daily_job_counts_due_votes_of_every_group(group, chair, member, treasurer, capsys) -> None:
    closes = timezone.now() + dt.timedelta(minutes=5)
    r = services.propose_resolution(group=group, question="ออกบูธ", closes_at=closes, by=chair)
    for user in (chair, member, treasurer):
        services.cast_vote(
            resolution=r, membership=group.memberships.get(person__user=user), choice="no", by=user
        )
    with time_machine.travel(closes + dt.timedelta(hours=12), tick=True):
        call_command("remind")
    assert Resolution.objects.get(pk=r.pk).status == "failed"
    assert "votes counted: 1" in capsys.readouterr().out
