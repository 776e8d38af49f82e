from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = district.subdistricts.all()  # type: ignore[attr-defined]


class PartnerForm(forms.ModelForm):
    class Meta:
        model = PartnerAgency
        fields = ["name", "kind", "subdistricts", "contact_name", "phone", "email", "is_active"]
        widgets = {"subdistricts": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["subdistricts"].queryset = district.subdistricts.all()  # type: ignore[attr-defined]
        self.fields["subdistricts"].help_text = _("None ticked: the whole district.")
