"""The search pages: staff across their area, a committee within its group, an officer for teachers."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sammachip.accounts.types import AuthedRequest
from sammachip.groups.access import access_group
from sammachip.places.access import access_district

from . import finder

LABELS = {
    "groups": _("Groups"),
    "members": _("Members"),
    "households": _("Households"),
    "villages": _("Villages"),
    "products": _("Products"),
}


def _query(request: AuthedRequest) -> str:
    return request.GET.get("q", "")[:200].strip()


def _read_only(request: AuthedRequest) -> HttpResponse | None:
    """Pages to read: any other method is refused, after the access check (an outsider gets 404 whatever)."""
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET"])


def _context(q: str, kinds: list[finder.Kind]) -> dict:
    shown = [(LABELS[k.key], k) for k in kinds if k.hits]
    return {"q": q, "kinds": shown, "searched": bool(finder.search_words(q))}


def search(request: AuthedRequest) -> HttpResponse:
    if not finder.is_staff(request.user):
        raise Http404
    if refused := _read_only(request):
        return refused
    q = _query(request)
    context = _context(q, finder.search_area(request.user, q)) | {"action": request.path}
    template = "search/search.html#results" if request.htmx else "search/search.html"
    return render(request, template, context)


def group_search(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    if not (access.roles or access.is_area_staff):
        raise Http404  # a committee's search: the members of the committee and the area's staff
    if refused := _read_only(request):
        return refused
    q = _query(request)
    context = _context(q, finder.search_group(group, q)) | {"group": group, "action": request.path}
    template = "search/search.html#results" if request.htmx else "search/search.html"
    return render(request, template, context)


def teachers(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    if refused := _read_only(request):
        return refused
    q = _query(request)
    found, more = finder.teachers(district, q)
    context = {"district": district, "q": q, "teachers": found, "more": more}
    template = "search/teachers.html#results" if request.htmx else "search/teachers.html"
    return render(request, template, context)
