"""Meetings and decisions in the API: read meetings and resolutions, vote, raise ideas."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from sammachip.accounts.types import AuthedRequest
from sammachip.groups.access import Can, access_group

from . import services
from .models import Idea, Meeting, Resolution

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    kind: str
    date: dt.date
    place: str
    status: str


class MeetingDetailOut(MeetingOut):
    agenda: list[str]
    attendance: list[dict]
    quorum: dict
    resolutions: list[dict]


class ResolutionOut(Schema):
    id: int
    number: int
    question: str
    kind: str
    mode: str
    options: list[str]
    threshold: str
    # As read now: "closed" for an online vote past its closing time that is still to be counted.
    status: str
    online: bool
    closes_at: dt.datetime | None
    voting_open: bool
    withdrawal_reason: str
    counts: dict
    # A show of hands counted as numbers per answer (for the members present who had not voted by name).
    hand_counts: dict
    votes: list[dict]


class WithdrawIn(Schema):
    reason: str


class MarkIn(Schema):
    member_id: int
    status: str
    represented_by_id: int | None = None


class AttendanceIn(Schema):
    marks: list[MarkIn]


class HandsIn(Schema):
    counts: dict[str, int]


class VoteIn(Schema):
    member_id: int
    choice: str


class IdeaIn(Schema):
    kind: str = "idea"
    text: str


class IdeaOut(Schema):
    id: int
    kind: str
    text: str
    status: str
    outcome: str
    author_id: int


def _meeting_out(m: Meeting) -> dict:
    return {"id": m.pk, "kind": m.kind, "date": m.date, "place": m.place, "status": m.status}


def _resolution_out(r: Resolution) -> dict:
    return {
        "id": r.pk, "number": r.number, "question": r.question, "kind": r.kind, "mode": r.mode, "options": r.options,
        "threshold": r.threshold, "status": r.shown_status, "online": r.online, "closes_at": r.closes_at,
        "voting_open": r.voting_open, "withdrawal_reason": r.withdrawal_reason, "counts": r.counts,
        "hand_counts": r.hand_counts,
        "votes": [{"member_id": v.membership_id, "choice": v.choice, "method": v.method} for v in r.votes.all()],
    }  # fmt: skip


@router.get("/{group_id}/meetings", response=list[MeetingOut])
def meetings(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [_meeting_out(m) for m in group.meetings.all()[:200]]


def _meeting_detail(m: Meeting) -> dict:
    return _meeting_out(m) | {
        "agenda": [i.title for i in m.items.all()],
        "attendance": [
            {"member_id": a.membership_id, "status": a.status, "represented_by_id": a.represented_by_id}
            for a in m.attendance.all()
        ],
        "quorum": services.quorum(m),
        "resolutions": [_resolution_out(r) for r in m.resolutions.prefetch_related("votes")],
    }


@router.get("/{group_id}/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting(request: AuthedRequest, group_id: int, meeting_id: int) -> dict:
    group, _access = access_group(request.user, group_id)
    m = group.meetings.filter(pk=meeting_id).first()
    if m is None:
        raise Http404
    return _meeting_detail(m)


@router.post("/{group_id}/meetings/{meeting_id}/attendance", response=MeetingDetailOut)
def attendance(request: AuthedRequest, group_id: int, meeting_id: int, payload: AttendanceIn) -> dict:
    """Mark members present, absent, excused or represented (by a member present), as the page does."""
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    m = group.meetings.filter(pk=meeting_id).first()
    if m is None:
        raise Http404
    marks = {k.member_id: (k.status, k.represented_by_id) for k in payload.marks}
    services.record_attendance(meeting=m, marks=marks, by=request.user)
    return _meeting_detail(m)


@router.get("/{group_id}/resolutions/{resolution_id}", response=ResolutionOut)
def resolution(request: AuthedRequest, group_id: int, resolution_id: int) -> dict:
    group, _access = access_group(request.user, group_id)
    r = group.resolutions.filter(pk=resolution_id).prefetch_related("votes").first()
    if r is None:
        raise Http404
    return _resolution_out(r)


@router.post("/{group_id}/resolutions/{resolution_id}/votes", response={201: ResolutionOut})
def vote(request: AuthedRequest, group_id: int, resolution_id: int, payload: VoteIn) -> Status:
    group, access = access_group(request.user, group_id)
    r = group.resolutions.filter(pk=resolution_id).first()
    if r is None:
        raise Http404
    membership = group.memberships.filter(pk=payload.member_id).select_related("person").first()
    if membership is None:
        if not access.allows(Can.RUN_MEETINGS):
            raise Http404
        raise ValidationError({"member_id": _("Only members of the group vote.")})
    if not access.may_vote_for(membership):
        raise Http404
    services.cast_vote(resolution=r, membership=membership, choice=payload.choice, by=request.user)
    return Status(201, _resolution_out(Resolution.objects.prefetch_related("votes").get(pk=r.pk)))


@router.post("/{group_id}/resolutions/{resolution_id}/hands", response={201: ResolutionOut})
def hands(request: AuthedRequest, group_id: int, resolution_id: int, payload: HandsIn) -> Status:
    """A show of hands for everyone present at once: the count of each answer (whoever runs meetings). It
    cannot exceed the members present who have not voted by name, and needs a second person as witness."""
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    r = group.resolutions.filter(pk=resolution_id).first()
    if r is None:
        raise Http404
    services.count_hands(resolution=r, counts=payload.counts, by=request.user)
    return Status(201, _resolution_out(Resolution.objects.prefetch_related("votes").get(pk=r.pk)))


@router.post("/{group_id}/resolutions/{resolution_id}/withdraw", response=ResolutionOut)
def withdraw(request: AuthedRequest, group_id: int, resolution_id: int, payload: WithdrawIn) -> dict:
    """Withdraw an online vote opened by mistake, before anyone has voted (whoever runs meetings)."""
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    r = group.resolutions.filter(pk=resolution_id).first()
    if r is None:
        raise Http404
    services.withdraw_resolution(resolution=r, reason=payload.reason, by=request.user)
    return _resolution_out(Resolution.objects.prefetch_related("votes").get(pk=r.pk))


@router.get("/{group_id}/ideas", response=list[IdeaOut])
def ideas(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [
        {
            "id": i.pk,
            "kind": i.kind,
            "text": i.text,
            "status": i.status,
            "outcome": i.outcome,
            "author_id": i.author_id,
        }
        for i in group.ideas.all()
    ]


@router.post("/{group_id}/ideas", response={201: IdeaOut})
def idea_create(request: AuthedRequest, group_id: int, payload: IdeaIn) -> Status:
    group, access = access_group(request.user, group_id)
    if not access.may_raise_ideas():
        raise Http404
    assert access.membership is not None
    if payload.kind not in Idea.Kind.values:
        raise ValidationError({"kind": _("Choose idea or problem.")})
    i = services.raise_idea(
        group=group, author=access.membership, kind=payload.kind, text=payload.text, by=request.user
    )
    return Status(
        201,
        {
            "id": i.pk,
            "kind": i.kind,
            "text": i.text,
            "status": i.status,
            "outcome": i.outcome,
            "author_id": i.author_id,
        },
    )
