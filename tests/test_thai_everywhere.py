"""Thai everywhere, พ.ศ. everywhere (issue 20): Django's own password words, the partner form, the history of a
stage change, dates in Excel exports, the minutes' title, the date on every PDF, and the analysis saying how a
year was made from the months a forum recorded."""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sammachip.core.views_util import THAI_DATE_FORMAT, workbook_bytes
from sammachip.meetings.models import Meeting
from sammachip.places.models import PartnerAgency
from sammachip.visits import services as visits
from tests.preparation.conftest import forum, houses  # noqa: F401, F811 - shared fixtures
from tests.preparation.test_forums import _spend


def test_password_rules_and_errors_are_thai(client_for, officer) -> None:
    page = client_for(officer).get("/accounts/password/").content.decode()
    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in page
    assert "Your password" not in page and "for verification" not in page
    refused = client_for(officer).post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "12345678", "new_password2": "87654321"},
    )
    body = refused.content.decode()
    assert "รหัสผ่านเก่าไม่ถูกต้อง" in body and "รหัสผ่านใหม่สองช่องไม่ตรงกัน" in body
    assert "incorrectly" not in body and "didn’t match" not in body


def test_partner_form_says_active_in_thai(client_for, officer, sungai_padi) -> None:
    partner = PartnerAgency.objects.create(name="อบต.สากอ", kind="local_government", district=sungai_padi)
    body = client_for(officer).get(f"/places/partners/{partner.pk}/edit/").content.decode()
    assert "ยังทำงานร่วมกันอยู่" in body and "Is active" not in body


def test_stage_proposal_reads_its_stage_in_thai(group, officer, client_for) -> None:
    with translation.override("th"):
        proposal = visits.propose_stage(group=group, reason="มีสมาชิกครบ", by=officer)
        assert str(proposal).endswith("→ " + str(group.Stage.SUPPORTED.label))
        assert "supported" not in str(proposal)
    history = client_for(officer).get(f"/groups/{group.pk}/history/").content.decode()
    assert "→ supported" not in history


def test_every_excel_date_is_a_real_date_shown_in_buddhist_era_with_columns_wide_enough() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ", dt.date(2026, 1, 18), dt.datetime(2026, 1, 18, 9, 30)])
    ws.column_dimensions["C"].width = 30  # an export's own width is kept
    sheet = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    assert sheet["B1"].is_date and sheet["B1"].value.date() == dt.date(2026, 1, 18)
    assert sheet["B1"].number_format == THAI_DATE_FORMAT == "[$-107041E]d mmm yyyy"  # calendar 07: พ.ศ.
    assert sheet["C1"].number_format.startswith("[$-107041E]")
    assert sheet.column_dimensions["A"].width >= 26  # the Thai name fits (its vowel marks take no width)
    assert sheet.column_dimensions["C"].width == 30


def test_district_excel_shows_the_last_meeting_in_buddhist_era(
    client_for, district_head, group, chair
) -> None:
    from sammachip.meetings import services as meetings

    meeting = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2026, 11, 2), place="ศาลา", agenda=["ก"], by=chair
    )
    meetings.open_meeting(meeting=meeting, by=chair)
    r = client_for(district_head).get("/district/9611/?format=xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    dates = [c for row in sheet.iter_rows(min_row=2) for c in row if c.is_date]
    assert dates and all(c.number_format == THAI_DATE_FORMAT for c in dates)


def test_minutes_title_names_the_meeting_once() -> None:
    with translation.override("th"):
        assert Meeting(kind="monthly").minutes_title == "รายงานการประชุมประจำเดือน"
        assert Meeting(kind="general").minutes_title == "รายงานการประชุมใหญ่ประจำปี"


def test_every_pdf_says_when_it_was_printed_in_buddhist_era() -> None:
    with translation.override("th"):
        html = render_to_string(
            "core/pdf_base.html", {"printed_at": dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)}
        )
    assert "พิมพ์เมื่อ 25 พ.ย. 2569" in html


def test_analysis_says_a_year_is_the_recorded_months_scaled(client_for, officer, forum, houses) -> None:  # noqa: F811
    _spend(forum, houses, officer)  # two months recorded
    body = client_for(officer).get(f"/analysis/village/{forum.village_id}/").content.decode()
    assert "ตัวเลขต่อปีคือรายจ่าย 2 เดือนที่บันทึกไว้ × 6" in body
