"""Thai national ID numbers (เลขประจำตัวประชาชน): 13 digits with a check digit."""

from __future__ import annotations

import re

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalize_national_id(text: str) -> str:
    """Strip the dashes and spaces people type ("1-2345-67890-12-1") and Thai digits."""
    return re.sub(r"[\s\-]", "", text.translate(THAI_DIGITS))


def check_digit(first12: str) -> int:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid_national_id(text: str) -> bool:
    digits = normalize_national_id(text)
    return bool(re.fullmatch(r"\d{13}", digits)) and check_digit(digits[:12]) == int(digits[12])


def mask_national_id(digits: str) -> str:
    """Show only the last four digits: x-xxxx-xxxxx-12-3."""
    if len(digits) != 13:
        return "•" * len(digits)
    return f"x-xxxx-xxxx{digits[9]}-{digits[10:12]}-{digits[12]}"
