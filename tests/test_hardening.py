"""Hardening: login throttling and lockout, Argon2, production settings clean under `check --deploy`,
no open registration, CSRF on forms."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_twenty_failures_from_one_address_lock_the_address(db) -> None:
    c = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(20):
        login(c, f"guess{n}", "x")
    User.objects.create_user(username="real", password="pw-123456")
    r = login(c, "real", "pw-123456")
    assert r.status_code == 200 and "_auth_user_id" not in c.session
    assert login(Client(REMOTE_ADDR="10.9.9.10"), "real", "pw-123456").status_code == 302


def test_passwords_are_hashed_with_argon2(settings, db) -> None:
    from config import settings as project

    settings.PASSWORD_HASHERS = [h for h in project.PASSWORD_HASHERS if "MD5" not in h]

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = User.objects.create_user(username="a", password="a-long-password-1")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_production_settings_pass_check_deploy() -> None:
    env = {
        **os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-" + "z9" * 20,
        "DJANGO_ALLOWED_HOSTS": "sammachip.example.org", "DJANGO_CSRF_TRUSTED_ORIGINS": "https://sammachip.example.org",
    }  # fmt: skip
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' runner, never in deployment
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


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
