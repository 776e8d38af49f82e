"""Where a staff user may look: the area of their current postings, as filters on subdistricts."""

from __future__ import annotations

from django.db.models import Q

from sammachip.accounts.models import StaffPosting, User


def area_q(user: User, prefix: str) -> Q | None:
    """A filter for rows whose subdistrict (reached through `prefix`) is in the user's area.

    None means no area at all. A superuser sees everything (Q() matches every row).
    """
    if user.is_superuser:
        return Q()
    q: Q | None = None
    for posting in user.current_postings:
        if posting.role == StaffPosting.Role.PROVINCE_STAFF:
            part = Q(**{f"{prefix}district__province_id": posting.province_id})
        elif posting.role == StaffPosting.Role.OFFICER and posting.subdistricts.all():
            part = Q(**{f"{prefix}id__in": [s.pk for s in posting.subdistricts.all()]})
        else:
            part = Q(**{f"{prefix}district_id": posting.district_id})
        q = part if q is None else q | part
    return q


def visible_district_ids(user: User) -> set[int] | None:
    """Districts the user works in; None for a superuser (all)."""
    if user.is_superuser:
        return None
    ids: set[int] = set()
    for posting in user.current_postings:
        if posting.role == StaffPosting.Role.PROVINCE_STAFF:
            ids |= set(posting.province.districts.values_list("id", flat=True))
        elif posting.district_id:
            ids.add(posting.district_id)
    return ids


def is_officer_for_subdistrict(user: User, subdistrict_id: int, district_id: int) -> bool:
    """A พัฒนากร posted to this place (the person who may see full national IDs)."""
    if user.is_superuser:
        return True
    for posting in user.current_postings:
        if posting.role != StaffPosting.Role.OFFICER or posting.district_id != district_id:
            continue
        subs = [s.pk for s in posting.subdistricts.all()]
        if not subs or subdistrict_id in subs:
            return True
    return False


def sees_national_ids_in_district(user: User, district_id: int) -> bool:
    """Full national IDs in a list of the district not yet tied to a group (an import's rows, which only their
    uploading officer and the district head open): an officer posted in the district, as on the member page
    (is_officer_for_subdistrict). The district head sees them masked."""
    if user.is_superuser:
        return True
    return any(
        p.role == StaffPosting.Role.OFFICER and p.district_id == district_id for p in user.current_postings
    )


def can_manage_district(user: User, district_id: int) -> bool:
    """Officers and the district head of a district manage its villages and partners."""
    if user.is_superuser:
        return True
    return any(
        p.district_id == district_id
        and p.role in (StaffPosting.Role.OFFICER, StaffPosting.Role.DISTRICT_HEAD)
        for p in user.current_postings
    )


def can_manage_staff(user: User, district_id: int) -> bool:
    """The district head invites the district's officers and sets their areas."""
    if user.is_superuser:
        return True
    return any(
        p.district_id == district_id and p.role == StaffPosting.Role.DISTRICT_HEAD
        for p in user.current_postings
    )


def can_see_province(user: User, province_id: int | None) -> bool:
    """The province view compares every district of a province: the province office's staff see it; a district's
    officers and head see their own district only."""
    if user.is_superuser:
        return True
    return province_id is not None and any(
        p.role == StaffPosting.Role.PROVINCE_STAFF and p.province_id == province_id
        for p in user.current_postings
    )


def in_area(user: User, subdistrict_id: int, district_id: int, province_id: int) -> bool:
    """The same rule as `area_q`, for one place already loaded: no query beyond the cached postings."""
    if user.is_superuser:
        return True
    for posting in user.current_postings:
        if posting.role == StaffPosting.Role.PROVINCE_STAFF:
            if posting.province_id == province_id:
                return True
        elif posting.role == StaffPosting.Role.OFFICER and posting.subdistricts.all():
            if subdistrict_id in {s.pk for s in posting.subdistricts.all()}:
                return True
        elif posting.district_id == district_id:
            return True
    return False
