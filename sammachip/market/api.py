"""Products, placements and their settlement over the API, and a group's public PromptPay payload.
The same services and access checks as the pages; money as strings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from sammachip.accounts.types import AuthedRequest
from sammachip.core.money import AmountError, parse_amount
from sammachip.groups.access import Can, access_group

from . import promptpay, services
from .models import Placement, Product, StudyVisit

router = Router(tags=["market"])


class ProductOut(Schema):
    id: int
    name: str
    price: str
    unit: str
    stock: int
    on_sale: bool
    otop_stars: int


class ProductIn(Schema):
    name: str
    price: str
    unit: str = "ชิ้น"
    stock: int = 0
    story: str = ""
    on_sale: bool = True


class PlacementOut(Schema):
    id: int
    shop: str
    product: str
    quantity: int
    sold: int
    returned: int
    remaining: int
    unit_price: str
    collected: str


class SettleIn(Schema):
    on: dt.date
    sold: int
    returned: int = 0
    amount: str


class PayOut(Schema):
    payload: str
    account_name: str
    amount: str | None


def _money(field: str, raw: str):  # type: ignore[no-untyped-def]
    try:
        return parse_amount(raw)
    except AmountError as exc:
        raise ValidationError({field: str(exc)}) from exc


def _product(p: Product) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "price": str(p.price),
        "unit": p.unit,
        "stock": p.stock,
        "on_sale": p.on_sale,
        "otop_stars": p.otop_stars,
    }


def _placement(p: Placement) -> dict:
    return {
        "id": p.pk, "shop": p.shop.name, "product": p.product.name, "quantity": p.quantity, "sold": p.sold,
        "returned": p.returned, "remaining": p.remaining, "unit_price": str(p.unit_price), "collected": str(p.collected),
    }  # fmt: skip


@router.get("/{group_id}/products", response=list[ProductOut])
def products(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [_product(p) for p in Product.objects.filter(group=group)]


@router.post("/{group_id}/products", response={201: ProductOut})
def product_create(request: AuthedRequest, group_id: int, payload: ProductIn) -> Status:
    group, _access = access_group(request.user, group_id, Can.MANAGE_MARKET)
    data = payload.dict()
    data["price"] = _money("price", data["price"])
    return Status(201, _product(services.save_product(group=group, by=request.user, **data)))


@router.get("/{group_id}/placements", response=list[PlacementOut])
def placements(request: AuthedRequest, group_id: int) -> list[dict]:
    group, _access = access_group(request.user, group_id)
    return [_placement(p) for p in Placement.objects.filter(group=group).select_related("shop", "product")]


@router.post("/{group_id}/placements/{placement_id}/settle", response=PlacementOut)
def settle(request: AuthedRequest, group_id: int, placement_id: int, payload: SettleIn) -> dict:
    group, _access = access_group(request.user, group_id, Can.SELL)
    placement = Placement.objects.filter(group=group, pk=placement_id).first()
    if placement is None:
        raise Http404
    services.settle(
        placement=placement, on=payload.on, sold=payload.sold, returned=payload.returned,
        amount=_money("amount", payload.amount), by=request.user,
    )  # fmt: skip
    return _placement(Placement.objects.select_related("shop", "product").get(pk=placement.pk))


@router.get("/{group_id}/promptpay", response=PayOut)
def pay(request: AuthedRequest, group_id: int, amount: str | None = None) -> dict:
    """The group's PromptPay payload (for an amount, or open) — what its QR codes encode."""
    group, _access = access_group(request.user, group_id)
    profile = getattr(group, "market", None)
    if profile is None or not profile.promptpay_id:
        raise ValidationError(_("This group has no PromptPay number."))
    value = _money("amount", amount) if amount else None
    if value is not None and value <= 0:
        # a QR for nothing or for a refund is no payment: refused here, not a failure in the encoder
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    return {
        "payload": promptpay.payload(profile.promptpay_id, value),
        "account_name": profile.promptpay_name,
        "amount": str(value) if value else None,
    }


class StudyVisitOut(Schema):
    id: int
    host: str
    host_id: int
    visitor: str
    visitor_id: int | None
    visited_on: dt.date
    people: int
    note: str


class StudyVisitsOut(Schema):
    hosted: list[StudyVisitOut]
    made: list[StudyVisitOut]


def _visit(v: StudyVisit) -> dict:
    return {
        "id": v.pk, "host": v.group.name, "host_id": v.group_id, "visitor": v.visitors,
        "visitor_id": v.visiting_group_id, "visited_on": v.visited_on, "people": v.people, "note": v.note,
    }  # fmt: skip


@router.get("/{group_id}/study-visits", response=StudyVisitsOut)
def study_visits(request: AuthedRequest, group_id: int) -> dict:
    """Study visits the group hosted and those it made to other groups (one visit, on both groups' records)."""
    group, _access = access_group(request.user, group_id)
    rows = StudyVisit.objects.select_related("group")
    return {
        "hosted": [_visit(v) for v in rows.filter(group=group)],
        "made": [_visit(v) for v in rows.filter(visiting_group=group)],
    }
