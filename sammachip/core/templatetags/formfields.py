"""A form's fields, drawn in Python for core/fields.html: every form in the app goes through that template, and
its loop (a dozen variables, tags and conditions per field) cost as much as drawing the widgets themselves —
0.7 ms of a fourteen-field form such as the visit form. The HTML is the loop's own, character for character
(tests/test_form_renderer.py compares the two on every kind of field)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from sammachip.core.formrender import escaped

register = template.Library()


def _text(value: Any) -> str:
    """`{{ value }}` under autoescape."""
    return escaped(value if isinstance(value, str) else str(value))


def _field(bf: Any) -> str:
    errors = bf.errors
    checkbox = bf.widget_type == "checkbox"
    label = _text(bf.label)
    if checkbox:
        body = f"\n    <label>{_text(bf)} {label}</label>\n  "
    else:
        req = ' <span class="req" aria-hidden="true">*</span>' if bf.field.required else ""
        body = f'\n    <label for="{_text(bf.id_for_label)}">{label}{req}</label>\n    {_text(bf)}\n  '
    help_text = f'<small class="help">{_text(bf.help_text)}</small>' if bf.help_text else ""
    shown = "".join(f'<p class="error" role="alert">{_text(e)}</p>' for e in errors)
    return (
        f'\n<div class="field{" has-error" if errors else ""}{" check" if checkbox else ""}"'
        f' id="field-{_text(bf.html_name)}">\n  {body}\n  {help_text}\n  {shown}\n</div>\n'
    )


@register.simple_tag
def form_fields(form: Any) -> SafeString:
    """The hidden fields, a line end, then each visible field in its <div class="field">."""
    if not hasattr(form, "visible_fields"):
        return mark_safe("\n")  # no form: the loops draw nothing
    hidden = "".join(_text(bf) for bf in form.hidden_fields())
    return mark_safe(hidden + "\n" + "".join(_field(bf) for bf in form.visible_fields()))  # noqa: S308
