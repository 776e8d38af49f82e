from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy

from sammachip.accounts.access import area_q, can_manage_district, visible_district_ids
from sammachip.accounts.models import User

from .models import District, PartnerAgency, Subdistrict

# A row of an import about a place or group outside the importer's posting (as its page would refuse them).
OUTSIDE_POSTING = gettext_lazy(
    "“%(name)s” is outside your posting: only the officer posted there may change it."
)


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


def posting_subdistricts(user: User, district: District):  # -> QuerySet[Subdistrict]
    """The district's subdistricts within the user's posting: where they may add villages and households.
    An officer posted to some subdistricts manages those; the district's other officers and head, all."""
    q = area_q(user, "")
    return Subdistrict.objects.filter(district=district).filter(q if q is not None else Q(pk__in=[]))
