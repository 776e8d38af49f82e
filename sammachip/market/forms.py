from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import MoneyFormField, ThaiDateField

from .models import Product, Shop


class ProfileForm(forms.Form):
    slug = forms.SlugField(
        label=_("Web address"), max_length=60, help_text=_("Small English letters, digits and dashes.")
    )
    story = forms.CharField(
        label=_("The group's story"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    contact_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    line_id = forms.CharField(label=_("LINE ID"), max_length=50, required=False)
    location = forms.CharField(label=_("Where to find us"), max_length=300, required=False)
    how_to_buy = forms.CharField(
        label=_("How to buy"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    promptpay_id = forms.CharField(
        label=_("PromptPay number (mobile or 13-digit ID)"), max_length=20, required=False
    )
    promptpay_name = forms.CharField(label=_("PromptPay account name"), max_length=100, required=False)
    photo = forms.FileField(
        label=_("Cover photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    is_published = forms.BooleanField(label=_("Show the public page"), required=False)

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).lower()


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product"), max_length=150)
    story = forms.CharField(
        label=_("About the product"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    price = MoneyFormField(label=_("Price (baht)"))
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="ชิ้น")
    stock = forms.IntegerField(label=_("In stock"), min_value=0, max_value=1_000_000, initial=0)
    fda_number = forms.CharField(label=_("อย. number"), max_length=30, required=False)
    community_standard = forms.CharField(label=_("มผช. number"), max_length=30, required=False)
    otop_stars = forms.IntegerField(label=_("OTOP stars"), min_value=0, max_value=5, initial=0)
    on_sale = forms.BooleanField(label=_("On sale"), required=False, initial=True)
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


class PublicOrderForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.CharField(
        label=_("Your phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10000, initial=1)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )
    website = forms.CharField(
        required=False, label="", widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args: Any, group: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(group=group, on_sale=True)  # type: ignore[attr-defined]


class PublicVisitForm(forms.Form):
    name = forms.CharField(label=_("Your name or organisation"), max_length=100)
    phone = forms.CharField(
        label=_("Your phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    preferred_date = ThaiDateField(label=_("Preferred date"))
    people = forms.IntegerField(label=_("Number of visitors"), min_value=1, max_value=1000)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )
    website = forms.CharField(
        required=False, label="", widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )


class ShopForm(forms.Form):
    name = forms.CharField(label=_("Shop"), max_length=150)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class PlacementForm(forms.Form):
    shop = forms.ModelChoiceField(label=_("Shop"), queryset=Shop.objects.none())
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.IntegerField(label=_("Quantity placed"), min_value=1, max_value=1_000_000)
    unit_price = MoneyFormField(label=_("Price per unit the shop pays (baht)"))
    placed_on = ThaiDateField(label=_("Placed on"))

    def __init__(self, *args: Any, group: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = Shop.objects.filter(group=group, is_active=True)  # type: ignore[attr-defined]
        self.fields["product"].queryset = Product.objects.filter(group=group)  # type: ignore[attr-defined]


class SettleForm(forms.Form):
    on = ThaiDateField(label=_("Date"))
    sold = forms.IntegerField(label=_("Sold"), min_value=0, max_value=1_000_000)
    returned = forms.IntegerField(label=_("Returned"), min_value=0, max_value=1_000_000, initial=0)
    amount = MoneyFormField(label=_("Money collected (baht)"))


class BoothForm(forms.Form):
    event = forms.CharField(label=_("Event"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_on = ThaiDateField(label=_("From"))
    ends_on = ThaiDateField(label=_("To"))
    staffed_by = forms.CharField(label=_("Who staffed it"), max_length=300, required=False)
    sales = MoneyFormField(label=_("Sales (baht)"))


class StudyVisitForm(forms.Form):
    visiting_group: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Visiting group (in Sammachip)"),
        queryset=None,
        required=False,
        help_text=_("The visit is then on that group's record too. Otherwise type who came below."),
    )
    visitors = forms.CharField(label=_("Visiting group or agency"), max_length=200, required=False)
    visited_on = ThaiDateField(label=_("Date"))
    people = forms.IntegerField(label=_("Number of visitors"), min_value=1, max_value=10000)
    fee = MoneyFormField(label=_("Fee received (baht)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visiting_group"].queryset = groups  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("visitors", "").strip():
            if data.get("visiting_group") is None:
                self.add_error("visitors", _("Choose the visiting group or type who came."))
            else:
                data["visitors"] = data["visiting_group"].name
        return data
