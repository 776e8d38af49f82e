"""The group's market pages (committee) and the public group page (no login)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_http_methods, require_POST

from sammachip.accounts.types import AuthedRequest
from sammachip.core.addresses import client_address
from sammachip.core.money import AmountError, parse_amount
from sammachip.core.pdf import render_pdf
from sammachip.core.views_util import apply_errors
from sammachip.groups.access import Can, access_group
from sammachip.groups.models import OccupationGroup

from . import promptpay, services
from .calculations import PlacementFigures, totals_by
from .forms import (
    BoothForm,
    PlacementForm,
    ProductForm,
    ProfileForm,
    PublicOrderForm,
    PublicVisitForm,
    SettleForm,
    ShopForm,
    StudyVisitForm,
)
from .models import Booth, Inquiry, MarketProfile, Placement, Product, Shop, StudyVisit

MAX_QR_QUANTITY = 10_000


def _profile_initial(profile: MarketProfile | None, group: Any) -> dict[str, Any]:
    if profile is None:
        return {"slug": services.default_slug(group), "story": group.description}
    fields = [
        "slug",
        "story",
        "contact_phone",
        "line_id",
        "location",
        "how_to_buy",
        "promptpay_id",
        "promptpay_name",
        "is_published",
    ]
    return {f: getattr(profile, f) for f in fields}


def market(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    profile = MarketProfile.objects.filter(group=group).first()
    context = {
        "group": group, "access": access, "tab": "market", "profile": profile,
        "products": Product.objects.filter(group=group),
        "can_manage": access.allows(Can.MANAGE_MARKET), "can_sell": access.allows(Can.SELL),
        "inquiries": Inquiry.objects.filter(group=group)[:30] if access.allows(Can.MANAGE_MARKET) else [],
        "booths": Booth.objects.filter(group=group)[:10],
        "study_visits": StudyVisit.objects.filter(group=group)[:10],
        "visits_hosted": StudyVisit.objects.filter(group=group).aggregate(n=Count("id"), people=Sum("people")),
    }  # fmt: skip
    return render(request, "market/market.html", context)


@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id, Can.MANAGE_MARKET)
    profile = MarketProfile.objects.filter(group=group).first()
    form = ProfileForm(request.POST or None, request.FILES or None, initial=_profile_initial(profile, group))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            services.save_profile(group=group, by=request.user, photo=photo, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("market:market", group.pk)
    return render(
        request, "market/form.html", {"group": group, "access": access, "tab": "market", "form": form, "title": _("The public page")},
        status=422 if form.errors else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def product_edit(request: AuthedRequest, group_id: int, product_id: int | None = None) -> HttpResponse:
    group, access = access_group(request.user, group_id, Can.MANAGE_MARKET)
    product = Product.objects.filter(group=group, pk=product_id).first() if product_id else None
    if product_id and product is None:
        raise Http404
    fields = [
        "name",
        "story",
        "price",
        "unit",
        "stock",
        "fda_number",
        "community_standard",
        "otop_stars",
        "on_sale",
    ]
    form = ProductForm(
        request.POST or None,
        request.FILES or None,
        initial={f: getattr(product, f) for f in fields} if product else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            services.save_product(group=group, by=request.user, product=product, photo=photo, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("market:market", group.pk)
    title = product.name if product else _("New product")
    return render(
        request, "market/form.html", {"group": group, "access": access, "tab": "market", "form": form, "title": title},
        status=422 if form.errors else 200,
    )  # fmt: skip


@require_POST
def inquiry_handled(request: AuthedRequest, group_id: int, inquiry_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.MANAGE_MARKET)
    inquiry = Inquiry.objects.filter(group=group, pk=inquiry_id).first()
    if inquiry is None:
        raise Http404
    services.mark_handled(inquiry=inquiry, by=request.user)
    return redirect("market:market", group.pk)


@require_http_methods(["GET", "POST"])
def shops(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    shop_form = ShopForm(None, prefix="shop")
    place_form = PlacementForm(None, group=group, prefix="place", initial={"placed_on": timezone.localdate()})
    settle_forms: dict[int, SettleForm] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "shop":
                group, access = access_group(request.user, group_id, Can.MANAGE_MARKET)
                shop_form = ShopForm(request.POST, prefix="shop")
                if shop_form.is_valid():
                    services.add_shop(group=group, by=request.user, **shop_form.cleaned_data)
                    messages.success(request, _("Shop added."))
                    return redirect("market:shops", group.pk)
            elif action == "place":
                group, access = access_group(request.user, group_id, Can.SELL)
                place_form = PlacementForm(request.POST, group=group, prefix="place")
                if place_form.is_valid():
                    services.place_goods(group=group, by=request.user, **place_form.cleaned_data)
                    messages.success(request, _("Placement recorded."))
                    return redirect("market:shops", group.pk)
            elif action == "settle":
                group, access = access_group(request.user, group_id, Can.SELL)
                placement = Placement.objects.filter(
                    group=group, pk=request.POST.get("placement") or 0
                ).first()
                if placement is None:
                    raise Http404
                form = SettleForm(request.POST, prefix=f"settle{placement.pk}")
                settle_forms[placement.pk] = form
                if form.is_valid():
                    services.settle(placement=placement, by=request.user, **form.cleaned_data)
                    messages.success(request, _("Settled; the money is in the books as a sale."))
                    return redirect("market:shops", group.pk)
            else:
                raise Http404
        except ValidationError as exc:
            target = {"shop": shop_form, "place": place_form}.get(action or "") or next(
                iter(settle_forms.values())
            )
            apply_errors(target, exc, {"on": "on"})
    placements = list(Placement.objects.filter(group=group).select_related("shop", "product"))
    per_shop = totals_by(_figures(p, p.shop_id, p.shop.name) for p in placements)
    per_product = totals_by(_figures(p, p.product_id, p.product.name) for p in placements)
    for p in placements:
        if p.remaining and p.pk not in settle_forms:
            settle_forms[p.pk] = SettleForm(
                None, prefix=f"settle{p.pk}", initial={"on": timezone.localdate(), "returned": 0}
            )
        p.form = settle_forms.get(p.pk)  # type: ignore[attr-defined]
    context = {
        "group": group, "access": access, "tab": "market", "shops": Shop.objects.filter(group=group),
        "placements": placements, "per_shop": per_shop, "per_product": per_product,
        "shop_form": shop_form, "place_form": place_form,
        "can_manage": access.allows(Can.MANAGE_MARKET), "can_sell": access.allows(Can.SELL),
    }  # fmt: skip
    bad = shop_form.errors or place_form.errors or any(f.errors for f in settle_forms.values())
    return render(request, "market/shops.html", context, status=422 if bad else 200)


def _figures(p: Placement, key: int, name: str) -> PlacementFigures:
    return PlacementFigures(key, name, p.quantity, p.sold, p.returned, p.unit_price, p.collected)


@require_http_methods(["GET", "POST"])
def booths(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    form = BoothForm(request.POST or None)
    if request.method == "POST":
        group, access = access_group(request.user, group_id, Can.SELL)
        if form.is_valid():
            try:
                services.record_booth(group=group, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Booth recorded; its sales are in the books."))
                return redirect("market:booths", group.pk)
    context = {
        "group": group,
        "access": access,
        "tab": "market",
        "form": form,
        "booths": Booth.objects.filter(group=group),
        "can_sell": access.allows(Can.SELL),
    }
    return render(request, "market/booths.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def study_visits(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    # Any active group of the district may be the visitor: a study visit is between groups of one office.
    district_groups = (
        OccupationGroup.objects.active()
        .filter(village__subdistrict__district_id=group.village.subdistrict.district_id)
        .exclude(pk=group.pk)
        .select_related("village")
    )
    form = StudyVisitForm(request.POST or None, groups=district_groups)
    if request.method == "POST":
        group, access = access_group(request.user, group_id, Can.SELL)
        if form.is_valid():
            try:
                services.record_study_visit(group=group, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Study visit recorded; its fee is in the books."))
                return redirect("market:study_visits", group.pk)
    visits = StudyVisit.objects.filter(group=group).select_related("visiting_group")
    made = StudyVisit.objects.filter(visiting_group=group).select_related("group__village")
    context = {
        "group": group, "access": access, "tab": "market", "form": form, "visits": visits, "made": made,
        "hosted": visits.aggregate(n=Count("id"), people=Sum("people")), "can_sell": access.allows(Can.SELL),
        "requests": Inquiry.objects.filter(group=group, kind="study_visit", status="new") if access.allows(Can.MANAGE_MARKET) else [],
    }  # fmt: skip
    return render(request, "market/study_visits.html", context, status=422 if form.errors else 200)


# --- the public page ----------------------------------------------------------------------------


def _published(slug: str) -> MarketProfile:
    profile = (
        MarketProfile.objects.select_related(
            "group__village__subdistrict__district__province", "group__occupation"
        )
        .filter(slug=slug, is_published=True)
        .first()
    )
    if profile is None or profile.group.stage == "dissolved":
        raise Http404
    return profile


@login_not_required
@require_http_methods(["GET", "POST"])
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    profile = _published(slug)
    group = profile.group
    kind = request.POST.get("kind") if request.method == "POST" else None
    order_form = PublicOrderForm(request.POST if kind == "order" else None, group=group, prefix="order")
    visit_form = PublicVisitForm(request.POST if kind == "study_visit" else None, prefix="visit")
    sent = request.GET.get("sent") == "1"
    if kind in ("order", "study_visit"):
        form = order_form if kind == "order" else visit_form
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data.pop("website", ""):
                return redirect(
                    f"{reverse('market:public', args=[slug])}?sent=1#contact"
                )  # a bot: say thanks, keep nothing
            try:
                services.submit_inquiry(group=group, kind=kind, address=client_address(request), **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(f"{reverse('market:public', args=[slug])}?sent=1#contact")
    products = list(Product.objects.filter(group=group, on_sale=True))
    page_url = request.build_absolute_uri(reverse("market:public", args=[slug]))
    context = {
        "profile": profile, "group": group, "products": products, "order_form": order_form, "visit_form": visit_form,
        "sent": sent, "page_url": page_url, "page_qr": promptpay.qr_svg(page_url, scale=3),
        "pay_qr": promptpay.qr_svg(promptpay.payload(profile.promptpay_id), scale=3) if profile.promptpay_id else "",
        "og_image": request.build_absolute_uri(reverse("market:photo", args=[slug, products[0].pk, "small"])) if products and products[0].thumbnail else "",
    }  # fmt: skip
    bad = order_form.errors or visit_form.errors
    return render(request, "market/public.html", context, status=422 if bad else 200)


def _quantity(raw: str) -> int:
    """A whole number of items from 1 to 10,000, in ASCII digits; anything else is refused (404), never
    read as one: a QR for the wrong amount would be paid as it stands."""
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_QR_QUANTITY:
        raise Http404
    return int(raw)


@login_not_required
def public_pay_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """A PromptPay QR for one product (?product=) times a quantity, or for any amount (?amount=)."""
    profile = _published(slug)
    if not profile.promptpay_id:
        raise Http404
    amount: Decimal | None
    if request.GET.get("product"):
        product = Product.objects.filter(
            group=profile.group,
            pk=request.GET["product"] if request.GET["product"].isdigit() else 0,
            on_sale=True,
        ).first()
        if product is None:
            raise Http404
        amount = product.price * _quantity(request.GET.get("qty", "1"))
    else:
        try:
            amount = parse_amount(request.GET.get("amount", "")) if request.GET.get("amount") else None
        except AmountError:
            raise Http404 from None
        if amount is not None and amount <= 0:
            raise Http404
    svg = promptpay.qr_svg_document(promptpay.payload(profile.promptpay_id, amount), scale=4)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
def public_photo(request: HttpRequest, slug: str, product_id: int, size: str) -> FileResponse:
    profile = _published(slug)
    product = Product.objects.filter(group=profile.group, pk=product_id).first()
    image = None if product is None else (product.thumbnail if size == "small" else product.photo)
    if not image:
        raise Http404
    response = FileResponse(image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


FLYER_LAYOUT = "1"  # moved when the flyer's template changes, so the browsers' copies are drawn anew


def _flyer_products(profile: MarketProfile) -> list[Product]:
    return list(Product.objects.filter(group=profile.group, on_sale=True)[:6])


def flyer_etag(request: HttpRequest, slug: str) -> str | None:
    """A digest of everything the flyer shows — the page's profile, the group and its place, the products
    on it, the language and the address — read in two queries: a browser that has this flyer is answered
    304 without drawing the PDF again (WeasyPrint takes most of a second), and any change draws it anew."""
    try:
        profile = _published(slug)
    except Http404:
        return None  # the view answers 404
    group = profile.group
    village = group.village
    shown = {
        "layout": FLYER_LAYOUT,
        "language": get_language(),
        "address": request.build_absolute_uri(reverse("market:public", args=[slug])),
        "profile": [getattr(profile, f.attname) for f in MarketProfile._meta.concrete_fields],
        "group": [group.name, group.stage, group.occupation.name, village.name, village.moo,
                  village.subdistrict.name_th, village.subdistrict.district.name_th,
                  village.subdistrict.district.province.name_th],
        "products": [[getattr(p, f.attname) for f in Product._meta.concrete_fields] for p in _flyer_products(profile)],
    }  # fmt: skip
    return hashlib.sha256(json.dumps(shown, default=str, ensure_ascii=False).encode()).hexdigest()[:32]


@login_not_required
@condition(etag_func=flyer_etag)
def flyer(request: HttpRequest, slug: str) -> HttpResponse:
    profile = _published(slug)
    page_url = request.build_absolute_uri(reverse("market:public", args=[slug]))
    context = {
        "profile": profile, "group": profile.group, "products": _flyer_products(profile),
        "page_url": page_url, "page_qr": promptpay.qr_svg(page_url, scale=3),
        "pay_qr": promptpay.qr_svg(promptpay.payload(profile.promptpay_id), scale=3) if profile.promptpay_id else "",
    }  # fmt: skip
    return render_pdf(request, "market/flyer_pdf.html", context, f"{slug}.pdf")
