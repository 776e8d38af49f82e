"""The privacy notice (public), a member's data export and erasure, the requests log and the breach log."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.models import StaffPosting
from sammachip.accounts.types import AuthedRequest
from sammachip.core.forms import ThaiDateTimeField
from sammachip.core.views_util import apply_errors
from sammachip.groups.access import Can, access_group, covers_person
from sammachip.households.models import NOTICE_VERSION

from . import services
from .models import Breach, DataRequest


@login_not_required
def notice(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/notice.html", {"version": NOTICE_VERSION})


def _member(request: AuthedRequest, group_id: int, membership_id: int):  # type: ignore[no-untyped-def]
    group, access = access_group(request.user, group_id)
    membership = group.memberships.select_related("person").filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return group, access, membership


def export(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    """The member's own data as JSON, from every group she is in: for the member herself and the officer
    whose area covers all of those groups."""
    _group, access, membership = _member(request, group_id, membership_id)
    is_self = membership.person.user_id == request.user.pk
    if not (is_self or (access.is_officer and covers_person(request.user, membership.person))):
        raise Http404
    data = services.export_person(person=membership.person, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="member-{membership.pk}.json"'
    return response


class EraseForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("erase", gettext_lazy("Erase (anonymise) the person's data")),
            ("refuse", gettext_lazy("Refuse the request")),
        ],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


@require_http_methods(["GET", "POST"])
def erase(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, access, membership = _member(request, group_id, membership_id)
    # the area's officer, whose area covers every group the person was ever in
    if not (access.allows(Can.EDIT_GROUP) and covers_person(request.user, membership.person)):
        raise Http404
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "erase":
                services.erase_person(
                    person=membership.person, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(
                    request, _("The person's data is erased; the books and dividends keep the member number.")
                )
            else:
                services.refuse_request(
                    person=membership.person,
                    kind="erasure",
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
                messages.success(request, _("The refusal and its reason are recorded."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("groups:member", group.pk, membership.pk)
    requests = DataRequest.objects.filter(person=membership.person)
    return render(
        request, "privacy/erase.html",
        {"group": group, "access": access, "membership": membership, "form": form, "requests": requests, "tab": "members"},
        status=422 if form.errors else 200,
    )  # fmt: skip


class BreachForm(forms.Form):
    # Day and time typed as every date in the app: 05/12/2569 14:30 (พ.ศ.), or C.E.
    discovered_at = ThaiDateTimeField(label=gettext_lazy("Discovered at"))
    description = forms.CharField(
        label=gettext_lazy("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    data_kinds = forms.CharField(label=gettext_lazy("What data"), max_length=300)
    people_affected = forms.IntegerField(label=gettext_lazy("People affected"), min_value=0)
    office_notified_at = ThaiDateTimeField(label=gettext_lazy("PDPC office notified at"), required=False)
    people_notified_at = ThaiDateTimeField(label=gettext_lazy("People notified at"), required=False)
    actions = forms.CharField(
        label=gettext_lazy("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def _breach_log(request: AuthedRequest) -> tuple[Any, tuple[int | None, int | None]]:
    """The breaches this person keeps — a district head their district's, a province office its
    province's, an administrator all — and the area a breach they record belongs to. Anyone else: 404."""
    if request.user.is_superuser:
        return Breach.objects.all(), (None, None)
    reach = Q(pk__in=[])
    area: tuple[int | None, int | None] | None = None
    for p in request.user.current_postings:
        if p.role == StaffPosting.Role.PROVINCE_STAFF:
            reach |= Q(province_id=p.province_id)
            area = area or (p.province_id, None)
        elif p.role == StaffPosting.Role.DISTRICT_HEAD:
            reach |= Q(district_id=p.district_id)
            area = area or (p.province_id, p.district_id)
    if area is None:
        raise Http404
    return Breach.objects.filter(reach), area


@require_http_methods(["GET", "POST"])
def breaches(request: AuthedRequest) -> HttpResponse:
    log, (province_id, district_id) = _breach_log(request)
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_breach(
                by=request.user, province_id=province_id, district_id=district_id, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Breach recorded. Notify the PDPC office within 72 hours of discovery.")
            )
            return redirect("privacy:breaches")
    rows = [(b, services.overdue(b)) for b in log]
    return render(
        request,
        "privacy/breaches.html",
        {"rows": rows, "form": form, "now": timezone.now()},
        status=422 if form.errors else 200,
    )


@require_POST
def breach_notified(request: AuthedRequest, breach_id: int) -> HttpResponse:
    log, _area = _breach_log(request)
    breach = log.filter(pk=breach_id).first()
    if breach is None:
        raise Http404
    field = "people_notified_at" if request.POST.get("who") == "people" else "office_notified_at"
    setattr(breach, field, timezone.now())
    breach.save(update_fields=[field])
    from sammachip.core.models import record_event

    record_event(target=breach, verb="privacy.breach.notified", actor=request.user, data={"field": field})
    return redirect("privacy:breaches")
