"""Tap targets on a 360 px phone (issue 20; WCAG 2.2 success criterion 2.5.8, target size minimum): every
link, button, radio, checkbox and select on the main pages is at least 24×24 CSS px, and the main actions
(button.primary, .btn without .small) at least 44 px high.

The rule, as measured here:
- A target is any visible `a[href]`, `button`, `select`, `input[type=radio]` or `input[type=checkbox]`
  (`summary` too, since it opens a section). Visible: a box larger than zero and not `visibility: hidden`.
- A radio or checkbox inside a <label>, or named by a <label for>, is tapped through its label: its target
  is the label's box (the browser toggles it from anywhere on the label).
- WCAG's "inline" exception: a link shown inline (`display: inline`) inside running text — its block
  (nearest non-inline ancestor) also holds text of its own, outside links and controls, of at least two
  letters — is sized by the line of text around it, and is not measured. A link alone in its block, or a
  list of links, is measured.
- No spacing exception is taken: every measured target must itself be 24 px in both directions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import Category
from sammachip.meetings import services as meetings
from tests.browser.test_meeting_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """
() => {
  const small = [], main = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const ownText = (block) => {
    let text = '';
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) text += child.textContent;
        else if (child.nodeType === 1 && !child.matches('a, button, select, input, label, textarea, script, style')) walk(child);
      }
    };
    walk(block);
    return text.replace(/\\s+/g, '');
  };
  const blockOf = (el) => { let b = el.parentElement; while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement; return b; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.innerText || el.value || el.name || '').trim().slice(0, 40) + '"';
  for (const el of document.querySelectorAll('a[href], button, select, input[type=radio], input[type=checkbox], summary')) {
    if (!visible(el)) continue;
    let box = el.getBoundingClientRect();
    if (el.matches('input[type=radio], input[type=checkbox]')) {
      const label = el.closest('label') || (el.id && document.querySelector('label[for="' + el.id + '"]'));
      if (label && visible(label)) box = label.getBoundingClientRect();
    }
    if (el.matches('a') && getComputedStyle(el).display === 'inline' && ownText(blockOf(el)).length >= 2) continue;
    if (box.width < 24 || box.height < 24) small.push(name(el) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
    if (el.matches('button.primary, .btn:not(.small)') && box.height < 44) main.push(name(el) + ' ' + Math.round(box.height));
  }
  return {small, main};
}
"""


@pytest.fixture
def pages(group, chair, treasurer, member, production, cash, task, officer, village) -> dict[str, str]:
    """The main pages, each with something on it: an entry, work, an open meeting and vote."""
    today = dt.date.today()
    books.record_entry(
        group=group, by=treasurer, date=today, kind="income", account=cash, amount=Decimal("250.00"),
        category=Category.objects.get(group__isnull=True, kind="income", code="sales"),
    )  # fmt: skip
    own = group.memberships.order_by("number")[2]  # the member's own work waits for the production lead
    books.record_work(group=group, membership=own, task=task, date=today, quantity=Decimal(2), by=member)
    meeting = meetings.schedule_meeting(
        group=group, kind="monthly", date=today, place="ศาลา", agenda=["วาระ"], by=chair
    )
    meetings.open_meeting(meeting=meeting, by=chair)
    meetings.record_attendance(
        meeting=meeting, marks={m.pk: ("present", None) for m in group.memberships.all()}, by=chair
    )
    resolution = meetings.propose_resolution(group=group, meeting=meeting, question="ออกบูธหรือไม่", by=chair)
    from sammachip.households import services as households

    for no in ("1/1", "2/1"):
        households.add_household(
            village=village, house_no=no, head_name="หัวหน้า", member_count=3, consent=True, by=officer
        )
    forum = households.create_forum(village=village, held_on=today, participants=9, by=officer)
    g = f"/groups/{group.pk}"
    return {
        "officer village": f"/villages/{village.pk}/",
        "officer forum": f"/forums/{forum.pk}/",
        "officer visits": f"{g}/visits/",
        "officer health": f"{g}/health/",
        "officer agenda": "/agenda/",
        "chair group": f"{g}/",
        "treasurer books": f"{g}/books/",
        "production work": f"{g}/work/",
        "production work-day": f"{g}/work/day/",
        "chair meeting": f"{g}/meetings/{meeting.pk}/",
        "chair vote": f"{g}/resolutions/{resolution.pk}/",
        "member vote": f"{g}/resolutions/{resolution.pk}/",
        "member home": "/",
        # the group's other sections, as the chair sees them
        **{f"chair {name}": f"{g}/{name}/" for name in (
            "members", "committee", "charter", "activities", "history", "years", "market", "meetings", "ideas",
            "duties", "inspections", "participation", "health", "visits", "reports",
        )},
    }  # fmt: skip


def test_every_tap_target_on_the_main_pages_is_big_enough(live_server, browser, pages) -> None:
    base = live_server.url
    failures: dict[str, dict] = {}
    contexts = {}
    for key, path in pages.items():
        who = key.split()[0]
        if who not in contexts:
            context = browser.new_context(viewport={"width": 360, "height": 800}, locale="th-TH")
            contexts[who] = context.new_page()
            login(contexts[who], base, who)
        page = contexts[who]
        response = page.goto(base + path)
        assert response is not None and response.ok, (key, response and response.status)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(MEASURE)
        if found["small"] or found["main"]:
            failures[key] = found
    for page in contexts.values():
        page.context.close()
    report = "\n".join(
        f"{key}: {kind} {t}" for key, f in failures.items() for kind in ("small", "main") for t in f[kind]
    )
    assert not failures, "\n" + report
