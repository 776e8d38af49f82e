"""The widgets drawn in Python (core.formrender) write exactly what Django's widget templates write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from sammachip.core.formrender import DRAWN, PlainWidgets
from sammachip.groups.models import Membership

CHOICES = [("a", "ก & <ข>"), ("b", 'say "x"'), ("", "---")]
GROUPED = [("ผัก", [("1", "คะน้า"), ("2", "ผักบุ้ง")]), ("3", "อื่น ๆ")]


class Every(forms.Form):
    text = forms.CharField(max_length=20, help_text="h")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'}))
    number = forms.DecimalField(min_value=0, max_digits=5, decimal_places=2)
    integer = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    check = forms.BooleanField(required=False)
    checked = forms.BooleanField(
        required=False, initial=True, widget=forms.CheckboxInput(attrs={"class": "x"})
    )
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    photo = forms.FileField(required=False)
    photos = forms.FileField(required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)  # left to templates
    split = forms.SplitDateTimeField(required=False)  # a multiwidget: its parts drawn here


def _both(form: forms.Form) -> list[tuple[str, str, str]]:
    out = []
    for name in form.fields:
        bound = form[name]
        form.renderer = DjangoTemplates()
        by_templates = str(bound)
        form.renderer = PlainWidgets()
        in_python = str(bound)
        out.append((name, by_templates, in_python))
    return out


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": "<b>&</b>",
            "optional": mark_safe("<i>"),
            "number": "1.5",
            "email": "a@b.c",
            "password": "x",
            "hidden": 'q"',
            "date": "2026-11-25",
            "check": "on",
            "area": "สวัสดี\n<ok> & ดี",
            "choice": "b",
            "grouped": "2",
            "many": ["a", ""],
            "radio": "a",
            "split_0": "2026-11-25",
            "split_1": "10:00",
        },
        {"number": "-3", "choice": "zzz", "area": ""},  # invalid: errors, aria-invalid
    ],
)
def test_every_widget_is_drawn_as_its_template_draws_it(data: dict[str, Any] | None) -> None:
    form = Every(data, initial={"text": "ต้น", "date": dt.date(2026, 11, 25), "area": "a\nb"})
    if data is not None:
        form.is_valid()
    for name, by_templates, in_python in _both(form):
        assert in_python == by_templates, name


@pytest.mark.django_db
def test_the_project_forms_are_drawn_alike(group: Any, officer: Any) -> None:
    from sammachip.bookkeeping.forms import WorkForm
    from sammachip.meetings.forms import MeetingForm
    from sammachip.visits.forms import StageProposalForm, VisitForm

    own = Membership.objects.filter(group=group).first()
    for form in (
        WorkForm(group=group, initial={"date": dt.date(2026, 11, 25)}),
        WorkForm({"membership": "x", "quantity": "-1"}, group=group, own=own),
        MeetingForm(group=group, initial={"date": dt.date(2026, 11, 25), "kind": "monthly"}),
        VisitForm(initial={"visited_on": dt.date(2026, 11, 25), "purpose": "follow_up"}),
        StageProposalForm({"reason": ""}),
    ):
        if form.is_bound:
            form.is_valid()
        for name, by_templates, in_python in _both(form):
            assert in_python == by_templates, name


def test_the_renderer_is_the_sites() -> None:
    from django.conf import settings

    assert settings.FORM_RENDERER == "sammachip.core.formrender.PlainWidgets"
    assert "django/forms/widgets/select.html" in DRAWN


# core/fields.html's field loop as a template, before its fields were drawn by the form_fields tag.
FIELDS_LOOP = """{% for field in form.hidden_fields %}{{ field }}{% endfor %}
{% for field in form.visible_fields %}
<div class="field{% if field.errors %} has-error{% endif %}{% if field.widget_type == 'checkbox' %} check{% endif %}" id="field-{{ field.html_name }}">
  {% if field.widget_type == 'checkbox' %}
    <label>{{ field }} {{ field.label }}</label>
  {% else %}
    <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="req" aria-hidden="true">*</span>{% endif %}</label>
    {{ field }}
  {% endif %}
  {% if field.help_text %}<small class="help">{{ field.help_text }}</small>{% endif %}
  {% for e in field.errors %}<p class="error" role="alert">{{ e }}</p>{% endfor %}
</div>
{% endfor %}"""


@pytest.mark.parametrize(
    "data", [None, {"text": "<b>&</b>", "check": "on", "hidden": 'q"'}, {"number": "-3"}]
)
def test_the_fields_tag_draws_what_the_loop_drew(data: dict[str, Any] | None) -> None:
    from django.template import Context, Template

    class Labelled(Every):
        marked = forms.CharField(label=mark_safe("<b>ก</b>"), help_text='a <"b">', required=False)

    form = Labelled(data, initial={"text": "ต้น", "date": dt.date(2026, 11, 25)})
    if data is not None:
        form.is_valid()
    loop = Template(FIELDS_LOOP).render(Context({"form": form}))
    tag = Template("{% load formfields %}{% form_fields form %}").render(Context({"form": form}))
    assert tag == loop
    assert Template("{% load formfields %}{% form_fields form %}").render(Context({})) == "\n"


def test_a_file_already_there_is_drawn_by_the_template() -> None:
    class Stored:
        url = "/media/a.jpg"

        def __str__(self) -> str:
            return "a.jpg"

    form = Every(initial={"photo": Stored(), "photos": Stored()})
    for name, by_templates, in_python in _both(form):
        assert in_python == by_templates, name
    assert 'href="/media/a.jpg"' in str(form["photos"])


def test_escaped_is_conditional_escape() -> None:
    from django.utils.functional import lazy
    from django.utils.html import conditional_escape
    from django.utils.translation import gettext_lazy

    from sammachip.core.formrender import escaped

    lazy_safe = lazy(mark_safe, str)("<b>ok</b>")
    values: list[Any] = [
        "a & <b> \"c\" 'd'",
        mark_safe("<i>"),
        gettext_lazy("Date"),
        lazy_safe,
        12,
        None,
        "ก",
    ]
    for value in values:
        assert escaped(value) == str(conditional_escape(value)), value
