"""A one-time password — a member's login given or reset by the officer, an officer invited by the district
head — must be changed at the first sign-in: until then every page leads to the password page,
and the API answers 403 in its error shape."""

from __future__ import annotations

from django.test import Client

from sammachip.accounts.models import ApiToken, User

NEW = {"new_password1": "ผักบุ้ง-2569-ok", "new_password2": "ผักบุ้ง-2569-ok"}


def one_time_password(page: str) -> str:
    return page.split('id="one-time-password"')[1].split("<code>")[1].split("</code>")[0]


def sent_to_change(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_a_member_given_a_one_time_password_changes_it_before_anything_else(
    client_for, officer, group
) -> None:
    m = group.memberships.order_by("number").last()
    c = client_for(officer)
    assert c.post(f"/groups/{group.pk}/members/{m.pk}/login/").status_code == 302
    password = one_time_password(c.get(f"/groups/{group.pk}/members/{m.pk}/").content.decode())
    user = User.objects.get(phone=m.person.phone)
    assert user.must_change_password

    member = Client()
    assert (
        member.post("/accounts/login/", {"username": m.person.phone, "password": password}).status_code == 302
    )
    for url in ("/", f"/groups/{group.pk}/", "/accounts/tokens/", "/admin/"):
        assert sent_to_change(member.get(url)), url
    assert sent_to_change(member.post("/accounts/tokens/new/", {"name": "x"}))
    swap = member.get(f"/groups/{group.pk}/", HTTP_HX_REQUEST="true")  # htmx: the whole page goes there
    assert swap.status_code == 204 and swap["HX-Redirect"] == "/accounts/password/"
    assert not ApiToken.objects.filter(user=user).exists()
    api = member.get("/api/v1/groups")
    assert api.status_code == 403 and set(api.json()) == {"detail", "errors"}
    assert "เปลี่ยนรหัสผ่าน" in api.json()["detail"]
    assert member.get("/static/core/app.css").status_code == 200
    page = member.get("/accounts/password/")
    assert page.status_code == 200 and "รหัสผ่านชั่วคราว" in page.content.decode()
    assert member.post("/accounts/logout/").status_code == 302  # signing out is allowed too
    assert (
        member.post("/accounts/login/", {"username": m.person.phone, "password": password}).status_code == 302
    )

    assert member.post("/accounts/password/", {"old_password": password, **NEW}).status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert member.get(f"/groups/{group.pk}/").status_code == 200
    assert member.get("/api/v1/groups").status_code == 200


def test_a_reset_login_must_be_changed_again(client_for, officer, chair, group) -> None:
    seat = group.memberships.get(person__user=chair)
    c = client_for(officer)
    assert c.post(f"/groups/{group.pk}/members/{seat.pk}/login/").status_code == 302
    password = one_time_password(c.get(f"/groups/{group.pk}/members/{seat.pk}/").content.decode())
    back = Client()
    assert back.post("/accounts/login/", {"username": "chair", "password": password}).status_code == 302
    assert sent_to_change(back.get(f"/groups/{group.pk}/"))


def test_an_invited_officer_changes_the_one_time_password_first(
    client_for, district_head, sungai_padi
) -> None:
    c = client_for(district_head)
    r = c.post(
        "/places/districts/9611/staff/",
        {"username": "somchai", "first_name": "สมชาย", "last_name": "ใจดี", "role": "officer", "starts_on": "01/10/2568"},
    )  # fmt: skip
    assert r.status_code == 302
    password = one_time_password(c.get("/places/districts/9611/staff/").content.decode())
    officer = Client()
    assert officer.post("/accounts/login/", {"username": "somchai", "password": password}).status_code == 302
    assert sent_to_change(officer.get("/places/districts/9611/"))
    assert officer.post("/accounts/password/", {"old_password": password, **NEW}).status_code == 302
    assert officer.get("/places/districts/9611/").status_code == 200
