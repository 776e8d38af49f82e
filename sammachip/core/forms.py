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
        except thaidate.NoSuchDate as exc:
            raise no_such_date(exc) from exc
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def no_such_date(exc: thaidate.NoSuchDate) -> ValidationError:
    """31/02/2569 is written right but is no day of the calendar: say so, with the month's length."""
    days = exc.days_in_month()
    if days is None:
        return ValidationError(
            _("There is no month %(month)s: months are 1 to 12."),
            code="no_such_date",
            params={"month": exc.month},
        )
    month = thaidate.format_date(dt.date(exc.year, exc.month, 1), "long").split(" ", 1)[1]
    return ValidationError(
        _("%(month)s has %(days)s days: there is no day %(day)s."),
        code="no_such_date",
        params={"month": month, "days": days, "day": exc.day},
    )


class ThaiDateTimeInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "วว/ดด/ปปปป ชช:นน", "autocomplete": "off", "class": "datetime"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            return thaidate.input_datetime(value)
        return super().format_value(value)


class ThaiDateTimeField(forms.Field):
    """A day and a time, "09/12/2569 18:00": the year in พ.ศ. (or C.E.) as in every date field, read in the
    site's time zone."""

    widget = ThaiDateTimeInput
    default_error_messages = {
        "invalid": _("Enter a day and a time as day/month/year hour:minute, for example 09/12/2569 18:00.")
    }

    def to_python(self, value: Any) -> dt.datetime | None:
        from django.forms.utils import from_current_timezone

        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            return from_current_timezone(thaidate.parse_datetime(str(value)))
        except thaidate.NoSuchDate as exc:
            raise no_such_date(exc) from exc
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


NOT_CONFIRMED = _("Tick the box to confirm: this cannot be undone.")


class ConfirmField(forms.BooleanField):
    """The extra step before something that cannot be undone: a box, drawn on the page with what will happen
    as its label, that must be ticked (checked by the server; no JavaScript needed)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", True)
        kwargs.setdefault("error_messages", {"required": NOT_CONFIRMED})
        super().__init__(**kwargs)


def confirmed(data: Any) -> bool:
    """Whether a plain form (a single button) came with its confirm box ticked (name "confirm")."""
    return data.get("confirm") in ("yes", "on", "1", "true")


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
