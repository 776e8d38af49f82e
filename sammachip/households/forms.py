from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from sammachip.core import thaidate
from sammachip.core.forms import ThaiDateField
from sammachip.core.tabular import MAX_FILE_BYTES, MB

from .calculations import house_key
from .models import Household, OccupationType, SpendingCategory


class HouseholdForm(forms.Form):
    house_no = forms.CharField(label=_("House number"), max_length=20)
    head_name = forms.CharField(label=_("Head of household"), max_length=200)
    member_count = forms.IntegerField(
        label=_("People in the household"), min_value=1, max_value=99, initial=1
    )
    jpt_code = forms.CharField(label=_("จปฐ. household code"), max_length=20, required=False)
    consent = forms.BooleanField(
        label=_("The household agreed to the survey after hearing the privacy notice"), required=False
    )


class ForumForm(forms.Form):
    held_on = ThaiDateField(label=_("Held on"))
    participants = forms.IntegerField(
        label=_("People who took part"), min_value=0, max_value=100000, initial=0
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MonthField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a month such as 10/2569.")}

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return thaidate.parse_month(text)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class SpendingHeaderForm(forms.Form):
    # data-refill: choosing a household or a month opens what it has recorded (forms.js)
    household = forms.ModelChoiceField(
        label=_("Household"),
        queryset=Household.objects.none(),
        widget=forms.Select(attrs={"data-refill": "1"}),
    )
    month = MonthField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"placeholder": "ดด/ปปปป", "inputmode": "numeric", "data-refill": "1"}),
    )

    def __init__(self, *args: Any, village: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        field.queryset = in_house_order(Household.objects.filter(village=village))  # type: ignore[attr-defined]
        field.label_from_instance = lambda h: f"{h.house_no} {h.head_name}"  # type: ignore[attr-defined]


def in_house_order(households: Any) -> Any:
    """The village's households in the order of their house numbers (1/2 before 10/2), as a queryset."""
    rows = sorted(households.values_list("pk", "house_no"), key=lambda r: (house_key(r[1]), r[0]))
    if not rows:
        return households
    return households.order_by(Case(*[When(pk=pk, then=Value(i)) for i, (pk, _n) in enumerate(rows)]))


class ImportFileForm(forms.Form):
    file = forms.FileField(label=_("Excel or CSV file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it into smaller files.")
                % {"mb": MAX_FILE_BYTES // MB}
            )
        return upload


class HouseholdImportForm(ImportFileForm):
    consent = forms.BooleanField(
        label=_("Every household in the file agreed, on paper, after hearing the privacy notice"),
        required=True,
    )


class NeedForm(forms.Form):
    household = forms.ModelChoiceField(label=_("Household"), queryset=Household.objects.none())
    occupation = forms.ModelChoiceField(label=_("Occupation wanted"), queryset=OccupationType.objects.all())
    people = forms.IntegerField(label=_("People who want it"), min_value=1, max_value=99, initial=1)
    skills = forms.CharField(label=_("Skills they have"), max_length=300, required=False)
    hours_per_week = forms.IntegerField(
        label=_("Hours a week they can give"), min_value=1, max_value=168, required=False
    )
    surveyed_on = ThaiDateField(label=_("Surveyed on"))

    def __init__(self, *args: Any, village: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        field.queryset = in_house_order(Household.objects.filter(village=village))  # type: ignore[attr-defined]
        field.label_from_instance = lambda h: f"{h.house_no} {h.head_name}"  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Item"), max_length=150)
    category = forms.ChoiceField(label=_("Category"), choices=SpendingCategory.choices)
    can_make_locally = forms.BooleanField(label=_("Can be made in the village"), required=False)
    occupation = forms.ModelChoiceField(
        label=_("Occupation that makes it"), queryset=OccupationType.objects.all(), required=False
    )
