"""A district head invites officers, sets their subdistricts, and ends postings."""

from __future__ import annotations

from django.test import Client

from sammachip.accounts.models import StaffPosting, User
from sammachip.core.models import AuditEvent


def test_district_head_invites_an_officer_for_two_subdistricts(
    client_for, district_head, sungai_padi, group
) -> None:
    subs = list(sungai_padi.subdistricts.filter(code__in=["961104", "961105"]))
    c = client_for(district_head)
    r = c.post(
        "/places/districts/9611/staff/",
        {"username": "somsri", "first_name": "สมศรี", "last_name": "ดีงาม", "role": "officer",
         "subdistricts": [s.pk for s in subs], "starts_on": "01/10/2568"},
    )  # fmt: skip
    assert r.status_code == 302
    page = c.get("/places/districts/9611/staff/").content.decode()
    password = page.split("<code>")[1].split("</code>")[0]
    posting = StaffPosting.objects.get(user__username="somsri")
    assert set(posting.subdistricts.all()) == set(subs) and posting.district == sungai_padi
    assert AuditEvent.objects.filter(verb="accounts.staff.invited").exists()
    officer = Client()
    assert officer.post("/accounts/login/", {"username": "somsri", "password": password}).status_code == 302
    assert group.name in officer.get("/groups/").content.decode()  # the group is in ต.สากอ (961104)


def test_officer_with_other_subdistricts_does_not_see_the_group(
    client_for, district_head, sungai_padi, group
) -> None:
    sub = sungai_padi.subdistricts.get(code="961101")
    client_for(district_head).post(
        "/places/districts/9611/staff/",
        {
            "username": "narong",
            "first_name": "ณรงค์",
            "last_name": "ใจดี",
            "role": "officer",
            "subdistricts": [sub.pk],
            "starts_on": "01/10/2568",
        },
    )
    narong = User.objects.get(username="narong")
    assert client_for(narong).get(f"/groups/{group.pk}/").status_code == 404


def test_duplicate_username_is_refused_on_the_field(client_for, district_head, officer, sungai_padi) -> None:
    r = client_for(district_head).post(
        "/places/districts/9611/staff/",
        {
            "username": "officer",
            "first_name": "ก",
            "last_name": "ข",
            "role": "officer",
            "starts_on": "01/10/2568",
        },
    )
    assert r.status_code == 200 and r.context["form"].errors["username"] == ["ชื่อผู้ใช้นี้มีผู้ใช้แล้ว"]
    assert User.objects.filter(username="officer").count() == 1


def test_ending_a_posting_removes_access_but_keeps_the_account(
    client_for, district_head, officer, group
) -> None:
    posting = StaffPosting.objects.get(user=officer)
    r = client_for(district_head).post(
        f"/places/districts/9611/staff/{posting.pk}/end/", {"ends_on": "01/01/2568"}
    )
    assert r.status_code == 302
    posting.refresh_from_db()
    assert posting.ends_on is not None and User.objects.filter(pk=officer.pk).exists()
    assert client_for(officer).get(f"/groups/{group.pk}/").status_code == 404


def test_officers_cannot_manage_staff(client_for, officer, sungai_padi) -> None:
    assert client_for(officer).get("/places/districts/9611/staff/").status_code == 404
    r = client_for(officer).post(
        "/places/districts/9611/staff/",
        {"username": "x1", "first_name": "a", "last_name": "b", "role": "officer", "starts_on": "01/10/2568"},
    )
    assert r.status_code == 404 and not User.objects.filter(username="x1").exists()
