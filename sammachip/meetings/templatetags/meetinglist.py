"""The group's meetings table, a row per meeting drawn here rather than by the template: a page of twelve
rows ran some hundred and thirty template variables and filters, more than the rest of the page's content."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sammachip.core.formrender import escaped
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
    """One <tr> per meeting (read as values: MEETING_ROW): its date (a link to its page), kind, place and
    status, each cell labelled for the stacked table of a phone."""
    date, kind, place, status = (escaped(_(label)) for label in ("Date", "Kind", "Place", "Status"))
    url = escaped(list_url)
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            f'<tr><td data-label="{date}"><a href="{url}{escaped(m["pk"])}/">{escaped(format_date(m["date"]))}</a>'
            f'</td><td data-label="{kind}">{escaped(kinds.get(m["kind"]))}</td><td data-label="{place}">'
            f'{escaped(m["place"])}</td><td data-label="{status}"><span class="badge">'
            f"{escaped(statuses.get(m['status']))}</span></td></tr>"
            for m in meetings
        )
    )
