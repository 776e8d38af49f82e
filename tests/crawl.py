"""Follow every link a person is shown, from their home, and note what is wrong with each page they reach.

Used by tests/test_crawl.py (Django's test client: 404, 500, login walls, English words on a Thai page) and
tests/browser/test_crawl_width.py (one page per URL pattern at a 360 px viewport)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

PAGES_PER_PERSONA = 150
PAGES_PER_PATTERN = 2

# Links that are not pages to read: leaving, files to download, the admin and the API (their own tests).
SKIP = re.compile(
    r"^/(admin|api|static|media|i18n)/|/accounts/logout/|\.(pdf|xlsx|csv|svg|png|jpg|zip|json)$"
    r"|[?&]format=(pdf|xlsx|csv)|/export|/download|/backup"
)

# Latin words a Thai page may show: names of things that have no Thai name, file formats and units.
ALLOWED = {
    "PromptPay", "OTOP", "LINE", "QR", "PDF", "Excel", "xlsx", "Word", "CSV", "csv", "JSON", "JPG", "PNG", "MB", "UTF",
    "API", "ID", "OK", "Sammachip", "GeoThai", "CC", "BY", "EN", "Facebook", "TikTok", "Shopee", "Lazada",
    "SMS", "PDPA", "kg", "cm", "ml", "km",
}  # fmt: skip
MASK = re.compile(r"^x+$")  # a national ID shown as x-xxxx-xxxx5-34-6
WORD = re.compile(r"[A-Za-z]{2,}")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """The links and the visible text of one page (not scripts, styles, or what a person never reads)."""

    HIDDEN = {"script", "style", "template", "code", "pre", "svg", "textarea", "select", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.lang = ""
        # open elements: (tag, hidden, latin) — latin is an element that says it is not Thai (lang="en") or is
        # data (translate="no"), and everything inside it
        self._open: list[tuple[str, bool, bool]] = []

    def _state(self) -> tuple[bool, bool]:
        return self._open[-1][1:] if self._open else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        hidden, latin = self._state()
        hidden = hidden or tag in self.HIDDEN
        latin = latin or (tag != "html" and a.get("lang", "th") != "th") or a.get("translate") == "no"
        if not hidden and not latin:
            for name in ("title", "aria-label", "placeholder", "alt"):
                if a.get(name):
                    self.text.append(a[name])
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.text.append(a["value"])
        if tag not in VOID:
            self._open.append((tag, hidden, latin))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                return

    def handle_data(self, data: str) -> None:
        hidden, latin = self._state()
        if not hidden and not latin:
            self.text.append(data)


def english_words(text: str, allowed: set[str]) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWED and w not in allowed and not MASK.match(w)]


def pattern_of(path: str) -> str:
    """The URL pattern a path belongs to ("groups/<int:group_id>/books/"), with the names of its query keys."""
    parts = urlsplit(path)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv})
    return route + ("?" + "&".join(keys) if keys else "")


@dataclass
class Visit:
    path: str
    status: int
    size: int
    came_from: str
    english: list[str] = field(default_factory=list)
    lang: str = ""


@dataclass
class Crawl:
    persona: str
    visits: list[Visit] = field(default_factory=list)
    patterns: dict[str, list[str]] = field(default_factory=dict)
    unvisited: set[str] = field(default_factory=set)  # kinds of page linked but cut off by the cap

    def problems(self) -> list[str]:
        out = []
        for v in self.visits:
            if v.status >= 400 or v.status == 0:
                out.append(f"{self.persona}: {v.status} {v.path} (link on {v.came_from})")
            if v.english:
                out.append(f"{self.persona}: English {sorted(set(v.english))} on {v.path}")
            if v.lang and v.lang != "th":
                out.append(f"{self.persona}: lang={v.lang} on {v.path}")
        return out

    def largest(self, *, but: str = "") -> Visit:
        return max((v for v in self.visits if not but or v.path != but), key=lambda v: v.size)


def crawl(
    client: Client,
    persona: str,
    starts: list[str],
    *,
    signed_in: bool,
    allowed: set[str] = frozenset(),  # type: ignore[assignment]
    limit: int = PAGES_PER_PERSONA,
    per_pattern: int = PAGES_PER_PATTERN,
) -> Crawl:
    result = Crawl(persona)
    seen: set[str] = set()
    # links of a URL pattern not met yet go first, so the cap on pages cuts repeats, not kinds of page
    fresh: deque[tuple[str, str]] = deque((s, "(start)") for s in starts)
    queue: deque[tuple[str, str]] = deque()
    while (fresh or queue) and len(result.visits) < limit:
        path, came_from = (fresh or queue).popleft()
        if path in seen:
            continue
        seen.add(path)
        pattern = pattern_of(path)
        taken = result.patterns.setdefault(pattern, [])
        if len(taken) >= per_pattern:
            continue
        taken.append(path)
        response = client.get(path, follow=True)
        final = response.request["PATH_INFO"]
        status = response.status_code
        if signed_in and final.startswith("/accounts/login/"):
            status = 401  # a link that sends a signed-in person to the login page is a dead end too
        body = response.content if not response.streaming else b""
        visit = Visit(path, status, len(body), came_from)
        result.visits.append(visit)
        if not response.get("Content-Type", "").startswith("text/html") or status >= 400:
            continue
        page = _Page()
        page.feed(body.decode())
        visit.lang = page.lang
        visit.english = english_words(" ".join(page.text), allowed)
        for href in page.links:
            link = _same_origin(href, final)
            if link and link not in seen and not SKIP.search(link):
                (queue if pattern_of(link) in result.patterns else fresh).append((link, path))
    result.unvisited = {pattern_of(p) for p, _ in fresh} - set(result.patterns)
    return result


def _same_origin(href: str, base: str) -> str | None:
    href = urldefrag(href.strip())[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:", "sms:", "line:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.netloc != "testserver":
        return None
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path
    if not path.startswith("/"):
        if parts.scheme or parts.netloc:
            return None
        if not path:
            path = base
        else:
            path = base.rsplit("/", 1)[0] + "/" + path
    return path + (f"?{parts.query}" if parts.query else "")
