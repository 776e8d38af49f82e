"""The user guide: docs/guide.md (kept in the repository, readable on GitHub) served inside the app.
A small Markdown subset — headings with {#anchors}, paragraphs, lists, **bold**, links and screenshots —
is all the guide uses, so no Markdown library is needed; every text is escaped."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

GUIDE = Path(settings.BASE_DIR) / "docs" / "guide.md"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
HEADING = re.compile(r"^(#{1,3}) (.+?)(?: \{#([a-z0-9-]+)\})?$")
IMAGE = re.compile(r"^!\[([^\]]*)\]\(([\w.-]+\.png)\)$")
ITEM = re.compile(r"^(?:- |\d+\. )(.*)$")


def inline(text: str) -> str:
    out = str(escape(text))
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\[([^\]]+)\]\((#[a-z0-9-]+|/[\w/-]*)\)", r'<a href="\2">\1</a>', out)


def render(source: str, image_url: str) -> tuple[SafeString, list[tuple[int, str, str]]]:
    """HTML of the guide and its table of contents [(level, anchor, title)]."""
    html: list[str] = []
    toc: list[tuple[int, str, str]] = []
    para: list[str] = []
    items: list[str] = []
    ordered = False

    def flush() -> None:
        nonlocal ordered
        if para:
            html.append(f"<p>{inline(' '.join(para))}</p>")
            para.clear()
        if items:
            tag = "ol" if ordered else "ul"
            html.append(f"<{tag}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{tag}>")
            items.clear()

    for raw in source.splitlines():
        line = raw.strip()
        heading, image, item = HEADING.match(line), IMAGE.match(line), ITEM.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level, title, anchor = len(heading.group(1)), heading.group(2), heading.group(3) or ""
            toc.append((level, anchor, title))
            html.append(f'<h{level} id="{anchor}">{escape(title)}</h{level}>')
        elif image:
            flush()
            alt, name = image.groups()
            html.append(
                f'<figure><img src="{image_url}{name}" alt="{escape(alt)}" loading="lazy" width="360">'
                f"<figcaption>{escape(alt)}</figcaption></figure>"
            )
        elif item:
            if para:
                flush()
            ordered = line[0].isdigit()
            items.append(item.group(1))
        elif items and raw.startswith("   "):
            items[-1] += " " + line
        else:
            para.append(line)
    flush()
    return mark_safe("\n".join(html)), toc  # noqa: S308 - every text above went through escape()


@functools.cache
def guide(image_url: str) -> tuple[SafeString, list[tuple[int, str, str]]]:
    return render(GUIDE.read_text(encoding="utf-8"), image_url)


def anchors() -> set[str]:
    return {anchor for _level, anchor, _title in guide("")[1] if anchor}


# Which section of the guide a page's help link opens: by "namespace:url_name", then by namespace.
SECTIONS = {
    "onboarding:checklist": "officer-start", "onboarding:imports": "officer-import",
    "onboarding:batch": "officer-import", "places": "officer-start", "staff": "head",
    "households": "officer-forum", "plans": "officer-plan", "plans:proposal": "officer-proposals",
    "plans:project": "officer-proposals", "plans:project_edit": "officer-proposals",
    "plans:district_proposals": "officer-proposals", "plans:partner_log": "officer-proposals",
    "plans:document": "officer-proposals", "visits": "officer-follow-up",
    "visits:district_agenda": "head", "visits:settings": "head", "visits:province": "province",
    "books": "treasurer-books", "books:years": "treasurer-close", "books:year": "treasurer-close",
    "books:year_close": "treasurer-close", "books:dividends_create": "treasurer-dividends",
    "books:dividends_pay": "treasurer-dividends", "books:work": "member-dividend",
    "meetings": "chair-meeting", "groups:me": "member-dividend", "groups:my_dividend": "member-dividend",
    "groups": "group", "groups:list": "officer-start", "groups:create": "officer-start",
    "search": "officer-search", "line": "line",
}  # fmt: skip


def section_for(namespace: str, url_name: str) -> str:
    return SECTIONS.get(f"{namespace}:{url_name}") or SECTIONS.get(namespace) or "start"
