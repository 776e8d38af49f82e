"""The group's fifteen sections as a navigation a phone can use (issue 20): four named groups, the current
one shown with its tabs, every section one tap away in a menu; the names are the guide's."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

GUIDE = Path(settings.BASE_DIR) / "docs" / "guide.md"


def _nav(page: str) -> str:
    return page[
        page.index('<nav class="group-nav"') : page.index("</nav>", page.index('<nav class="group-nav"'))
    ]


def test_every_section_is_in_the_menu_and_the_current_one_is_marked(client_for, chair, group) -> None:
    c = client_for(chair)
    nav = _nav(c.get(f"/groups/{group.pk}/meetings/").content.decode())
    menu = nav[nav.index('class="group-menu"') :]
    links = re.findall(r'<a href="(/groups/\d+/[^"]*)"', menu)
    assert len(links) == 15 and len(set(links)) == 15
    for title in ("กลุ่ม", "เงินและงาน", "ร่วมตัดสินใจ", "การติดตาม"):
        assert f"<h3>{title}</h3>" in menu
    # on the phone, the current group's tabs come first: the meetings and the ideas, the meetings current
    phone = nav[nav.index('class="section-tabs"') : nav.index('class="group-menu"')]
    assert re.findall(r">([^<]+)</a>", phone) == ["การประชุม", "ความคิดและหน้าที่"]
    assert f'href="/groups/{group.pk}/meetings/" aria-current="page"' in phone
    # the health and visits sections, deep in a row of fifteen tabs before, are named in the menu
    assert f'href="/groups/{group.pk}/health/"' in menu and f'href="/groups/{group.pk}/visits/"' in menu


def test_the_guide_names_the_sections_as_the_menu_does(client_for, chair, group) -> None:
    nav = _nav(client_for(chair).get(f"/groups/{group.pk}/").content.decode())
    labels = set(re.findall(r'<a href="/groups/[^"]*"[^>]*>([^<]+)</a>', nav))
    titles = set(re.findall(r"<h3>([^<]+)</h3>", nav))
    guide = GUIDE.read_text(encoding="utf-8")
    named = re.findall(r"แท็บ \*\*([^*]+)\*\*", guide)
    assert named and set(named) <= labels, set(named) - labels
    paragraph = guide[guide.index("หน้าของกลุ่มแบ่งเป็น") :].split("\n\n")[0]
    assert set(re.findall(r"\*\*([^*]+)\*\*", paragraph)) - {"ทุกส่วนของกลุ่ม"} == titles
    for label in labels:
        assert label in paragraph
