from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammachip.accounts.types import AuthedRequest
from sammachip.core.addresses import client_address
from sammachip.core.models import record_event

from . import services, throttle
from .models import ApiToken


class ThrottledLogin:
    """Sign-in throttling (accounts.throttle) for an authentication form: the sign-in page's and the admin's."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    throttled = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        attempt = throttle.Attempt.of(username, client_address(self.request) if self.request else "")
        refusal = attempt.refusal()
        self.throttled = refusal is not None
        if refusal is not None:
            if refusal.account_locked:
                text = _(
                    "Too many failed logins. Try again in %(n)s minutes, or ask the officer to reset your password."
                )
            else:
                text = _("Too many failed logins from this connection. Try again in %(n)s minutes.")
            raise ValidationError(text % {"n": refusal.minutes}, code="throttled")
        try:
            data = super().clean()  # type: ignore[misc]
        except ValidationError:
            attempt.record(succeeded=False)
            raise
        attempt.record(succeeded=True)
        return data  # type: ignore[no-any-return]


class ThrottledAuthenticationForm(ThrottledLogin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLogin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(session_hours=settings.SAMMACHIP_SESSION_HOURS, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return "/"

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            response = super().form_valid(form)  # saves it; this session gets a new key and stays signed in
            services.password_changed(user=form.user, keep_session_key=self.request.session.session_key)
        messages.success(self.request, _("Your password has been changed."))
        return response


def tokens(request: AuthedRequest) -> HttpResponse:
    made = request.session.pop("new_api_key", None)
    items = list(request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"))
    new = next((t for t in items if made and t.pk == made["id"]), None)
    context = {
        "tokens": items,
        "new_key": made["key"] if new else None,
        "new": new,
        "now": timezone.now(),
        "token_days": settings.SAMMACHIP_API_TOKEN_DAYS,
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100] or _("API client")
    with transaction.atomic():
        token, key = ApiToken.issue(user=request.user, name=name)
        record_event(target=token, verb="accounts.token.created", actor=request.user, data={"name": name})
    request.session["new_api_key"] = {"id": token.pk, "key": key}
    return redirect("tokens")


@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id).first()
    if token is None:  # someone else's token, or none: the same answer
        raise Http404
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(target=token, verb="accounts.token.revoked", actor=request.user)
        messages.success(request, _("Token revoked."))
    return redirect("tokens")
