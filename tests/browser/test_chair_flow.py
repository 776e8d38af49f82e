"""A chair, on a 360 px phone, logs in with her phone number, adds a member, appoints a treasurer,
and sees it on the group page — in real Chromium against a live server."""

from __future__ import annotations

import pytest

from sammachip.groups.models import CommitteeSeat, Membership
from tests.conftest import make_national_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_adds_a_member_and_appoints_a_treasurer(
    live_server, phone_page, group, chair, occupation
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", chair.phone)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/groups/{group.pk}/members/add/")
    page.fill("#id_first_name", "ซูไรดา")
    page.fill("#id_last_name", "มามะ")
    page.fill("#id_national_id", "1234567890123")  # wrong check digit first
    page.fill("#id_joined_on", "01/03/2567")
    page.check(f"input[name=chosen_occupations][value='{occupation.pk}']")
    page.click("button.primary")
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in page.inner_text("#field-national_id")
    assert not Membership.objects.filter(person__first_name="ซูไรดา").exists()

    page.fill("#id_national_id", make_national_id(5555))
    page.check(f"input[name=chosen_occupations][value='{occupation.pk}']")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/groups/{group.pk}/members/")
    assert "ซูไรดา มามะ" in page.inner_text("#member-table")
    new = Membership.objects.get(person__first_name="ซูไรดา")

    page.goto(f"{live_server.url}/groups/{group.pk}/committee/")
    page.select_option("#id_membership", str(new.pk))
    page.select_option("#id_role", "treasurer")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/groups/{group.pk}/committee/")
    assert CommitteeSeat.objects.get(group=group, role="treasurer", ended_on__isnull=True).membership == new

    page.goto(f"{live_server.url}/groups/{group.pk}/")
    empty = page.inner_text("#k-committee .missing").split(":", 1)[1]
    assert "เหรัญญิก" not in [seat.strip() for seat in empty.split(",")]  # no longer an empty seat
    assert "ผู้ช่วยเหรัญญิก" in empty
    assert "ซูไรดา" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing overflows the phone


def test_language_switch_to_english(live_server, phone_page, group, officer) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("button[name=language][value=en]")
    page.goto(f"{live_server.url}/groups/{group.pk}/")
    assert "The 5 ก" in page.inner_text("main")
