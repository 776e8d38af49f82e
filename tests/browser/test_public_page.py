"""A buyer opens a group's public page on a phone: sees a product and its PromptPay QR, sends an order.
The first load, images included, stays under 100 KB."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sammachip.market import services
from sammachip.market.models import Inquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (240, 235, 220))
    draw = ImageDraw.Draw(image)
    for x in range(0, 1600, 40):  # some detail, so the JPEG is not trivially small
        draw.line((x, 0, 1600 - x, 1200), fill=(40 + x % 200, 120, 60), width=6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return SimpleUploadedFile("p.jpg", out.getvalue())


def test_a_buyer_on_a_phone_sees_a_product_its_qr_and_orders(live_server, phone_page, officer, group) -> None:
    services.save_profile(
        group=group, by=officer, slug="soap", story="น้ำยาล้างจานสมุนไพรจากมะกรูดในหมู่บ้าน", contact_phone="0812345678",
        how_to_buy="โอนพร้อมเพย์แล้วโทรแจ้ง", promptpay_id="0812345678", promptpay_name="กลุ่มน้ำยาล้างจาน", is_published=True,
    )  # fmt: skip
    for n, price in enumerate(("35", "59", "120")):
        services.save_product(
            group=group,
            by=officer,
            name=f"สินค้า {n + 1}",
            price=__import__("decimal").Decimal(price),
            unit="ขวด",
            stock=10,
            on_sale=True,
            photo=photo(),
        )
    page = phone_page
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    page.goto(f"{live_server.url}/g/soap/")
    page.wait_for_load_state("networkidle")
    total = sum(sizes)
    print(f"first load {total:,} bytes in {len(sizes)} responses")
    assert total < 100 * 1024, f"first load {total:,} bytes"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    product = page.locator(".product", has_text="สินค้า 2")
    assert "฿59.00" in product.inner_text()
    product.get_by_text("จ่ายด้วยพร้อมเพย์").click()
    qr = product.locator(".qr img")
    qr.wait_for()
    qr.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    page.select_option("#id_order-product", label="สินค้า 2")
    page.fill("#id_order-name", "คุณสมศรี")
    page.fill("#id_order-phone", "089-111-2222")
    page.fill("#id_order-quantity", "2")
    page.get_by_role("button", name="ส่งคำสั่งซื้อ").click()
    page.wait_for_selector("text=กลุ่มจะโทรกลับ")
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.quantity, inquiry.product.name) == ("คุณสมศรี", 2, "สินค้า 2")  # type: ignore[union-attr]
    assert inquiry.created_at.date() <= dt.date.today()
