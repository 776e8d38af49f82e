from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import MoneyFormField, ThaiDateField
from sammachip.groups.models import Membership, OccupationGroup, WorkUnit
from sammachip.places.models import PartnerAgency

from .models import Category, Kind, MoneyAccount, WorkTask

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _member_field(group: OccupationGroup, field: forms.ModelChoiceField) -> None:
    field.queryset = group.memberships.current().select_related("person").order_by("number")
    field.label_from_instance = lambda m: f"{m.number}. {m.person.full_name}"  # type: ignore[method-assign,assignment]


class EntryForm(forms.Form):
    date = ThaiDateField(label=_("Date"))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    amount = MoneyFormField(label=_("Amount (baht)"))
    account = forms.ModelChoiceField(label=_("Cash or bank"), queryset=MoneyAccount.objects.none())
    document_no = forms.CharField(label=_("Receipt or document number"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner agency (for a grant or support)"),
        queryset=PartnerAgency.objects.none(),
        required=False,
    )
    membership = forms.ModelChoiceField(
        label=_("Member (for fees and shares)"), queryset=Membership.objects.none(), required=False
    )
    receipt_photo = forms.ImageField(label=_("Photo of the receipt"), required=False)

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.for_group(group).exclude(role=Category.Role.DIVIDEND)
        field = self.fields["category"]
        field.queryset = categories  # type: ignore[attr-defined]
        income = [(c.pk, c.name) for c in categories if c.kind == Kind.INCOME]
        expense = [(c.pk, c.name) for c in categories if c.kind == Kind.EXPENSE]
        field.choices = [("", "---------"), (str(_("Income")), income), (str(_("Expense")), expense)]  # type: ignore[attr-defined]
        self.fields["account"].queryset = group.money_accounts.filter(is_active=True)  # type: ignore[attr-defined]
        district = group.village.subdistrict.district
        self.fields["partner"].queryset = PartnerAgency.objects.filter(district=district, is_active=True)  # type: ignore[attr-defined]
        _member_field(group, self.fields["membership"])  # type: ignore[arg-type]

    def clean_receipt_photo(self) -> Any:
        photo = self.cleaned_data.get("receipt_photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this entry wrong?"), max_length=200)


class CategoryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Income or expense"), choices=Kind.choices)
    name = forms.CharField(label=_("Category"), max_length=100)


class AccountForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=MoneyAccount.Type.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    bank = forms.CharField(label=_("Bank"), max_length=100, required=False)
    number = forms.CharField(label=_("Account number"), max_length=30, required=False)


class FiscalStartForm(forms.Form):
    fiscal_start_month = forms.TypedChoiceField(
        label=_("The fiscal year starts in"),
        coerce=int,
        choices=[
            (i, m)
            for i, m in enumerate(
                [
                    "มกราคม",
                    "กุมภาพันธ์",
                    "มีนาคม",
                    "เมษายน",
                    "พฤษภาคม",
                    "มิถุนายน",
                    "กรกฎาคม",
                    "สิงหาคม",
                    "กันยายน",
                    "ตุลาคม",
                    "พฤศจิกายน",
                    "ธันวาคม",
                ],
                start=1,
            )
        ],  # fmt: skip
    )


class WorkTaskForm(forms.Form):
    name = forms.CharField(label=_("Work"), max_length=150)
    unit = forms.ChoiceField(label=_("Unit"), choices=WorkUnit.choices)
    weight = forms.DecimalField(
        label=_("Weight of one unit"), min_value=0.001, max_digits=8, decimal_places=3, initial=1
    )


class WorkForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    date = ThaiDateField(label=_("Date"))
    task = forms.ModelChoiceField(label=_("Work"), queryset=WorkTask.objects.none())
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0.01, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(
        self, *args: Any, group: OccupationGroup, own: Membership | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _member_field(group, self.fields["membership"])  # type: ignore[arg-type]
        if own is not None:  # a member records only their own work
            self.fields["membership"].queryset = Membership.objects.filter(pk=own.pk).select_related("person")  # type: ignore[attr-defined]
            self.fields["membership"].initial = own.pk
        tasks = group.work_tasks.filter(is_active=True)
        self.fields["task"].queryset = tasks  # type: ignore[attr-defined]
        self.fields["task"].label_from_instance = lambda t: (  # type: ignore[attr-defined]
            f"{t.name} ({t.get_unit_display()} × {t.weight.normalize()})"
        )  # type: ignore[attr-defined]


class PayRunForm(forms.Form):
    paid_on = ThaiDateField(label=_("Paid on"))
    account = forms.ModelChoiceField(label=_("Paid from"), queryset=MoneyAccount.objects.none())

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = group.money_accounts.filter(is_active=True)  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel or CSV file"), help_text=_("Use the template: one row per entry."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return upload
