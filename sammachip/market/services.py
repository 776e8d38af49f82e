"""Market writes: the public page, products, inquiries from the public (rate-limited, honeypot),
shop placements and their settlements, booths and study visits. Every sale becomes an entry in the
group's books here, once — nobody types it twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import Category, Entry, MoneyAccount
from sammachip.core.clock import today
from sammachip.core.images import reencode
from sammachip.core.models import record_event
from sammachip.groups.models import OccupationGroup

from .models import Booth, Inquiry, MarketProfile, Placement, Product, Settlement, Shop, StudyVisit
from .promptpay import PromptPayError, normalize_id

# Public forms: this many messages an hour from one address to one group, and to all groups.
PER_GROUP_HOURLY = 5
PER_ADDRESS_HOURLY = 20


def default_slug(group: OccupationGroup) -> str:
    return f"group-{group.pk}"


@transaction.atomic
def save_profile(*, group: OccupationGroup, by: Any, photo: Any = None, **fields: Any) -> MarketProfile:
    profile = MarketProfile.objects.filter(group=group).first() or MarketProfile(
        group=group, slug=default_slug(group)
    )
    raw = (fields.get("promptpay_id") or "").strip()
    if raw:
        try:
            fields["promptpay_id"] = normalize_id(raw)
        except PromptPayError as exc:
            raise ValidationError(
                {
                    "promptpay_id": _(
                        "Enter a mobile number such as 0812345678 or a 13-digit ID with a correct check digit."
                    )
                }
            ) from exc
        if not (fields.get("promptpay_name") or "").strip():
            raise ValidationError(
                {"promptpay_name": _("Enter the account name buyers will see in their bank app.")}
            )
    if fields.get("is_published") and not (fields.get("story") or "").strip():
        raise ValidationError({"story": _("Write the group's story before the page goes public.")})
    for key, value in fields.items():
        setattr(profile, key, value)
    if photo:
        content, _w, _h = reencode(photo, field="photo", max_side=1200, quality=75)
        profile.photo.save(str(content.name), content, save=False)
    profile.full_clean(exclude=["group"])
    profile.save()
    record_event(
        target=profile,
        verb="market.profile.saved",
        actor=by,
        group_id=group.pk,
        data={"fields": sorted(fields)},
    )
    return profile


@transaction.atomic
def save_product(
    *, group: OccupationGroup, by: Any, product: Product | None = None, photo: Any = None, **fields: Any
) -> Product:
    new = product is None
    product = product or Product(group=group)
    if fields.get("price") is not None and fields["price"] <= 0:
        raise ValidationError({"price": _("The price must be more than zero.")})
    for key, value in fields.items():
        setattr(product, key, value)
    if photo:
        big, _w, _h = reencode(photo, field="photo", max_side=900, quality=78)
        small, _w, _h = reencode(photo, field="photo", max_side=320, quality=68)
        product.photo.save(str(big.name), big, save=False)
        product.thumbnail.save(str(small.name), small, save=False)
    product.full_clean(exclude=["group"])
    if Product.objects.filter(group=group, name=product.name).exclude(pk=product.pk).exists():
        raise ValidationError({"name": _("The group already has a product with this name.")})
    product.save()
    record_event(
        target=product, verb="market.product.added" if new else "market.product.updated", actor=by,
        group_id=group.pk, data={"name": product.name, "price": str(product.price)},
    )  # fmt: skip
    return product


def ip_hash(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


@transaction.atomic
def submit_inquiry(*, group: OccupationGroup, kind: str, address: str, **fields: Any) -> Inquiry:
    """Keep a message from the public for the group's marketing lead, within the hourly limits."""
    since = timezone.now() - dt.timedelta(hours=1)
    digest = ip_hash(address)
    recent = Inquiry.objects.filter(ip_hash=digest, created_at__gte=since)
    if recent.filter(group=group).count() >= PER_GROUP_HOURLY or recent.count() >= PER_ADDRESS_HOURLY:
        raise ValidationError(
            _("Too many messages from here in the last hour. Please call the group instead.")
        )
    phone = re.sub(r"[\s\-]", "", fields.get("phone") or "")
    if not re.fullmatch(r"0\d{8,9}", phone):
        raise ValidationError({"phone": _("Enter a Thai phone number such as 0812345678.")})
    product = fields.get("product")
    if product is not None and (product.group_id != group.pk or not product.on_sale):
        raise ValidationError({"product": _("Choose a product of this group.")})
    when = fields.get("preferred_date")
    if when is not None and when < today():
        raise ValidationError({"preferred_date": _("Choose a day from today on.")})
    inquiry = Inquiry(group=group, kind=kind, ip_hash=digest, **{**fields, "phone": phone})
    inquiry.full_clean(exclude=["handled_by"])
    inquiry.save()
    record_event(
        target=inquiry, verb="market.inquiry.received", actor=None, group_id=group.pk, data={"kind": kind}
    )
    return inquiry


