from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammachip.core.models import record_event
from sammachip.core.types import AuthedRequest
from sammachip.groups.access import visible_groups
from sammachip.places.access import visible_districts

from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return "/"

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        record_event(target=form.user, verb="accounts.password.changed", actor=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    groups = visible_groups(user).with_place().with_member_counts().order_by("name")
    context = {
        "postings": user.current_postings,
        "groups": groups[:12],
        "group_total": groups.count(),
        "districts": visible_districts(user)[:5] if user.current_postings else [],
    }
    return render(request, "accounts/home.html", context)


def tokens(request: AuthedRequest) -> HttpResponse:
    new_key = request.session.pop("new_api_key", None)
    items = request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")
    return render(request, "accounts/tokens.html", {"tokens": items, "new_key": new_key})


@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100] or _("API client")
    with transaction.atomic():
        token, key = ApiToken.issue(user=request.user, name=name)
        record_event(target=token, verb="accounts.token.created", actor=request.user, data={"name": name})
    request.session["new_api_key"] = key
    return redirect("tokens")


@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id, revoked_at__isnull=True).first()
    if token is not None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(target=token, verb="accounts.token.revoked", actor=request.user)
        messages.success(request, _("Token revoked."))
    return redirect("tokens")
