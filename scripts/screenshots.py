"""Screenshots of the main pages at phone (360 px) and desktop (1280 px) width, from the demo data.

Run with `make screenshots`; writes docs/screenshots/*.png. Uses Debian's Chromium.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DB = ROOT / "var" / "screenshots.sqlite3"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    env = {**os.environ, "SQLITE_PATH": str(DB), "DJANGO_DEBUG": "0", "PYTHAINLP_OFFLINE": "1"}
    env.pop("DATABASE_URL", None)
    for suffix in ("", "-wal", "-shm"):
        Path(str(DB) + suffix).unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"], env=env)  # noqa: S603
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{BASE}/accounts/login/")  # noqa: S310 - our own loopback server
                break
            except OSError:
                time.sleep(0.2)
        shoot()
    finally:
        server.terminate()
        server.wait()


def shoot() -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    shots = {
        "officer": [("home", "/"), ("groups", "/groups/"), ("group", "/groups/1/"), ("members", "/groups/1/members/"),
                    ("district-view", "/district/9611/"),
                    ("district", "/places/districts/9611/"), ("member-add", "/groups/2/members/add/"),
                    ("village", "/villages/7/"), ("forum", "/forums/2/"), ("analysis-village", "/analysis/village/7/"),
                    ("analysis-district", "/analysis/district/9611/"), ("survey", "/villages/7/survey/"),
                    ("plan", "/plans/2/"), ("project", "/projects/2/"), ("proposal", "/proposals/2/"),
                    ("proposals", "/districts/9611/proposals/"), ("public-plan", "/public/plans/2/"),
                    ("agenda", "/agenda/"), ("health", "/groups/2/health/"), ("health-good", "/groups/1/health/"),
                    ("visits", "/groups/2/visits/"), ("reports", "/district/9611/reports/"),
                    ("start", "/districts/9611/start/"), ("imports", "/districts/9611/imports/"),
                    ("import-preview", "/imports/1/"), ("guide", "/help/")],
        "head": [("district-agenda", "/district/9611/agenda/"), ("stage-proposal", "/groups/3/health/")],
        "chair": [("market", "/groups/1/market/"), ("shops", "/groups/1/market/shops/"), ("public-page", "/g/soap-sako/"),
                  ("committee", "/groups/1/committee/"), ("charter", "/groups/1/charter/"),
                  ("meetings", "/groups/1/meetings/"), ("meeting", "/groups/1/meetings/11/")],
        "province": [("province-view", "/province/96/")],
        "treasurer": [("books", "/groups/1/books/?month=2026-10"), ("year", "/groups/1/years/1/")],
        "member": [("my-dividend", "/groups/1/years/1/"), ("work", "/groups/1/work/"),
                   ("resolution", "/groups/1/resolutions/10/"), ("participation", "/groups/1/participation/")],
    }  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for width, label in ((360, "phone"), (1280, "desktop")):
            for login, pages in shots.items():
                context = browser.new_context(viewport={"width": width, "height": 800}, locale="th-TH")
                page = context.new_page()
                page.goto(f"{BASE}/accounts/login/")
                page.fill("#id_username", login)
                page.fill("#id_password", "sammachip-demo")
                page.click("button[type=submit]")
                page.wait_for_url(f"{BASE}/")
                for name, path in pages:
                    page.goto(BASE + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True)
                context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
