"""Every import is sent one way (a form with data-progress, upload.js), and a refused file says so where the
eye is: on a 360×800 phone the refusal is focused and inside the viewport, with JavaScript on and off
(issue 20). A file that imports shows the page it went to, with its message."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from sammachip.bookkeeping.models import Entry
from sammachip.households.models import SpendingLine
from tests.browser.test_meeting_flow import login
from tests.browser.test_refused_forms import focused
from tests.preparation.conftest import forum, houses  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser, javascript: bool):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, locale="th-TH", java_script_enabled=javascript
    )
    return context.new_page()


def _in_view(page) -> None:
    summary = page.locator("#import-refused")
    summary.wait_for()
    focused(page, "document.activeElement && document.activeElement.id === 'import-refused'")
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + 40 <= 800, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _cash_book(tmp_path, rows) -> str:
    wb = Workbook()
    wb.active.append(["วันที่", "รายรับ/รายจ่าย", "หมวด", "จำนวนเงิน", "เงินสด/บัญชีธนาคาร", "เลขที่เอกสาร", "หมายเหตุ"])
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "สมุดเงินสด.xlsx"
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_refused_cash_book_is_shown_where_the_eye_is(
    live_server, browser, group, treasurer, cash, tmp_path, javascript
) -> None:
    page = _phone(browser, javascript)
    base = live_server.url
    login(page, base, "treasurer")
    page.goto(f"{base}/groups/{group.pk}/books/import/")
    assert page.locator("form[data-progress]#import-form").count() == 1
    assert page.locator("form[hx-post]").count() == 0  # one mechanism: no second, htmx-driven upload
    day = dt.date.today().strftime("%d/%m/") + str(dt.date.today().year + 543)
    page.set_input_files(
        "#id_file", _cash_book(tmp_path, [[day, "รายรับ", "ขายสินค้าและบริการ", "ไม่ใช่ตัวเลข", "เงินสด", "", ""]])
    )
    page.click("#import-form button.primary")
    _in_view(page)
    assert "ยังไม่ได้นำเข้าข้อมูลใดเลย" in page.inner_text("#import-refused")
    assert not Entry.objects.filter(group=group).exists()
    # the corrected file imports, and the books page says so
    page.set_input_files(
        "#id_file", _cash_book(tmp_path, [[day, "รายรับ", "ขายสินค้าและบริการ", "250", "เงินสด", "", ""]])
    )
    page.click("#import-form button.primary")
    page.wait_for_selector(".msg.success")
    assert page.url.endswith(f"/groups/{group.pk}/books/")
    assert Entry.objects.filter(group=group).count() == 1
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_refused_spending_file_is_shown_where_the_eye_is(
    live_server,
    browser,
    officer,
    forum,  # noqa: F811
    houses,  # noqa: F811
    tmp_path,
    javascript,
) -> None:
    page = _phone(browser, javascript)
    base = live_server.url
    login(page, base, "officer")
    page.goto(f"{base}/forums/{forum.pk}/")
    path = tmp_path / "รายจ่าย.csv"
    path.write_text("บ้านเลขที่,เดือน,รายการ,จำนวนเงิน\n1/1,10/2569,น้ำยาล้างจาน,-5\n", encoding="utf-8")
    form = page.locator("form[data-progress]")
    form.locator("input[type=file]").set_input_files(str(path))
    form.locator("button.primary").click()
    _in_view(page)
    assert not SpendingLine.objects.exists()
    page.context.close()
