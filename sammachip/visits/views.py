from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from sammachip.accounts.access import visible_district_ids
from sammachip.accounts.models import StaffPosting
from sammachip.core.types import AuthedRequest
from sammachip.places.access import access_district
from sammachip.places.models import Province

from . import reports


def district_view(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    groups = list(reports.district_groups(district))
    summary = reports.district_summary(groups)
    return render(
        request, "visits/district.html", {"district": district, "groups": groups, "summary": summary}
    )


def province_view(request: AuthedRequest, code: str) -> HttpResponse:
    province = Province.objects.filter(code=code).first()
    user = request.user
    allowed = user.is_superuser or any(
        p.role == StaffPosting.Role.PROVINCE_STAFF and p.province_id == (province.pk if province else None)
        for p in user.current_postings
    )
    if province is None or not allowed:
        raise Http404
    rows = reports.province_rows(province)
    totals = {k: sum(r[k] for r in rows) for k in ("groups", "members", "sales", "overdue")}
    ids = visible_district_ids(user)
    return render(
        request,
        "visits/province.html",
        {"province": province, "rows": rows, "totals": totals, "all": ids is None},
    )
