"""The JSON API: token and session auth, one error shape, 4xx never 500, outsiders get 404."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.groups.models import CommitteeSeat, Membership
from tests.conftest import make_national_id


def bearer(user) -> Client:
    _token, key = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def post(c: Client, url: str, data: dict):
    return c.post(url, json.dumps(data), content_type="application/json")


def test_openapi_document_is_served(client_for, officer) -> None:
    doc = client_for(officer).get("/api/v1/openapi.json").json()
    assert "/api/v1/groups" in doc["paths"] and "/api/v1/groups/{group_id}/members" in doc["paths"]


def test_anonymous_gets_401_in_the_error_format(db) -> None:
    r = Client().get("/api/v1/groups")
    assert r.status_code == 401 and set(r.json()) == {"detail", "errors"}


def test_token_lists_groups_in_the_area(officer, other_district_officer, group) -> None:
    r = bearer(officer).get("/api/v1/groups")
    assert r.status_code == 200
    assert [g["name"] for g in r.json()["items"]] == [group.name]
    assert r.json()["items"][0]["member_count"] == 5
    assert bearer(other_district_officer).get("/api/v1/groups").json()["items"] == []


def test_revoked_token_is_refused(officer, group) -> None:
    token, key = ApiToken.issue(user=officer, name="x")
    token.revoked_at = token.created_at
    token.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/groups").status_code == 401


def test_group_detail_has_the_five_k(officer, group) -> None:
    body = bearer(officer).get(f"/api/v1/groups/{group.pk}").json()
    assert {c["key"]: c["done"] for c in body["five_k"]} == {
        "members": False,
        "activities": False,
        "committee": False,
        "charter": False,
        "meetings": False,
    }


def test_add_member_through_the_api(chair, group, occupation) -> None:
    payload = {
        "first_name": "อามีนะ",
        "last_name": "ดอเลาะ",
        "national_id": make_national_id(9001),
        "joined_on": "2024-05-01",
        "chosen_occupations": [occupation.name],
    }
    r = post(bearer(chair), f"/api/v1/groups/{group.pk}/members", payload)
    assert r.status_code == 201, r.content
    assert r.json()["number"] == 6
    assert r.json()["national_id"].startswith("x-")  # the chair sees it masked
    assert Membership.objects.filter(group=group, person__first_name="อามีนะ").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"national_id": "1234567890123"}, "national_id"),
        ({"joined_on": "2024-02-30"}, "joined_on"),
        ({"joined_on": "not a date"}, "joined_on"),
        ({"chosen_occupations": []}, "chosen_occupations"),
        ({"title": "Dr"}, "title"),
    ],
)
def test_bad_member_input_is_422_with_the_field(chair, group, occupation, change, field) -> None:
    payload = {
        "first_name": "ก",
        "last_name": "ข",
        "national_id": make_national_id(9002),
        "joined_on": "2024-05-01",
        "chosen_occupations": [occupation.name],
        **change,
    }
    r = post(bearer(chair), f"/api/v1/groups/{group.pk}/members", payload)
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"detail", "errors"} and field in [e["field"] for e in body["errors"]]
    assert group.memberships.count() == 5


def test_second_chair_through_the_api_is_422(chair, group) -> None:
    m = group.memberships.order_by("number")[3]
    r = post(
        bearer(chair),
        f"/api/v1/groups/{group.pk}/committee",
        {"member_id": m.pk, "role": "chair", "starts_on": "2024-05-01"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "role"
    assert CommitteeSeat.objects.filter(group=group, role="chair").count() == 1


def test_appoint_treasurer_through_the_api(chair, group) -> None:
    m = group.memberships.order_by("number")[3]
    r = post(
        bearer(chair),
        f"/api/v1/groups/{group.pk}/committee",
        {"member_id": m.pk, "role": "treasurer", "starts_on": "2024-05-01"},
    )
    assert r.status_code == 201 and r.json()["member_id"] == m.pk
    assert bearer(chair).get(f"/api/v1/groups/{group.pk}/committee").json()[-1]["role"] in {
        "chair",
        "treasurer",
    }


def test_malformed_json_is_4xx_not_500(chair, group) -> None:
    r = bearer(chair).post(f"/api/v1/groups/{group.pk}/members", "{not json", content_type="application/json")
    assert 400 <= r.status_code < 500


def test_member_leaves_through_the_api(officer, group) -> None:
    m = group.memberships.order_by("number").last()
    r = post(
        bearer(officer),
        f"/api/v1/groups/{group.pk}/members/{m.pk}/leave",
        {"left_on": "2024-06-01", "reason": "moved"},
    )
    assert r.status_code == 200 and r.json()["left_on"] == "2024-06-01"
    assert (
        post(
            bearer(officer),
            f"/api/v1/groups/{group.pk}/members/{m.pk}/leave",
            {"left_on": "2024-06-01", "reason": "moved"},
        ).status_code
        == 422
    )


def test_villages_and_partners_api(officer, village) -> None:
    c = bearer(officer)
    assert [v["name"] for v in c.get("/api/v1/places/districts/9611/villages").json()["items"]] == ["บ้านสากอ"]
    r = post(
        c,
        "/api/v1/places/districts/9611/villages",
        {"subdistrict_code": "961101", "moo": 4, "name": "บ้านใหม่"},
    )
    assert r.status_code == 201
    dup = post(
        c, "/api/v1/places/districts/9611/villages", {"subdistrict_code": "961101", "moo": 4, "name": "ซ้ำ"}
    )
    assert dup.status_code == 422
    assert c.get("/api/v1/places/districts/9611/partners").status_code == 200
    assert len(c.get("/api/v1/places/provinces").json()) == 77


def test_create_group_through_the_api(officer, village, other_village) -> None:
    c = bearer(officer)
    r = post(
        c,
        "/api/v1/groups",
        {"name": "กลุ่มขนม", "village_id": village.pk, "occupation": "ขนมพื้นบ้าน", "founded_on": "2024-01-01"},
    )
    assert r.status_code == 201 and r.json()["stage"] == "forming"
    outside = post(
        c,
        "/api/v1/groups",
        {"name": "x", "village_id": other_village.pk, "occupation": "y", "founded_on": "2024-01-01"},
    )
    assert outside.status_code == 404


def test_member_list_api_query_count_is_constant(
    officer, group, add_members, django_assert_max_num_queries
) -> None:
    c = bearer(officer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        c.get(f"/api/v1/groups/{group.pk}/members")
    add_members(group, 20)
    with CaptureQueriesContext(connection) as big:
        assert len(c.get(f"/api/v1/groups/{group.pk}/members").json()["items"]) == 25
    assert len(big.captured_queries) == len(small.captured_queries)


POSTS = [
    "/api/v1/groups",
    "/api/v1/groups/{g}/members",
    "/api/v1/groups/{g}/members/{m}/leave",
    "/api/v1/groups/{g}/committee",
    "/api/v1/groups/{g}/activities",
    "/api/v1/places/districts/9611/villages",
]
JUNK = [
    {},
    {"name": 5, "village_id": "x", "founded_on": []},
    [],
    "text",
    {"member_id": 10**12, "role": "x", "starts_on": "2024-13-01"},
]


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("body", JUNK)
def test_junk_bodies_get_4xx_in_the_error_format_never_500(officer, group, path, body) -> None:
    url = path.format(g=group.pk, m=group.memberships.first().pk)
    r = post(bearer(officer), url, body)  # type: ignore[arg-type]
    assert 400 <= r.status_code < 500, r.content
    assert set(r.json()) == {"detail", "errors"}


def test_token_clients_post_without_csrf_but_sessions_need_it(chair, group) -> None:
    """A real client enforces CSRF (the test client does not by default)."""
    _token, key = ApiToken.issue(user=chair, name="app")
    payload = json.dumps(
        {
            "member_id": group.memberships.order_by("number")[3].pk,
            "role": "treasurer",
            "starts_on": "2024-05-01",
        }
    )
    token_client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert (
        token_client.post(
            f"/api/v1/groups/{group.pk}/committee", payload, content_type="application/json"
        ).status_code
        == 201
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(chair)
    other = json.dumps(
        {
            "member_id": group.memberships.order_by("number")[4].pk,
            "role": "marketing",
            "starts_on": "2024-05-01",
        }
    )
    assert (
        browser.post(
            f"/api/v1/groups/{group.pk}/committee", other, content_type="application/json"
        ).status_code
        == 403
    )
