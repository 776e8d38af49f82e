"""The user guide inside the app (docs/guide.md), readable before logging in: it holds no personal data."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import guide


@login_not_required
def help_page(request: HttpRequest) -> HttpResponse:
    html, toc = guide.guide(reverse("help_image", args=["x.png"])[: -len("x.png")])
    return render(request, "core/help.html", {"guide": html, "toc": [t for t in toc if t[0] == 3]})


@login_not_required
def help_image(request: HttpRequest, name: str) -> FileResponse:
    """A screenshot the guide shows: only a plain file name from docs/screenshots, never a path."""
    path = guide.SCREENSHOTS / name
    if "/" in name or not name.endswith(".png") or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A missing page and a page this person may not open look the same (both 404), in the site's layout and
    language, with a way back: the page they came from when it is ours, and home."""
    referer = request.META.get("HTTP_REFERER", "")
    back = ""
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        parts = urlsplit(referer)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
    return render(request, "404.html", {"back": back if back != request.path else ""}, status=404)
