"""A page with nothing in it yet says what to do next: a group founded today and a village with no forum
show, on every list, a sentence pointing to the next step — never an empty table or list."""

from __future__ import annotations

import datetime as dt
import re

from sammachip.groups import services

# Group pages whose main list is empty for a group founded today, with no members, books or meetings.
EMPTY_GROUP_PAGES = [
    "members/", "committee/", "activities/", "charter/", "books/", "work/", "years/", "meetings/", "ideas/",
    "duties/", "inspections/", "participation/", "market/", "market/shops/", "market/booths/",
    "market/study-visits/", "visits/", "reports/",
]  # fmt: skip
OTHER_GROUP_PAGES = ["", "history/", "books/settings/", "health/"]
EMPTY_CONTAINER = re.compile(r"<(tbody|ul|ol|dl)[^>]*>\s*</\1>")


def _empty_notes(body: str) -> list[str]:
    notes = re.findall(r'class="empty"[^>]*>(.*?)</(?:p|td|li|div)>', body, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", n).strip() for n in notes]


def test_new_group_and_village_pages_say_what_to_do_next(
    client_for, officer, village, occupation, district_head
) -> None:
    group = services.create_group(
        name="กลุ่มใหม่", village=village, occupation=occupation, founded_on=dt.date(2026, 1, 5), by=officer
    )
    c = client_for(officer)
    pages = [f"/groups/{group.pk}/{p}" for p in EMPTY_GROUP_PAGES]
    pages += [f"/villages/{village.pk}/", f"/villages/{village.pk}/survey/", "/districts/9611/proposals/",
              "/places/districts/9611/partners/", "/accounts/tokens/"]  # fmt: skip
    for url in pages:
        r = c.get(url)
        body = r.content.decode()
        assert r.status_code == 200, url
        notes = _empty_notes(body)
        # a sentence in Thai, not a dash or a bare "none"
        assert notes and all(len(n) >= 12 for n in notes), (url, notes)
        assert not EMPTY_CONTAINER.search(body), (url, EMPTY_CONTAINER.search(body))
    others = [f"/groups/{group.pk}/{p}" for p in OTHER_GROUP_PAGES]
    others += ["/", "/groups/", "/places/", "/places/districts/9611/", "/district/9611/", "/agenda/",
               "/district/9611/reports/", f"/villages/{village.pk}/plans/", "/districts/9611/start/",
               "/districts/9611/imports/"]  # fmt: skip
    for url in others:
        body = c.get(url).content.decode()
        assert not EMPTY_CONTAINER.search(body), (url, EMPTY_CONTAINER.search(body))
    for url in ["/places/districts/9611/staff/", "/privacy/breaches/"]:
        body = client_for(district_head).get(url).content.decode()
        assert not EMPTY_CONTAINER.search(body), url
    work = c.get(f"/groups/{group.pk}/work/").content.decode()
    assert "ฝ่ายผลิตยืนยัน" in work
