from __future__ import annotations

from django.http import Http404

from sammachip.accounts.access import can_manage_district, visible_district_ids
from sammachip.accounts.models import User

from .models import District, PartnerAgency


def visible_districts(user: User):
    ids = visible_district_ids(user)
    qs = District.objects.select_related("province")
    return qs if ids is None else qs.filter(id__in=ids)


def access_district(user: User, code: str, *, manage: bool = False) -> District:
    district = visible_districts(user).filter(code=code).first()
    if district is None or (manage and not can_manage_district(user, district.pk)):
        raise Http404
    return district


def access_partner(user: User, partner_id: int, *, manage: bool = False) -> PartnerAgency:
    partner = PartnerAgency.objects.select_related("district").filter(pk=partner_id).first()
    if partner is None:
        raise Http404
    access_district(user, partner.district.code, manage=manage)
    return partner
