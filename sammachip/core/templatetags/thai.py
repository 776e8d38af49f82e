"""Template filters used on every page: พ.ศ. dates, baht, masked IDs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from sammachip.core import thaidate
from sammachip.core.money import round_money

register = template.Library()


@register.filter
def thdate(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    return thaidate.format_date(value, style)


@register.filter
def baht(value: Decimal | int | None) -> str:
    """1234.5 → "1,234.50"; money is never shown as a float."""
    if value is None or value == "":
        return ""
    amount = round_money(Decimal(value))
    return f"{amount:,.2f}"


@register.filter
def number(value: int | None) -> str:
    return "" if value is None else f"{int(value):,}"


@register.filter
def verb_label(verb: str) -> str:
    from sammachip.core.verbs import VERB_LABELS

    return str(VERB_LABELS.get(verb, verb))
