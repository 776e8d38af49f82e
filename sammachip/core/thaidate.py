"""Dates as Thai users read and type them: พ.ศ. shown, dd/mm/yyyy in either era accepted."""

from __future__ import annotations

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


def parse_date(text: str) -> dt.date:
    """Parse dd/mm/yyyy (or d-m-yyyy, Thai digits, or ISO yyyy-mm-dd); a year ≥ 2400 is พ.ศ."""
    raw = text.strip().translate(THAI_DIGITS)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if iso:
        year, month, day = (int(x) for x in iso.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw)
        if not m:
            raise ValueError("not a date")
        day, month, year = (int(x) for x in m.groups())
    if year >= 2400:
        year -= BE_OFFSET
    if year < 1900 or year > 2200:
        raise ValueError("year out of range")
    return dt.date(year, month, day)


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


def parse_month(value: object) -> dt.date:
    """A month as people type it: "3/2569", "03/2026", "มี.ค. 2569", "มีนาคม 2569", "2026-03", or a date.

    Returns the first day of the month; a year ≥ 2400 is พ.ศ."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    raw = str(value or "").strip().translate(THAI_DIGITS)
    month = year = 0
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", raw) or None
    if m:
        month, year = int(m.group(1)), int(m.group(2))
    elif m2 := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        year, month = int(m2.group(1)), int(m2.group(2))
    elif m3 := re.fullmatch(r"(\S+)\s*(\d{4})", raw):
        word = m3.group(1)
        for names in (THAI_MONTHS, THAI_MONTHS_SHORT, [n.replace(".", "") for n in THAI_MONTHS_SHORT]):
            if word in names:
                month = names.index(word) + 1
        year = int(m3.group(2))
    else:
        try:
            return parse_date(raw).replace(day=1)
        except ValueError as exc:
            raise ValueError("not a month") from exc
    if year >= 2400:
        year -= BE_OFFSET
    if not 1 <= month <= 12 or year < 1900 or year > 2200:
        raise ValueError("not a month")
    return dt.date(year, month, 1)
