"""Products, placements and settlement through the API: the same rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.bookkeeping.models import Entry
from sammachip.market import services

from .test_pages import marketing  # noqa: F401 - the fixture


def api_for(user) -> Client:  # type: ignore[no-untyped-def]
    _t, key = ApiToken.issue(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_products_and_settlement_over_the_api(marketing, member, group, cash) -> None:  # noqa: F811
    api = api_for(marketing)
    r = api.post(
        f"/api/v1/groups/{group.pk}/products",
        {"name": "สบู่", "price": "25.5", "stock": 50},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["price"] == "25.50"
    r = api.post(
        f"/api/v1/groups/{group.pk}/products",
        {"name": "x", "price": "1.999"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "price"
    assert (
        api_for(member)
        .post(
            f"/api/v1/groups/{group.pk}/products",
            {"name": "y", "price": "5"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    product = group.products.get()
    shop = services.add_shop(group=group, name="ร้าน", by=marketing)
    placement = services.place_goods(
        group=group,
        shop=shop,
        product=product,
        quantity=10,
        unit_price=Decimal(20),
        placed_on=dt.date(2026, 11, 1),
        by=marketing,
    )
    url = f"/api/v1/groups/{group.pk}/placements/{placement.pk}/settle"
    r = api.post(url, {"on": "2026-11-20", "sold": 11, "amount": "220"}, content_type="application/json")
    assert r.status_code == 422 and not Entry.objects.exists()
    r = api.post(
        url, {"on": "2026-11-20", "sold": 8, "returned": 1, "amount": "160"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["remaining"] == 1
    assert Entry.objects.get().amount == Decimal("160.00")
    assert len(api_for(member).get(f"/api/v1/groups/{group.pk}/placements").json()) == 1
    services.save_profile(
        group=group, by=marketing, slug="s", promptpay_id="0812345678", promptpay_name="กลุ่ม", story="x"
    )
    pay = api.get(f"/api/v1/groups/{group.pk}/promptpay?amount=35").json()
    assert (
        pay["payload"].startswith("00020101021229370016A00000067701011101130066812345678")
        and pay["amount"] == "35.00"
    )


def test_a_bad_promptpay_amount_is_refused_not_a_server_error(group, marketing) -> None:  # noqa: F811
    services.save_profile(
        group=group, by=marketing, slug="s", promptpay_id="0812345678", promptpay_name="กลุ่ม", story="x"
    )
    api = api_for(marketing)
    for bad in ("-5", "0", "0.00", "abc", "1.005", "-0.01"):
        r = api.get(f"/api/v1/groups/{group.pk}/promptpay?amount={bad}")
        assert r.status_code == 422, (bad, r.status_code)
        assert [e["field"] for e in r.json()["errors"]] == ["amount"], bad
