"""Links that hand a text to LINE: the free share link (line.me/R/share, no API, no account of ours) and the
link that opens a chat with a LINE ID. Plain <a href>s: nothing to run, so the strict CSP is untouched."""

from __future__ import annotations

from urllib.parse import quote

from django import template

register = template.Library()

SHARE = "https://line.me/R/share?text="


@register.simple_tag
def line_share(*lines: object) -> str:
    """The share link for the non-empty lines, one under another (LINE puts the text in a chat the person picks)."""
    text = "\n".join(str(line).strip() for line in lines if line is not None and str(line).strip())
    return SHARE + quote(text[:1000], safe="")


@register.filter
def line_chat(line_id: str) -> str:
    """A LINE ID → the link that opens a chat with it: an Official Account's ID starts with @, a person's ID is
    written after ~."""
    line_id = (line_id or "").strip()
    if not line_id:
        return ""
    target = line_id if line_id.startswith("@") else "~" + line_id
    return "https://line.me/R/ti/p/" + quote(target, safe="@~")
