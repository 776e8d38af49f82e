"""The form renderer: the plain widgets (inputs, selects, text areas) drawn in Python, the rest by Django's
templates.

Django draws each widget through its templates, with an include for the attributes and another for every
<option>: a form with a 30-member select drew some 80 template includes, a third of a page such as the
group's work records. The HTML written here is the templates' own, character for character
(tests/test_form_renderer.py compares the two on every kind of widget drawn here)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise


def escaped(value: Any) -> str:
    """conditional_escape(value) without its lazy-text wrapper (a form of thirty options escapes some 130
    values): a lazy text is made text first, a value already safe is written as it is, any other escaped as
    django.utils.html.escape does."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape: a value already safe is written as it is."""
    return escaped(str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_text(name)}")
        else:
            out.append(f' {_text(name)}="{_text(value)}"')
    return "".join(out)


def _input(w: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html (and text, number, date, hidden, checkbox... which include it)"""
    value = "" if w["value"] is None else f' value="{_text(w["value"])}"'
    return f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _clearable(w: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/clearable_file_input.html with no file yet (None for one already there: its link
    and its clear box are left to the template)."""
    if w["is_initial"]:
        return None
    return f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{_attrs(w["attrs"])}>'


def _textarea(w: Mapping[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    value = escaped(w["value"]) if w["value"] else ""
    return f'<textarea name="{_text(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>'


def _select(w: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/select.html with select_option.html; None for any other kind of option."""
    out = [f'<select name="{_text(w["name"])}"{_attrs(w["attrs"])}>']
    for group_name, options, _index in w["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for o in options:
            if o["template_name"] != "django/forms/widgets/select_option.html":
                return None
            out.append(
                f'\n  <option value="{_text(o["value"])}"{_attrs(o["attrs"])}>'
                f"{escaped(o['label'])}</option>\n"  # the option template's own last line end
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


INPUTS = ("input", "text", "number", "email", "password", "hidden", "date", "time", "datetime", "url", "tel")
DRAWN: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{f"django/forms/widgets/{n}.html": _input for n in (*INPUTS, "search", "color", "checkbox", "file")},
    "django/forms/widgets/clearable_file_input.html": _clearable,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class PlainWidgets(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        draw = DRAWN.get(template_name)
        if draw is not None:
            html = draw(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
