"""Bytes on the wire for a person on a cheap phone: `python -m bench.wire` prints what Chromium received
(Network.loadingFinished's encodedDataLength: compressed bodies and headers) for the first visit of a
signed-in page with an empty cache, and for later pages with the static files cached.

It serves the demo district the way an office does (`sammachip serve`: static files collected, hashed,
gzip- and brotli-compressed, cached ten years) from a temporary data directory, on loopback. Targets (issue
20): first visit under 60 KB, later pages under 20 KB."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMMACHIP = str(Path(sys.executable).parent / "sammachip")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FIRST_TARGET, LATER_TARGET = 60_000, 20_000


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(var: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "SAMMACHIP_VAR_DIR": str(var), "SQLITE_PATH": str(var / "wire.sqlite3"), "DJANGO_DEBUG": "0",
        "SAMMACHIP_WORKERS": "2", "PYTHAINLP_OFFLINE": "1",
    }  # fmt: skip
    subprocess.run([SAMMACHIP, "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    port = _port()
    server = subprocess.Popen(  # noqa: S603 - our own app on loopback
        [SAMMACHIP, "serve", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - loopback
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def measure(base: str, username: str, pages: list[str]) -> list[tuple[str, int, int]]:
    """(path, bytes received, requests) for each page: the first with an empty cache, the rest after it."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "sammachip-demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.clearBrowserCache"
        )  # the first signed-in page as on a phone that has never been here
        received: list[int] = []
        cdp.on("Network.loadingFinished", lambda e: received.append(int(e["encodedDataLength"])))
        for path in pages:
            received.clear()
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(300)  # the last loadingFinished events
            rows.append((path, sum(received), len(received)))
        browser.close()
    return rows


def main() -> None:
    var = Path(tempfile.mkdtemp(prefix="sammachip-wire-"))
    server, base = _serve(var)
    try:
        journeys = {
            "officer": ["/", "/groups/1/", "/groups/1/members/", "/district/9611/", "/agenda/"],
            "chair": ["/", "/groups/1/", "/groups/1/books/", "/groups/1/meetings/"],
            "member": ["/", "/groups/1/", "/groups/1/members/"],
        }
        print("| persona | page | visit | KB received | requests | target |")  # noqa: T201
        print("|---|---|---|---:|---:|---|")  # noqa: T201
        for persona, pages in journeys.items():
            for i, (path, size, n) in enumerate(measure(base, persona, pages)):
                first = i == 0
                target = FIRST_TARGET if first else LATER_TARGET
                verdict = "ok" if size < target else "OVER"
                print(  # noqa: T201
                    f"| {persona} | {path} | {'first (empty cache)' if first else 'later'} | {size / 1000:.1f} "
                    f"| {n} | < {target // 1000} KB {verdict} |"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
