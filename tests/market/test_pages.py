"""The market through its pages: the public page, products with photos, orders from the public,
shop placements settled into the books, booths and study visits."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sammachip.bookkeeping.models import Entry
from sammachip.groups import services as group_services
from sammachip.groups.models import Role
from sammachip.market import services
from sammachip.market.models import Booth, Inquiry, MarketProfile, Placement, Product, StudyVisit


def jpeg(width: int = 1200, height: int = 900) -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "JPEG")
    return SimpleUploadedFile("สินค้า.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def marketing(group, officer):
    from tests.conftest import _login_member

    m = group.memberships.order_by("number")[4]
    group_services.appoint_committee_member(
        group=group, membership=m, role=Role.MARKETING, starts_on=dt.date(2024, 1, 15), by=officer
    )
    return _login_member(m, "marketing")


@pytest.fixture
def page(client_for, marketing, group):
    c = client_for(marketing)
    r = c.post(f"/groups/{group.pk}/market/page/", {
        "slug": "soap-sako", "story": "น้ำยาล้างจานสมุนไพรจากมะกรูด", "contact_phone": "0812345678",
        "how_to_buy": "โอนพร้อมเพย์แล้วโทรแจ้ง", "promptpay_id": "081-234-5678", "promptpay_name": "กลุ่มน้ำยาล้างจาน",
        "is_published": "on",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    r = c.post(f"/groups/{group.pk}/market/products/new/", {
        "name": "น้ำยาล้างจานมะกรูด", "price": "35", "unit": "ขวด", "stock": "100", "otop_stars": "3",
        "fda_number": "96-1-00001-2-0001", "on_sale": "on", "photo": jpeg(),
    })  # fmt: skip
    assert r.status_code == 302
    return MarketProfile.objects.get()


def test_bad_page_and_product_input_is_refused(client_for, marketing, group) -> None:
    c = client_for(marketing)
    base = {"slug": "soap", "story": "x", "promptpay_name": "x", "is_published": "on"}
    for bad in ("021234567", "1234567890123", "12345"):
        r = c.post(f"/groups/{group.pk}/market/page/", base | {"promptpay_id": bad})
        assert r.status_code == 422 and "เลขตรวจสอบถูกต้อง" in r.content.decode()
    r = c.post(f"/groups/{group.pk}/market/page/", base | {"slug": "ไทย"})
    assert r.status_code == 422
    assert not MarketProfile.objects.exists()
    for price, message in (("12.345", "ทศนิยม"), ("0", "มากกว่าศูนย์"), ("-5", "มากกว่าศูนย์")):
        r = c.post(
            f"/groups/{group.pk}/market/products/new/",
            {"name": "x", "price": price, "unit": "ขวด", "stock": "1", "otop_stars": "0"},
        )
        assert r.status_code == 422 and message in r.content.decode(), price
    fake = SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")
    r = c.post(
        f"/groups/{group.pk}/market/products/new/",
        {"name": "x", "price": "5", "unit": "ขวด", "stock": "1", "otop_stars": "0", "photo": fake},
    )
    assert r.status_code == 422 and "ไม่ใช่ภาพถ่าย" in r.content.decode()
    huge = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff" + b"0" * (8 * 1024 * 1024 + 1), content_type="image/jpeg"
    )
    r = c.post(
        f"/groups/{group.pk}/market/products/new/",
        {"name": "x", "price": "5", "unit": "ขวด", "stock": "1", "otop_stars": "0", "photo": huge},
    )
    assert r.status_code == 422 and "8 MB" in r.content.decode()
    assert not Product.objects.exists()


def test_the_public_page_shares_well_and_pays_by_promptpay(page, group) -> None:
    product = Product.objects.get()
    assert product.photo.name.endswith(".jpg") and product.thumbnail.name != product.photo.name  # type: ignore[union-attr]
    anon = Client()
    r = anon.get("/g/soap-sako/")
    body = r.content.decode()
    assert r.status_code == 200
    assert '<meta property="og:title" content="กลุ่มน้ำยาล้างจาน">' in body and 'property="og:image"' in body
    assert "น้ำยาล้างจานมะกรูด" in body and "35.00" in body and "OTOP 3★" in body
    assert "<svg" in body and "กลุ่มน้ำยาล้างจาน" in body  # the page QR and the PromptPay QR are inline
    qr = anon.get(f"/g/soap-sako/pay.svg?product={product.pk}&qty=2")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")
    assert anon.get("/g/soap-sako/pay.svg?amount=1.005").status_code == 404
    photo = anon.get(f"/g/soap-sako/photo/{product.pk}/small.jpg")
    assert photo.status_code == 200 and b"".join(photo.streaming_content)[:3] == b"\xff\xd8\xff"  # type: ignore[attr-defined]
    assert anon.get("/g/soap-sako/flyer.pdf").content.startswith(b"%PDF")
    MarketProfile.objects.update(is_published=False)
    assert anon.get("/g/soap-sako/").status_code == 404


def test_orders_reach_the_marketing_lead_and_spam_does_not(
    page, group, client_for, marketing, member
) -> None:
    product = Product.objects.get()
    anon = Client(REMOTE_ADDR="10.0.0.7")
    order = {
        "kind": "order",
        "order-name": "คุณสมศรี",
        "order-phone": "089-111-2222",
        "order-product": product.pk,
        "order-quantity": "3",
    }
    r = anon.post("/g/soap-sako/", order)
    assert r.status_code == 302 and r["Location"].endswith("?sent=1#contact")
    inquiry = Inquiry.objects.get()
    assert (inquiry.kind, inquiry.phone, inquiry.quantity, inquiry.ip_hash != "10.0.0.7") == (
        "order",
        "0891112222",
        3,
        True,
    )
    assert "คุณสมศรี" in client_for(marketing).get(f"/groups/{group.pk}/market/").content.decode()
    assert "คุณสมศรี" not in client_for(member).get(f"/groups/{group.pk}/market/").content.decode()
    # the honeypot: thanked, nothing kept
    assert anon.post("/g/soap-sako/", order | {"order-website": "http://spam"}).status_code == 302
    assert Inquiry.objects.count() == 1
    # a bad phone and a past date are refused on their fields
    r = anon.post("/g/soap-sako/", order | {"order-phone": "12"})
    assert r.status_code == 422 and "0812345678" in r.content.decode()
    visit = {
        "kind": "study_visit",
        "visit-name": "กลุ่มแม่บ้าน",
        "visit-phone": "0812223333",
        "visit-preferred_date": "01/01/2568",
        "visit-people": "20",
    }
    assert anon.post("/g/soap-sako/", visit).status_code == 422
    # the hourly limit per address
    for _ in range(4):
        anon.post("/g/soap-sako/", order)
    r = anon.post("/g/soap-sako/", order)
    assert r.status_code == 422 and "มากเกินไป" in r.content.decode()
    assert Inquiry.objects.count() == 5
    assert Client(REMOTE_ADDR="10.0.0.8").post("/g/soap-sako/", order).status_code == 302


def test_the_hourly_limit_counts_each_client_behind_the_proxy(page, group, settings) -> None:
    """Behind the reverse proxy every order comes from the proxy's address; with the proxy's header
    configured, one sender's limit is hers alone."""
    settings.SAMMACHIP_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    product = Product.objects.get()
    order = {"kind": "order", "order-name": "คุณสมศรี", "order-phone": "0891112222",
             "order-product": product.pk, "order-quantity": "1"}  # fmt: skip
    sender = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(5):
        assert sender.post("/g/soap-sako/", order).status_code == 302
    assert sender.post("/g/soap-sako/", order).status_code == 422
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.post("/g/soap-sako/", order).status_code == 302
    assert Inquiry.objects.count() == 6


