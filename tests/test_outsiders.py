"""Every page and endpoint refuses people outside the group or area with 404, and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.core.models import AuditEvent

GROUP_PAGES = [
    "/groups/{g}/", "/groups/{g}/stage/", "/groups/{g}/members/", "/groups/{g}/members/add/",
    "/groups/{g}/members/{m}/", "/groups/{g}/members/{m}/edit/", "/groups/{g}/members/{m}/leave/",
    "/groups/{g}/members/{m}/login/",
    "/groups/{g}/committee/", "/groups/{g}/committee/{s}/end/", "/groups/{g}/activities/", "/groups/{g}/charter/",
    "/groups/{g}/charter/draft/", "/groups/{g}/charter/{c}/adopt/", "/groups/{g}/history/",
]  # fmt: skip
PLACE_PAGES = [
    "/places/districts/9611/", "/places/districts/9611/villages/import/", "/places/districts/9611/villages/template.csv",
    "/places/districts/9611/partners/", "/places/partners/{p}/edit/", "/places/districts/9611/staff/",
    "/places/districts/9611/staff/{o}/end/",
]  # fmt: skip
API = [
    "/api/v1/groups/{g}", "/api/v1/groups/{g}/members", "/api/v1/groups/{g}/committee",
    "/api/v1/groups/{g}/activities", "/api/v1/groups/{g}/charter", "/api/v1/groups/{g}/members/{m}/leave",
    "/api/v1/places/districts/9611/villages", "/api/v1/places/districts/9611/partners",
]  # fmt: skip


@pytest.fixture
def ids(group, chair, officer, sungai_padi):
    from sammachip.groups import services
    from sammachip.places.models import PartnerAgency

    charter = services.draft_charter(group=group, own_rules=[], settings={}, by=officer)
    partner = PartnerAgency.objects.create(name="อบต.", kind="lao", district=sungai_padi)
    return {
        "g": group.pk,
        "m": group.memberships.first().pk,
        "s": group.committee_seats.first().pk,
        "c": charter.pk,
        "p": partner.pk,
        "o": officer.postings.get().pk,
    }


@pytest.mark.parametrize("who", ["outsider", "other_district_officer"])
@pytest.mark.parametrize("path", GROUP_PAGES + PLACE_PAGES)
def test_pages_answer_404_to_outsiders(request, client_for, ids, who, path) -> None:
    c = client_for(request.getfixturevalue(who))
    url = path.format(**ids)
    before = AuditEvent.objects.count()
    assert c.get(url).status_code in (404, 405)
    assert c.post(url, {"name": "x", "stage": "dissolved", "role": "chair"}).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["outsider", "other_district_officer"])
@pytest.mark.parametrize("path", API)
def test_api_answers_404_to_outsiders(request, ids, who, path) -> None:
    _t, key = ApiToken.issue(user=request.getfixturevalue(who), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = path.format(**ids)
    r = c.get(url) if not url.endswith("leave") else c.post(url, "{}", content_type="application/json")
    assert r.status_code in (404, 405, 422) and r.status_code != 200
    if r.status_code != 405:
        assert set(r.json()) == {"detail", "errors"}


def test_anonymous_is_sent_to_login(ids) -> None:
    r = Client().get(f"/groups/{ids['g']}/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_outsider_sees_no_groups(client_for, outsider, group) -> None:
    assert group.name not in client_for(outsider).get("/groups/").content.decode()
    assert client_for(outsider).get("/groups/new/").status_code == 404
