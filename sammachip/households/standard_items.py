"""The shared item list a forum starts from (seed 5.1.1: what households buy that the village could make)."""

from __future__ import annotations

# (category, item, occupation that could make it in the village or "")
STANDARD_ITEMS: list[tuple[str, str, str]] = [
    ("food", "ข้าวสาร", "ทำนาและแปรรูปข้าว"),
    ("food", "ผัก", "ปลูกผักปลอดสาร"),
    ("food", "เนื้อสัตว์และปลา", "แปรรูปปลา (ปลาแห้ง ข้าวเกรียบปลา)"),
    ("food", "น้ำพริกและเครื่องปรุง", "ทำน้ำพริกและเครื่องปรุง"),
    ("food", "ขนมและของว่าง", "ขนมพื้นบ้าน (ขนมโค)"),
    ("food", "เครื่องดื่ม", "ทำเครื่องดื่มสมุนไพร"),
    ("household", "น้ำยาล้างจาน", "ทำน้ำยาล้างจานและสบู่สมุนไพร"),
    ("household", "ผงซักฟอกและน้ำยาซักผ้า", "ทำน้ำยาล้างจานและสบู่สมุนไพร"),
    ("household", "แชมพูสระผม", "ทำน้ำยาล้างจานและสบู่สมุนไพร"),
    ("household", "สบู่", "ทำน้ำยาล้างจานและสบู่สมุนไพร"),
    ("household", "ของใช้อื่นในบ้าน", ""),
    ("farming", "ปุ๋ย", "ทำปุ๋ยอินทรีย์"),
    ("farming", "เมล็ดพันธุ์และกล้าไม้", "เพาะกล้าและเมล็ดพันธุ์"),
    ("farming", "อาหารสัตว์", "ผลิตอาหารสัตว์"),
    ("farming", "ยาฆ่าแมลงและยาปราบศัตรูพืช", "ทำสารชีวภาพไล่แมลง"),
    ("energy", "ค่าไฟฟ้า", ""),
    ("energy", "แก๊สหุงต้ม", ""),
    ("energy", "น้ำมันเชื้อเพลิง", ""),
    ("transport", "ค่าเดินทาง", ""),
    ("education", "ค่าเล่าเรียนและอุปกรณ์การเรียน", ""),
    ("health", "ค่ารักษาพยาบาลและยา", ""),
    ("debt", "ชำระหนี้", ""),
    ("other", "อื่น ๆ", ""),
]


def ensure_standard_items(item_model: type, occupation_model: type) -> None:
    """Load the standard list (used by the data migration and after a test flushes the tables)."""
    for position, (category, name, occupation) in enumerate(STANDARD_ITEMS, start=1):
        occ = occupation_model.objects.get_or_create(name=occupation)[0] if occupation else None  # type: ignore[attr-defined]
        item_model.objects.get_or_create(  # type: ignore[attr-defined]
            name=name,
            defaults={
                "category": category,
                "can_make_locally": bool(occupation),
                "occupation": occ,
                "position": position,
            },
        )
