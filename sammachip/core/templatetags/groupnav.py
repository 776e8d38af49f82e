"""The group's sections, grouped so that a phone can show them: the current one named at the top, its
neighbours one tap away, every other one in a menu that opens without JavaScript. The names are the ones
the guide (docs/guide.md) uses; tests/test_group_nav.py checks the two agree."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (section title, [(tab key, label, url name)]) — in the order of the process: the group, its money and
# work, deciding together, and the officer's follow-up.
SECTIONS = [
    (_("The group"), [
        ("overview", _("Overview"), "groups:detail"),
        ("members", _("Members"), "groups:members"),
        ("committee", _("Committee"), "groups:committee"),
        ("charter", _("Charter"), "groups:charter"),
        ("activities", _("Activities"), "groups:activities"),
        ("history", _("History"), "groups:history"),
    ]),
    (_("Money and work"), [
        ("books", _("Books"), "books:books"),
        ("work", _("Work"), "books:work"),
        ("years", _("Year & dividends"), "books:years"),
        ("market", _("Market"), "market:market"),
    ]),
    (_("Deciding together"), [
        ("meetings", _("Meetings"), "meetings:list"),
        ("ideas", _("Ideas & duties"), "meetings:ideas"),
    ]),
    (_("Follow-up"), [
        ("health", _("Group health"), "visits:group_health"),
        ("visits", _("Visits"), "visits:group_visits"),
        ("reports", _("Annual reports"), "visits:group_reports"),
    ]),
]  # fmt: skip


_MARK = 987654321  # a group id no group has, to find where the id goes in each section's address


@cache
def _address(name: str, prefix: str) -> tuple[str, str]:
    """A section's address around the group's id, from the URLconf (which does not change while the process
    runs): one `reverse` per section per process instead of fifteen per page."""
    before, _mark, after = reverse(name, args=[_MARK]).partition(str(_MARK))
    return before, after


def _path(name: str, group_id: int) -> str:
    before, after = _address(name, get_script_prefix())
    return f"{before}{group_id}{after}"


@register.simple_tag
def group_sections(group: Any, tab: str | None) -> SafeString:
    """The group's navigation, drawn here rather than in a template: every group page carries it, its links
    twice (tabs on a wide screen, the current section and a menu on a phone), and forty-odd template loop
    turns cost more than the page's own content. What it draws depends on nothing but the tab, the language
    and the group's id (no data): drawn once per tab and language with a mark where the id goes."""
    drawn = _drawn(tab, get_language(), get_script_prefix())
    return mark_safe(drawn.replace(str(_MARK), str(int(group.pk))))  # noqa: S308 - drawn escaped; an int


@lru_cache(maxsize=128)
def _drawn(tab: str | None, _language: str, _prefix: str) -> SafeString:
    """The navigation for the mark's group (the arguments after the tab key the cache: the active language
    draws the labels, the script prefix the addresses)."""
    sections = []
    current: tuple[str, list[tuple[str, str, bool]]] | None = None
    for title, tabs in SECTIONS:
        items = [(str(label), _path(name, _MARK), key == tab) for key, label, name in tabs]
        sections.append((str(title), items, any(here for _l, _u, here in items)))
        if sections[-1][2]:
            current = (str(title), items)

    def links(items: list[tuple[str, str, bool]], before: str = "", after: str = "") -> SafeString:
        return format_html_join(
            "",
            before + '<a href="{}"{}>{}</a>' + after,
            ((url, mark_safe(' aria-current="page"') if here else "", label) for label, url, here in items),  # noqa: S308
        )

    wide = format_html_join(
        "",
        '<span class="tab-group{}" role="group" aria-label="{}">{}</span>',
        ((" current" if on else "", title, links(items)) for title, items, on in sections),
    )
    menu = format_html_join(
        "",
        "<div><h3>{}</h3><ul>{}</ul></div>",
        ((title, links(items, "<li>", "</li>")) for title, items, _on in sections),
    )
    top = (
        format_html(
            '<div class="section-tabs" role="group" aria-label="{}">{}</div>', current[0], links(current[1])
        )
        if current
        else ""
    )
    named = format_html(' <span class="muted">· {}</span>', current[0]) if current else ""
    return format_html(
        '<nav class="group-nav" aria-label="{}">\n<div class="tabs wide-only">{}</div>\n<div class="phone-only">\n'
        '{}\n<details class="group-menu" id="group-menu"><summary>{}{}</summary>\n'
        '<div class="menu-sections">{}</div></details>\n</div>\n</nav>',
        _("Group sections"),
        wide,
        top,
        _("All sections of the group"),
        named,
        menu,
    )
