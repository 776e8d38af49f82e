"""Demo market data: the soap group's public page with three products and photos, PromptPay, a shop
placement settled into the books, a booth, a study visit and an order waiting from the public page."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sammachip.accounts.models import User
from sammachip.groups.models import OccupationGroup
from sammachip.market import services

PRODUCTS = [
    (
        "น้ำยาล้างจานมะกรูด",
        "35",
        "ขวด 500 มล.",
        (34, 139, 34),
        "ทำจากมะกรูดและมะนาวในหมู่บ้าน ล้างคราบมันได้ดี ไม่ระคายมือ",
        3,
    ),
    ("สบู่สมุนไพรขมิ้น", "25", "ก้อน", (218, 165, 32), "ขมิ้นชันปลูกเองในสวนสมาชิก", 0),
    ("น้ำยาซักผ้าสูตรอ่อนโยน", "59", "ถุง 1 ลิตร", (70, 130, 180), "สำหรับผ้าเด็กและผ้าบาติก", 0),
]


def picture(color: tuple[int, int, int]) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 900), (245, 242, 232))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((330, 180, 570, 760), radius=40, fill=color)
    draw.rectangle((400, 110, 500, 190), fill=(90, 90, 90))
    draw.ellipse((380, 380, 520, 520), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return SimpleUploadedFile("demo.jpg", out.getvalue())


def load() -> None:
    group = OccupationGroup.objects.get(name="กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ")
    chair = User.objects.get(username="chair")
    services.save_profile(
        group=group, by=chair, slug="soap-sako",
        story="กลุ่มเริ่มจากเวทีวิเคราะห์รายจ่ายของหมู่บ้าน: ครัวเรือนจ่ายค่าน้ำยาล้างจานปีละกว่า 40,000 บาท "
        "วันนี้สมาชิก 14 คนผลิตเองจากมะกรูด มะนาว และขมิ้นที่ปลูกในหมู่บ้าน แบ่งปันผลตามงานที่ทำ",
        contact_phone="0810000001", line_id="soapsako", location="ศาลาอเนกประสงค์ หมู่ 2 บ้านสากอ ต.สากอ",
        how_to_buy="สั่งทางไลน์หรือโทร ส่งทางไปรษณีย์ทั่วประเทศ หรือรับที่กลุ่มทุกวันเสาร์",
        promptpay_id="0810000001", promptpay_name="กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ", is_published=True,
    )  # fmt: skip
    products = [
        services.save_product(
            group=group,
            by=chair,
            name=name,
            price=Decimal(price),
            unit=unit,
            stock=200,
            story=story,
            otop_stars=stars,
            community_standard="8/2546" if stars else "",
            on_sale=True,
            photo=picture(color),
        )  # fmt: skip
        for name, price, unit, color, story, stars in PRODUCTS
    ]
    shop = services.add_shop(
        group=group, name="ร้านของฝากสุไหงปาดี", address="ตลาดสุไหงปาดี", phone="073000999", by=chair
    )
    placement = services.place_goods(
        group=group,
        shop=shop,
        product=products[0],
        quantity=60,
        unit_price=Decimal("30"),
        placed_on=dt.date(2026, 10, 1),
        by=chair,
    )
    services.settle(
        placement=placement, on=dt.date(2026, 11, 1), sold=42, returned=3, amount=Decimal("1260"), by=chair
    )
    services.place_goods(
        group=group,
        shop=shop,
        product=products[1],
        quantity=40,
        unit_price=Decimal("20"),
        placed_on=dt.date(2026, 11, 5),
        by=chair,
    )
    services.record_booth(
        group=group, event="งานกาชาดและของดีนราธิวาส", place="สนามหน้าศาลากลางจังหวัด", starts_on=dt.date(2026, 9, 18),
        ends_on=dt.date(2026, 9, 22), staffed_by="ฝ่ายการตลาด ประธาน สมาชิก 3 คน", sales=Decimal("8450"), by=chair,
    )  # fmt: skip
    services.record_study_visit(
        group=group,
        visitors="กลุ่มแม่บ้าน ต.ริโก๋",
        visited_on=dt.date(2026, 10, 15),
        people=28,
        fee=Decimal("1400"),
        by=chair,
    )
    services.submit_inquiry(
        group=group, kind="order", address="demo", name="คุณวิภา", phone="0891112222", product=products[0], quantity=12,
        message="ส่งไปรษณีย์ที่หาดใหญ่ได้ไหมคะ",
    )  # fmt: skip
