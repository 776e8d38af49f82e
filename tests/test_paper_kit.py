"""The paper kit: printable sheets that match the screens where they are typed in afterwards — the same
rows, fields and choices in the same order — each with a QR code to that page; outsiders refused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from sammachip.bookkeeping import services as books
from sammachip.groups.models import Role
from sammachip.households import services as households
from sammachip.meetings import services as meetings


@pytest.fixture
def sheet_html(monkeypatch) -> Callable[[object, str], str]:
    """The HTML WeasyPrint is given for a sheet: what the printed page shows."""
    import weasyprint

    seen: list[str] = []

    class Html:
        def __init__(self, string: str, base_url: str | None = None) -> None:
            seen.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-"

    monkeypatch.setattr(weasyprint, "HTML", Html)

    def get(client, url: str) -> str:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r["Content-Type"] == "application/pdf"
        return seen.pop()

    return get


def _unique(seq: list[str]) -> list[str]:
    return list(dict.fromkeys(seq))


def _options(html: str, name: str) -> list[str]:
    """The choices of a field as the screen offers them: a select's options, or a row of radio buttons."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select is not None:
        return [v for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v]
    radios = re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', html)
    assert radios, name
    return radios


@pytest.fixture
def houses(village, officer) -> list:
    return [
        households.add_household(
            village=village,
            house_no=f"{n}/1",
            head_name=f"หัวหน้า {n}",
            member_count=4,
            consent=True,
            by=officer,
        )
        for n in range(1, 4)
    ]


@pytest.fixture
def forum(village, officer, houses):
    return households.create_forum(
        village=village, held_on=dt.date(2026, 10, 15), participants=12, by=officer
    )


@pytest.fixture
def lead(group, officer):
    from tests.conftest import _login_member

    m = group.memberships.order_by("number")[3]
    from sammachip.groups import services as group_services

    group_services.appoint_committee_member(
        group=group, membership=m, role=Role.PRODUCTION, starts_on=dt.date(2024, 1, 15), by=officer
    )
    return _login_member(m, "lead")


@pytest.fixture
def tasks(group, officer):
    return [
        books.add_work_task(group=group, name=name, unit=unit, weight=Decimal(w), by=officer)
        for name, unit, w in [("ห่อสบู่", "pieces", "0.5"), ("กวนน้ำยา", "hours", "1"), ("เก็บวัตถุดิบ", "days", "1")]
    ]


def test_forum_sheet_lists_the_items_in_the_grids_order(
    client_for, officer, forum, houses, sheet_html
) -> None:
    c = client_for(officer)
    screen = c.get(f"/forums/{forum.pk}/").content.decode()
    assert f"/forums/{forum.pk}/sheet.pdf" in screen
    html = sheet_html(c, f"/forums/{forum.pk}/sheet.pdf?household={houses[1].pk}")
    assert re.findall(r'data-item="(\d+)"', html) == re.findall(r'name="item_(\d+)"', screen)
    assert _unique(re.findall(r'data-field="(\w+)"', html)) == ["household", "month"]
    assert screen.index('name="household"') < screen.index('name="month"')  # the form's own order
    assert houses[1].head_name in html and "<svg" in html
    assert f"http://testserver/forums/{forum.pk}/?household={houses[1].pk}" in html


def test_work_sheet_follows_the_work_form(client_for, lead, group, tasks, sheet_html) -> None:
    c = client_for(lead)
    screen = c.get(f"/groups/{group.pk}/work/").content.decode()
    assert f"/groups/{group.pk}/work/sheet.pdf?month=2026-11" in screen
    html = sheet_html(c, f"/groups/{group.pk}/work/sheet.pdf?month=2026-02")
    form = screen.split('name="form" value="work"')[1].split("</form>")[0]
    fields = _unique(re.findall(r'name="(membership|date|task|quantity|note)"', form))
    assert fields == ["membership", "date", "task", "quantity", "note"]
    # each kind of work is one page (its heading names the form's "work" field); within a page the columns
    # run member, date (one per day), quantity in the boxes, note: the form's order
    sheet_fields = [f for f in _unique(re.findall(r'data-field="(\w+)"', html)) if f != "task"]
    assert sheet_fields == ["membership", "date", "note"]
    assert re.findall(r'data-task="(\d+)"', html) == _options(form, "task")
    first = html.split('data-task="')[1]
    assert re.findall(r'data-member="(\d+)"', first) == _options(form, "membership")
    assert len(re.findall(r'data-field="date"', first)) == 28  # February 2026
    for t in tasks:
        assert t.get_unit_display() in html
    assert f"http://testserver/groups/{group.pk}/work/" in html and "<svg" in html


