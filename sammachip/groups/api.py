from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sammachip.accounts.access import area_q
from sammachip.accounts.types import AuthedRequest
from sammachip.core.models import log_personal_access
from sammachip.core.thaitext import thai_sorted
from sammachip.households.models import OccupationType
from sammachip.places.models import Village

from . import services
from .access import Can, GroupAccess, access_group, visible_groups
from .models import Membership, OccupationGroup, Role
from .summary import summarise

router = Router(tags=["groups"])


class GroupOut(Schema):
    id: int
    name: str
    occupation: str
    stage: str
    founded_on: dt.date
    village_id: int
    village: str
    subdistrict_code: str
    district_code: str
    member_count: int


class CheckOut(Schema):
    key: str
    done: bool
    missing: list[str]


class GroupDetailOut(GroupOut):
    five_k: list[CheckOut]


class GroupIn(Schema):
    name: str
    village_id: int
    occupation: str
    founded_on: dt.date
    description: str = ""


class MemberOut(Schema):
    id: int
    number: int
    name: str
    national_id: str
    phone: str
    joined_on: dt.date
    is_founding: bool
    left_on: dt.date | None
    leave_reason: str
    can_teach: bool
    skills: str


class MemberIn(Schema):
    title: str = ""
    first_name: str
    last_name: str
    national_id: str = ""
    phone: str = ""
    address: str = ""
    skills: str = ""
    can_teach: bool = False
    joined_on: dt.date
    is_founding: bool = False
    chosen_occupations: list[str]


class LeaveIn(Schema):
    left_on: dt.date
    reason: Membership.LeaveReason  # one of the reasons the register knows
    note: str = ""


class SeatOut(Schema):
    id: int
    role: str
    role_label: str
    member_id: int
    member_name: str
    starts_on: dt.date
    term_ends_on: dt.date | None
    ended_on: dt.date | None


class SeatIn(Schema):
    member_id: int
    role: Role
    starts_on: dt.date
    term_ends_on: dt.date | None = None
    replace: bool = False


class ActivityOut(Schema):
    id: int
    name: str
    need: str
    proposed_by_id: int
    started_on: dt.date


class ActivityIn(Schema):
    name: str
    need: str
    proposed_by_id: int
    started_on: dt.date


class CharterOut(Schema):
    id: int
    version: int
    status: str
    adopted_on: dt.date | None
    rules: list[dict]
    settings: dict
    split: list[dict]


def _group_out(g: OccupationGroup, member_count: int) -> dict:
    return {
        "id": g.pk,
        "name": g.name,
        "occupation": g.occupation.name,
        "stage": g.stage,
        "founded_on": g.founded_on,
        "village_id": g.village_id,
        "village": str(g.village),
        "subdistrict_code": g.village.subdistrict.code,
        "district_code": g.village.subdistrict.district.code,
        "member_count": member_count,
    }


@router.get("", response=list[GroupOut])
@paginate(PageNumberPagination, page_size=50)
def group_list(request: AuthedRequest, q: str = "", stage: str = "") -> list[dict]:
    groups = visible_groups(request.user).with_place().with_member_counts()
    if q:
        groups = groups.search(q)
    if stage:
        groups = groups.filter(stage=stage)
    # the whole list in Thai order, paginated after sorting (the decorator slices this list)
    return [_group_out(g, g.current_member_count) for g in thai_sorted(groups, lambda g: g.name)]


@router.post("", response={201: GroupDetailOut})
def group_create(request: AuthedRequest, payload: GroupIn) -> Status:
    q = area_q(request.user, "subdistrict__")
    village = Village.objects.filter(q, pk=payload.village_id).first() if q is not None else None
    if village is None:
        raise Http404
    if not payload.occupation.strip():
        raise ValidationError({"occupation": _("Choose the occupation, or type a new one.")})
    occupation = OccupationType.named(payload.occupation)
    group = services.create_group(
        name=payload.name,
        village=village,
        occupation=occupation,
        founded_on=payload.founded_on,
        description=payload.description,
        by=request.user,
    )
    return Status(201, group_detail(request, group.pk))


@router.get("/{group_id}", response=GroupDetailOut)
def group_detail(request: AuthedRequest, group_id: int) -> dict:
    group, _access = access_group(request.user, group_id)
    info = summarise(group)
    out = _group_out(group, info.member_count)
    out["five_k"] = [{"key": c.key, "done": c.done, "missing": c.missing} for c in info.five_k.items]
    return out


def _member_out(m: Membership, access: GroupAccess) -> dict:
    p = m.person
    national_id = (p.national_id or "") if access.sees_national_id_of(m) else p.masked_national_id
    return {
        "id": m.pk,
        "number": m.number,
        "name": p.full_name,
        "national_id": national_id,
        "phone": p.phone,
        "joined_on": m.joined_on,
        "is_founding": m.is_founding,
        "left_on": m.left_on,
        "leave_reason": m.leave_reason,
        "can_teach": p.can_teach,
        "skills": p.skills,
    }


