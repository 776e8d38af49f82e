"""Whole-group entry on a 360 px phone (issue 20): the roll call, a show of hands counted, and a day's work
for several members — each one form, one tap to send — then the database is checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sammachip.bookkeeping.models import WorkRecord
from sammachip.meetings import services as meetings
from sammachip.meetings.models import Attendance, Resolution
from tests.browser.test_meeting_flow import login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser):
    return browser.new_context(viewport={"width": 360, "height": 800}, locale="th-TH").new_page()


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_roll_call_and_a_counted_show_of_hands_on_a_phone(live_server, browser, group, chair, member) -> None:
    base = live_server.url
    meeting = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date.today(), place="ศาลาหมู่บ้าน", agenda=["วาระ"], by=chair
    )
    meetings.open_meeting(meeting=meeting, by=chair)
    first, second, third, fourth, fifth = group.memberships.order_by("number")
    page = _phone(browser)
    login(page, base, "chair")
    page.goto(f"{base}/groups/{group.pk}/meetings/{meeting.pk}/")
    # everyone starts present; tap the exceptions only
    page.click(f"#row-{first.pk} input[value=absent]")
    page.click(f"#row-{second.pk} input[value=represented]")
    proxy = f"#rep_{second.pk}"
    assert page.is_visible(proxy)
    offered = page.eval_on_selector_all(
        f"{proxy} option:not([value=''])", "os => os.filter(o => !o.disabled).map(o => o.value)"
    )
    assert str(first.pk) not in offered and str(third.pk) in offered  # only members present hold a proxy
    page.select_option(proxy, str(third.pk))
    _no_sideways_scroll(page)
    submit(page, "#save-attendance")
    assert page.is_visible(".msg.success")
    marks = {
        a.membership_id: (a.status, a.represented_by_id) for a in Attendance.objects.filter(meeting=meeting)
    }
    assert marks == {
        first.pk: ("absent", None), second.pk: ("represented", third.pk), third.pk: ("present", None),
        fourth.pk: ("present", None), fifth.pk: ("present", None),
    }  # fmt: skip

    page.fill("#id_question", "ซื้อเครื่องผสมน้ำยา")
    submit(page, "#propose")
    resolution = Resolution.objects.get(meeting=meeting)
    # four present (one by proxy): five hands are refused on the form, nothing kept
    page.fill("#id_hands_yes", "4")
    page.fill("#id_hands_no", "1")
    submit(page, "#record-count")
    assert page.is_visible(".error-summary")
    assert Resolution.objects.get(pk=resolution.pk).hands_counted_by is None
    page.fill("#id_hands_yes", "3")
    page.fill("#id_hands_no", "1")
    submit(page, "#record-count")
    assert "3" in page.inner_text("#hand-counts")
    _no_sideways_scroll(page)
    witness = _phone(browser)
    login(witness, base, "member")
    witness.goto(f"{base}/groups/{group.pk}/resolutions/{resolution.pk}/")
    submit(witness, "#witness")
    page.reload()
    page.check("#confirm-close-vote")
    submit(page, "#close-vote")
    resolution.refresh_from_db()
    assert resolution.status == "passed" and resolution.counts["tally"] == {"yes": 3, "no": 1, "abstain": 0}
    assert resolution.witnessed_by == member


def test_a_days_work_for_several_members_on_a_phone(
    live_server, browser, group, production, cash, task
) -> None:
    base = live_server.url
    first, second, third, *_rest = group.memberships.order_by("number")
    page = _phone(browser)
    login(page, base, "production")
    page.goto(f"{base}/groups/{group.pk}/work/")
    submit(page, "#work-day-link")
    today = dt.date.today()
    page.fill("#id_date", f"{today:%d%m}{today.year + 543}")  # digits only, from the number pad
    assert page.get_attribute("#id_date", "inputmode") == "numeric"
    page.select_option("#id_task", str(task.pk))
    page.fill(f"#id_qty_{first.pk}", "3")
    page.fill(f"#id_qty_{second.pk}", "-2")  # a wrong row: the whole day waits for it
    page.fill(f"#id_qty_{third.pk}", "1.5")
    _no_sideways_scroll(page)
    submit(page, "#save-work-day")
    assert page.is_visible(f"#row-{second.pk}.has-error")
    assert page.is_visible(f".error-summary a[href='#row-{second.pk}']")
    assert not WorkRecord.objects.exists()
    page.fill(f"#id_qty_{second.pk}", "2")
    submit(page, "#save-work-day")
    assert page.is_visible(".msg.success")
    got = sorted((w.membership_id, w.quantity, w.status, w.date) for w in WorkRecord.objects.all())
    assert got == [
        (first.pk, Decimal("3.00"), "confirmed", today),
        (second.pk, Decimal("2.00"), "confirmed", today),
        (third.pk, Decimal("1.50"), "confirmed", today),
    ]
