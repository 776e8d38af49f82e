"""The group's meetings table, a row per meeting drawn here rather than by the template: a page of twelve
rows ran some hundred and thirty template variables and filters, more than the rest of the page's content."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sammachip.core.thaidate import format_date

register = template.Library()


# What a row shows of a meeting, read as values (the list's query).
MEETING_ROW = ("pk", "date", "kind", "place", "status")


@register.simple_tag
def meeting_rows(
    meetings: Iterable[Mapping[str, Any]],
    list_url: str,
    kinds: Mapping[str, Any],
    statuses: Mapping[str, Any],
) -> SafeString:
    """One <tr> per meeting (read as values: MEETING_ROW): its date (a link to its page), kind, place and status, each cell labelled for the
    stacked table of a phone."""
    labels = [conditional_escape(_(label)) for label in ("Date", "Kind", "Place", "Status")]
    return format_html_join(
        "",
        '<tr><td data-label="{}"><a href="{}{}/">{}</a></td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td data-label="{}"><span class="badge">{}</span></td></tr>',
        (_cells(m, list_url, kinds, statuses, *labels) for m in meetings),
    )


def _cells(
    m: Mapping[str, Any], list_url: str, kinds: Mapping[str, Any], statuses: Mapping[str, Any], *labels: str
) -> tuple:
    date, kind, place, status = labels
    when = format_date(m["date"], "short")
    return (
        date, list_url, m["pk"], when, kind, str(kinds.get(m["kind"])),
        place, m["place"], status, str(statuses.get(m["status"])),
    )  # fmt: skip
