from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.access import can_manage_staff
from sammachip.core.models import record_event
from sammachip.core.thaidate import previous_month_start
from sammachip.core.types import AuthedRequest
from sammachip.core.views_util import apply_errors
from sammachip.groups.access import visible_groups
from sammachip.places.access import access_district, visible_districts

from . import services, throttle
from .forms import EndPostingForm, InviteStaffForm
from .models import ApiToken, StaffPosting


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):  # type: ignore[no-untyped-def]
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        minutes = throttle.locked_minutes(username, address)
        self.throttled = bool(minutes)
        if minutes:
            raise ValidationError(
                _(
                    "Too many failed logins. Try again in %(n)s minutes, or ask the officer to reset your password."
                )
                % {"n": minutes},
                code="throttled",
            )
        try:
            data = super().clean()
        except ValidationError:
            throttle.record(username, address, succeeded=False)
            raise
        throttle.record(username, address, succeeded=True)
        return data


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = ThrottledAuthenticationForm


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
    groups = visible_groups(user).with_place().with_member_counts().with_last_meeting().order_by("name")
    context = {
        "postings": user.current_postings,
        "groups": groups[:12],
        "group_total": groups.count(),
        "districts": visible_districts(user)[:5] if user.current_postings else [],
        "meeting_due": previous_month_start(timezone.localdate()),
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


def _staff_district(request: AuthedRequest, code: str):  # type: ignore[no-untyped-def]
    district = access_district(request.user, code)
    if not can_manage_staff(request.user, district.pk):
        raise Http404
    return district


@require_http_methods(["GET", "POST"])
def staff(request: AuthedRequest, code: str) -> HttpResponse:
    district = _staff_district(request, code)
    form = InviteStaffForm(
        request.POST or None, district=district, initial={"starts_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting, password = services.invite_staff(district=district, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session["staff_one_time"] = {"login": posting.user.username, "password": password}
            return redirect("staff", district.code)
    postings = (
        StaffPosting.objects.filter(district=district)
        .select_related("user")
        .prefetch_related("subdistricts")
        .order_by("ends_on", "role", "user__first_name")
    )
    context = {
        "district": district,
        "form": form,
        "current": [p for p in postings if p.ends_on is None],
        "past": [p for p in postings if p.ends_on is not None],
        "one_time": request.session.pop("staff_one_time", None),
    }
    return render(request, "accounts/staff.html", context)


@require_http_methods(["GET", "POST"])
def staff_end(request: AuthedRequest, code: str, posting_id: int) -> HttpResponse:
    district = _staff_district(request, code)
    posting = (
        StaffPosting.objects.filter(district=district, pk=posting_id, ends_on__isnull=True)
        .select_related("user")
        .first()
    )
    if posting is None:
        raise Http404
    form = EndPostingForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_posting(posting=posting, on=form.cleaned_data["ends_on"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Posting ended. The account keeps its history."))
            return redirect("staff", district.code)
    return render(
        request, "accounts/staff_end.html", {"district": district, "posting": posting, "form": form}
    )
