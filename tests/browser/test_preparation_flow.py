"""An officer on her phone records a small expenditure forum, sees the opportunity chart, puts the
top occupation in the community plan and drafts a proposal — in real Chromium against a live server."""

from __future__ import annotations

import datetime as dt

import pytest

from sammachip.households import services
from sammachip.households.models import SpendingLine
from sammachip.places.models import PartnerAgency
from sammachip.plans.models import Project, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_forum_to_plan_to_proposal_on_a_phone(live_server, phone_page, officer, village, sungai_padi) -> None:
    PartnerAgency.objects.create(name="อบต.สากอ", kind="lao", district=sungai_padi)
    for n in (1, 2):
        services.add_household(
            village=village, house_no=f"{n}/2", head_name=f"หัวหน้า {n}", consent=True, by=officer
        )
    base, page = live_server.url, phone_page
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/villages/{village.pk}/")
    page.fill("#id_forum-held_on", dt.date(2026, 10, 20).strftime("%d/%m/") + "2569")
    page.fill("#id_forum-participants", "8")
    page.click("text=สร้างเวที")
    page.wait_for_selector("text=บันทึกรายจ่ายของครัวเรือน")
    for house, soap, rice in (("1/2", "๑๒๐", "1,000"), ("2/2", "90.50", "")):
        # choosing the household, then the month, opens what that month already holds (the page reloads)
        with page.expect_navigation():
            page.select_option("#id_household", label=f"{house} หัวหน้า {house[0]}")
        with page.expect_navigation():
            page.fill("#id_month", "10/2569")
            page.locator("#id_month").dispatch_event("change")
        page.get_by_label("น้ำยาล้างจาน").fill(soap)
        page.get_by_label("ข้าวสาร").fill(rice)
        page.click("text=บันทึกเดือนนี้ของครัวเรือน")
        page.wait_for_selector(f"text=บันทึกรายจ่ายของบ้านเลขที่ {house} แล้ว")
    assert SpendingLine.objects.count() == 3

    page.click("text=ดูผลการวิเคราะห์")
    chart = page.locator("#opportunity-chart")
    chart.wait_for()
    bars = chart.locator("li")
    assert bars.nth(0).inner_text().startswith("ข้าวสาร")  # ฿12,000 a year
    assert "฿2,526.00" in bars.nth(1).inner_text()  # dish soap: (120 + 90.50) × 12
    page.wait_for_load_state("load")  # the layout is measured with the stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    row = page.locator("#worth-starting tr", has_text="ทำน้ำยาล้างจานและสบู่สมุนไพร")
    row.get_by_text("บรรจุในแผน").click()
    page.fill("#id_year", "2569")
    page.click("text=เปิดแผน")
    page.wait_for_selector("#new-project")
    page.fill("#id_objective", "ลดรายจ่ายค่าน้ำยาล้างจาน")
    page.fill("#id_budget", "15,000")
    page.select_option("#id_partner", label="อบต.สากอ")
    page.click("text=เพิ่มโครงการ >> nth=-1")
    page.wait_for_selector("text=เพิ่มโครงการในแผนแล้ว")
    project = Project.objects.get()
    assert project.occupation and project.occupation.name == "ทำน้ำยาล้างจานและสบู่สมุนไพร"
    assert project.forum_id == SpendingLine.objects.first().forum_id  # type: ignore[union-attr]

    page.fill("#id_proposal-on", "21/11/2569")
    page.click("text=ร่างข้อเสนอ")
    page.wait_for_selector("#history")
    proposal = Proposal.objects.get()
    assert (proposal.status, str(proposal.amount_requested)) == ("draft", "15000.00")
    page.select_option("#id_status-status", "submitted")
    page.fill("#id_status-on", "22/11/2569")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_selector("text=บันทึกสถานะแล้ว")
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert "อบต.สากอ พิจารณา" in page.inner_text("main")
