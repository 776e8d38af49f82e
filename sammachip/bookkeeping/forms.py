from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import ConfirmField, MoneyFormField, ThaiDateField
from sammachip.groups.models import Membership, OccupationGroup, WorkUnit
from sammachip.places.models import PartnerAgency

from .models import Category, DividendRun, Kind, MoneyAccount, WorkTask

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def member_label(number: int, name: str) -> str:
    """A member as the member lists offer her: "12. นางสมศรี ใจดี"."""
    return f"{number}. {name}"


def _member_field_label(m: Membership) -> str:
    return member_label(m.number, m.person.full_name)


def _member_field(group: OccupationGroup, field: forms.ModelChoiceField) -> None:
    field.queryset = group.memberships.current().select_related("person").order_by("number")
    field.label_from_instance = _member_field_label  # type: ignore[method-assign,assignment]


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
    # An expense the cash box cannot cover is refused unless the treasurer says it really was paid, and why.
    overdraw = forms.BooleanField(
        label=_("Record it anyway, although the balance goes below zero"), required=False
    )
    overdraw_reason = forms.CharField(
        label=_("Why (when recording it anyway)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.for_group(group).exclude(role=Category.Role.DIVIDEND)
        field = self.fields["category"]
        field.queryset = categories  # type: ignore[attr-defined]
        income = [(c.pk, c.name) for c in categories if c.kind == Kind.INCOME]
        expense = [(c.pk, c.name) for c in categories if c.kind == Kind.EXPENSE]
        field.choices = [("", "---------"), (str(_("Income")), income), (str(_("Expense")), expense)]  # type: ignore[attr-defined]
        self.fields["account"].queryset = group.money_accounts.filter(is_active=True)  # type: ignore[attr-defined]
        district_id = group.village.subdistrict.district_id
        self.fields["partner"].queryset = PartnerAgency.objects.usable_in(district_id)  # type: ignore[attr-defined]
        _member_field(group, self.fields["membership"])  # type: ignore[arg-type]

    def clean_receipt_photo(self) -> Any:
        photo = self.cleaned_data.get("receipt_photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this entry wrong?"), max_length=200)


class CancelWorkForm(forms.Form):
    reason = forms.CharField(label=_("Why is this work record wrong?"), max_length=200)


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
        self,
        *args: Any,
        group: OccupationGroup,
        own: Membership | None = None,
        members: list[tuple[int, str]] | None = None,
        tasks: list[WorkTask] | None = None,
        **kwargs: Any,
    ) -> None:
        """`members` (as (id, member_label)) and `tasks`, rows the page has already read and the very rows the
        querysets hold, draw an unbound form's lists without building querysets it would never ask. A posted
        form is checked against the querysets."""
        super().__init__(*args, **kwargs)
        member_field: Any = self.fields["membership"]
        task_field: Any = self.fields["task"]
        task_field.label_from_instance = _task_label
        if own is not None:  # a member records only their own work
            member_field.initial = own.pk
        if members is not None and not self.is_bound:
            member_field.choices = _empty(member_field) + members
        elif own is not None:
            member_field.queryset = Membership.objects.filter(pk=own.pk).select_related("person")
            member_field.label_from_instance = _member_field_label
        else:
            _member_field(group, member_field)
        if tasks is not None and not self.is_bound:
            task_field.choices = _empty(task_field) + [(t.pk, _task_label(t)) for t in tasks]
        else:
            task_field.queryset = group.work_tasks.filter(is_active=True)


def _empty(field: Any) -> list[tuple[str, str]]:
    """The blank first option a ModelChoiceField draws, if it draws one."""
    return [] if field.empty_label is None else [("", field.empty_label)]


def _task_label(t: WorkTask) -> str:
    return f"{t.name} ({t.get_unit_display()} × {t.weight.normalize()})"


class WorkDayForm(forms.Form):
    """One day's work for several members: the day, the kind of work most did, then a row per member (kind of
    work if different, and quantity). A row left without a quantity is not recorded."""

    date = ThaiDateField(label=_("Date"))
    task = forms.ModelChoiceField(
        label=_("Work most members did"), queryset=WorkTask.objects.none(), required=False
    )

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tasks = group.work_tasks.filter(is_active=True)
        self.members = list(group.memberships.current().select_related("person").order_by("number"))
        self.row_names: list[tuple[Membership, str, str]] = []

        def label(t: WorkTask) -> str:
            return f"{t.name} ({t.get_unit_display()} × {t.weight.normalize()})"

        task_field: Any = self.fields["task"]
        task_field.queryset = tasks
        task_field.label_from_instance = label
        if len(tasks) == 1:
            task_field.initial = tasks[0].pk
        for m in self.members:
            row_task = forms.ModelChoiceField(
                label=_("Work"), queryset=tasks, required=False, empty_label=_("(as above)")
            )
            row_task.label_from_instance = label  # type: ignore[method-assign,assignment]
            self.fields[f"task_{m.pk}"] = row_task
            self.fields[f"qty_{m.pk}"] = forms.DecimalField(
                label=_("Quantity"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2, required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )  # fmt: skip
            self.row_names.append((m, f"task_{m.pk}", f"qty_{m.pk}"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for _m, task, qty in self.row_names:  # every refused row at once, not one kind of error after another
            if data.get(qty) is not None and not (data.get(task) or data.get("task")):
                self.add_error(qty, _("Choose the kind of work."))
        return data

    def rows(self) -> list[tuple[Membership, WorkTask | None, Decimal]]:
        data = self.cleaned_data
        return [
            (m, data.get(task) or data.get("task"), data[qty])
            for m, task, qty in self.row_names
            if data.get(qty) is not None
        ]


class PayRunForm(forms.Form):
    paid_on = ThaiDateField(label=_("Paid on"))
    account = forms.ModelChoiceField(label=_("Paid from"), queryset=MoneyAccount.objects.none())
    confirm = ConfirmField()

    def __init__(
        self, *args: Any, group: OccupationGroup, run: DividendRun | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = group.money_accounts.filter(is_active=True)  # type: ignore[attr-defined]
        if run is not None:  # what will happen, in figures
            to_pay = run.shares.filter(amount__gt=0, payment__isnull=True)
            self.fields["confirm"].label = _(
                "I confirm paying ฿%(total)s to %(members)s members: one expense entry for each, dated the day "
                "above, from the account above. Recorded payments cannot be undone."
            ) % {"total": f"{run.pool + run.share_pool:,.2f}", "members": to_pay.count()}


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
