"""Every kind of page a person reaches by following links fits a 360 px phone: one page per URL pattern (the
first found, for the first persona who reaches it), in Chromium, over the demo district. Nothing is wider than
the screen — no sideways scroll. Links, statuses and language are checked by tests/test_crawl.py."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from sammachip.accounts.models import User
from tests.conftest import ensure_geography
from tests.crawl import crawl
from tests.test_crawl import PERSONAS, starts_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The elements that stick out past the right edge, deepest first: what to fix when a page is too wide.
WIDE = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 && r.width > 0 && ![...el.children].some(c => c.getBoundingClientRect().right > innerWidth + 1)) {
      const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 5);
}"""


def test_every_kind_of_page_fits_a_360px_phone(live_server, browser, settings) -> None:  # type: ignore[no-untyped-def]
    ensure_geography()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sample: dict[str, tuple[str, str]] = {}  # URL pattern -> (persona, path)
    sessions: dict[str, str] = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "visitor":
            client.force_login(User.objects.get(username=persona))
            sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        result = crawl(client, persona, starts_for(persona), signed_in=persona != "visitor", per_pattern=1)
        for pattern, paths in result.patterns.items():
            if paths and pattern not in sample:
                sample[pattern] = (persona, paths[0])
    too_wide = []
    for persona in PERSONAS:
        context = browser.new_context(
            viewport={"width": 360, "height": 780}, locale="th-TH", device_scale_factor=1
        )
        if persona in sessions:
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": sessions[persona], "url": live_server.url}]
            )
        page = context.new_page()
        for pattern, (who, path) in sample.items():
            if who != persona:
                continue
            page.goto(live_server.url + path, wait_until="load")
            assert persona == "visitor" or "/accounts/login/" not in page.url, path  # signed in as them
            assert page.evaluate("getComputedStyle(document.body).margin") == "0px", path  # styled
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide.append(f"{persona} {path} ({pattern}): {width} px {page.evaluate(WIDE)}")
        context.close()
    print(f"\n{len(sample)} kinds of page measured at 360 px")  # noqa: T201
    assert too_wide == []
