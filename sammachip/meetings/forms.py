from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammachip.bookkeeping.models import FiscalYear
from sammachip.core.forms import MoneyFormField, ThaiDateField, ThaiDateTimeField
from sammachip.groups.models import Charter, Membership, OccupationGroup
from sammachip.households.models import full_name

from .models import Idea, Meeting, MinutesVersion, Resolution


class _MemberChoices(forms.models.ModelChoiceIterator):
    """The members as they are offered: the id and "number. full name", read as values rather than as a
    member and a person each (thirty members made sixty objects, a tenth of the meetings page)."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        names = ("pk", "number", "person__title", "person__first_name", "person__last_name")
        for pk, number, title, first, last in self.queryset.values_list(*names):
            yield (pk, f"{number}. {full_name(title, first, last)}")


def _members(field: forms.ModelChoiceField, qs: Any) -> None:
    field.iterator = _MemberChoices  # before the queryset, which hands the widget its choices
    field.queryset = qs.select_related("person").order_by("number")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    date = ThaiDateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200)
    called_by = forms.ModelChoiceField(
        label=_("Called by"), queryset=Membership.objects.none(), required=False
    )
    agenda = forms.CharField(
        label=_("Agenda, one item per line"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _members(self.fields["called_by"], group.memberships.current())  # type: ignore[arg-type]


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    idea = forms.ModelChoiceField(
        label=_("From an idea or problem raised by a member"), queryset=Idea.objects.none(), required=False
    )

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = group.ideas.filter(status=Idea.Status.OPEN)  # type: ignore[attr-defined]


class ResolutionForm(forms.Form):
    question = forms.CharField(label=_("Question put to the members"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resolution.Kind.choices)
    mode = forms.ChoiceField(label=_("How members answer"), choices=Resolution.Mode.choices)
    options = forms.CharField(
        label=_("Options, one per line (for a choice)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    threshold = forms.ChoiceField(label=_("Needed to pass"), choices=Resolution.Threshold.choices)
    charter = forms.ModelChoiceField(
        label=_("Charter draft (to adopt)"), queryset=Charter.objects.none(), required=False
    )
    fiscal_year: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Fiscal year (to approve)"), queryset=FiscalYear.objects.none(), required=False
    )
    minutes = forms.ModelChoiceField(
        label=_("Minutes (to approve)"), queryset=MinutesVersion.objects.none(), required=False
    )
    spend_amount = MoneyFormField(label=_("Amount to spend (baht)"), required=False)
    spend_purpose = forms.CharField(label=_("What it is for"), max_length=300, required=False)

    def __init__(self, *args: Any, group: OccupationGroup, meeting: Meeting | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["charter"].queryset = group.charters.filter(status=Charter.Status.DRAFT)
        fields["fiscal_year"].queryset = group.fiscal_years.filter(
            closed_at__isnull=False, approval__isnull=True
        )
        earlier = MinutesVersion.objects.filter(meeting__group=group, approved_on__isnull=True)
        if meeting is not None:
            earlier = earlier.filter(meeting__date__lt=meeting.date)
        fields["minutes"].queryset = earlier.select_related("meeting")
        fields["minutes"].label_from_instance = lambda m: (
            f"{m.meeting.get_kind_display()} {m.meeting.date:%d/%m/%Y} v{m.version}"
        )
        if meeting is None:
            self.fields["closes_at"] = ThaiDateTimeField(
                label=_("Voting closes at"),
                initial=(timezone.localtime() + dt.timedelta(days=3)).replace(second=0, microsecond=0),
                help_text=_("day/month/year hour:minute, the year in พ.ศ. (for example 09/12/2569 18:00)"),
            )


class VoteForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    choice = forms.ChoiceField(label=_("Vote"))

    def __init__(self, *args: Any, resolution: Resolution, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _members(self.fields["membership"], members)  # type: ignore[arg-type]
        labels = {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")}
        self.fields["choice"].choices = [(c, labels.get(c, c)) for c in resolution.choices]  # type: ignore[attr-defined]


class HandsForm(forms.Form):
    """A show of hands counted as numbers: how many hands went up for each answer."""

    def __init__(self, *args: Any, resolution: Resolution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")}
        for choice in resolution.choices:
            self.fields[f"hands_{choice}"] = forms.IntegerField(
                label=labels.get(choice, choice),
                min_value=0,
                max_value=10000,
                initial=0,
                required=False,  # an answer nobody raised a hand for may be left empty: 0
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "class": "count"}),
            )

    def counts(self) -> dict[str, int]:
        return {name.removeprefix("hands_"): value or 0 for name, value in self.cleaned_data.items()}


class IdeaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Idea.Kind.choices)
    text = forms.CharField(label=_("Your idea or problem"), widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("What the members decided"), widget=forms.Textarea(attrs={"rows": 2}))


class DutyForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    title = forms.CharField(label=_("Duty"), max_length=300)
    due_on = ThaiDateField(label=_("Due on"))
    meeting = forms.ModelChoiceField(label=_("Agreed at"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, group: OccupationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _members(self.fields["assignee"], group.memberships.current())  # type: ignore[arg-type]
        self.fields["meeting"].queryset = group.meetings.exclude(status=Meeting.Status.PLANNED)  # type: ignore[attr-defined]


class InspectionForm(forms.Form):
    date = ThaiDateField(label=_("Date"))
    subject = forms.CharField(label=_("What was checked"), max_length=300)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
