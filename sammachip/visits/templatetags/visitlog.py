"""The group's visit log, a card per visit drawn here rather than by the template: ten cards ran some hundred
and sixty template variables, filters and conditions, a quarter of the visits page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammachip.core.formrender import escaped
from sammachip.core.thaidate import format_date

register = template.Library()


def _text(value: Any) -> str:
    return escaped(value if isinstance(value, str) else str(value))


# What a card shows of a visit, read as values (the log's query).
SHOWN = (
    "pk", "visited_on", "purpose", "observed", "advice",
    "officer__first_name", "officer__last_name", "officer__username", "photo_count",
)  # fmt: skip


def _card(v: Mapping[str, Any], list_url: str, purposes: Mapping[str, Any], advice: str) -> str:
    # The officer's User.get_full_name(), or her username.
    officer = f"{v['officer__first_name']} {v['officer__last_name']}".strip() or v["officer__username"]
    head = (
        f'<div class="card"><a href="{_text(list_url)}{v["pk"]}/"><strong>{_text(format_date(v["visited_on"]))}'
        f"</strong></a> · {_text(purposes.get(v['purpose']))} · {_text(officer)}\n"
    )
    observed = f"<p>{_text(Truncator(v['observed']).chars(200))}</p>" if v["observed"] else ""
    given = (
        f'<p class="muted">{advice}: {_text(Truncator(v["advice"]).chars(160))}</p>' if v["advice"] else ""
    )
    photos = ""
    if n := v["photo_count"]:
        text = ngettext("%(n)s photo", "%(n)s photos", n) % {"n": _text(localize(n))}
        photos = f'<p class="muted">{text}</p>'
    return f"{head}{observed}{given}\n{photos}</div>\n"


@register.simple_tag
def visit_cards(
    visits: Iterable[Mapping[str, Any]], list_url: str, purposes: Mapping[str, Any]
) -> SafeString:
    """Each visit: its date (a link to its page), purpose and officer, what was observed and the advice given
    (cut short), and how many photos were taken."""
    advice = _text(_("Advice"))
    return mark_safe("".join(_card(v, list_url, purposes, advice) for v in visits))  # noqa: S308
