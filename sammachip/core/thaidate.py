"""Dates as Thai users read and type them: พ.ศ. shown, dd/mm/yyyy in either era accepted."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import get_language

BE_OFFSET = 543
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
EN_MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


DATE_PATTERNS = (
    # ISO yyyy-mm-dd (what a browser's date input or an export sends)
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")),
    # 02/12/2569, 2.12.2569, 2-12-2569, with spaces around the separator tolerated
    (re.compile(r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})")),
    # 02122569: digits only, as typed on a phone's number pad (day and month two digits each)
    (re.compile(r"(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})")),
)


class NoSuchDate(ValueError):
    """Read as a date, but the calendar has no such day: 31/02/2569, 29/02 in a common year, month 13."""

    def __init__(self, day: int, month: int, year: int) -> None:
        super().__init__(f"no such date: {day}/{month}/{year}")
        self.day, self.month, self.year = day, month, year

    def days_in_month(self) -> int | None:
        return calendar.monthrange(self.year, self.month)[1] if 1 <= self.month <= 12 else None


def parse_date(text: str) -> dt.date:
    """The one place a typed date is read: dd/mm/yyyy, dd.mm.yyyy, d-m-yyyy, ddmmyyyy (digits only, from a
    number pad), Thai digits, or ISO yyyy-mm-dd. A year ≥ 2400 is พ.ศ. (−543)."""
    raw = text.strip().translate(THAI_DIGITS)
    for pattern in DATE_PATTERNS:
        m = pattern.fullmatch(raw)
        if m:
            day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
            break
    else:
        raise ValueError("not a date")
    if year >= 2400:
        year -= BE_OFFSET
    if year < 1900 or year > 2200:
        raise ValueError("year out of range")
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise NoSuchDate(day, month, year)
    return dt.date(year, month, day)


def parse_datetime(text: str) -> dt.datetime:
    """A date and a time as typed: "09/12/2569 18:00" (พ.ศ., as every date), "9/12/2026 18.00 น.", ISO
    "2026-12-09T18:00". The date follows `parse_date`; the result is naive (the caller's time zone)."""
    raw = text.strip().translate(THAI_DIGITS)
    m = re.fullmatch(r"(\S+?)(?:\s*[T ,]\s*)(\d{1,2})[:.](\d{2})(?::\d{2})?(?:\s*น\.?)?", raw)
    if not m:
        raise ValueError("not a date and time")
    hour, minute = int(m.group(2)), int(m.group(3))
    if hour > 23 or minute > 59:
        raise ValueError("not a time")
    return dt.datetime.combine(parse_date(m.group(1)), dt.time(hour, minute))


def input_datetime(value: dt.datetime | None) -> str:
    """The value a date-and-time input shows: "09/12/2569 18:00", local time, พ.ศ."""
    if value is None:
        return ""
    from django.utils import timezone

    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{input_value(value.date())} {value:%H:%M}"


def format_date(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """A date in the reader's language: "7 มี.ค. 2568" (พ.ศ.) in Thai, "7 Mar 2025" in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if (get_language() or "th").startswith("th"):
        months = THAI_MONTHS if style == "long" else THAI_MONTHS_SHORT
        text = f"{value.day} {months[value.month - 1]} {value.year + BE_OFFSET}"
    else:
        text = f"{value.day} {EN_MONTHS_SHORT[value.month - 1]} {value.year}"
    if isinstance(value, dt.datetime):
        text += f" {value:%H:%M}"
    return text


def input_value(value: dt.date | None) -> str:
    """The value a date input shows: dd/mm/yyyy in พ.ศ., so what the user sees is what they type."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


def previous_month_start(day: dt.date) -> dt.date:
    """The first day of the month before `day`'s: a group that has not met since then missed last month."""
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _month_named(word: str) -> int:
    for names in (THAI_MONTHS, THAI_MONTHS_SHORT, [n.replace(".", "") for n in THAI_MONTHS_SHORT]):
        if word in names:
            return names.index(word) + 1
    return 0


def parse_month(value: object) -> dt.date:
    """A month as people type it: "3/2569", "03/2026", "102569", "มี.ค. 2569", "มีนาคม 2569", "2026-03", or a date.

    Returns the first day of the month; a year ≥ 2400 is พ.ศ."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    raw = str(value or "").strip().translate(THAI_DIGITS)
    month = year = 0
    # 10/2569, 10.2569, 10 - 2569, or 102569 (digits only, from a phone's number pad)
    m = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{4})", raw) or re.fullmatch(r"(\d{2})(\d{4})", raw)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
    elif m2 := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        year, month = int(m2.group(1)), int(m2.group(2))
    elif (m3 := re.fullmatch(r"(\S+)\s*(\d{4})", raw)) and (month := _month_named(m3.group(1))):
        year = int(m3.group(2))
    else:  # a whole date (15/10/2569, 15102569): its month
        try:
            return parse_date(raw).replace(day=1)
        except ValueError as exc:
            raise ValueError("not a month") from exc
    if year >= 2400:
        year -= BE_OFFSET
    if not 1 <= month <= 12 or year < 1900 or year > 2200:
        raise ValueError("not a month")
    return dt.date(year, month, 1)
