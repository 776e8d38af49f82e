from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import MoneyFormField, ThaiDateField

from .models import Visit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class VisitForm(forms.Form):
    visited_on = ThaiDateField(label=_("Visited on"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Visit.Purpose.choices)
    present = forms.CharField(label=_("Who was there"), max_length=500, required=False)
    people_present = forms.IntegerField(label=_("People present"), min_value=0, max_value=999, initial=0)
    observed = forms.CharField(
        label=_("What was observed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    advice = forms.CharField(
        label=_("Advice given"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    new_problems = forms.CharField(
        label=_("Problems found (one per line)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    action_1 = forms.CharField(label=_("Agreed action"), max_length=300, required=False)
    owner_1 = forms.CharField(label=_("Who does it"), max_length=200, required=False)
    due_1 = ThaiDateField(label=_("Due on"), required=False)
    action_2 = forms.CharField(label=_("Another agreed action"), max_length=300, required=False)
    owner_2 = forms.CharField(label=_("Who does it"), max_length=200, required=False)
    due_2 = ThaiDateField(label=_("Due on"), required=False)
    photos = MultipleFileField(label=_("Photos"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in (1, 2):
            text, owner, due = data.get(f"action_{n}"), data.get(f"owner_{n}"), data.get(f"due_{n}")
            if text and not (owner and due):
                field = f"owner_{n}" if not owner else f"due_{n}"
                if field not in self.errors:  # a due date typed wrong already says what is wrong with it
                    self.add_error(field, _("An agreed action needs who does it and by when."))
        return data


class VisitEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.CharField(label=_("Who was there"), max_length=500, required=False)
    people_present = forms.IntegerField(label=_("People present"), min_value=0, max_value=999)
    observed = forms.CharField(
        label=_("What was observed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    advice = forms.CharField(
        label=_("Advice given"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReportForm(forms.Form):
    fiscal_year_start = forms.ChoiceField(label=_("Fiscal year"))
    income = MoneyFormField(label=_("Income (baht)"), required=False)
    expense = MoneyFormField(label=_("Expense (baht)"), required=False)
    own_sales = MoneyFormField(label=_("of which own sales (baht)"), required=False)
    grants = MoneyFormField(label=_("of which grants (baht)"), required=False)
    dividends_paid = MoneyFormField(label=_("Dividends paid to members (baht)"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, years: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year_start"].choices = years  # type: ignore[attr-defined]


class StageProposalForm(forms.Form):
    reason = forms.CharField(label=_("Why the group is ready"), widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(forms.Form):
    weekly_weeks = forms.IntegerField(
        label=_("Weeks of weekly visits after a group is founded"), min_value=4, max_value=104
    )
    report_due_days = forms.IntegerField(
        label=_("Days after the fiscal year ends that the annual report is due"), min_value=7, max_value=365
    )
