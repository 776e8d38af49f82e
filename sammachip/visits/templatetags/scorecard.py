"""The health page's rows, drawn here rather than in a template: seventeen scorecard rows, each looking up
its definition and its area and testing whether it is met, and up to 24 days of the level over time cost
the page more in template loop turns than the facts they show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sammachip.core import thaidate

register = template.Library()

MET = format_html('<span class="ok">{}</span>', "✓")
NOT_MET = format_html('<span class="missing">{}</span>', "✗")


@register.simple_tag
def scorecard_rows(
    indicators: Iterable[Any],
    definitions: Mapping[str, tuple[str, str]],
    areas: Mapping[str, Any],
    l_indicator: str,
    l_how: str,
    l_now: str,
) -> SafeString:
    """A row per indicator: its area and name, how it is measured, its value now, and whether it is met."""
    rows = []
    for i in indicators:
        name, how = definitions.get(i.key) or ("", "")
        rows.append(
            (
                "" if i.met else SafeString(' class="not-met"'),
                l_indicator,
                areas.get(i.area),
                name,
                l_how,
                how,
                l_now,
                i.value or "",
                MET if i.met else NOT_MET,
            )
        )
    return format_html_join(
        "",
        '<tr{}><td data-label="{}"><span class="muted">{}</span><br><strong>{}</strong></td>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td><td>{}</td></tr>',
        rows,
    )


@register.simple_tag
def level_history(history: Iterable[Any], level_labels: Mapping[str, Any]) -> SafeString:
    """A line per kept day: the day, the level and the score."""
    return format_html_join(
        "",
        "<li>{} · {} · {}%</li>",
        ((thaidate.format_date(h.computed_on, "short"), level_labels.get(h.level), h.score) for h in history),
    )
