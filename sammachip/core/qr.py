"""QR codes on printed sheets: a phone pointed at the paper opens the page where it is typed in."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, scale: int = 2) -> SafeString:
    """An inline SVG (no file, no fetch): WeasyPrint draws it as vectors, so the PDF stays small."""
    import segno

    svg = segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=1, omitsize=True)
    return mark_safe(str(svg))  # noqa: S308 - segno's own SVG markup, the URL inside is escaped by segno


def page_qr(request: HttpRequest, path: str) -> dict[str, str | SafeString]:
    """The page's full address and its QR code, for a sheet's header."""
    url = request.build_absolute_uri(path)
    return {"url": url, "svg": qr_svg(url)}
