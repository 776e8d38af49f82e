"""The Content-Security-Policy in real Chromium: the browser enforces it (an inline script is refused and
reported), and the pages that used inline handlers, styles and scripts still work under it — a month chosen
sends its form, a question asked before withdrawing consent, the bars drawn to width, a cash book uploaded
with its progress bar, the API's docs drawn from our own copy of Swagger UI. The browser conftest fails any
test whose pages break the policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.bookkeeping.conftest import category
from tests.browser import conftest as browser_conftest
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_enforces_the_policy(live_server, phone_page) -> None:
    response = phone_page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    phone_page.evaluate(  # as an injected <script> would: an inline script in the page
        "document.head.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.ran = true'}))"
    )
    phone_page.wait_for_timeout(200)
    assert phone_page.evaluate("window.ran") is None
    assert any("inline script" in v for v in browser_conftest.CSP_VIOLATIONS)
    browser_conftest.CSP_VIOLATIONS.clear()  # the control: this one was meant


def test_pages_that_had_inline_code_work_under_the_policy(
    live_server, phone_page, treasurer, officer, group, cash, village, tmp_path
) -> None:
    from sammachip.bookkeeping import services
    from sammachip.bookkeeping.models import Entry
    from sammachip.households.models import Household

    base, page = live_server.url, phone_page
    services.record_entry(
        group=group, by=treasurer, date=dt.date(2026, 10, 5), kind="income",
        category=category("income", "sales"), amount=Decimal("50.00"), account=cash,
    )  # fmt: skip
    login(page, base, "treasurer")
    # A month chosen sends the form (was onchange="this.form.submit()").
    page.goto(f"{base}/groups/{group.pk}/books/")
    with page.expect_navigation():
        page.select_option("select[name=month]", "2026-10")
    assert "month=2026-10" in page.url
    # The cash book import: upload.js sends it with its progress bar, then opens the books.
    upload = tmp_path / "cash.csv"
    upload.write_text(
        "วันที่,รายรับ/รายจ่าย,หมวด,จำนวนเงิน,เงินสด/บัญชีธนาคาร,เลขที่เอกสาร,หมายเหตุ,ภาคีผู้ให้การสนับสนุน\n"
        "06/10/2569,รายรับ,ขายสินค้าและบริการ,25,เงินสด,,ขาย,\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/groups/{group.pk}/books/import/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button.primary")
    page.wait_for_selector(".msg.success, .errors")
    assert Entry.objects.count() == 2, page.inner_text("main")
    assert page.url.startswith(f"{base}/groups/{group.pk}/books/") and "import" not in page.url

    page.context.clear_cookies()
    login(page, base, "officer")
    # A question before withdrawing a household's consent (was onsubmit="return confirm(…)").
    house = Household.objects.create(village=village, house_no="12/3", head_name="นางมาลี ใจดี", member_count=4)
    page.goto(f"{base}/villages/{village.pk}/")
    asked: list[str] = []

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("form[data-confirm] button")
    page.wait_for_timeout(300)
    assert asked and page.url.endswith(f"/villages/{village.pk}/")
    assert Household.objects.filter(pk=house.pk).exists()
    # The district view's bars are drawn to their width by classes (were style="width:…%").
    page.goto(f"{base}/district/9611/")
    widths = page.eval_on_selector_all(
        ".bars .fill", "els => els.map(e => [e.className, e.getBoundingClientRect().width])"
    )
    assert widths and all((w > 0) == (" w0" not in f"{c} ") for c, w in widths), widths
    # The API's docs, drawn by Swagger UI from our static files.
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)
