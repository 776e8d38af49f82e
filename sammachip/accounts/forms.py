from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import ThaiDateField
from sammachip.places.models import District, Subdistrict

from .models import StaffPosting


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
