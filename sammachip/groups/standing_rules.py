"""The officer's standing rules (seed 5.1.2): every charter version carries them; none can be removed.

They are the group's own legal text, kept in Thai as the members read and sign it.
"""

STANDING_RULES: list[tuple[str, str]] = [
    ("inside_first", "เมื่อมีปัญหา ให้พูดคุยหารือกันภายในกลุ่มก่อน ห้ามนำปัญหาไปพูดนอกกลุ่ม"),
    ("officer_second", "หากกลุ่มแก้ปัญหาเองไม่ได้ ให้ปรึกษาพัฒนากรผู้รับผิดชอบ"),
    ("dividends", "กลุ่มต้องจ่ายเงินปันผลให้แก่สมาชิก"),
    ("everyone_earns", "สมาชิกทุกคนต้องมีรายได้จากกลุ่ม"),
    ("by_work", "รายได้เป็นไปตามหลัก ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้"),
    ("work_recorded", "บันทึกการทำงานของสมาชิกทุกคน และจ่ายปันผลตามสัดส่วนของงานที่ทำ"),
]
STANDING_KEYS = [key for key, _ in STANDING_RULES]
