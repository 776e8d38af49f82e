"""Search over the API: the same finder and access as the page."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema

from sammachip.accounts.types import AuthedRequest
from sammachip.groups.access import access_group
from sammachip.places.access import access_district

from . import finder

router = Router(tags=["search"])


class HitOut(Schema):
    title: str
    url: str
    detail: str


class KindOut(Schema):
    kind: str
    hits: list[HitOut]
    more: bool


class TeacherOut(Schema):
    name: str
    skills: str
    village: str
    phone: str
    groups: list[str]


def _out(kinds: list[finder.Kind]) -> list[dict]:
    return [{"kind": k.key, "hits": [h.__dict__ for h in k.hits], "more": k.more} for k in kinds]


@router.get("/search", response=list[KindOut])
def search(request: AuthedRequest, q: str = "") -> list[dict]:
    """Every word of `q` (Thai typed any usual way) across the groups, members, households, villages and
    products the caller may see, by kind."""
    if not finder.is_staff(request.user):
        raise Http404
    return _out(finder.search_area(request.user, q[:200]))


@router.get("/groups/{group_id}/search", response=list[KindOut])
def group_search(request: AuthedRequest, group_id: int, q: str = "") -> list[dict]:
    group, access = access_group(request.user, group_id)
    if not (access.roles or access.is_area_staff):
        raise Http404
    return _out(finder.search_group(group, q[:200]))


@router.get("/places/districts/{code}/teachers", response=list[TeacherOut])
def teachers(request: AuthedRequest, code: str, q: str = "") -> list[dict]:
    """People of the district who can teach a skill (every word of `q` in their skills or name)."""
    district = access_district(request.user, code)
    found, _more = finder.teachers(district, q[:200])
    return [
        {
            "name": t.person.full_name,
            "skills": t.person.skills,
            "village": str(t.person.village),
            "phone": t.person.phone,
            "groups": [g.name for g in t.groups],
        }
        for t in found
    ]
