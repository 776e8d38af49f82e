from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.accounts.models import StaffPosting
from sammachip.core.forms import ThaiDateField

from .models import District, PartnerAgency, Subdistrict


class VillageForm(forms.Form):
    subdistrict = forms.ModelChoiceField(label=_("Subdistrict"), queryset=Subdistrict.objects.none())
    moo = forms.IntegerField(label=_("Village number (หมู่ที่)"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Village name"), max_length=150)
    code = forms.RegexField(
        label=_("Village code (optional)"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": _("A village code has 8 digits.")},
    )

    def __init__(self, *args: Any, subdistricts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = subdistricts  # type: ignore[attr-defined]


class PartnerForm(forms.ModelForm):
    class Meta:
        model = PartnerAgency
        fields = ["name", "kind", "subdistricts", "contact_name", "phone", "email", "is_active"]
        widgets = {"subdistricts": forms.CheckboxSelectMultiple}
        labels = {"is_active": _("Still working with us")}

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["subdistricts"].queryset = district.subdistricts.all()  # type: ignore[attr-defined]
        self.fields["subdistricts"].help_text = _("None ticked: the whole district.")


class InviteStaffForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-zA-Z0-9_.-]{3,40}$",
        error_messages={"invalid": _("3–40 letters a–z, digits, dot, dash or underscore.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in (StaffPosting.Role.OFFICER, StaffPosting.Role.DISTRICT_HEAD)],
    )
    subdistricts = forms.ModelMultipleChoiceField(
        label=_("Subdistricts"),
        queryset=Subdistrict.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: the whole district."),
    )
    starts_on = ThaiDateField(label=_("Starts on"))

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistricts"].queryset = district.subdistricts.all()  # type: ignore[attr-defined]


class EndPostingForm(forms.Form):
    ends_on = ThaiDateField(label=_("Ended on"))
