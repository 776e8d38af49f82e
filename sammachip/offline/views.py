"""Sammachip on a phone without a signal: the service worker (served at the site's root so it may look after
every page), the web app manifest (add to the home screen), what the worker keeps for the signed-in person,
and the two pages it shows offline (the outbox, and "not yet saved on this phone")."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sammachip.accounts.types import AuthedRequest
from sammachip.core.context_processors import person_id

from .kept import pages_for


def _fonts_of_the_stylesheet() -> list[str]:
    """The font files app.css asks for, read from app.css itself, so the worker never keeps a list of its own
    that could name a file `make assets` does not copy (one missing file fails the worker's whole install)."""
    css = Path(str(finders.find("core/app.css"))).read_text(encoding="utf-8")
    return sorted(set(re.findall(r'url\("\.\./(vendor/fonts/[^"]+\.woff2)"\)', css)))


# What the worker keeps from the start (cache first): every page's scripts, styles, icon and Thai font.
ASSETS = [
    "vendor/htmx.min.js",
    "core/upload.js",
    "core/forms.js",
    "core/app.js",
    "core/outbox.js",
    "core/offline.js",
    "core/app.css",
    "core/icon.svg",
    *_fonts_of_the_stylesheet(),
]


@cache
def _worker_source() -> str:
    """The worker with its version: a digest of itself and the assets it keeps, so a new release of any of
    them installs a new worker, which replaces the kept assets."""
    digest = hashlib.sha256()
    paths = ["core/sw.js", *ASSETS]
    for name in paths:
        found = finders.find(name)
        if found:
            digest.update(Path(str(found)).read_bytes())
    source = Path(str(finders.find("core/sw.js"))).read_text(encoding="utf-8")
    assets = [static(a) for a in ASSETS]
    return source.replace("__VERSION__", digest.hexdigest()[:12]).replace("__ASSETS__", json.dumps(assets))


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # the browser asks again on each visit whether a new one is out
    return response


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("Sammachip — community occupation groups"),
        "short_name": _("Sammachip"),
        "lang": "th",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": "#1f6f4a",
        "background_color": "#ffffff",
        "icons": [
            {"src": static("core/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("core/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("core/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def state(request: HttpRequest) -> JsonResponse:
    """Who is signed in (an opaque id: the phone's copies and outbox are theirs), a CSRF token for sending the
    outbox, and the pages to keep. Nobody signed in: no person, nothing to keep or send."""
    user = request.user
    if not user.is_authenticated:
        response = JsonResponse({"person": None})
    else:
        response = JsonResponse(
            {"person": person_id(user), "csrf": get_token(request), "pages": pages_for(user)}
        )
    response["Cache-Control"] = "no-store"
    return response


def outbox(request: AuthedRequest) -> HttpResponse:
    """The phone's outbox, drawn by offline.js from the phone's own store: nothing of it is on the server."""
    return render(request, "offline/outbox.html")


def offline_page(request: AuthedRequest) -> HttpResponse:
    """What the worker shows for a page it has not kept, listing the pages it has."""
    return render(request, "offline/offline.html")
