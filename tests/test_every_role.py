"""Every role, tried on every page and endpoint about a group, village and district outside its reach:
each committee seat and a plain member of a group in another district, a member who has left, an officer,
a district head and a province office elsewhere, an officer of this district posted to another
subdistrict, an officer whose posting has ended, and nobody logged in. No page or endpoint shows or changes
anything: pages answer 404 (anonymous: the login page), the API 404 (anonymous: 401), and the database is
as it was."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sammachip.accounts.models import ApiToken, StaffPosting, User
from sammachip.core.models import AuditEvent
from sammachip.groups import services
from sammachip.groups.models import Membership, Role
from sammachip.places.models import District, Province
from tests.conftest import FOUNDED, _login_member, _staff
from tests.test_outsiders import (  # noqa: F401 - the fixtures that build what is tried
    API,
    API_BODIES,
    FOLLOW_UP_PAGES,
    GROUP_PAGES,
    MARKET_PAGES,
    PLACE_PAGES,
    PREPARATION_API,
    PREPARATION_PAGES,
    api_body,
    follow_ids,
    ids,
    market_ids,
    prep_ids,
)

ROLES = [f"seat:{r.value}" for r in Role] + [
    "member_elsewhere", "former_member", "officer_elsewhere", "head_elsewhere", "province_elsewhere",
    "officer_other_subdistrict", "former_officer", "anonymous",
]  # fmt: skip
# Pages about the whole district: an officer posted to part of it sees them by design.
DISTRICT_WIDE = ("/places/districts/9611/", "/districts/9611/", "/district/9611/", "/analysis/district/9611/",
                 "/analysis/province/96/", "/province/96/", "/partners/", "/places/partners/", "/imports/",
                 "/agenda/", "/stage-proposals/", "/analysis/subdistrict/", "/api/v1/places/districts/9611/",
                 "/api/v1/analysis/district/9611", "/api/v1/districts/9611/", "/privacy/breaches/")  # fmt: skip
POST = {
    "name": "x", "stage": "dissolved", "role": "chair", "visited_on": "01/11/2569", "purpose": "follow_up",
    "people_present": "1", "approve": "1", "fiscal_year_start": "2025-01-01", "income": "1", "expense": "1",
    "reason": "x", "weekly_weeks": "10", "report_due_days": "30", "version": "1", "action": "shop",
    "shop-name": "x", "price": "5", "unit": "u", "stock": "1", "otop_stars": "0", "slug": "z", "event": "e",
    "place": "p", "starts_on": "01/11/2569", "ends_on": "01/11/2569", "sales": "5", "decision": "erase",
    "description": "x", "amount": "100", "date": "01/11/2569", "question": "q", "choice": "yes",
}  # fmt: skip


PAGES = GROUP_PAGES + PLACE_PAGES + PREPARATION_PAGES + FOLLOW_UP_PAGES + MARKET_PAGES + [
    "/groups/{g}/members/{m}/export.json", "/groups/{g}/members/{m}/erase/", "/privacy/breaches/{b}/notified/",
    "/accounts/tokens/{tk}/revoke/", "/households/{h}/withdraw-consent/", "/accounts/notices/decline/{m}/",
    "/groups/{g}/search/?q=%E0%B8%AA", "/places/districts/9611/teachers/?q=%E0%B8%AA",
]  # fmt: skip
APIS = API + PREPARATION_API + [
    "/api/v1/groups/{g}/products", "/api/v1/groups/{g}/placements", "/api/v1/groups/{g}/promptpay",
    "/api/v1/groups/{g}/resolutions/{r}/votes", "/api/v1/groups/{g}/placements/{pc}/settle",
    "/api/v1/groups/{g}/search?q=%E0%B8%AA", "/api/v1/places/districts/9611/teachers?q=%E0%B8%AA",
    "/api/v1/groups/{g}/study-visits",
]  # fmt: skip
# Write endpoints whose body cannot be made valid from the objects (none today): only there may an
# outsider's answer be the schema's 422, and then the same for a missing object.
NO_VALID_BODY: set[str] = set()
# Addresses with a parameter that are open by design: the public pages of a group or plan (published on
# purpose), the guide's screenshots, the import templates, and the country's subdistricts and districts.
OPEN = {
    "help/img/<str:name>", "import-templates/<str:kind>.csv", "public/plans/<int:plan_id>/", "g/<slug:slug>/",
    "g/<slug:slug>/pay.svg", "g/<slug:slug>/photo/<int:product_id>/<str:size>.jpg", "g/<slug:slug>/flyer.pdf",
    "api/v1/places/provinces/<code>/districts", "api/v1/places/districts/<code>/subdistricts",
}  # fmt: skip


def prep_ids_household(made: dict) -> int:
    from sammachip.households.models import Household

    return Household.objects.filter(village_id=made["v"]).values_list("pk", flat=True).get()


def test_the_sweep_covers_every_address_about_something() -> None:
    """A new page or endpoint that takes an id or a code joins the sweep (or is open on purpose)."""
    from django.urls import get_resolver, resolve

    def routes(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from routes(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    swept = {resolve(re.sub(r"\{\w+\}", "1", p).split("?")[0]).route for p in PAGES + APIS}
    every = {r for r in routes(get_resolver().url_patterns) if "<" in r and not r.startswith("admin/")}
    assert every - swept - OPEN == set()


def _someone(role: str, request: pytest.FixtureRequest) -> User | None:
    if role == "anonymous":
        return None
    other_village = request.getfixturevalue("other_village")
    occupation, officer = request.getfixturevalue("occupation"), request.getfixturevalue("officer")
    add_members = request.getfixturevalue("add_members")
    if role.startswith("seat:") or role == "member_elsewhere":
        elsewhere = services.create_group(
            name="กลุ่มอำเภออื่น", village=other_village, occupation=occupation, founded_on=FOUNDED, by=officer
        )
        m = add_members(elsewhere, 1)[0]
        if role.startswith("seat:"):
            services.appoint_committee_member(
                group=elsewhere, membership=m, role=role[5:], starts_on=FOUNDED, by=officer
            )
        return _login_member(m, "elsewhere")
    if role == "former_member":
        group = request.getfixturevalue("group")
        m = group.memberships.order_by("-number")[0]
        Membership.objects.filter(pk=m.pk).update(left_on=dt.date(2025, 1, 1), leave_reason="moved")
        return _login_member(m, "former")
    other = other_village.subdistrict.district
    if role == "officer_elsewhere":
        return _staff("o2", "officer", other, other.province_id)
    if role == "head_elsewhere":
        return _staff("h2", "district_head", other, other.province_id)
    if role == "province_elsewhere":
        province = Province.objects.exclude(code="96").order_by("code")[0]
        return _staff("p2", "province_staff", None, province.pk)
    here = District.objects.get(code="9611")
    if role == "officer_other_subdistrict":
        user = _staff("o3", "officer", here, here.province_id)
        user.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
        return user
    assert role == "former_officer"
    user = _staff("o4", "officer", here, here.province_id)
    StaffPosting.objects.filter(user=user).update(ends_on=dt.date(2025, 12, 31))
    return user


def _state() -> tuple[int, ...]:
    from sammachip.bookkeeping.models import Entry, WorkRecord
    from sammachip.households.models import Household, SpendingLine
    from sammachip.market.models import Product
    from sammachip.meetings.models import Vote
    from sammachip.visits.models import Visit

    return (
        AuditEvent.objects.count(), Entry.objects.count(), WorkRecord.objects.count(), Household.objects.count(),
        SpendingLine.objects.count(), Product.objects.count(), Vote.objects.count(), Visit.objects.count(),
        Membership.objects.filter(left_on__isnull=True).count(),
    )  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_what_is_outside_it(request, role, ids, prep_ids, follow_ids, market_ids) -> None:  # noqa: F811
    user = _someone(role, request)
    from sammachip.privacy import services as privacy

    head = request.getfixturevalue("district_head")
    breach = privacy.record_breach(
        by=head, province_id=head.postings.get().province_id, district_id=head.postings.get().district_id,
        discovered_at=timezone.now(), description="แฟ้มสมาชิกหายที่สากอ", data_kinds="x", people_affected=3,
    )  # fmt: skip
    from sammachip.households.models import ConsentRecord

    officer = request.getfixturevalue("officer")
    officers_token, _key = ApiToken.issue(user=officer, name="the officer's own")
    house = prep_ids_household(prep_ids)
    values = {**ids, **prep_ids, **follow_ids, **market_ids, "p": ids["p"], "b": breach.pk, "tk": officers_token.pk,
              "h": house}  # fmt: skip
    pages = list(PAGES)
    if role in ("head_elsewhere", "province_elsewhere"):
        # their own breach log: it opens, without this district's breach
        own = Client()
        own.force_login(user)  # type: ignore[arg-type]
        page = own.get("/privacy/breaches/")
        assert page.status_code == 200 and "แฟ้มสมาชิกหาย" not in page.content.decode()
    else:
        pages.append("/privacy/breaches/")
    apis = list(APIS)
    if role == "officer_other_subdistrict":
        pages = [p for p in pages if not any(w in p for w in DISTRICT_WIDE)]
        apis = [p for p in apis if not any(w in p for w in DISTRICT_WIDE)]
    c, api = Client(), Client()
    if user is not None:
        c.force_login(user)
        api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=user, name='t')[1]}")
    before = _state()
    leaks = []
    for path in pages:
        url = path.format(**values)
        for method in ("get", "post"):
            r = c.get(url) if method == "get" else c.post(url, POST)
            if user is None:  # the login page, or 404 where the address itself is refused first
                fine = (
                    r.status_code == 302 and r["Location"].startswith("/accounts/login/")
                ) or r.status_code == 404
            else:
                fine = r.status_code == 404 or (method == "get" and r.status_code == 405)
            if not fine:
                leaks.append((method, url, r.status_code))
    for path in apis:
        url = path.format(**values)
        # the same request about something that does not exist: an answer that cannot tell them apart
        missing = re.sub(r"/[0-9]+", "/987654", url).replace("/9611", "/9699")
        body = api_body(path, values)  # valid: the answer is about access, not about the body

        def post(u: str, body: dict = body) -> Any:
            return api.post(u, body, content_type="application/json")

        for send in (api.get, post):
            r = send(url)
            if user is None:
                fine = r.status_code in (401, 405)  # 405: the method, before any lookup
            elif r.status_code == 422 and path in NO_VALID_BODY:
                other = send(missing)  # an answer that cannot tell existing from missing apart
                fine = other.status_code == 422 and other.json() == r.json()
            else:
                fine = r.status_code in (404, 405)
            if send is post and path in API_BODIES and user is not None:
                fine = fine and r.status_code == 404  # a write is refused for access, not unsupported
            if not fine:
                leaks.append(("api", url, r.status_code))
    assert not leaks, leaks
    assert _state() == before
    breach.refresh_from_db()
    assert breach.office_notified_at is None and breach.people_notified_at is None
    officers_token.refresh_from_db()
    assert officers_token.revoked_at is None
    assert not ConsentRecord.objects.filter(household_id=house, withdrawn_on__isnull=False).exists()
