"""Hardening: login throttling and lockout, Argon2, production settings clean under `check --deploy`,
no open registration, CSRF on forms."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.test import Client

from sammachip.accounts.models import LoginAttempt, User

ROOT = Path(__file__).resolve().parent.parent


def login(c: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return c.post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_name_and_the_right_password_waits(db, officer) -> None:
    c = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(5):
        assert login(c, "officer", "wrong").status_code == 200
    r = login(c, "officer", "pw-123456")
    assert r.status_code == 200 and "ลองใหม่ในอีก" in r.content.decode()
    assert "_auth_user_id" not in c.session
    # another name from the same address is not locked
    User.objects.create_user(username="other", password="pw-123456")
    assert login(Client(REMOTE_ADDR="10.1.1.1"), "other", "pw-123456").status_code == 302
    # after the window the name may log in again
    LoginAttempt.objects.update(at=LoginAttempt.objects.first().at.replace(year=2020))  # type: ignore[union-attr]
    assert login(c, "officer", "pw-123456").status_code == 302


def test_one_addresses_failures_slow_that_address_and_never_lock_another_account(db) -> None:
    """Twenty failures from one address (names guessed one after another) make that address wait a minute
    between tries; an account nobody attacked is not locked, from there or anywhere."""
    c = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(20):
        login(c, f"guess{n}", "x")
    User.objects.create_user(username="real", password="pw-123456")
    assert login(Client(REMOTE_ADDR="10.9.9.10"), "real", "pw-123456").status_code == 302
    r = login(c, "real", "pw-123456")
    assert r.status_code == 200 and "_auth_user_id" not in c.session and "ลองใหม่" in r.content.decode()
    with time_machine.travel(dt.timedelta(seconds=61)):
        assert login(c, "real", "pw-123456").status_code == 302  # slowed, not locked for 15 minutes
    assert not LoginAttempt.objects.filter(username="real", succeeded=False).exists()


def test_the_account_lock_holds_however_the_name_is_written(db, member) -> None:
    """The lock is on the account the name resolves to (as the backend resolves it), not the typed text."""
    phone = member.phone  # 0800003003
    dashed = f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
    thai = phone.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    c = Client(REMOTE_ADDR="10.2.2.2")
    for name in (dashed, thai, "MEMBER", f" {phone[:3]} {phone[3:]} ", "member"):
        assert login(c, name, "wrong").status_code == 200
    r = login(Client(REMOTE_ADDR="10.2.2.3"), phone, "pw-123456")
    assert r.status_code == 200 and "ลองใหม่ในอีก" in r.content.decode()


def test_the_admin_login_is_throttled_as_the_sign_in_page_is(db) -> None:
    User.objects.create_superuser(username="root", password="pw-123456")
    c = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(3):
        assert c.post("/admin/login/", {"username": "root", "password": "wrong"}).status_code == 200
    for _ in range(2):  # the two sign-in pages count together
        assert login(c, "root", "wrong").status_code == 200
    r = c.post("/admin/login/", {"username": "root", "password": "pw-123456", "next": "/admin/"})
    assert r.status_code == 200 and "ลองใหม่ในอีก" in r.content.decode()
    assert "_auth_user_id" not in c.session


def test_the_client_address_comes_from_the_trusted_proxy_header_only(db, settings) -> None:
    """Behind the reverse proxy every request comes from the proxy's address: one client's failures must
    not lock out everyone. The address is read from the configured header, as the nearest proxy wrote it."""
    User.objects.create_user(username="real", password="pw-123456")

    def behind(forwarded_for: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)  # every one via the proxy

    for n in range(20):  # the attacker makes up the left part of the header; the proxy appends her address
        login(behind(f"192.0.2.{n}, 203.0.113.9"), f"guess{n}", "x")
    # Not configured (the default): the header is ignored; every request is the proxy's address.
    assert LoginAttempt.objects.values("ip_hash").distinct().count() == 1
    LoginAttempt.objects.all().delete()

    settings.SAMMACHIP_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    for n in range(20):
        login(behind(f"192.0.2.{n}, 203.0.113.9"), f"guess{n}", "x")
    assert LoginAttempt.objects.values("ip_hash").distinct().count() == 1  # one client, however she lies
    someone_else = behind("198.51.100.7")
    assert login(someone_else, "real", "pw-123456").status_code == 302
    attacker = behind("203.0.113.9")
    assert login(attacker, "real", "pw-123456").status_code == 200  # that address waits

    settings.SAMMACHIP_TRUSTED_PROXY_COUNT = (
        2  # a load balancer in front of the proxy: the second from the right
    )
    two_hops = behind("192.0.2.1, 203.0.113.9, 10.0.0.9")
    assert login(two_hops, "real", "pw-123456").status_code == 200


def test_passwords_are_hashed_with_argon2(settings, db) -> None:
    from config import settings as project

    settings.PASSWORD_HASHERS = [h for h in project.PASSWORD_HASHERS if "MD5" not in h]

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = User.objects.create_user(username="a", password="a-long-password-1")
    assert identify_hasher(user.password).algorithm == "argon2"


def check_deploy(**settings: str) -> subprocess.CompletedProcess:
    """`check --deploy` with exactly these Django settings from the environment (none of the test run's own,
    such as DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests' runner sets and deployment never does)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | settings
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env,
        capture_output=True, text=True,
    )  # fmt: skip