def test_placements_settle_into_the_books_and_never_oversell(
    page, group, client_for, marketing, treasurer, cash
) -> None:
    product = Product.objects.get()
    c = client_for(marketing)
    assert (
        c.post(
            f"/groups/{group.pk}/market/shops/", {"action": "shop", "shop-name": "ร้านของฝากสุไหงปาดี"}
        ).status_code
        == 302
    )
    shop_id = group.shops.get().pk
    place = {
        "action": "place",
        "place-shop": shop_id,
        "place-product": product.pk,
        "place-quantity": "30",
        "place-unit_price": "30",
        "place-placed_on": "01/11/2569",
    }
    assert (
        c.post(f"/groups/{group.pk}/market/shops/", place | {"place-quantity": "500"}).status_code == 422
    )  # more than in stock
    assert c.post(f"/groups/{group.pk}/market/shops/", place).status_code == 302
    placement = Placement.objects.get()
    product.refresh_from_db()
    assert product.stock == 70
    settle = {"action": "settle", "placement": placement.pk, f"settle{placement.pk}-on": "20/11/2569"}
    r = c.post(
        f"/groups/{group.pk}/market/shops/",
        settle
        | {
            f"settle{placement.pk}-sold": "25",
            f"settle{placement.pk}-returned": "10",
            f"settle{placement.pk}-amount": "750",
        },
    )
    assert r.status_code == 422 and "เหลือที่ร้านเพียง 30" in r.content.decode()
    assert not Entry.objects.filter(group=group).exists()
    r = c.post(
        f"/groups/{group.pk}/market/shops/",
        settle
        | {
            f"settle{placement.pk}-sold": "20",
            f"settle{placement.pk}-returned": "5",
            f"settle{placement.pk}-amount": "600",
        },
    )
    assert r.status_code == 302
    placement.refresh_from_db()
    product.refresh_from_db()
    assert (placement.sold, placement.returned, placement.collected, placement.remaining, product.stock) == (
        20,
        5,
        Decimal("600.00"),
        5,
        75,
    )
    entry = Entry.objects.get(group=group)
    assert (entry.kind, entry.category.code, entry.amount, entry.date) == (
        "income",
        "sales",
        Decimal("600.00"),
        dt.date(2026, 11, 20),
    )
    page_ = c.get(f"/groups/{group.pk}/market/shops/")
    row = next(iter(page_.context["per_shop"]))
    assert (row.sold, row.at_shop, row.owed) == (20, 5, Decimal("0.00"))
    r = c.post(
        f"/groups/{group.pk}/market/shops/",
        settle
        | {
            f"settle{placement.pk}-sold": "6",
            f"settle{placement.pk}-returned": "0",
            f"settle{placement.pk}-amount": "180",
        },
    )
    assert r.status_code == 422  # only 5 left at the shop
    assert Entry.objects.filter(group=group).count() == 1