def test_cash_sheet_is_ruled_like_the_entry_form(client_for, treasurer, group, cash, sheet_html) -> None:
    from tests.bookkeeping.conftest import category

    books.record_entry(
        group=group, by=treasurer, date=dt.date(2026, 10, 3), kind="income",
        category=category("income", "sales"), amount=Decimal("1250.50"), account=cash,
    )  # fmt: skip
    c = client_for(treasurer)
    screen = c.get(f"/groups/{group.pk}/books/?month=2026-11").content.decode()
    assert f"/groups/{group.pk}/books/sheet.pdf?month=2026-11" in screen
    html = sheet_html(c, f"/groups/{group.pk}/books/sheet.pdf?month=2026-11")
    form = screen.split('enctype="multipart/form-data" class="stacked card"')[1].split("</form>")[0]
    names = [
        n
        for n in _unique(re.findall(r'name="(\w+)"', form))
        if n not in ("csrfmiddlewaretoken", "submission_key")
    ]
    typed = [n for n in names if n not in ("receipt_photo", "overdraw", "overdraw_reason")]
    assert _unique(re.findall(r'data-field="(\w+)"', html)) == typed
    assert typed[:4] == ["date", "category", "amount", "account"]
    # the category names in the form's own order, and the month's brought forward from the books
    screen_categories = re.findall(
        r'<option value="\d+"[^>]*>([^<]+)</option>', form.split('name="category"')[1].split("</select>")[0]
    )
    legend = html.split('class="legend"')[1]
    assert [n for n in screen_categories if n in legend] == screen_categories
    positions = [legend.index(n) for n in screen_categories]
    assert positions == sorted(positions)
    assert "1,250.50" in html
    assert f"http://testserver/groups/{group.pk}/books/?year=" in html and "<svg" in html


def test_sign_in_sheet_has_the_attendance_forms_rows_and_the_agenda(
    client_for, chair, group, sheet_html
) -> None:  # fmt: skip
    meeting = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2026, 11, 20), place="ศาลา", agenda=["ยอดขาย", "งานเดือนหน้า"],
        by=chair,
    )  # fmt: skip
    c = client_for(chair)
    planned = c.get(f"/groups/{group.pk}/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/sign-in.pdf" in planned
    html = sheet_html(c, f"/groups/{group.pk}/meetings/{meeting.pk}/sign-in.pdf")
    meetings.open_meeting(meeting=meeting, by=chair)
    screen = c.get(f"/groups/{group.pk}/meetings/{meeting.pk}/").content.decode()
    rows = list(dict.fromkeys(re.findall(r'name="status_(\d+)"', screen)))  # a row of buttons per member
    assert re.findall(r'data-member="(\d+)"', html) == rows and len(rows) == 5
    assert re.findall(r'data-status="(\w+)"', html) == _options(screen, f"status_{rows[0]}")
    assert re.findall(r'data-item="(\d+)"', html) == re.findall(r'name="item_(\d+)"', screen)
    assert "ลายมือชื่อ" in html and "ยอดขาย" in html and "<svg" in html


def test_tally_sheet_has_the_hands_forms_members_and_answers(client_for, chair, group, sheet_html) -> None:
    meeting = meetings.schedule_meeting(
        group=group,
        kind="monthly",
        date=dt.date(2026, 11, 20),
        place="ศาลา",
        agenda=["ซื้อเครื่องบรรจุ"],
        by=chair,
    )
    meetings.open_meeting(meeting=meeting, by=chair)
    members = meetings.eligible_members(meeting)
    marks = {m.pk: ("present" if m.number != 5 else "absent", None) for m in members}
    meetings.record_attendance(meeting=meeting, marks=marks, by=chair)
    r = meetings.propose_resolution(
        group=group, meeting=meeting, question="ซื้อเครื่องบรรจุหรือไม่", by=chair,
        mode="choice", options=["ซื้อ", "เช่า", "ยังไม่ทำ"],
    )  # fmt: skip
    c = client_for(chair)
    screen = c.get(f"/groups/{group.pk}/resolutions/{r.pk}/").content.decode()
    assert f"/resolutions/{r.pk}/tally.pdf" in screen
    html = sheet_html(c, f"/groups/{group.pk}/resolutions/{r.pk}/tally.pdf")
    hands = screen.split('id="hands-form"')[1].split("</form>")[0]
    assert re.findall(r'data-member="(\d+)"', html) == _options(hands, "membership")
    assert len(_options(hands, "membership")) == 4  # the absent member has no vote
    assert re.findall(r'data-choice="([^"]+)"', html) == _options(hands, "choice") == ["ซื้อ", "เช่า", "ยังไม่ทำ"]
    assert "ซื้อเครื่องบรรจุหรือไม่" in html and "<svg" in html


def test_every_sheet_renders_a_light_pdf_and_refuses_outsiders(
    client_for, officer, chair, treasurer, outsider, other_district_officer, group, forum, cash, tasks,
) -> None:  # fmt: skip
    meeting = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2026, 11, 20), place="ศาลา", agenda=["วาระ"], by=chair
    )
    meetings.open_meeting(meeting=meeting, by=chair)
    meetings.record_attendance(
        meeting=meeting, marks={m.pk: ("present", None) for m in meetings.eligible_members(meeting)}, by=chair
    )
    r = meetings.propose_resolution(group=group, meeting=meeting, question="เห็นชอบหรือไม่", by=chair)
    group_urls = [
        f"/groups/{group.pk}/meetings/{meeting.pk}/sign-in.pdf",
        f"/groups/{group.pk}/resolutions/{r.pk}/tally.pdf",
        f"/groups/{group.pk}/work/sheet.pdf?month=2026-11",
        f"/groups/{group.pk}/books/sheet.pdf?month=2026-11",
    ]
    forum_url = f"/forums/{forum.pk}/sheet.pdf"
    for user, urls in ((treasurer, group_urls), (officer, [forum_url])):
        for url in urls:
            response = client_for(user).get(url)
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
            assert len(response.content) < 150_000, (url, len(response.content))
    for user in (outsider, other_district_officer):
        for url in [*group_urls, forum_url]:
            assert client_for(user).get(url).status_code == 404, (user, url)
