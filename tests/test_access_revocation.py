"""A changed or reset password, a closed account and an ended posting end the person's API tokens and her
other sessions at once — on every server; tokens expire after a set number of days."""

from __future__ import annotations

import datetime as dt
import json
from importlib import import_module
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sammachip.accounts.models import ApiToken, StaffPosting, User
from sammachip.core.models import AuditEvent
from sammachip.core.thaidate import format_date
from sammachip.groups import services as group_services
from sammachip.groups.models import Activity, OccupationGroup


def sessions_of(user: User) -> list[str]:
    """The keys of the user's sessions in the database, read through the session engine's own model."""
    model = import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
    return [
        s.session_key for s in model.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def signed_in(username: str) -> Client:
    c = Client()
    assert c.post("/accounts/login/", {"username": username, "password": "pw-123456"}).status_code == 302
    return c


def token_client(user: User) -> Client:
    _token, key = ApiToken.issue(user=user, name="sync")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def add_activity(api: Client, group: OccupationGroup):  # type: ignore[no-untyped-def]
    body = json.dumps({
        "name": "ทำสบู่สมุนไพร", "need": "ขายในตลาดนัด", "started_on": "2026-11-01",
        "proposed_by_id": group.memberships.order_by("number")[0].pk,
    })  # fmt: skip
    return api.post(f"/api/v1/groups/{group.pk}/activities", body, content_type="application/json")


def opens(c: Client, url: str) -> None:
    """The session opens the page before the change."""
    assert c.get(url).status_code == 200


def test_changing_ones_password_revokes_tokens_and_ends_the_other_sessions(officer, group) -> None:
    url = f"/groups/{group.pk}/"
    api = token_client(officer)
    assert add_activity(api, group).status_code == 201
    here, elsewhere = signed_in("officer"), signed_in("officer")
    opens(elsewhere, url)

    r = here.post(
        "/accounts/password/",
        {"old_password": "pw-123456", "new_password1": "ผักบุ้ง-2569-ok", "new_password2": "ผักบุ้ง-2569-ok"},
    )
    assert r.status_code == 302

    before = Activity.objects.count()
    assert api.get("/api/v1/groups").status_code == 401
    assert add_activity(api, group).status_code == 401
    assert Activity.objects.count() == before
    assert ApiToken.objects.get(user=officer).revoked_at is not None
    gone = elsewhere.get(url)
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    assert here.get(url).status_code == 200  # the person who changed it stays signed in
    assert sessions_of(officer) == [here.cookies["sessionid"].value]
    event = AuditEvent.objects.get(verb="accounts.access.ended")
    assert event.data == {"reason": "password_changed", "tokens": 1, "sessions": 1}


def test_an_officers_reset_of_a_member_login_revokes_her_tokens_and_sessions(
    client_for, officer, chair, group
) -> None:
    url = f"/groups/{group.pk}/"
    api = token_client(chair)
    assert api.get("/api/v1/groups").status_code == 200
    session = signed_in("chair")
    opens(session, url)
    seat = group.memberships.get(person__user=chair)

    assert client_for(officer).post(f"/groups/{group.pk}/members/{seat.pk}/login/").status_code == 302

    assert api.get("/api/v1/groups").status_code == 401
    assert add_activity(api, group).status_code == 401
    gone = session.get(url)
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    assert sessions_of(chair) == []
    assert ApiToken.objects.get(user=chair).revoked_at is not None


def test_a_password_reset_from_the_server_command_revokes_tokens_and_ends_sessions(officer, group) -> None:
    """`sammachip changepassword` (Django's command, asking twice) is one more way a password changes."""
    url = f"/groups/{group.pk}/"
    api = token_client(officer)
    assert api.get("/api/v1/groups").status_code == 200
    session = signed_in("officer")
    opens(session, url)
    out = StringIO()
    with mock.patch("getpass.getpass", return_value="ผักบุ้ง-2569-ok") as asked:
        call_command("changepassword", "officer", stdout=out)
    assert asked.call_count == 2
    assert "Her API tokens are revoked and her sessions ended." in out.getvalue()

    officer.refresh_from_db()
    assert officer.check_password("ผักบุ้ง-2569-ok")
    assert api.get("/api/v1/groups").status_code == 401
    gone = session.get(url)
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    assert sessions_of(officer) == []
    event = AuditEvent.objects.get(verb="accounts.access.ended")
    assert event.data == {"reason": "password_reset", "tokens": 1, "sessions": 1}
    assert event.actor is None


def test_a_refused_password_from_the_server_command_changes_nothing(officer) -> None:
    api = token_client(officer)
    with mock.patch("getpass.getpass", return_value="short"), pytest.raises(CommandError):
        call_command("changepassword", "officer", stdout=StringIO(), stderr=StringIO())
    officer.refresh_from_db()
    assert officer.check_password("pw-123456")
    assert api.get("/api/v1/groups").status_code == 200
    assert not AuditEvent.objects.filter(verb="accounts.access.ended").exists()


def test_a_closed_account_has_its_tokens_revoked_and_its_sessions_ended(
    client_for, officer, member, group
) -> None:
    api = token_client(member)
    signed_in("member")
    me = group.memberships.get(person__user=member)
    group_services.end_membership(membership=me, on=dt.date(2026, 11, 1), reason="moved", by=officer)
    url = f"/groups/{group.pk}/members/{me.pk}/erase/"
    assert client_for(officer).post(url, {"decision": "erase", "reason": "ขอลบ"}).status_code == 302

    member.refresh_from_db()
    assert not member.is_active
    assert ApiToken.objects.get(user=member).revoked_at is not None  # were it opened again, still revoked
    assert sessions_of(member) == []
    assert api.get("/api/v1/groups").status_code == 401


def test_ending_a_posting_revokes_the_officers_tokens_and_sessions(
    client_for, district_head, officer, group
) -> None:
    url = f"/groups/{group.pk}/"
    api = token_client(officer)
    session = signed_in("officer")
    opens(session, url)
    posting = StaffPosting.objects.get(user=officer)
    today = timezone.localdate().strftime("%d/%m/") + str(timezone.localdate().year + 543)

    r = client_for(district_head).post(f"/places/districts/9611/staff/{posting.pk}/end/", {"ends_on": today})
    assert r.status_code == 302

    assert api.get("/api/v1/groups").status_code == 401
    assert add_activity(api, group).status_code == 401
    gone = session.get(url)
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    assert sessions_of(officer) == []


def test_tokens_expire_after_the_set_number_of_days_shown_when_made_and_listed(
    client_for, officer, group, settings
) -> None:
    c = client_for(officer)
    assert c.post("/accounts/tokens/new/", {"name": "Excel sync"}).status_code == 302
    token = ApiToken.objects.get(user=officer)
    assert token.expires_at == token.created_at + dt.timedelta(days=90)
    made = c.get("/accounts/tokens/").content.decode()
    expiry = format_date(timezone.localtime(token.expires_at))
    assert "smc_" in made and made.count(expiry) == 2  # beside the new key and in the list
    assert expiry in c.get("/accounts/tokens/").content.decode()

    settings.SAMMACHIP_API_TOKEN_DAYS = 30
    short, key = ApiToken.issue(user=officer, name="short")
    assert short.expires_at == short.created_at + dt.timedelta(days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/groups").status_code == 200
    with time_machine.travel(short.expires_at + dt.timedelta(seconds=1), tick=False):
        assert api.get("/api/v1/groups").status_code == 401
        assert add_activity(api, group).status_code == 401
