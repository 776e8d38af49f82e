"""Template filters used on every page: พ.ศ. dates, baht, masked IDs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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


@register.filter
def thmonth(value: dt.date | None) -> str:
    """ "มีนาคม 2568" in Thai, "Mar 2025" in English."""
    if value is None:
        return ""
    from django.utils.translation import get_language

    if (get_language() or "th").startswith("th"):
        return f"{thaidate.THAI_MONTHS[value.month - 1]} {value.year + thaidate.BE_OFFSET}"
    return f"{thaidate.EN_MONTHS_SHORT[value.month - 1]} {value.year}"


@register.filter
def qty(value: Decimal | None) -> str:
    """Work quantities with every decimal they have, without trailing zeros: 12.5, 30, 37.04817."""
    if value is None:
        return ""
    text = f"{Decimal(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