def test_booths_and_study_visits_go_into_the_books(page, group, client_for, marketing, cash) -> None:
    c = client_for(marketing)
    r = c.post(
        f"/groups/{group.pk}/market/booths/",
        {
            "event": "งานกาชาดนราธิวาส",
            "place": "สนามกีฬา",
            "starts_on": "10/11/2569",
            "ends_on": "12/11/2569",
            "staffed_by": "ฝ่ายการตลาด",
            "sales": "4,250.50",
        },
    )
    assert r.status_code == 302
    assert (
        c.post(
            f"/groups/{group.pk}/market/booths/",
            {"event": "x", "place": "y", "starts_on": "12/11/2569", "ends_on": "10/11/2569", "sales": "1"},
        ).status_code
        == 422
    )
    r = c.post(
        f"/groups/{group.pk}/market/study-visits/",
        {"visitors": "กลุ่มแม่บ้านตำบลริโก๋", "visited_on": "15/11/2569", "people": "25", "fee": "1,500"},
    )
    assert r.status_code == 302
    assert Booth.objects.get().entry.amount == Decimal("4250.50")  # type: ignore[union-attr]
    assert StudyVisit.objects.get().entry.amount == Decimal("1500.00")  # type: ignore[union-attr]
    assert Entry.objects.filter(group=group, category__code="sales").count() == 2
    assert c.get(f"/groups/{group.pk}/market/study-visits/").context["hosted"]["n"] == 1


def test_who_may_do_what(page, group, client_for, officer, member, treasurer) -> None:
    # the officer helps with the page but does not write the books; a member only reads
    assert client_for(officer).get(f"/groups/{group.pk}/market/page/").status_code == 200
    assert client_for(officer).post(f"/groups/{group.pk}/market/booths/", {"event": "x"}).status_code == 404
    assert client_for(member).get(f"/groups/{group.pk}/market/").status_code == 200
    assert client_for(member).get(f"/groups/{group.pk}/market/page/").status_code == 404
    assert (
        client_for(member).post(f"/groups/{group.pk}/market/study-visits/", {"visitors": "x"}).status_code
        == 404
    )
    assert client_for(treasurer).get(f"/groups/{group.pk}/market/shops/").status_code == 200
    assert services.PER_GROUP_HOURLY == 5


def test_the_product_qr_pays_the_quantity_asked_or_is_refused(page, group) -> None:
    """qty=2 of a ฿35 product is a QR for ฿70; a quantity that is not a whole number from 1 to 10,000 is
    refused, never quietly read as one."""
    product = Product.objects.get()
    anon = Client()
    two = anon.get(f"/g/soap-sako/pay.svg?product={product.pk}&qty=2")
    assert two.status_code == 200 and two.content == anon.get("/g/soap-sako/pay.svg?amount=70").content
    one = anon.get(f"/g/soap-sako/pay.svg?product={product.pk}")
    assert one.status_code == 200 and one.content == anon.get("/g/soap-sako/pay.svg?amount=35").content
    for bad in ("0", "-1", "abc", "1.5", "10001", "", "๒"):
        r = anon.get(f"/g/soap-sako/pay.svg?product={product.pk}&qty={bad}")
        assert r.status_code == 404, bad
