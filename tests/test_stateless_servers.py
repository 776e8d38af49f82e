"""Two app server processes on one PostgreSQL database serve the same logged-in session and agree:
no state lives in a server process (sessions, messages and data are all in the database; every page is drawn
from it)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from sammachip.groups.models import OccupationGroup

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(port: int) -> subprocess.Popen:
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    # Plain HTTP on loopback: DEBUG off with a secret key of its own is served over HTTPS otherwise.
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "SAMMACHIP_FAST_HASHER": "1",
           "DJANGO_SECRET_KEY": "shared-secret-for-both-servers-" + "x" * 20, "DJANGO_HTTPS": "0"}  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - our own app on loopback
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _wait(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "") == "", reason="runs against the PostgreSQL server (CI's second pass)"
)
def test_two_servers_share_one_session(chair, group) -> None:
    ports = [_port(), _port()]
    servers = [_server(p) for p in ports]
    a, b = (f"http://127.0.0.1:{p}" for p in ports)
    try:
        for base in (a, b):
            _wait(base)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{a}/accounts/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        data = urllib.parse.urlencode(
            {"username": chair.phone, "password": "pw-123456", "csrfmiddlewaretoken": token}
        ).encode()
        opener.open(
            urllib.request.Request(
                f"{a}/accounts/login/", data=data, headers={"Referer": f"{a}/accounts/login/"}
            ),
            timeout=10,
        )
        # Logged in on A; B serves the same session and the same data.
        on_b = opener.open(f"{b}/groups/{group.pk}/", timeout=10).read().decode()
        assert group.name in on_b and "ออกจากระบบ" in on_b
        # A change made through B is what A shows next, and the flash message set on B is shown by A.
        page = opener.open(f"{b}/groups/{group.pk}/activities/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        proposer = group.memberships.order_by("number")[0].pk
        data = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "name": "ทำสบู่สมุนไพร", "need": "ลดรายจ่าย", "proposed_by": proposer, "started_on": "01/02/2567",
        }).encode()  # fmt: skip
        req = urllib.request.Request(
            f"{b}/groups/{group.pk}/activities/",
            data=data,
            headers={"Referer": f"{b}/groups/{group.pk}/activities/"},
        )
        _post_no_redirect(
            urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect), req
        )
        on_a = opener.open(f"{a}/groups/{group.pk}/activities/", timeout=10).read().decode()
        assert "ทำสบู่สมุนไพร" in on_a and "เพิ่มกิจกรรมแล้ว" in on_a
        # What another process writes (here this test's own, past both servers) is on both servers' next page.
        for _ in range(3):
            kept = opener.open(f"{a}/groups/{group.pk}/", timeout=10).read().decode()
        assert group.name in kept
        OccupationGroup.objects.filter(pk=group.pk).update(name="กลุ่มที่เปลี่ยนชื่อนอกเซิร์ฟเวอร์")
        for base in (a, b):
            assert (
                "กลุ่มที่เปลี่ยนชื่อนอกเซิร์ฟเวอร์"
                in opener.open(f"{base}/groups/{group.pk}/", timeout=10).read().decode()
            )
        # Signing out on B ends the session on A too: the page A served a moment ago now sends to sign-in.
        kept_cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
        assert "sessionid=" in kept_cookies
        assert group.name in opener.open(f"{a}/groups/{group.pk}/", timeout=10).read().decode()
        page = opener.open(f"{b}/groups/{group.pk}/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        opener.open(
            urllib.request.Request(
                f"{b}/accounts/logout/",
                data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
                headers={"Referer": f"{b}/groups/{group.pk}/"},
            ),
            timeout=10,
        )
        # The browser forgets the cookie; one that kept it (or a stolen copy) is sent again to A.
        assert not any(c.name == "sessionid" for c in jar)
        after = urllib.request.urlopen(  # noqa: S310 - loopback
            urllib.request.Request(f"{a}/groups/{group.pk}/", headers={"Cookie": kept_cookies}), timeout=10
        )
        assert urllib.parse.urlsplit(after.geturl()).path == "/accounts/login/"
        assert group.name not in after.read().decode()
    finally:
        for s in servers:
            s.terminate()
            s.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _post_no_redirect(opener: urllib.request.OpenerDirector, req: urllib.request.Request) -> None:
    """POST on B without following the redirect, so the flash message is first read on A."""
    try:
        response = opener.open(req, timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 302
    else:
        raise AssertionError(
            f"expected a redirect, got {response.status}: {response.read().decode()[-1500:]}"
        )
