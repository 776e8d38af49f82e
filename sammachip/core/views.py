"""The user guide inside the app (docs/guide.md), readable before logging in: it holds no personal data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

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
