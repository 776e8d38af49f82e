"""Demo onboarding: the district office's members sheet for the new fish group, checked and waiting for
the officer — one row refused for a national ID whose check digit is wrong."""

from __future__ import annotations

import csv
import io

from sammachip.accounts.models import User
from sammachip.core.thaiid import check_digit
from sammachip.onboarding import services
from sammachip.places.models import District


def national_id(seed: int) -> str:
    first = f"3{seed:011d}"
    return first + str(check_digit(first))


def load(officer: User) -> None:
    wrong = national_id(96020000101)[:-1] + str((int(national_id(96020000101)[-1]) + 3) % 10)
    rows = [
        ["ลำดับ", "กลุ่ม", "ชื่อ-สกุล", "เลขบัตรประชาชน", "เบอร์โทร", "วันที่สมัคร", "ผู้ก่อตั้ง"],
        ["1", "กลุ่มแปรรูปปลาบ้านกาวะ", "นางรอฮานี มะแซ", national_id(96020000099), "0891234501", "01/10/2569", "ใช่"],
        ["2", "กลุ่มแปรรูปปลาบ้านกาวะ", "นางสาวนูรีซัน สาและ", national_id(96020000100), "", "01/10/2569", ""],
        ["3", "กลุ่มแปรรูปปลาบ้านกาวะ", "นายมะยูโซ๊ะ ดอเลาะ", wrong, "0891234503", "05/10/2569", ""],
        ["4", "กลุ่มแปรรูปปลาบ้านกาวะ", "นางแวเยาะ อาแว", national_id(96020000102), "089-123-4504", "05/10/2569", ""],
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    batch = services.start(
        district=District.objects.get(code="9611"), kind="members", name="สมาชิกกลุ่มปลา ต.ค. 2569.csv",
        content=out.getvalue().encode("utf-8-sig"), by=officer,
    )  # fmt: skip
    services.check(batch, officer)
