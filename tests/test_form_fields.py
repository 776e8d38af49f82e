"""core/fields.html draws a form's fields with a tag (core.templatetags.formfields): the same HTML as the
template loop it replaced, kept here as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from tests.test_form_renderer import Every

LOOP = (
    '{% load i18n %}{% if form.errors %}<div class="error-summary" role="alert" tabindex="-1" autofocus id="errors{% if form.prefix %}-{{ form.prefix }}{% endif %}">\n'
    '<p><strong>{% translate "Not saved yet." %}</strong> {% blocktranslate trimmed count n=form.errors|length %}Correct the item below, then send again:{% plural %}Correct the {{ n }} items below, then send again:{% endblocktranslate %}</p>\n'
    '<ul>{% for e in form.non_field_errors %}<li>{{ e }}</li>{% endfor %}{% for field in form.visible_fields %}{% if field.errors %}<li><a href="#field-{{ field.html_name }}">{{ field.label }}</a>: {{ field.errors|join:" " }}</li>{% endif %}{% endfor %}</ul>\n'
    "</div>{% endif %}\n"
    "{% for field in form.hidden_fields %}{{ field }}{% endfor %}\n"
    "{% for field in form.visible_fields %}\n"
    '<div class="field{% if field.errors %} has-error{% endif %}{% if field.widget_type == \'checkbox\' %} check{% endif %}" id="field-{{ field.html_name }}">\n'
    "  {% if field.widget_type == 'checkbox' %}\n"
    "    <label>{{ field }} {{ field.label }}</label>\n"
    "  {% else %}\n"
    '    <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="req" aria-hidden="true">*</span>{% endif %}</label>\n'
    "    {{ field }}\n"
    "  {% endif %}\n"
    '  {% if field.help_text %}<small class="help">{{ field.help_text }}</small>{% endif %}\n'
    '  {% for e in field.errors %}<p class="error" role="alert">{{ e }}</p>{% endfor %}\n'
    "</div>\n"
    "{% endfor %}\n"
)


class Labels(forms.Form):
    plain = forms.CharField(label="ชื่อ & <นามสกุล>", help_text=mark_safe("<b>ok</b>"))
    safe = forms.CharField(label=mark_safe("<i>ตัวเอียง</i>"), required=False, help_text="a < b")
    agree = forms.BooleanField(label="ยอมรับ & <ตกลง>", help_text="h")
    hidden = forms.CharField(widget=forms.HiddenInput, initial='x"y')
    other = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=3)


def _both(form: forms.BaseForm) -> tuple[str, str]:
    engine = engines["django"]
    request = RequestFactory().get("/")
    by_loop = engine.from_string(LOOP).render({"form": form}, request)
    by_tag = engine.get_template("core/fields.html").render({"form": form}, request)
    return by_loop, by_tag


@pytest.mark.parametrize(
    "form",
    [
        Every(initial={"text": "ต้น", "date": dt.date(2026, 11, 25)}),
        Every({"number": "-3", "choice": "zzz", "check": "on"}),
        Every({"text": "<b>", "number": "1", "password": "x", "date": "2026-11-25", "choice": "a"}),
        Labels(),
        Labels({"plain": "", "agree": ""}),
        Labels({"plain": "x", "agree": "on"}, prefix="p"),
    ],
)
def test_the_fields_tag_draws_what_the_template_loop_drew(form: forms.BaseForm) -> None:
    if form.is_bound:
        form.is_valid()
    by_loop, by_tag = _both(form)
    assert by_tag == by_loop


@pytest.mark.django_db
def test_the_project_forms_are_drawn_alike(group: Any, officer: Any) -> None:
    from sammachip.bookkeeping.forms import EntryForm, WorkForm
    from sammachip.groups.models import Membership

    own = Membership.objects.filter(group=group).first()
    for form in (
        EntryForm(group=group, initial={"date": dt.date(2026, 11, 25)}),
        EntryForm({"amount": "abc", "overdraw": "on"}, group=group),
        WorkForm(group=group, initial={"date": dt.date(2026, 11, 25)}),
        WorkForm({"membership": "x", "quantity": "-1"}, group=group, own=own),
    ):
        if form.is_bound:
            form.is_valid()
        by_loop, by_tag = _both(form)
        assert by_tag == by_loop


def test_no_form_draws_what_the_loop_drew() -> None:
    engine = engines["django"]
    for context in ({}, {"form": None}, {"form": ""}):
        by_loop = engine.from_string(LOOP).render(context)
        assert engine.get_template("core/fields.html").render(context) == by_loop