@router.get("/{group_id}/members", response=list[MemberOut])
@paginate(PageNumberPagination, page_size=100)
def member_list(request: AuthedRequest, group_id: int, include_former: bool = False) -> list[dict]:
    group, access = access_group(request.user, group_id)
    members = group.memberships.select_related("person").order_by("number")
    if not include_former:
        members = members.current()
    rows = list(members)
    shown = [m.person_id for m in rows if m.person.national_id and access.sees_national_id_of(m)]
    if shown:
        log_personal_access(request.user, shown, "view_id", request.path)
    return [_member_out(m, access) for m in rows]


@router.post("/{group_id}/members", response={201: MemberOut})
def member_add(request: AuthedRequest, group_id: int, payload: MemberIn) -> Status:
    group, access = access_group(request.user, group_id, Can.MANAGE_MEMBERS)
    occupations = list(OccupationType.objects.filter(name__in=payload.chosen_occupations))
    data = payload.dict(exclude={"joined_on", "is_founding", "chosen_occupations"})
    if data["title"] not in {"", "นาย", "นาง", "นางสาว"}:
        raise ValidationError({"title": _("Choose a title from the list.")})
    membership = services.add_member(
        group=group,
        by=request.user,
        joined_on=payload.joined_on,
        is_founding=payload.is_founding,
        person_data=data,
        chosen_occupations=occupations,
    )
    return Status(201, _member_out(membership, access))


@router.post("/{group_id}/members/{member_id}/leave", response=MemberOut)
def member_leave(request: AuthedRequest, group_id: int, member_id: int, payload: LeaveIn) -> dict:
    group, access = access_group(request.user, group_id, Can.MANAGE_MEMBERS)
    membership = group.memberships.select_related("person").filter(pk=member_id).first()
    if membership is None:
        raise Http404
    services.end_membership(
        membership=membership, on=payload.left_on, reason=payload.reason, note=payload.note, by=request.user
    )
    return _member_out(membership, access)


def _seat_out(s) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": s.pk,
        "role": s.role,
        "role_label": str(s.get_role_display()),
        "member_id": s.membership_id,
        "member_name": s.membership.person.full_name,
        "starts_on": s.starts_on,
        "term_ends_on": s.term_ends_on,
        "ended_on": s.ended_on,
    }


@router.get("/{group_id}/committee", response=list[SeatOut])
def committee(request: AuthedRequest, group_id: int, include_past: bool = False) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    seats = group.committee_seats.select_related("membership__person")
    if not include_past:
        seats = seats.current()
    return [_seat_out(s) for s in seats]


@router.post("/{group_id}/committee", response={201: SeatOut})
def appoint(request: AuthedRequest, group_id: int, payload: SeatIn) -> Status:
    group, _access = access_group(request.user, group_id, Can.MANAGE_COMMITTEE)
    membership = group.memberships.select_related("person").filter(pk=payload.member_id).first()
    if membership is None:
        raise ValidationError(
            {"member_id": _("Only a current member of this group can sit on its committee.")}
        )
    seat = services.appoint_committee_member(
        group=group,
        membership=membership,
        role=payload.role,
        starts_on=payload.starts_on,
        term_ends_on=payload.term_ends_on,
        replace=payload.replace,
        by=request.user,
    )
    return Status(201, _seat_out(seat))


@router.get("/{group_id}/activities", response=list[ActivityOut])
def activities(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [
        {
            "id": a.pk,
            "name": a.name,
            "need": a.need,
            "proposed_by_id": a.proposed_by_id,
            "started_on": a.started_on,
        }
        for a in group.activities.all()
    ]


@router.post("/{group_id}/activities", response={201: ActivityOut})
def activity_add(request: AuthedRequest, group_id: int, payload: ActivityIn) -> Status:
    group, _access = access_group(request.user, group_id, Can.MANAGE_ACTIVITIES)
    proposer = group.memberships.filter(pk=payload.proposed_by_id).first()
    if proposer is None:
        raise ValidationError(
            {"proposed_by_id": _("An activity is proposed by a current member of this group.")}
        )
    a = services.add_activity(
        group=group,
        name=payload.name,
        need=payload.need,
        proposed_by=proposer,
        started_on=payload.started_on,
        by=request.user,
    )
    out = {
        "id": a.pk,
        "name": a.name,
        "need": a.need,
        "proposed_by_id": a.proposed_by_id,
        "started_on": a.started_on,
    }
    return Status(201, out)


@router.get("/{group_id}/charter", response=list[CharterOut])
def charters(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [
        {
            "id": c.pk,
            "version": c.version,
            "status": c.status,
            "adopted_on": c.adopted_on,
            "rules": [{"text": r.text, "standing": r.is_standing} for r in c.rules.all()],
            "settings": {k: str(getattr(c, k)) for k in services.CHARTER_SETTINGS},
            "split": [{"key": k, "name": n, "percent": str(p)} for k, n, p in c.split_parts()],
        }
        for c in group.charters.prefetch_related("rules", "funds")
    ]
