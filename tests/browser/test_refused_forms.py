"""A refused form on a 360×800 phone: the person sees at once that it was not saved and what to fix — the
summary is focused and inside the viewport, with JavaScript on and off."""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_refused_visit_shows_its_errors_where_the_eye_is(
    live_server, browser, officer, group, javascript
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, locale="th-TH", java_script_enabled=javascript
    )
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/groups/{group.pk}/visits/")
    page.fill("#id_visited_on", "")
    page.fill("#id_people_present", "-3")
    page.locator("#visit-form button.primary").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    page.wait_for_load_state("load")  # the page's fonts and pictures in: what it shows once it is done
    # autofocus is applied at the next rendering step, not at load: wait for it, then measure
    focused(page, "document.activeElement && document.activeElement.classList.contains('error-summary')")
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + 40 <= 800, box
    if javascript:  # brought to the top of the screen, whole (without JavaScript: autofocus, just into view)
        assert box["y"] + box["height"] <= 800 and box["y"] < 200, box
    assert "ยังไม่ได้บันทึก" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # each item links to its field
    summary.locator("a").first.click()
    context.close()


def focused(page, condition: str, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page says `condition`, asking it every 100 ms from here. Playwright's wait_for_function
    polls on the page's animation frames, and a page without JavaScript that draws nothing new may not give
    one: the wait then timed out (1 run in 4) with the summary focused all along."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, f"never true: {condition}"
        page.wait_for_timeout(100)
