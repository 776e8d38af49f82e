"""Field work where the signal does not reach, in real Chromium at 360 px with Playwright's offline switch:
kept pages read offline with "data as of", records queued in the phone's outbox and sent once when the signal
returns, refusals kept with the server's reason until discarded, and nothing left on the phone after signing
out."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import Entry, FiscalYear
from sammachip.households.models import SpendingLine
from sammachip.visits.models import Visit, VisitPhoto
from tests.bookkeeping.conftest import category
from tests.browser.conftest import login
from tests.preparation.conftest import item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Everything the phone holds: the kept pages (their text) and the outbox records (without their photos).
PHONE = """async () => {
  const pages = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("sammachip-pages")) continue;
    const c = await caches.open(name);
    for (const k of await c.keys()) pages.push({url: k.url, text: await (await c.match(k)).text()});
  }
  const db = await new Promise((ok, fail) => { const r = indexedDB.open("sammachip", 1);
    r.onupgradeneeded = () => { r.result.createObjectStore("outbox", {keyPath: "id", autoIncrement: true});
                                r.result.createObjectStore("meta", {keyPath: "k"}); };
    r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  const records = await new Promise(ok => { const q = db.transaction("outbox").objectStore("outbox").getAll();
    q.onsuccess = () => ok(q.result); });
  db.close();
  const out = [];
  for (const r of records) {
    const photos = [];
    for (const [name, v] of r.entries) if (v && typeof v === "object") {
      const b = await createImageBitmap(v.blob); photos.push([b.width, b.height, v.blob.size]);
    }
    out.push({state: r.state, reason: r.reason || "", key: r.key, action: r.action, photos});
  }
  return {pages, records: out};
}"""


def kept(page, path: str, base: str) -> None:
    """Open a page with a signal and wait until the phone has kept the person's field pages."""
    page.goto(f"{base}{path}")
    page.wait_for_selector("html[data-kept]", state="attached", timeout=30000)


def big_photo(tmp_path) -> str:
    from PIL import Image

    path = tmp_path / "แปลงผัก.png"
    Image.new("RGB", (3200, 2400), (40, 140, 60)).save(path, "PNG")
    return str(path)


def no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_officer_reads_and_records_offline_and_each_record_arrives_once(
    live_server,
    browser,
    group,
    officer,
    forum,
    houses,
    tmp_path,
) -> None:
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
    page = context.new_page()
    login(page, base, "officer")
    kept(page, "/agenda/", base)

    phone = page.evaluate(PHONE)
    urls = {p["url"].removeprefix(base) for p in phone["pages"]}
    assert {
        "/agenda/",
        f"/groups/{group.pk}/",
        f"/groups/{group.pk}/members/",
        f"/groups/{group.pk}/visits/",
    } <= urls
    assert {f"/villages/{group.village_id}/", f"/forums/{forum.pk}/"} <= urls
    # The members page shows the officer full IDs online; the phone holds none.
    for p in phone["pages"]:
        assert not re.search(r"(?<!\d)\d{13}(?!\d)", p["text"]), p["url"]
    members = next(p for p in phone["pages"] if p["url"].endswith(f"/groups/{group.pk}/members/"))
    assert "x-xxxx-xxxx" in members["text"]

    context.set_offline(True)
    page.reload()
    assert "ข้อมูล ณ" in page.inner_text("#kept-at")
    assert group.name in page.inner_text("main")
    no_horizontal_scroll(page)
    page.goto(f"{base}/groups/{group.pk}/")
    assert group.name in page.inner_text("main h1") and page.is_visible("#kept-at")
    page.goto(f"{base}/groups/{group.pk}/history/")  # never kept: the Thai "not saved on this phone" page
    assert "ยังไม่ได้บันทึกไว้ในเครื่อง" in page.inner_text("main h1")
    page.wait_for_selector("#kept-pages li >> nth=3")  # drawn from the phone's store
    assert page.locator("#kept-pages a").count() >= 4

    page.goto(f"{base}/groups/{group.pk}/visits/")
    page.fill("#id_visited_on", "25/11/2569")
    page.fill("#id_present", "ประธาน เหรัญญิก")
    page.fill("#id_people_present", "6")
    page.fill("#id_observed", "บันทึกบัญชีครบ")
    page.fill("#id_advice", "ทำป้ายราคา")
    page.set_input_files("#id_photos", big_photo(tmp_path))
    page.click("#visit-form button.primary")
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 1')")

    page.goto(f"{base}/forums/{forum.pk}/")
    page.select_option("#id_household", str(houses[0].pk))
    page.fill("#id_month", "10/2569")
    page.fill(f"#item-{item('ข้าวสาร').pk}", "1,250.50")
    page.fill(f"#item-{item('น้ำยาล้างจาน').pk}", "120")
    page.click("#spending-form button.primary")
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 2')")

    records = page.evaluate(PHONE)["records"]
    assert [r["state"] for r in records] == ["waiting", "waiting"]
    [(width, height, _size)] = records[0]["photos"]
    assert (width, height) == (1600, 1200)  # shrunk on the phone before it was queued
    assert Visit.objects.count() == 0 and SpendingLine.objects.count() == 0

    context.set_offline(False)  # the `online` event sends the outbox, oldest first
    page.wait_for_selector("html[data-outbox='0']", state="attached", timeout=30000)
    visit = Visit.objects.get()
    assert (visit.group, visit.people_present, visit.visited_on) == (group, 6, dt.date(2026, 11, 25))
    photo = VisitPhoto.objects.get()
    assert (photo.visit, photo.width, photo.height) == (visit, 1600, 1200)
    lines = {line.item.name: line.amount for line in SpendingLine.objects.all()}
    assert lines == {"ข้าวสาร": Decimal("1250.50"), "น้ำยาล้างจาน": Decimal("120.00")}

    page.goto(f"{base}/outbox/")
    page.wait_for_selector("#outbox-sent .outbox-item >> nth=1")  # drawn from the phone's store, after load
    assert page.locator("#outbox-sent .outbox-item").count() == 2
    assert page.locator("#outbox-count").is_hidden()

    # signing out empties the phone's copy
    page.click("form[data-signout] button")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    phone = page.evaluate(PHONE)
    assert phone == {"pages": [], "records": []}
    context.close()


def test_refused_entries_stay_with_the_reason_until_discarded(
    live_server, browser, group, treasurer, officer, cash, charter
) -> None:
    sales = category("income", "sales")
    books.record_entry(
        group=group, by=treasurer, date=dt.date(2025, 6, 1), kind="income", category=sales,
        amount=Decimal("500"), account=cash,
    )  # fmt: skip
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
    page = context.new_page()
    login(page, base, "treasurer")
    kept(page, f"/groups/{group.pk}/books/", base)

    context.set_offline(True)
    page.reload()
    assert page.is_visible("#kept-at")
    late = [("20/12/2568", "1,200"), ("21/12/2568", "300")]  # late entries of last year
    for n, (day, amount) in enumerate(late, 1):
        page.fill("#id_date", day)
        page.select_option("#id_category", str(sales.pk))
        page.fill("#id_amount", amount)
        page.select_option("#id_account", str(cash.pk))
        page.click("#entry-form button.primary")
        page.wait_for_selector(f"#outbox-count:has-text('รอส่ง {n}')")  # queued before the next is typed
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 2')")

    # Meanwhile, at the office, the year is closed.
    year = FiscalYear.objects.get(group=group, starts_on=dt.date(2025, 1, 1))
    books.close_year(year=year, by=treasurer)

    context.set_offline(False)
    page.goto(f"{base}/outbox/")
    page.wait_for_selector("#outbox-refused .outbox-item >> nth=1", timeout=30000)
    reasons = page.locator("#outbox-refused .outbox-reason").all_inner_texts()
    assert len(reasons) == 2 and all("ปิด" in r for r in reasons), reasons
    assert Entry.objects.count() == 1  # only the one made before
    assert page.inner_text("#outbox-count") == "รอส่ง 2"  # still on the phone, not dropped
    no_horizontal_scroll(page)

    page.reload()  # sending again changes nothing: they stay until she decides
    page.wait_for_selector("#outbox-refused .outbox-item >> nth=1")
    assert Entry.objects.count() == 1

    # The first she discards, on purpose.
    page.on("dialog", lambda d: d.accept())
    page.locator("#outbox-refused .outbox-discard").first.click()
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 1')")

    # The second she corrects: its form opens filled in, with the reason; she moves it into this year.
    page.locator("#outbox-refused a.btn").first.click()
    page.wait_for_selector("#entry-form .outbox-reason")
    assert "ปิด" in page.inner_text("#entry-form .outbox-reason")
    assert page.input_value("#id_amount") == "300" and page.input_value("#id_date") == "21/12/2568"
    page.fill("#id_date", "21/11/2569")
    page.click("#entry-form button.primary")
    page.wait_for_url(f"{base}/outbox/")
    page.wait_for_selector("html[data-outbox='0']", state="attached", timeout=30000)
    assert page.locator("#outbox-sent .outbox-item").count() == 1
    assert list(Entry.objects.order_by("date").values_list("date", "amount")) == [
        (dt.date(2025, 6, 1), Decimal("500.00")),
        (dt.date(2026, 11, 21), Decimal("300.00")),
    ]
    assert [r["state"] for r in page.evaluate(PHONE)["records"]] == ["sent"]
    context.close()


def test_another_person_on_the_same_phone_sees_nothing_of_the_last(
    live_server, browser, group, officer, treasurer
) -> None:
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
    page = context.new_page()
    login(page, base, "officer")
    kept(page, "/agenda/", base)
    context.set_offline(True)
    page.goto(f"{base}/groups/{group.pk}/visits/")
    page.fill("#id_visited_on", "25/11/2569")
    page.fill("#id_observed", "บันทึกบัญชีครบ")
    page.click("#visit-form button.primary")
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 1')")

    # Her session ends without signing out (it expired); the treasurer signs in on the same phone.
    context.clear_cookies()
    context.set_offline(False)
    login(page, base, "treasurer")
    kept(page, f"/groups/{group.pk}/books/", base)
    assert page.is_hidden("#outbox-count")
    urls = {p["url"].removeprefix(base) for p in page.evaluate(PHONE)["pages"]}
    assert "/agenda/" not in urls and f"/groups/{group.pk}/visits/" not in urls
    page.goto(f"{base}/outbox/")
    assert page.locator("#outbox-waiting .outbox-item").count() == 0
    assert Visit.objects.count() == 0  # the officer's record is neither shown nor sent as the treasurer

    context.set_offline(True)
    page.goto(f"{base}/agenda/")  # the officer's kept agenda is gone; the worker shows the "not saved" page
    assert "ยังไม่ได้บันทึกไว้ในเครื่อง" in page.inner_text("main h1")
    context.close()


def test_a_record_sent_again_after_its_answer_was_lost_exists_once(
    live_server, browser, group, treasurer, cash
) -> None:
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
    page = context.new_page()
    login(page, base, "treasurer")
    kept(page, f"/groups/{group.pk}/books/", base)
    context.set_offline(True)
    page.fill("#id_date", "20/11/2569")
    page.select_option("#id_category", str(category("income", "sales").pk))
    page.fill("#id_amount", "450")
    page.select_option("#id_account", str(cash.pk))
    page.click("#entry-form button.primary")
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 1')")

    # The first send reaches the server, which records the entry; its answer never comes back.
    lost: list[int] = []

    def lose_the_answer(route) -> None:
        if route.request.method == "POST" and not lost:
            route.fetch()
            lost.append(1)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(f"{base}/groups/{group.pk}/books/", lose_the_answer)
    with page.expect_event("requestfailed", timeout=30000):
        context.set_offline(False)  # the `online` event sends it
    assert lost == [1] and Entry.objects.count() == 1
    assert page.evaluate(PHONE)["records"][0]["state"] == "waiting"  # no answer: it waits to be sent again
    page.goto(f"{base}/outbox/")  # opening the app sends what still waits, with the same key
    page.wait_for_selector("html[data-outbox='0']", state="attached", timeout=30000)
    assert lost == [1]
    assert list(Entry.objects.values_list("amount", flat=True)) == [Decimal("450.00")]
    assert page.locator("#outbox-sent .outbox-item").count() == 1
    context.close()


def test_work_recorded_offline_for_a_member_who_left_meanwhile_comes_back_refused(
    live_server, browser, group, production, task, officer
) -> None:
    from sammachip.bookkeeping.models import WorkRecord
    from sammachip.groups import services as group_services

    leaving = group.memberships.order_by("number")[4]
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
    page = context.new_page()
    login(page, base, "production")
    kept(page, f"/groups/{group.pk}/work/", base)
    context.set_offline(True)
    page.goto(f"{base}/groups/{group.pk}/members/")  # the members, read offline
    assert leaving.person.first_name in page.inner_text("main") and page.is_visible("#kept-at")
    page.goto(f"{base}/groups/{group.pk}/work/")
    assert task.name in page.inner_text("main")  # the kinds of work
    for n, (member, qty) in enumerate([(leaving, "3"), (group.memberships.order_by("number")[0], "5")], 1):
        page.fill("#id_date", "24/11/2569")
        page.select_option("#id_membership", str(member.pk))
        page.select_option("#id_task", str(task.pk))
        page.fill("#id_quantity", qty)
        page.click("#work-form button.primary")
        # queued, and the form emptied for the next one: only then is the next typed (as a person would)
        page.wait_for_selector(f"#outbox-count:has-text('รอส่ง {n}')")

    group_services.end_membership(membership=leaving, on=dt.date(2026, 11, 20), reason="moved", by=officer)

    context.set_offline(False)
    page.goto(f"{base}/outbox/")
    page.wait_for_selector("#outbox-refused .outbox-item", timeout=30000)
    page.wait_for_selector("#outbox-sent .outbox-item", timeout=30000)
    assert "สมาชิก" in page.inner_text("#outbox-refused .outbox-reason")
    assert list(WorkRecord.objects.values_list("membership__number", "quantity")) == [(1, Decimal("5.00"))]
    assert page.inner_text("#outbox-count") == "รอส่ง 1"
    context.close()


def test_a_chair_takes_attendance_offline_and_it_is_recorded_once(
    live_server, browser, group, chair, officer
) -> None:
    from sammachip.meetings import services as meetings
    from sammachip.meetings.models import Attendance

    meeting = meetings.schedule_meeting(
        group=group,
        kind="monthly",
        date=dt.date(2026, 11, 25),
        place="ศาลาหมู่บ้าน",
        agenda=["วาระ"],
        by=officer,
    )
    meetings.open_meeting(meeting=meeting, by=officer)
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH")
    page = context.new_page()
    login(page, base, "chair")
    kept(page, f"/groups/{group.pk}/meetings/{meeting.pk}/", base)
    context.set_offline(True)
    page.reload()
    assert page.is_visible("#kept-at")
    members = list(group.memberships.order_by("number"))
    for m in members:  # the roll call starts everyone as present: tap the one who is not
        status = "present" if m.number != 5 else "absent"
        page.locator(f"#row-{m.pk} label:has(input[value={status}])").click()
    page.click("#attendance-form button.primary")
    page.wait_for_selector("#outbox-count:has-text('รอส่ง 1')")
    no_horizontal_scroll(page)
    assert not Attendance.objects.exists()

    context.set_offline(False)
    page.wait_for_selector("html[data-outbox='0']", state="attached", timeout=30000)
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("membership__number", "status"))
    assert marks == {1: "present", 2: "present", 3: "present", 4: "present", 5: "absent"}
    context.close()
