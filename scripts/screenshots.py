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
    # an open meeting with a question waiting for a show of hands, for the sign-in and tally sheets
    subprocess.run([*manage, "shell", "-c", OPEN_MEETING], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
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


OPEN_MEETING = """
import datetime as dt
from sammachip.accounts.models import User
from sammachip.groups.models import OccupationGroup
from sammachip.meetings import services as ms
g, chair = OccupationGroup.objects.get(pk=1), User.objects.get(username="chair")
m = ms.schedule_meeting(group=g, kind="monthly", date=dt.date(2026, 11, 25), place="ศาลาหมู่บ้าน", by=chair,
    agenda=["รายงานยอดขายเดือนตุลาคม", "แบ่งงานผลิตเดือนธันวาคม", "ซื้อเครื่องบรรจุขวด"])
ms.open_meeting(meeting=m, by=chair)
ms.record_attendance(meeting=m, marks={x.pk: ("present", None) for x in ms.eligible_members(m)}, by=chair)
ms.propose_resolution(group=g, meeting=m, question="ซื้อเครื่องบรรจุขวดราคาไม่เกิน 4,500 บาท หรือไม่", by=chair)
"""
# The printed pages, fetched as their user and drawn page by page with poppler's pdftoppm (when installed).
PDFS = {
    "member": [("passbook-pdf-a5", "/groups/1/passbook/13/passbook.pdf"),
               ("passbook-pdf-phone", "/groups/1/passbook/13/passbook.pdf?size=phone")],
    "officer": [("sheet-forum", "/forums/2/sheet.pdf")],
    "chair": [("sheet-sign-in", "/groups/1/meetings/12/sign-in.pdf"), ("sheet-tally", "/groups/1/resolutions/11/tally.pdf")],
    "treasurer": [("sheet-work", "/groups/1/work/sheet.pdf?month=2026-11"),
                  ("sheet-cash-book", "/groups/1/books/sheet.pdf?month=2026-11")],
}  # fmt: skip


def draw_pdf(content: bytes, name: str) -> None:
    import shutil
    import tempfile

    if shutil.which("pdftoppm") is None:
        print(f"pdftoppm not installed: {name} not drawn")
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        pdf.write_bytes(content)
        subprocess.run(["pdftoppm", "-png", "-r", "90", str(pdf), str(Path(tmp) / "p")], check=True)  # noqa: S603, S607
        for i, page in enumerate(sorted(Path(tmp).glob("p-*.png")), start=1):
            shutil.copy(page, OUT / (f"{name}.png" if i == 1 else f"{name}-{i}.png"))


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
                    ("import-preview", "/imports/1/"), ("guide", "/help/"),
                    ("search", "/search/?q=%E0%B8%99%E0%B9%8D%E0%B9%89%E0%B8%B2"),
                    ("teachers", "/places/districts/9611/teachers/")],
        "head": [("district-agenda", "/district/9611/agenda/"), ("stage-proposal", "/groups/3/health/")],
        "chair": [("market", "/groups/1/market/"), ("shops", "/groups/1/market/shops/"), ("study-visits", "/groups/1/market/study-visits/"), ("public-page", "/g/soap-sako/"),
                  ("committee", "/groups/1/committee/"), ("charter", "/groups/1/charter/"),
                  ("meetings", "/groups/1/meetings/"), ("meeting", "/groups/1/meetings/11/"),
                  ("member-page", "/groups/1/members/3/")],
        "province": [("province-view", "/province/96/")],
        "production": [("work-day", "/groups/1/work/day/")],
        "treasurer": [("books", "/groups/1/books/?month=2026-10"), ("year", "/groups/1/years/1/"), ("outbox", "/outbox/")],
        "member": [("member-home", "/"), ("my-dividend", "/groups/1/years/1/"), ("work", "/groups/1/work/"),
                   ("passbook", "/groups/1/passbook/13/"),
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
                if width == 360:
                    for name, path in PDFS.get(login, []):
                        draw_pdf(page.request.get(BASE + path).body(), name)
                context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
