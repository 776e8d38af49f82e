"""A form's fields, as core/fields.html lays them out, drawn in Python: every form page includes that template,
and its loop asks each field a dozen questions through template lookups (errors, widget type, label, id,
required, help text), which cost a form of five fields about a millisecond, an entry form of eleven three. The
HTML is the template's own, character for character (tests/test_form_fields.py compares the two)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_REQUIRED = ' <span class="req" aria-hidden="true">*</span>'


@register.simple_tag(takes_context=True)
def form_fields(context: template.Context, form: forms.BaseForm | None) -> SafeString:
    """The hidden fields, then a block per visible field: label, widget, help and errors."""

    def out(value: Any) -> str:  # `{{ value }}`: a value not already a string is made one, then escaped
        text = str(value)
        return str(conditional_escape(text)) if context.autoescape else text

    if not isinstance(form, forms.BaseForm):  # no form in the context: the template's loops drew nothing
        return mark_safe("\n")  # noqa: S308
    parts = ["".join(out(f) for f in form.hidden_fields()), "\n"]
    for field in form.visible_fields():
        errors = field.errors
        checkbox = field.widget_type == "checkbox"
        label = out(field.label)
        if checkbox:
            body = f"\n    <label>{out(field)} {label}</label>\n  "
        else:
            required = _REQUIRED if field.field.required else ""
            body = f'\n    <label for="{out(field.id_for_label)}">{label}{required}</label>\n    {out(field)}\n  '
        help_text = f'<small class="help">{out(field.help_text)}</small>' if field.help_text else ""
        parts.append(
            f'\n<div class="field{" has-error" if errors else ""}{" check" if checkbox else ""}"'
            f' id="field-{out(field.html_name)}">\n  {body}\n  {help_text}\n  '
            + "".join(f'<p class="error" role="alert">{out(e)}</p>' for e in errors)
            + "\n</div>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above, as the template did
