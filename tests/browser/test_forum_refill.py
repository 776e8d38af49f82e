"""A village's expenditure forum on a 360 px phone (issue 20): choosing a household opens what it has
recorded for the month already filled in, so saving never replaces entries nobody saw."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sammachip.households import services
from sammachip.households.models import SpendingLine
from tests.browser.test_meeting_flow import login, submit
from tests.preparation.conftest import forum, houses, item  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_household_shows_its_month_again(live_server, phone_page, officer, forum, houses) -> None:  # noqa: F811
    rice = item("ข้าวสาร")
    soap = item("น้ำยาล้างจาน")
    services.record_spending(
        forum=forum, household=houses[1], month=dt.date(2026, 9, 1),
        amounts={rice: Decimal("1250.50"), soap: Decimal("120")}, by=officer,
    )  # fmt: skip
    base, page = live_server.url, phone_page
    login(page, base, "officer")
    page.goto(f"{base}/forums/{forum.pk}/")
    assert page.input_value("#id_month") == "09/2569"  # the latest month recorded at this forum
    with page.expect_navigation():
        page.select_option("#id_household", str(houses[1].pk))
    assert page.is_visible("#shown-lines")
    assert page.input_value(f"#item-{rice.pk}") == "1,250.50"
    # add one item to what was there and save: nothing recorded before is lost
    page.fill(f"#item-{item('ผัก').pk}", "300")
    submit(page, "#spending-form button.primary")
    lines = {line.item.name: line.amount for line in SpendingLine.objects.filter(household=houses[1])}
    assert lines == {"ข้าวสาร": Decimal("1250.50"), "น้ำยาล้างจาน": Decimal("120.00"), "ผัก": Decimal("300.00")}
    assert page.input_value("#id_month") == "09/2569"  # the next household starts in the same month
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
