"""Money in one place: the field, the one rounding function, parsing what Thai users type, splits."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_DIGITS = 14
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
K = TypeVar("K", bound=Hashable)


def MoneyField(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField:  # noqa: N802 - reads like a field
    """Every amount of money: 14 digits, 2 decimals."""
    kwargs.setdefault("max_digits", MAX_DIGITS)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def round_money(value: Decimal) -> Decimal:
    """The one rounding of money: half up to the satang."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class AmountError(ValueError):
    pass


def parse_amount(text: str | int | Decimal) -> Decimal:
    """Parse "1,250.50", "๑๒๕๐", "฿ 30" into a Decimal; refuse more than two decimals, never round."""
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        cleaned = str(text).translate(THAI_DIGITS).replace("฿", "").replace("บาท", "").strip()
        cleaned = cleaned.replace(" ", "")
        if not re.fullmatch(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", cleaned):
            raise AmountError(_("Enter an amount such as 1,250.50"))
        try:
            value = Decimal(cleaned.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
            raise AmountError(_("Enter an amount such as 1,250.50")) from exc
    # The size first: rounding a number of more digits than the decimal context holds (28) is itself an
    # error, so forty 1s typed in the amount box would otherwise answer 500.
    if abs(value) >= Decimal(10) ** (MAX_DIGITS - 2):
        raise AmountError(_("The amount is too large."))
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AmountError(_("An amount has at most two decimals (satang)."))
    return value.quantize(CENT)


def split_by_weight(
    pool: Decimal, weights: Mapping[K, Decimal], *, order: list[K] | None = None
) -> dict[K, Decimal]:
    """Split `pool` in proportion to `weights` so the parts add up to the pool exactly.

    Largest remainder to the satang; ties go to the earlier key in `order` (a stable key such as the
    member number). A zero weight gets nothing.
    """
    keys = order if order is not None else sorted(weights, key=str)
    total_weight = sum((weights[k] for k in keys), Decimal(0))
    if pool < 0:
        raise ValueError("cannot split a negative pool")
    if total_weight <= 0:
        return {k: Decimal("0.00") for k in keys}
    cents = int((pool / CENT).to_integral_value())
    exact = {k: Decimal(cents) * weights[k] / total_weight for k in keys}
    floors = {k: int(exact[k]) for k in keys}
    left = cents - sum(floors.values())
    position = {k: i for i, k in enumerate(keys)}
    ranked = sorted((k for k in keys if weights[k] > 0), key=lambda k: (-(exact[k] - floors[k]), position[k]))
    for k in ranked[:left]:
        floors[k] += 1
    return {k: Decimal(floors[k]) * CENT for k in keys}


def exact_sum(expression: Any, places: int = 2, *, filter: Any = None) -> Any:
    """SUM that is exact on SQLite too: SQLite keeps decimals as floats, so sum whole units of
    10^-places (rounded per row, where each value is exact) and scale back in Python (`from_units`).
    `filter` (a Q) sums only the rows it holds, as Sum's own."""
    from django.db.models import BigIntegerField, F, Sum
    from django.db.models.functions import Cast, Coalesce, Round

    expr = F(expression) if isinstance(expression, str) else expression
    return Coalesce(Sum(Cast(Round(expr * (10**places)), BigIntegerField()), filter=filter), 0)


def satang(field: str) -> Any:
    """A money column as whole satang, for the rules the database checks. SQLite keeps decimals as floats,
    where 553.02 + 108.42 is 661.4399999999999, not 661.44: each value alone is exact to the satang, so
    round it to whole satang first and compare whole numbers, which add up exactly on every database."""
    from django.db.models import BigIntegerField, F
    from django.db.models.functions import Cast, Round

    return Cast(Round(F(field) * 100), BigIntegerField())


def from_units(units: int | None, places: int = 2) -> Decimal:
    return (Decimal(units or 0) / (Decimal(10) ** places)).quantize(Decimal(1).scaleb(-places))
