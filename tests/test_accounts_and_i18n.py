"""Logging in (username or phone), the home page, API tokens, the Thai catalogue, the demo command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from sammachip.accounts.models import ApiToken, User
from sammachip.groups.models import CommitteeSeat, OccupationGroup

ROOT = Path(__file__).resolve().parent.parent


def test_member_logs_in_with_phone_number(member) -> None:
    c = Client()
    r = c.post("/accounts/login/", {"username": member.phone, "password": "pw-123456"})
    assert r.status_code == 302 and r["Location"] == "/"
    assert "กลุ่มน้ำยาล้างจาน" in c.get("/").content.decode()


def test_wrong_password_shows_a_thai_message(member) -> None:
    r = Client().post("/accounts/login/", {"username": member.phone, "password": "nope"})
    assert r.status_code == 200 and "รหัสผ่านไม่ถูกต้อง" in r.content.decode()


def test_token_page_creates_shows_once_and_revokes(client_for, officer) -> None:
    c = client_for(officer)
    assert c.post("/accounts/tokens/new/", {"name": "Excel sync"}).status_code == 302
    first = c.get("/accounts/tokens/").content.decode()
    token = ApiToken.objects.get(user=officer)
    assert "smc_" in first and token.key_hash not in first
    assert "smc_" not in c.get("/accounts/tokens/").content.decode()  # shown only once
    c.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_pages_are_thai_by_default_and_english_on_request(client_for, officer, group) -> None:
    c = client_for(officer)
    assert "สมาชิก" in c.get(f"/groups/{group.pk}/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Members" in c.get(f"/groups/{group.pk}/").content.decode()


def test_thai_catalogue_is_complete() -> None:
    po = ROOT / "sammachip/locale/th/LC_MESSAGES/django.po"
    out = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )  # noqa: S603, S607
    assert "untranslated" not in out.stderr and "fuzzy" not in out.stderr, out.stderr


@pytest.mark.django_db(transaction=True)
def test_demo_command_loads_sungai_padi_and_is_safe_to_repeat(capsys) -> None:
    from tests.conftest import ensure_geography

    ensure_geography()
    call_command("demo")
    call_command("demo")
    printed = capsys.readouterr().out
    assert "officer" in printed and "0810000001" in printed
    assert OccupationGroup.objects.count() == 3
    assert sorted(OccupationGroup.objects.values_list("stage", flat=True)) == [
        "forming",
        "self_reliant",
        "supported",
    ]
    full = OccupationGroup.objects.get(stage="self_reliant")
    assert full.committee_seats.current().count() == 10 and full.charters.filter(status="adopted").exists()
    assert set(User.objects.values_list("username", flat=True)) >= {
        "officer",
        "head",
        "province",
        "chair",
        "treasurer",
        "member",
    }
    chair = User.objects.get(username="chair")
    assert CommitteeSeat.objects.current().get(membership__person__user=chair).role == "chair"
    c = Client()
    assert (
        c.post("/accounts/login/", {"username": "0810000001", "password": "sammachip-demo"}).status_code
        == 302
    )


def test_nobody_revokes_or_sees_another_users_token(client_for, officer, outsider) -> None:
    token, _key = ApiToken.issue(user=officer, name="officer's")
    c = client_for(outsider)
    c.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "officer's" not in c.get("/accounts/tokens/").content.decode()
