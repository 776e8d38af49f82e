"""The standard income and expense categories every group starts with (groups may add their own)."""

from __future__ import annotations

from typing import Any

OPENING_BALANCE, OPENING_SHARES = "opening_balance", "opening_shares"

CATEGORIES = [
    ("income", OPENING_BALANCE, "ยอดยกมา", "opening", 98),
    ("income", OPENING_SHARES, "ค่าหุ้นสมาชิกยกมา", "opening", 99),
    ("income", "sales", "ขายสินค้าและบริการ", "sales", 10),
    ("income", "member_fees", "ค่าสมัครและค่าบำรุงสมาชิก", "", 20),
    ("income", "shares", "เงินค่าหุ้นสมาชิก", "capital", 30),
    ("income", "grant", "เงินอุดหนุนหรือสนับสนุนจากภาคี", "grant", 40),
    ("income", "other_income", "รายได้อื่น", "", 90),
    ("expense", "raw_materials", "ค่าวัตถุดิบ", "", 10),
    ("expense", "wages", "ค่าแรง", "", 20),
    ("expense", "equipment", "ค่าวัสดุอุปกรณ์", "", 30),
    ("expense", "utilities", "ค่าน้ำ ค่าไฟ ค่าโทรศัพท์", "", 40),
    ("expense", "transport", "ค่าขนส่ง", "", 50),
    ("expense", "marketing", "ค่าการตลาดและออกบูธ", "", 60),
    ("expense", "other_expense", "ค่าใช้จ่ายอื่น", "", 90),
    ("expense", "dividend", "เงินปันผลจ่ายสมาชิก", "dividend", 95),
]


def ensure_standard_categories(Category: Any) -> None:  # noqa: N803 - a model class, historical in migrations
    for kind, code, name, role, position in CATEGORIES:
        Category.objects.get_or_create(
            group=None, kind=kind, code=code, defaults={"name": name, "role": role, "position": position}
        )