PRODUCTION = {
    "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-" + "z9" * 20,
    "DJANGO_ALLOWED_HOSTS": "sammachip.example.org",
}  # fmt: skip


def test_production_settings_pass_check_deploy() -> None:
    result = check_deploy(**PRODUCTION, DJANGO_CSRF_TRUSTED_ORIGINS="https://sammachip.example.org")
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_with_a_secret_key_and_hosts_is_production_for_check_deploy() -> None:
    """DEBUG off, a secret key and the host names are what make a production server (.env.example): HTTPS,
    HSTS and secure cookies follow without naming trusted origins; DJANGO_HTTPS=0 is the explicit way out."""
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_env_example_filled_in_passes_check_deploy() -> None:
    """A server started from .env.example with its own key and host: the settings it leaves empty take their
    defaults (an empty DJANGO_SECURE_COOKIES turned secure cookies off)."""
    example = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line
    )
    result = check_deploy(**example | PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_a_server_without_its_own_secret_key() -> None:
    result = check_deploy(
        DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="sammachip.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://sammachip.example.org",
    )  # fmt: skip
    assert result.returncode != 0 and "security.W009" in result.stdout + result.stderr


def test_no_open_registration_and_csrf_is_enforced(db, officer) -> None:
    for path in ("/accounts/signup/", "/accounts/register/", "/register/"):
        assert Client().get(path).status_code in (302, 404)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    r = strict.post("/groups/new/", {"name": "x"})
    assert r.status_code == 403


def test_security_headers(client, db) -> None:
    r = client.get("/accounts/login/")
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_a_nul_character_is_refused_before_it_reaches_the_database(client_for, officer, group) -> None:
    """PostgreSQL cannot hold NUL in text: a search or a JSON field with one answered 500 (found by the API
    fuzzing). Now the page says 400 and the API answers 422 in its error shape, on both databases."""
    import json

    from django.test import Client

    from sammachip.accounts.models import ApiToken
    from sammachip.groups.models import Activity

    page = client_for(officer).get("/groups/", {"q": "กลุ่ม\x00"})
    assert page.status_code == 400 and "NUL" in page.content.decode()
    assert client_for(officer).get("/groups/", {"q": "กลุ่ม"}).status_code == 200
    _t, key = ApiToken.issue(user=officer, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    r = api.get("/api/v1/groups", {"q": "\x00"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "q"
    before = Activity.objects.count()
    body = json.dumps({"name": "ทำสบู่\u0000", "need": "x"})
    r = api.post(f"/api/v1/groups/{group.pk}/activities", body, content_type="application/json")
    assert r.status_code == 422 and set(r.json()) == {"detail", "errors"}
    assert Activity.objects.count() == before


def test_a_session_lasts_twelve_hours_and_the_sign_in_page_says_so(db, officer, settings) -> None:
    from django.utils import timezone

    from sammachip.accounts.models import Session

    assert "ออกจากระบบให้เองเมื่อครบ 12 ชั่วโมง" in Client().get("/accounts/login/").content.decode()
    c = Client()
    assert login(c, "officer", "pw-123456").status_code == 302
    expires = Session.objects.get(session_key=c.cookies["sessionid"].value).expire_date
    assert dt.timedelta(hours=11, minutes=59) < expires - timezone.now() <= dt.timedelta(hours=12)
    assert 12 * 3600 - 60 < c.cookies["sessionid"]["max-age"] <= 12 * 3600
    with time_machine.travel(dt.timedelta(hours=11)):
        # The session is saved again (a new token's key kept for the next page): it still ends on time.
        assert c.post("/accounts/tokens/new/", {"name": "x"}).status_code == 302
        assert c.get("/accounts/tokens/").status_code == 200
    with time_machine.travel(dt.timedelta(hours=12, minutes=1)):
        r = c.get("/")
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
