"""The chair opens a meeting, takes attendance, members vote on a proposal, the result is shown, and the
minutes are approved at the next meeting — in real Chromium against a live server."""

from __future__ import annotations

import datetime as dt

import pytest

from sammachip.core.thaidate import input_value
from sammachip.meetings.models import Meeting, MinutesVersion, Resolution
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def record_hands(page, yes: int, by_name: int = 0) -> None:
    """Record a show of hands, "yes": `by_name` members one at a time (the single-entry form), then the rest
    as one count for everyone present who has not voted (the whole-group form)."""
    for _ in range(by_name):
        page.click("#hands-one summary")
        option = page.query_selector("#hands-form select#id_membership option:not([value=''])")
        page.select_option("#hands-form #id_membership", option.get_attribute("value"))
        page.select_option("#hands-form #id_choice", "yes")
        submit(page, "#hands-form button")
        assert page.is_visible(".msg.success")
    page.fill("#count-form #id_hands_yes", str(yes))
    submit(page, "#record-count")
    assert page.is_visible(".msg.success")


def hold_meeting(
    page,
    base,
    group,
    day: dt.date,
    question: str,
    kind: str = "general",
    minutes_of: MinutesVersion | None = None,
) -> Meeting:
    page.goto(f"{base}/groups/{group.pk}/meetings/")
    page.select_option("#id_kind", "monthly")
    page.fill("#id_date", input_value(day))
    page.fill("#id_place", "ศาลาหมู่บ้าน")
    page.fill("#id_agenda", "เรื่องที่เสนอ\nเรื่องอื่น ๆ")
    page.click("form.stacked button.primary")
    page.wait_for_selector("#open-meeting")
    meeting = Meeting.objects.latest("id")
    page.click("#open-meeting")
    page.wait_for_selector("#attendance-form")
    for m in group.memberships.all():  # everyone starts present: one tap saves the roll call
        assert page.is_checked(f"input[name=status_{m.pk}][value=present]")
    page.click("#attendance-form button.primary")
    page.wait_for_selector("#quorum")
    assert "ครบองค์ประชุม" in page.inner_text("#quorum")
    page.fill("#id_question", question)
    page.select_option("#id_kind", kind)
    if minutes_of is not None:
        page.select_option("#id_minutes", str(minutes_of.pk))
    page.click("#propose")
    page.wait_for_selector("#resolution-status")
    return meeting


def test_a_meeting_decides_and_its_minutes_are_approved_at_the_next(
    live_server, browser, group, chair, member, treasurer
) -> None:
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH").new_page()
    phone = browser.new_context(viewport={"width": 360, "height": 780}, locale="th-TH").new_page()
    login(desk, base, "chair")
    login(phone, base, member.phone)
    today = dt.date.today()
    first = hold_meeting(desk, base, group, today - dt.timedelta(days=1), "ออกบูธงานกาชาดจังหวัดหรือไม่")
    resolution = Resolution.objects.get(meeting=first)
    url = f"{base}/groups/{group.pk}/resolutions/{resolution.pk}/"

    phone.goto(url)  # the member votes on her phone
    phone.click("#own-vote label.choice-no")  # the answer is a large button
    phone.click("#own-vote button.primary")
    phone.wait_for_selector(".msg.success")
    desk.goto(url)  # the chair votes and records the show of hands for the others
    desk.click("#own-vote label.choice-yes")
    desk.click("#own-vote button.primary")
    desk.wait_for_selector(".msg.success")
    record_hands(desk, yes=2, by_name=1)
    desk.check("#confirm-close-vote")  # counting cannot be undone: the box says so
    desk.click("#close-vote")  # refused: nobody has witnessed the show of hands
    desk.wait_for_selector(".msg.error")
    assert Resolution.objects.get(pk=resolution.pk).status == "open"
    phone.goto(url)
    phone.click("#witness")
    phone.wait_for_selector(".msg.success")
    desk.goto(url)
    desk.check("#confirm-close-vote")  # counting cannot be undone: the box says so
    desk.click("#close-vote")
    desk.wait_for_selector("#result")
    assert "ผ่าน" in desk.inner_text("#resolution-status")
    assert "4" in desk.inner_text("#result")

    desk.goto(f"{base}/groups/{group.pk}/meetings/{first.pk}/")
    desk.fill(f"#item_{first.items.order_by('position')[0].pk}", "ที่ประชุมมีมติออกบูธ ฝ่ายการตลาดรับผิดชอบ")
    desk.click("#save-minutes")
    desk.wait_for_selector(".msg.success")
    desk.click("#close-meeting")
    desk.wait_for_selector(".msg.success")
    minutes = MinutesVersion.objects.get(meeting=first)

    second = hold_meeting(
        desk, base, group, today, "รับรองรายงานการประชุมครั้งที่แล้ว", kind="approve_minutes", minutes_of=minutes
    )
    approve = Resolution.objects.get(meeting=second)
    url = f"{base}/groups/{group.pk}/resolutions/{approve.pk}/"
    desk.goto(url)
    record_hands(desk, yes=5)
    phone.goto(url)
    phone.click("#witness")
    phone.wait_for_selector(".msg.success")
    desk.goto(url)
    desk.check("#confirm-close-vote")  # counting cannot be undone: the box says so
    desk.click("#close-vote")
    desk.wait_for_selector("#result")
    minutes.refresh_from_db()
    assert minutes.is_approved and minutes.approved_at_meeting == second
    phone.goto(f"{base}/groups/{group.pk}/meetings/{first.pk}/")
    assert phone.is_visible("#minutes-approved")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
