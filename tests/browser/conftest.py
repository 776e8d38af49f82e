"""Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Every message Chromium prints about a Content-Security-Policy violation, in any page of any test.
CSP_VIOLATIONS: list[str] = []


def _watch(context):  # type: ignore[no-untyped-def]
    def heard(message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.text} ({message.location.get('url', '')})")

    context.on("console", heard)
    return context


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        new_context = b.new_context

        def opened(**kwargs):  # type: ignore[no-untyped-def]
            context = _watch(new_context(**kwargs))
            OPEN_CONTEXTS.append(context)
            return context

        b.new_context = opened  # type: ignore[method-assign]
        yield b
        b.close()


# Every browser context a test opened, closed when the test ends even if the test forgot.
OPEN_CONTEXTS: list[Any] = []


class _Counted:
    """The live server's application, counting the requests it is still answering: a page a test leaves
    may still be fetching (a lazy photo after a redirect), and a request answered after the test has
    ended would meet its database flushed, its files gone, or hold a lock the flush waits for."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.busy = 0
        self.lock = threading.Lock()

    def __call__(self, environ: Any, start_response: Any) -> Any:
        with self.lock:
            self.busy += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.done()
            raise
        return _Closing(result, self.done)

    def done(self) -> None:
        with self.lock:
            self.busy -= 1


class _Closing:
    def __init__(self, result: Any, done: Any) -> None:
        self.result, self.done = result, done

    def __iter__(self) -> Iterator:
        return iter(self.result)

    def close(self) -> None:
        try:
            if hasattr(self.result, "close"):
                self.result.close()  # Django's request_finished: the connection is given back here
        finally:
            self.done()


@pytest.fixture(autouse=True)
def _quiet_when_done(request: Any) -> Iterator:
    """Torn down before the database and the settings (it is set up after them): close what the test
    opened, then wait until the live server has answered everything it had been asked."""
    counted = None
    if "live_server" in request.fixturenames:
        httpd = request.getfixturevalue("live_server").thread.httpd
        counted = httpd.get_app()
        if not isinstance(counted, _Counted):
            counted = _Counted(counted)
            httpd.set_app(counted)
    yield
    while OPEN_CONTEXTS:
        OPEN_CONTEXTS.pop().close()  # closing a closed context does nothing
    if counted is not None:
        deadline = time.monotonic() + 20
        while counted.busy and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not counted.busy, f"the live server was still answering {counted.busy} request(s)"


@pytest.fixture(autouse=True)
def _no_csp_violation() -> Iterator:
    """No page in any browser test breaks the Content-Security-Policy (an inline script or style, a handler
    attribute, a script from elsewhere): the browser would have refused it, and said so on the console."""
    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, CSP_VIOLATIONS


def login(page: Any, base: str, username: str) -> None:
    """Sign in through the login page as a test user (every test user's password is pw-123456)."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.fixture
def phone_page(browser) -> Iterator:
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="th-TH", device_scale_factor=1
    )
    page = context.new_page()
    yield page
    context.close()


from tests.bookkeeping.conftest import cash, charter, production, task  # noqa: E402, F401 - shared fixtures
