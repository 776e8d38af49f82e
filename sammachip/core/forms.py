"""Form fields for what Thai users type: พ.ศ. dates and amounts with separators or Thai digits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sammachip.core import thaidate
from sammachip.core.money import AmountError, parse_amount


class ThaiDateInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "วว/ดด/ปปปป", "inputmode": "numeric", "autocomplete": "off", "class": "date"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return thaidate.input_value(value)
        return super().format_value(value)


class ThaiDateField(forms.Field):
    """dd/mm/yyyy with a พ.ศ. year (2568) or a C.E. year (2025); ISO also accepted."""

    widget = ThaiDateInput
    default_error_messages = {"invalid": _("Enter a date as day/month/year, for example 07/03/2568.")}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return thaidate.parse_date(str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class MoneyFormField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "money"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_amount(text)
        except AmountError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
