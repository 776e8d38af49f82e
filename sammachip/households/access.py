"""Who may see and change a village's households, forums and survey: the staff of its area.
Missing and forbidden both give 404."""

from __future__ import annotations

from django.db.models import Model
from django.http import Http404

from sammachip.accounts.access import area_q, can_manage_district, in_area
from sammachip.accounts.models import StaffPosting, User
from sammachip.places.access import access_district
from sammachip.places.models import Province, Subdistrict, Village

from .models import ExpenditureForum, Household

LEVELS = ("village", "subdistrict", "district", "province")


def visible_villages(user: User):
    q = area_q(user, "subdistrict__")
    if q is None:
        return Village.objects.none()
    return Village.objects.filter(q)


def check_village(user: User, village: Village, manage: bool) -> Village:
    sub = village.subdistrict
    if not in_area(user, sub.pk, sub.district_id, sub.district.province_id):
        raise Http404
    if manage and not can_manage_district(user, sub.district_id):
        raise Http404
    return village


def access_village(user: User, village_id: int, *, manage: bool = False) -> Village:
    village = Village.objects.select_related("subdistrict__district__province").filter(pk=village_id).first()
    if village is None:
        raise Http404
    return check_village(user, village, manage)


def access_forum(user: User, forum_id: int, *, manage: bool = False) -> ExpenditureForum:
    forum = (
        ExpenditureForum.objects.select_related("village__subdistrict__district__province")
        .filter(pk=forum_id)
        .first()
    )
    if forum is None:
        raise Http404
    check_village(user, forum.village, manage)
    return forum


def access_household(user: User, household_id: int, *, manage: bool = False) -> Household:
    household = (
        Household.objects.select_related("village__subdistrict__district__province")
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise Http404
    check_village(user, household.village, manage)
    return household


def access_area(user: User, level: str, code: str) -> Model:
    """A village (by id), subdistrict, district or province (by code) the user may look at."""
    area: Model | None
    if level == "village":
        if not code.isdigit():
            raise Http404
        return access_village(user, int(code))
    if level == "subdistrict":
        area = Subdistrict.objects.select_related("district__province").filter(code=code).first()
        ok = area is not None and in_area(user, area.pk, area.district_id, area.district.province_id)
    elif level == "district":
        return access_district(user, code)
    elif level == "province":
        area = Province.objects.filter(code=code).first()
        ok = area is not None and (
            user.is_superuser
            or any(
                p.role == StaffPosting.Role.PROVINCE_STAFF and p.province_id == area.pk
                for p in user.current_postings
            )
        )
    else:
        raise Http404
    if area is None or not ok:
        raise Http404
    return area
