"""Market and PR: a group's public page, products, PromptPay, inquiries from the public, shop
placements (ฝากขาย) with settlements into the books, booths and study visits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sammachip.bookkeeping.models import Entry
from sammachip.core.money import MoneyField
from sammachip.core.thaitext import search_key
from sammachip.groups.models import OccupationGroup


class MarketProfile(models.Model):
    group = models.OneToOneField(OccupationGroup, on_delete=models.CASCADE, related_name="market")
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$", _("Use small English letters, digits and dashes."))],
    )
    story = models.TextField(_("the group's story"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=50, blank=True)
    location = models.CharField(_("where to find us"), max_length=300, blank=True)
    how_to_buy = models.TextField(_("how to buy"), blank=True)
    promptpay_id = models.CharField(_("PromptPay number (mobile or 13-digit ID)"), max_length=13, blank=True)
    promptpay_name = models.CharField(_("PromptPay account name"), max_length=100, blank=True)
    is_published = models.BooleanField(_("show the public page"), default=False)
    photo = models.ImageField(upload_to="market/%Y/", blank=True)

    def __str__(self) -> str:
        return str(self.group)  # the history says whose page was saved; the web address is not a name


class Product(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("product"), max_length=150)
    story = models.TextField(_("about the product"), blank=True)
    price = MoneyField(_("price (baht)"))
    unit = models.CharField(_("unit"), max_length=30, default="ชิ้น")
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    fda_number = models.CharField(_("อย. number"), max_length=30, blank=True)
    community_standard = models.CharField(_("มผช. number"), max_length=30, blank=True)
    otop_stars = models.PositiveSmallIntegerField(
        _("OTOP stars"), default=0, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    on_sale = models.BooleanField(_("on sale"), default=True)
    photo = models.ImageField(upload_to="products/%Y/", blank=True)
    thumbnail = models.ImageField(upload_to="products/%Y/", blank=True)
    position = models.PositiveSmallIntegerField(default=100)
    # What is searched, in the one stored form (core.thaitext.search_key): filled on every save.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(otop_stars__lte=5), name="product_otop_stars_max_5"),
            models.UniqueConstraint(fields=["group", "name"], name="product_unique_name_per_group"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: the same text in its search form, so a search reads one indexed column.
        self.search_text = search_key(*self.search_parts())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.name,)


class Inquiry(models.Model):
    """An order or a study-visit request from the public page; it reaches the group's marketing lead."""

    class Kind(models.TextChoices):
        ORDER = "order", _("Order")
        STUDY_VISIT = "study_visit", _("Study visit request")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        HANDLED = "handled", _("Handled")

    group = models.ForeignKey(OccupationGroup, on_delete=models.CASCADE, related_name="inquiries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(_("your name"), max_length=100)
    phone = models.CharField(_("your phone"), max_length=20)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    people = models.PositiveIntegerField(_("number of visitors"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Shop(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="shops")
    name = models.CharField(_("shop"), max_length=150)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="shop_unique_name_per_group")]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """Goods left in a shop to sell (ฝากขาย); settled later by what sold and what came back."""

    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="placements")
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="placements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="placements")
    quantity = models.PositiveIntegerField(_("quantity placed"))
    unit_price = MoneyField(_("price per unit the shop pays (baht)"))
    placed_on = models.DateField(_("placed on"))
    sold = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    collected = MoneyField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-placed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="placement_quantity_positive"),
            models.CheckConstraint(
                condition=Q(sold__lte=F("quantity") - F("returned")),
                name="placement_never_sells_more_than_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} @ {self.shop}"

    @property
    def remaining(self) -> int:
        return self.quantity - self.sold - self.returned


class Settlement(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="settlements")
    on = models.DateField(_("date"))
    sold = models.PositiveIntegerField(_("sold"))
    returned = models.PositiveIntegerField(_("returned"), default=0)
    amount = MoneyField(_("money collected (baht)"))
    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.placement} {self.on}"


class Booth(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="booths")
    event = models.CharField(_("event"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    staffed_by = models.CharField(_("who staffed it"), max_length=300, blank=True)
    sales = MoneyField(_("sales (baht)"), default=0)
    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="booth_dates_in_order")
        ]

    def __str__(self) -> str:
        return self.event


class StudyVisit(models.Model):
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="study_visits")
    visitors = models.CharField(_("visiting group or agency"), max_length=200)
    # When the visitors are an occupation group of Sammachip, the visit is on its record too (a visit made).
    visiting_group = models.ForeignKey(
        OccupationGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_visits_made",
        verbose_name=_("visiting group"),
    )
    visited_on = models.DateField(_("date"))
    people = models.PositiveIntegerField(_("number of visitors"))
    fee = MoneyField(_("fee received (baht)"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    inquiry = models.ForeignKey(Inquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(visiting_group=F("group")), name="study_visit_not_to_itself")
        ]

    def __str__(self) -> str:
        return self.visitors