@transaction.atomic
def mark_handled(*, inquiry: Inquiry, by: Any) -> Inquiry:
    inquiry.status, inquiry.handled_by = Inquiry.Status.HANDLED, by
    inquiry.save(update_fields=["status", "handled_by"])
    record_event(target=inquiry, verb="market.inquiry.handled", actor=by, group_id=inquiry.group_id)
    return inquiry


@transaction.atomic
def add_shop(*, group: OccupationGroup, name: str, address: str = "", phone: str = "", by: Any) -> Shop:
    if Shop.objects.filter(group=group, name=name.strip()).exists():
        raise ValidationError({"name": _("The group already has a shop with this name.")})
    shop = Shop(group=group, name=name.strip(), address=address, phone=phone)
    shop.full_clean(exclude=["group"])
    shop.save()
    record_event(target=shop, verb="market.shop.added", actor=by, group_id=group.pk, data={"name": shop.name})
    return shop


@transaction.atomic
def place_goods(
    *,
    group: OccupationGroup,
    shop: Shop,
    product: Product,
    quantity: int,
    unit_price: Decimal,
    placed_on: dt.date,
    by: Any,
) -> Placement:
    if shop.group_id != group.pk or product.group_id != group.pk:
        raise ValidationError(_("Choose a shop and a product of this group."))
    if placed_on > today():
        raise ValidationError({"placed_on": _("This date is in the future.")})
    if quantity <= 0:
        raise ValidationError({"quantity": _("Enter how many were placed.")})
    product = Product.objects.select_for_update().get(pk=product.pk)
    if quantity > product.stock:
        raise ValidationError({"quantity": _("Only %(n)s in stock.") % {"n": product.stock}})
    if unit_price <= 0:
        raise ValidationError({"unit_price": _("The price must be more than zero.")})
    placement = Placement.objects.create(
        group=group, shop=shop, product=product, quantity=quantity, unit_price=unit_price, placed_on=placed_on,
        created_by=by,
    )  # fmt: skip
    product.stock -= quantity
    product.save(update_fields=["stock"])
    record_event(
        target=placement, verb="market.placement.added", actor=by, group_id=group.pk,
        data={"shop": shop.name, "product": product.name, "quantity": quantity},
    )  # fmt: skip
    return placement


def _sales_entry(group: OccupationGroup, *, on: dt.date, amount: Decimal, note: str, by: Any) -> Entry:
    books.ensure_books(group)
    account = (
        MoneyAccount.objects.filter(group=group, type="cash", is_active=True).first()
        or MoneyAccount.objects.filter(group=group, is_active=True).first()
    )
    sales = Category.objects.get(group__isnull=True, code="sales")
    return books.record_entry(
        group=group, by=by, date=on, kind="income", category=sales, amount=amount, account=account,  # type: ignore[arg-type]
        note=note[:300],
    )  # fmt: skip


