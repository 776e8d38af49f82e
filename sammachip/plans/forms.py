from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import MoneyFormField, ThaiDateField
from sammachip.households.models import Household, OccupationType, SpendingItem
from sammachip.places.models import PartnerAgency

from .models import ForumPresentation, Project, Proposal


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=200)
    objective = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Project.Kind.choices)
    occupation = forms.ModelChoiceField(
        label=_("Occupation"), queryset=OccupationType.objects.all(), required=False
    )
    item = forms.ModelChoiceField(
        label=_("Spending it answers"),
        queryset=SpendingItem.objects.filter(can_make_locally=True),
        required=False,
    )
    target_households = forms.IntegerField(
        label=_("Target households"), min_value=0, max_value=100000, initial=0
    )
    budget = MoneyFormField(label=_("Budget (baht)"))
    funding = forms.ChoiceField(label=_("Funding source"), choices=Project.Funding.choices)
    partner = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=PartnerAgency.objects.none(), required=False
    )
    expectations = forms.CharField(
        label=_("What the members want from the group"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerAgency.objects.filter(district=district, is_active=True)  # type: ignore[attr-defined]

    def clean_budget(self) -> Any:
        value = self.cleaned_data["budget"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The budget cannot be negative."))
        return value


class ProspectiveMemberForm(forms.Form):
    household = forms.ModelChoiceField(label=_("Household"), queryset=Household.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    wants = forms.CharField(
        label=_("What they want from the group"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, village: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        field.queryset = Household.objects.filter(village=village)  # type: ignore[attr-defined]
        field.label_from_instance = lambda h: f"{h.house_no} {h.head_name}"  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner agency"), queryset=PartnerAgency.objects.none())
    amount_requested = MoneyFormField(label=_("Amount requested (baht)"))
    on = ThaiDateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerAgency.objects.filter(district=district, is_active=True)  # type: ignore[attr-defined]


class ProposalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Proposal.Status.choices)
    on = ThaiDateField(label=_("Date"))
    amount = MoneyFormField(label=_("Amount approved or received (baht)"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed:
            self.fields["status"].choices = [c for c in Proposal.Status.choices if c[0] in allowed]  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document"))


class CoordinationForm(forms.Form):
    on = ThaiDateField(label=_("Date"))
    note = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=Proposal.objects.none(), required=False)

    def __init__(self, *args: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals  # type: ignore[attr-defined]


class CommunityForumForm(forms.Form):
    held_on = ThaiDateField(label=_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=200)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PresentationForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project presented"), queryset=Project.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ForumPresentation.Outcome.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, subdistrict: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(plan__village__subdistrict=subdistrict)  # type: ignore[attr-defined]


class GroupFromProjectForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=200)
    founded_on = ThaiDateField(label=_("Founded on"))


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
