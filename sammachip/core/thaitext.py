"""Amounts in Thai words for receipts and slips, built from Decimal (pythainlp's bahttext takes floats)."""

from __future__ import annotations

from decimal import Decimal

from sammachip.core.money import round_money


def baht_in_words(amount: Decimal) -> str:
    """1250.50 → "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"; whole baht end with "ถ้วน"."""
    from pythainlp.util import num_to_thaiword

    value = round_money(Decimal(amount))
    negative = value < 0
    value = abs(value)
    baht = int(value)
    satang = int((value - baht) * 100)
    text = ("ลบ" if negative else "") + (num_to_thaiword(baht) if baht else "ศูนย์") + "บาท"
    if baht == 0 and satang:
        text = "ลบ" if negative else ""
    if satang:
        text += num_to_thaiword(satang) + "สตางค์"
    else:
        text += "ถ้วน"
    return text
