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
    officer = first_sign_in("somsri", password)
    assert group.name in officer.get("/groups/").content.decode()  # the group is in ต.สากอ (961104)


def first_sign_in(username: str, one_time_password: str) -> Client:
    """Sign in with the one-time password and choose one's own, as the first sign-in asks."""
    c = Client()
    assert (
        c.post("/accounts/login/", {"username": username, "password": one_time_password}).status_code == 302
    )
    new = "ผักบุ้ง-2569-ok"
    r = c.post(
        "/accounts/password/", {"old_password": one_time_password, "new_password1": new, "new_password2": new}
    )
    assert r.status_code == 302
    return c


def test_officer_with_other_subdistricts_does_not_see_the_group(
    client_for, district_head, sungai_padi, group
) -> None:
    sub = sungai_padi.subdistricts.get(code="961101")
    head = client_for(district_head)
    head.post(
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
    password = (
        head.get("/places/districts/9611/staff/").content.decode().split("<code>")[1].split("</code>")[0]
    )
    assert first_sign_in("narong", password).get(f"/groups/{group.pk}/").status_code == 404


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


def be_date(day) -> str:  # type: ignore[no-untyped-def]
    return f"{day:%d/%m}/{day.year + 543}"


def test_a_posting_ended_today_ends_access_at_once_and_cannot_end_in_the_future(
    client_for, district_head, officer, group
) -> None:
    """A posting is current up to the day before it ends: ended today, the officer's access ends now, not
    at midnight; a future end date is refused (ending a posting takes effect at once)."""
    import datetime as dt

    from django.utils import timezone

    posting = StaffPosting.objects.get(user=officer)
    head = client_for(district_head)
    url = f"/places/districts/9611/staff/{posting.pk}/end/"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = head.post(url, {"ends_on": be_date(tomorrow)})
    assert r.status_code == 200 and "ends_on" in r.context["form"].errors
    posting.refresh_from_db()
    assert posting.ends_on is None

    r = head.post(url, {"ends_on": be_date(timezone.localdate())}, follow=True)
    assert "สิ้นสุดทันที" in r.content.decode()
    officer = User.objects.get(pk=officer.pk)
    assert officer.current_postings == []
    assert client_for(officer).get(f"/groups/{group.pk}/").status_code == 404
    assert client_for(officer).get("/api/v1/groups").json()["items"] == []
    rows = head.get("/district/9611/agenda/").context["rows"]
    assert officer not in [row["officer"] for row in rows]