@transaction.atomic
def settle(
    *, placement: Placement, on: dt.date, sold: int, returned: int, amount: Decimal, by: Any
) -> Settlement:
    """What sold and what came back at a shop, and the money collected — which goes into the books as a sale."""
    placement = (
        Placement.objects.select_for_update().select_related("shop", "product", "group").get(pk=placement.pk)
    )
    if sold < 0 or returned < 0 or sold + returned == 0:
        raise ValidationError({"sold": _("Enter how many sold and how many came back.")})
    if sold + returned > placement.remaining:
        raise ValidationError(
            {
                "sold": _("Only %(n)s are still at the shop: more cannot be sold or returned.")
                % {"n": placement.remaining}
            }
        )
    if on > today() or on < placement.placed_on:
        raise ValidationError({"on": _("Enter a day from the placement until today.")})
    if amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    entry = None
    if amount > 0:
        entry = _sales_entry(
            placement.group, on=on, amount=amount, by=by,
            note=f"ฝากขาย {placement.shop.name}: {placement.product.name} {sold} {placement.product.unit}",
        )  # fmt: skip
    settlement = Settlement.objects.create(
        placement=placement, on=on, sold=sold, returned=returned, amount=amount, entry=entry, recorded_by=by
    )
    placement.sold += sold
    placement.returned += returned
    placement.collected += amount
    placement.save(update_fields=["sold", "returned", "collected"])
    if returned:
        Product.objects.filter(pk=placement.product_id).update(stock=F("stock") + returned)
    record_event(
        target=placement, verb="market.placement.settled", actor=by, group_id=placement.group_id,
        data={"sold": sold, "returned": returned, "amount": str(amount), "entry": entry.pk if entry else None},
    )  # fmt: skip
    return settlement


@transaction.atomic
def record_booth(
    *, group: OccupationGroup, event: str, place: str, starts_on: dt.date, ends_on: dt.date, staffed_by: str,
    sales: Decimal, by: Any,
) -> Booth:  # fmt: skip
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first.")})
    if ends_on > today():
        raise ValidationError({"ends_on": _("Record a booth's sales after it ends.")})
    if sales < 0:
        raise ValidationError({"sales": _("An amount cannot be negative.")})
    entry = _sales_entry(group, on=ends_on, amount=sales, note=f"ออกบูธ {event}", by=by) if sales > 0 else None
    booth = Booth.objects.create(
        group=group, event=event.strip(), place=place.strip(), starts_on=starts_on, ends_on=ends_on,
        staffed_by=staffed_by.strip(), sales=sales, entry=entry,
    )  # fmt: skip
    record_event(
        target=booth, verb="market.booth.recorded", actor=by, group_id=group.pk, data={"sales": str(sales)}
    )
    return booth


@transaction.atomic
def record_study_visit(
    *, group: OccupationGroup, visitors: str, visited_on: dt.date, people: int, fee: Decimal, note: str = "",
    inquiry: Inquiry | None = None, visiting_group: OccupationGroup | None = None, by: Any,
) -> StudyVisit:  # fmt: skip
    """A study visit the group hosted; when the visitors are a group of Sammachip it is recorded on both sides:
    hosted here, made by the visiting group (the same row, read from either)."""
    if visiting_group is not None and visiting_group.pk == group.pk:
        raise ValidationError({"visiting_group": _("A group does not visit itself.")})
    visitors = visitors.strip() or (visiting_group.name if visiting_group else "")
    if visited_on > today():
        raise ValidationError({"visited_on": _("This date is in the future.")})
    if people <= 0:
        raise ValidationError({"people": _("Enter how many visitors came.")})
    if fee < 0:
        raise ValidationError({"fee": _("An amount cannot be negative.")})
    entry = (
        _sales_entry(group, on=visited_on, amount=fee, note=f"ศึกษาดูงาน {visitors}", by=by)
        if fee > 0
        else None
    )
    visit = StudyVisit.objects.create(
        group=group, visitors=visitors.strip(), visited_on=visited_on, people=people, fee=fee, note=note,
        inquiry=inquiry, entry=entry, visiting_group=visiting_group,
    )  # fmt: skip
    if inquiry is not None and inquiry.status == Inquiry.Status.NEW:
        mark_handled(inquiry=inquiry, by=by)
    record_event(
        target=visit, verb="market.study_visit.recorded", actor=by, group_id=group.pk, data={"fee": str(fee)}
    )
    if visiting_group is not None:
        record_event(
            target=visit, verb="market.study_visit.made", actor=by, group_id=visiting_group.pk,
            data={"host": group.name},
        )  # fmt: skip
    return visit
