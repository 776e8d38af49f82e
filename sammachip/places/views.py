from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sammachip.accounts import services as account_services
from sammachip.accounts.access import can_manage_district, can_manage_staff
from sammachip.accounts.models import StaffPosting
from sammachip.accounts.types import AuthedRequest
from sammachip.core.models import record_event
from sammachip.core.thaitext import thai_key
from sammachip.core.views_util import apply_errors

from . import services
from .access import access_district, access_partner, posting_subdistricts, visible_districts
from .forms import EndPostingForm, InviteStaffForm, PartnerForm, VillageForm


def district_list(request: AuthedRequest) -> HttpResponse:
    districts = visible_districts(request.user).annotate(village_count=Count("subdistricts__villages"))
    if request.user.is_superuser:
        districts = districts.filter(village_count__gt=0)
    return render(request, "places/district_list.html", {"districts": districts})


@require_http_methods(["GET", "POST"])
def district_detail(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    can_manage = can_manage_district(request.user, district.pk)
    form = VillageForm(request.POST or None, subdistricts=posting_subdistricts(request.user, district))
    if request.method == "POST":
        district = access_district(request.user, code, manage=True)
        if form.is_valid():
            try:
                services.add_village(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Village added. Next: add its households, or import them from Excel.")
                )
                return redirect("places:district", district.code)
    subdistricts = district.subdistricts.prefetch_related("villages").annotate(
        group_count=Count("villages__groups")
    )
    context = {
        "district": district,
        "subdistricts": subdistricts,
        "form": form,
        "can_manage": can_manage,
        "can_manage_staff": can_manage_staff(request.user, district.pk),
    }
    return render(request, "places/district_detail.html", context)


@require_http_methods(["GET", "POST"])
@require_http_methods(["GET", "POST"])
def partner_list(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    can_manage = can_manage_district(request.user, district.pk)
    form = PartnerForm(request.POST or None, district=district)
    if request.method == "POST":
        access_district(request.user, code, manage=True)
        if form.is_valid():
            with transaction.atomic():
                partner = form.save()
                record_event(
                    target=partner,
                    verb="places.partner.added",
                    actor=request.user,
                    data={"name": partner.name},
                )
            messages.success(request, _("Partner agency added."))
            return redirect("places:partners", district.code)
    partners = district.partner_agencies.prefetch_related("subdistricts")
    return render(
        request,
        "places/partner_list.html",
        {"district": district, "partners": partners, "form": form, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = access_partner(request.user, partner_id, manage=True)
    form = PartnerForm(request.POST or None, instance=partner, district=partner.district)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = form.changed_data
            form.save()
            record_event(
                target=partner, verb="places.partner.updated", actor=request.user, data={"fields": changed}
            )
        messages.success(request, _("Saved."))
        return redirect("places:partners", partner.district.code)
    return render(
        request, "places/partner_form.html", {"district": partner.district, "form": form, "partner": partner}
    )


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
    postings = sorted(  # by role, then in Thai order of the name (a database sorts Thai by code point)
        StaffPosting.objects.filter(district=district)
        .select_related("user")
        .prefetch_related("subdistricts"),
        key=lambda p: (p.role, thai_key(p.user.get_full_name()), p.pk),
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
            account_services.end_posting(posting=posting, on=form.cleaned_data["ends_on"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Posting ended. Access to the area, the API tokens and the sessions of this account end now;"
                    " the account keeps its history."
                ),
            )
            return redirect("staff", district.code)
    return render(
        request, "accounts/staff_end.html", {"district": district, "posting": posting, "form": form}
    )
