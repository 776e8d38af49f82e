"""Throughput under concurrent load: gunicorn (2 workers, the machine's 2 cores) and a load generator in a
second process, loopback only, bounded in time. Each figure is a ratio to /healthz — a minimal Django view
served the same way in the same run, the framework's ceiling."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.utils.crypto import get_random_string

from sammachip.accounts.models import ApiToken, User
from sammachip.bookkeeping.models import WorkTask
from sammachip.groups.models import OccupationGroup, Role

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "4"))
ROUNDS = 3
THREADS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _session_cookie(user: User) -> str:
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _load(url: str, *extra: str) -> tuple[int, int, float]:
    out = subprocess.run(  # noqa: S603 - our own module, loopback only
        [sys.executable, "-m", "bench.loadgen", url, str(SECONDS), str(THREADS), *extra],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    ok, err, rate = out.stdout.split()
    return int(ok), int(err), float(rate)


def _rounds(reads: list[tuple[str, str, tuple[str, ...]]]) -> list[tuple[str, tuple[int, int, float]]]:
    """Each read measured in ROUNDS rounds, one after another within a round, and its median rate kept: a
    machine whose speed drifts (other tenants) slows every address alike instead of one of them."""
    samples: dict[str, list[tuple[int, int, float]]] = {name: [] for name, _u, _x in reads}
    for _ in range(ROUNDS):
        for name, url, extra in reads:
            samples[name].append(_load(url, *extra))
    out = []
    for name, _u, _x in reads:
        got = sorted(samples[name], key=lambda r: r[2])
        out.append((name, (sum(r[0] for r in got), sum(r[1] for r in got), got[len(got) // 2][2])))
    return out


def _worker_peak_kb(master: int) -> int:
    peak = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if f"PPid:\t{master}\n" in status:
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
    return peak


class _Server:
    """gunicorn with 2 sync workers (the machine's 2 cores) on loopback, for one set of settings."""

    def __init__(self, db_env: dict[str, str], **extra: str) -> None:
        port = _free_port()
        env = {
            **os.environ,
            **db_env,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # The app's settings plus /bench/signed-in, which exists only on this server.
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            **extra,
        }
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/healthz")  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def run(db_env: dict[str, str]) -> list[str]:
    group = OccupationGroup.objects.exclude(stage="dissolved").order_by("id")[0]
    officer = User.objects.get(username=f"officer-{group.village.subdistrict.district.code}")
    lead_seat = (
        group.committee_seats.current()
        .filter(role=Role.PRODUCTION)
        .select_related("membership__person")
        .first()
    )
    assert lead_seat is not None
    person = lead_seat.membership.person
    if person.user is None:
        person.user = User.objects.create(username=f"lead-{group.pk}")
        person.save(update_fields=["user"])
    _t, key = ApiToken.issue(user=person.user, name="bench")
    task = WorkTask.objects.filter(group=group).first()
    assert task is not None
    member = group.memberships.order_by("number")[0]
    # What a browser sends after its first page: the session and the CSRF cookie.
    cookie = f"Cookie={_session_cookie(officer)}; {settings.CSRF_COOKIE_NAME}={get_random_string(32)}"
    group_url, members_url = f"/groups/{group.pk}/", f"/groups/{group.pk}/members/"
    body = json.dumps({"member_id": member.pk, "date": "2026-10-15", "task_id": task.pk, "quantity": "2"})
    server = _Server(db_env)
    try:
        base = server.base
        _load(f"{base}/healthz")  # warm-up: both workers have loaded everything
        _load(f"{base}{group_url}", "GET", "-", cookie)
        reads = [
            ("minimal view /healthz (baseline)", f"{base}/healthz", ()),
            # The floor of every logged-in page: the stamp read, the session and the user it keeps (or loads
            # after a write: sammachip.accounts.sessions), two bytes answered.
            ("signed-in empty view /bench/signed-in", f"{base}/bench/signed-in", ("GET", "-", cookie)),
            # The smallest page drawn: the session, the user and their postings, the navigation and the base
            # template — what every page pays before it shows anything of its own.
            ("smallest logged-in page /accounts/tokens/", f"{base}/accounts/tokens/", ("GET", "-", cookie)),
            ("read: group page", f"{base}{group_url}", ("GET", "-", cookie)),
            ("read: member list", f"{base}{members_url}", ("GET", "-", cookie)),
        ]
        runs = _rounds(reads)
        runs.append((
            "write: record work (API)",
            _load(
                f"{base}/api/v1/groups/{group.pk}/work", "POST", body, f"Authorization=Bearer {key}",
                "Content-Type=application/json",
            ),
        ))  # fmt: skip
        peak = _worker_peak_kb(server.process.pid)
    finally:
        server.stop()
    # The same reads drawn every time: the page cache off, as when something is written between two views.
    server = _Server(db_env, SAMMACHIP_PAGE_CACHE="0")
    try:
        base = server.base
        _load(f"{base}/healthz")
        drawn = _rounds([
            ("minimal view /healthz (baseline, this server)", f"{base}/healthz", ()),
            ("group page, drawn every time", f"{base}{group_url}", ("GET", "-", cookie)),
            ("member list, drawn every time", f"{base}{members_url}", ("GET", "-", cookie)),
        ])  # fmt: skip
        peak_drawn = _worker_peak_kb(server.process.pid)
    finally:
        server.stop()
    baseline = runs[0][1][2]
    signed_in = runs[1][1][2]
    logged_in = runs[2][1][2]
    lines = [
        f"| load (gunicorn 2 workers, 8 client threads; median of {ROUNDS} rounds of {SECONDS:.0f} s) | requests/s | errors | ratio to the minimal view | target |",
        "|---|---|---|---|---|",
    ]
    for name, (_ok, err, rate) in runs:
        ratio = rate / baseline if baseline else 0
        target = (
            ""
            if "baseline" in name
            else ("≥ 40%" + (" ✔" if ratio >= 0.4 else " ✘ missed") if "read" in name else "")
        )
        lines.append(f"| {name} | {rate:,.0f} | {err} | {ratio:.0%} | {target} |")
    drawn_base = drawn[0][1][2]
    for name, (_ok, err, rate) in drawn:
        lines.append(f"| {name} | {rate:,.0f} | {err} | {rate / drawn_base if drawn_base else 0:.0%} |  |")
    lines += [
        "",
        "The read pages are served as a browser asks for them again: the page kept for the session since nothing",
        "was written (`sammachip.core.pagecache`; any write anywhere, by any server, draws them anew). The last",
        "rows are a second server with the page cache off, drawing each page every time and loading the session and the user — what a view costs",
        "after a write, and what a member list showing full national IDs costs every time (each such view is",
        f"logged; the generated people have none). The signed-in empty view (one read of the stamp; the session and the user kept under it) is {signed_in / baseline:.0%}"
        f" of `/healthz`; the smallest page drawn is {logged_in / baseline:.0%}.",
        "",
        f"Peak memory of a server worker (VmHWM): {peak / 1024:.0f} MiB with the page cache "
        f"(at most 200 pages a worker), {peak_drawn / 1024:.0f} MiB without.",
    ]
    return lines
