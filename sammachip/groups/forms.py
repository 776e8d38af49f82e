from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sammachip.core.forms import ConfirmField, MoneyFormField, ThaiDateField
from sammachip.core.thaiid import THAI_DIGITS, is_valid_national_id, normalize_national_id
from sammachip.households.models import OccupationType, Person
from sammachip.places.models import Village

from .models import Membership, OccupationGroup, Role, WorkUnit


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=200)
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none())
    occupation = forms.ModelChoiceField(
        label=_("Occupation"), queryset=OccupationType.objects.all(), required=False
    )
    new_occupation = forms.CharField(
        label=_("…or a new occupation"),
        max_length=150,
        required=False,
        help_text=_("If it is not in the list."),
    )
    founded_on = ThaiDateField(label=_("Founded on"))
    description = forms.CharField(
        label=_("About the group"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages.select_related("subdistrict")  # type: ignore[attr-defined]
        self.fields["village"].label_from_instance = lambda v: f"{v} — ต.{v.subdistrict}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("occupation") and not (data.get("new_occupation") or "").strip():
            self.add_error("occupation", _("Choose the occupation, or type a new one."))
        return data


class PersonFields(forms.Form):
    title = forms.ChoiceField(label=_("Title"), choices=Person.Title.choices, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("13 digits; dashes are fine."),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    skills = forms.CharField(label=_("Skills"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    can_teach = forms.BooleanField(label=_("Can teach these skills to others"), required=False)

    def clean_national_id(self) -> str:
        value = normalize_national_id(self.cleaned_data.get("national_id") or "")
        if value and not is_valid_national_id(value):
            raise ValidationError(
                _("This national ID is not valid: it needs 13 digits and a correct check digit.")
            )
        return value

    def clean_phone(self) -> str:
        """As people write it: Thai digits, dashes and spaces are fine (๐๘๑-๒๓๔-๕๖๗๘)."""
        value = re.sub(r"[\s\-.]", "", (self.cleaned_data.get("phone") or "").translate(THAI_DIGITS))
        if value and not re.fullmatch(r"0\d{8,9}", value):
            raise ValidationError(_("Enter a Thai phone number such as 0812345678."))
        return value

    def person_data(self) -> dict[str, Any]:
        keys = ["title", "first_name", "last_name", "national_id", "phone", "address", "skills", "can_teach"]
        return {k: self.cleaned_data[k] for k in keys if k in self.fields}


class MemberAddForm(PersonFields):
    joined_on = ThaiDateField(label=_("Joined on"))
    is_founding = forms.BooleanField(label=_("Founding member"), required=False)
    chosen_occupations = forms.ModelMultipleChoiceField(
        label=_("Occupations this person chose"),
        queryset=OccupationType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A new member joins only a group of an occupation they chose themselves."),
    )


class PersonEditForm(PersonFields):
    pass


class LeaveForm(forms.Form):
    left_on = ThaiDateField(label=_("Left on"))
    leave_reason = forms.ChoiceField(label=_("Reason"), choices=Membership.LeaveReason.choices)
    leave_note = forms.CharField(label=_("Note"), max_length=300, required=False)
    confirm = ConfirmField()

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seats = [str(s.get_role_display()) for s in membership.seats.current()]
        what = _(
            "I understand: %(name)s stops being a member on the date above, no longer votes or records work, "
            "and the record is kept. Leaving cannot be undone."
        ) % {"name": membership.person.full_name}
        if seats:
            what += " " + _("Their committee seat ends: %(seats)s.") % {"seats": ", ".join(seats)}
        self.fields["confirm"].label = what


class AppointForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    starts_on = ThaiDateField(label=_("Starts on"))
    term_ends_on = ThaiDateField(label=_("Term ends on"), required=False)
    replace = forms.BooleanField(label=_("Replace whoever holds this role now"), required=False)

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = group.memberships.current().select_related("person").order_by("number")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.number}. {m.person.full_name}"  # type: ignore[attr-defined]
        # Until a member is chosen, a current member not in the list must not validate.
        field.error_messages["invalid_choice"] = _(
            "Only a current member of this group can sit on its committee."
        )


class EndSeatForm(forms.Form):
    ended_on = ThaiDateField(label=_("Ended on"))


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Activity"), max_length=200)
    need = forms.CharField(
        label=_("Which need of the members does it answer?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    proposed_by = forms.ModelChoiceField(label=_("Proposed by"), queryset=Membership.objects.none())
    started_on = ThaiDateField(label=_("Started on"))

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["proposed_by"]
        field.queryset = group.memberships.current().select_related("person").order_by("number")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.number}. {m.person.full_name}"  # type: ignore[attr-defined]


PERCENT = {"min_value": 0, "max_value": 100, "decimal_places": 2, "max_digits": 5}


class CharterDraftForm(forms.Form):
    own_rules = forms.CharField(
        label=_("The members' own rules, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum: more than this percentage of members present"), min_value=1, max_value=99
    )
    meetings_per_month = forms.IntegerField(label=_("Meetings per month, at least"), min_value=1, max_value=8)
    work_unit = forms.ChoiceField(label=_("Work is counted in"), choices=WorkUnit.choices)
    reserve_percent = forms.DecimalField(label=_("Reserve fund %"), **PERCENT)  # type: ignore[arg-type]
    dividend_percent = forms.DecimalField(label=_("Dividends by work %"), **PERCENT)  # type: ignore[arg-type]
    share_dividend_percent = forms.DecimalField(
        label=_("Dividends on members' shares % (optional)"),
        required=False,
        **PERCENT,  # type: ignore[arg-type]
    )
    funds = forms.CharField(
        label=_("Other funds the group names, one per line: name = percent"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For example: สวัสดิการสมาชิก = 10"),
    )
    spending_limit = MoneyFormField(label=_("Spending above this needs a members' resolution (baht)"))

    def clean_funds(self) -> list[tuple[str, Decimal]]:
        parsed: list[tuple[str, Decimal]] = []
        for number, line in enumerate((self.cleaned_data.get("funds") or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = re.fullmatch(r"\s*(.+?)\s*[=:\t]\s*([0-9๐-๙]+(?:\.[0-9๐-๙]{1,2})?)\s*%?\s*", line)
            if not match:
                raise ValidationError(
                    _("Line %(n)s: write the fund's name, “=”, then its percent.") % {"n": number}
                )
            parsed.append((match.group(1), Decimal(match.group(2).translate(THAI_DIGITS))))
        return parsed

    def clean(self) -> dict[str, Any]:
        # The split's rules (dividends paid, parts adding up to 100%) are the service's: draft_charter.
        data = super().clean() or {}
        data["share_dividend_percent"] = data.get("share_dividend_percent") or Decimal(0)
        return data


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=OccupationGroup.Stage.choices)
    on = ThaiDateField(label=_("From"))
