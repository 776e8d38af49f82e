"""Back after saving, then Save again: the browser must not refill a create form the server has answered,
or a second tap makes a second record with a new submission key (found by a new user on the work page)."""

from __future__ import annotations

import pytest

from sammachip.bookkeeping.models import WorkRecord
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("script", [True, False])
def test_back_after_saving_work_does_not_record_it_twice(
    live_server, browser, group, production, task, script: bool
) -> None:
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, locale="th-TH", java_script_enabled=script
    )
    phone = context.new_page()
    login(phone, base, "production")
    phone.goto(f"{base}/groups/{group.pk}/work/")
    member = group.memberships.order_by("number").first()
    phone.select_option("#id_membership", str(member.pk))
    phone.select_option("#id_task", str(task.pk))
    phone.fill("#id_quantity", "1.05")
    phone.fill("#id_note", "back-test")
    phone.click("#work-form button.primary")
    phone.wait_for_selector(".msg.success")
    assert WorkRecord.objects.filter(note="back-test").count() == 1
    phone.go_back()
    phone.wait_for_selector("#work-form")
    assert phone.input_value("#id_quantity") == "" and phone.input_value("#id_note") == ""
    phone.click("#work-form button.primary")
    phone.wait_for_load_state()
    assert WorkRecord.objects.filter(note="back-test").count() == 1


def test_back_after_saving_an_entry_does_not_record_it_twice(
    live_server, browser, group, treasurer, cash
) -> None:
    from sammachip.bookkeeping.models import Entry
    from tests.bookkeeping.conftest import category

    base = live_server.url
    phone = browser.new_context(viewport={"width": 360, "height": 800}, locale="th-TH").new_page()
    login(phone, base, "treasurer")
    phone.goto(f"{base}/groups/{group.pk}/books/")
    phone.fill("#id_date", "05/03/2568")
    phone.select_option("#id_category", str(category("income", "sales").pk))
    phone.fill("#id_amount", "1,250.50")
    phone.select_option("#id_account", str(cash.pk))
    phone.click("#entry-form button.primary")
    phone.wait_for_selector(".msg.success")
    assert Entry.objects.count() == 1
    phone.go_back()
    phone.wait_for_selector("#entry-form")
    assert phone.input_value("#id_amount") == ""
    phone.click("#entry-form button.primary")
    phone.wait_for_load_state()
    assert Entry.objects.count() == 1
