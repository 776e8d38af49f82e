"""An officer brings her district's groups in from the office's Excel sheet: matches its column names,
reads the preview, corrects the refused row on the page and confirms — in real Chromium at phone width."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from sammachip.core.models import AuditEvent
from sammachip.groups.models import OccupationGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_groups_fix_a_row_and_confirm(live_server, phone_page, officer, village, tmp_path) -> None:
    wb = Workbook()
    for row in (
        ["ที่", "ชื่อกลุ่มอาชีพ", "ตำบล", "หมู่", "ทำอะไร", "วันที่ตั้ง"],
        [1, "กลุ่มจักสานกระจูด", "961104", "หมู่ 2", "จักสาน", dt.datetime(2023, 3, 1)],
        [2, "กลุ่มขนมพื้นบ้าน", "961104", "บ้านสากอ", "ขนมไทย", "15/06/2565"],
        [3, "กลุ่มปลาแห้ง", "961104", "หมู่ 9", "แปรรูปปลา", "01/02/2567"],
    ):
        wb.active.append(row)
    file = tmp_path / "กลุ่มอาชีพ อ.สุไหงปาดี.xlsx"
    out = io.BytesIO()
    wb.save(out)
    file.write_bytes(out.getvalue())

    base, page = live_server.url, phone_page
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/districts/9611/start/")
    page.locator("#groups a").click()
    page.select_option("#id_kind", "groups")
    page.set_input_files("#id_file", str(file))
    page.click("text=ตรวจไฟล์")
    # the office's own column names: the officer matches the ones Sammachip could not guess
    page.wait_for_selector("#mapping")
    page.select_option("#map_name", label="ชื่อกลุ่มอาชีพ")
    page.select_option("#map_village", label="หมู่")
    page.select_option("#map_occupation", label="ทำอะไร")
    page.select_option("#map_founded_on", label="วันที่ตั้ง")
    page.click("text=ตรวจทุกแถว")
    page.wait_for_selector("#preview")
    refused = page.locator("#row-4")
    assert "ไม่รับ" in refused.inner_text() and "หมู่ 9" in refused.inner_text()
    assert page.locator("#confirm").count() == 0 and OccupationGroup.objects.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # there is no หมู่ 9 in the district: the group is in หมู่ 2
    refused.locator("input[name=cell_village]").fill("2")
    refused.get_by_text("บันทึกและตรวจอีกครั้ง").click()
    page.wait_for_selector("#confirm")
    assert "3" in page.locator("#counts .card").first.inner_text()
    page.locator("#confirm button").click()
    # the rows were saved while the page showed their progress; the file's page says it is imported
    page.wait_for_selector("#imported")
    assert page.locator("#counts .card").first.inner_text().startswith("3")
    groups = dict(OccupationGroup.objects.values_list("name", "village__moo"))
    assert groups == {"กลุ่มจักสานกระจูด": 2, "กลุ่มขนมพื้นบ้าน": 2, "กลุ่มปลาแห้ง": 2}
    assert AuditEvent.objects.filter(verb="onboarding.import.confirmed").count() == 1
    page.locator("#imported a").click()
    page.wait_for_selector("#checklist")
    assert page.locator("#groups.done").count() == 1  # the checklist ticks the step
