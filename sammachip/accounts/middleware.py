"""A person signed in with a one-time password (User.must_change_password) chooses her own before anything
else: every page sends her to the password page, the API answers 403 in its error shape. The password page,
signing out, the language switch and static files stay open."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "must_change_password", False) or self._open(request.path):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = _(
                "Change the one-time password you were given first: log in on the website and choose your own."
            )
            return JsonResponse({"detail": message, "errors": []}, status=403)
        target = reverse("password_change")
        if request.headers.get("HX-Request"):  # a whole page, not a swap of a part of one
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)

    @staticmethod
    def _open(path: str) -> bool:
        allowed = (
            reverse("password_change"),
            reverse("logout"),
            "/i18n/",
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(allowed)
