"""Who may see or change a group. Missing and forbidden both answer 404, on pages and in the API."""

from __future__ import annotations

from enum import Enum

from django.http import Http404

from sammachip.accounts.access import area_q, can_manage_staff, in_area, is_officer_for_subdistrict
from sammachip.accounts.models import User

from .models import Membership, OccupationGroup, Role


class Can(Enum):
    VIEW = "view"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_COMMITTEE = "manage_committee"
    EDIT_CHARTER = "edit_charter"
    MANAGE_ACTIVITIES = "manage_activities"
    EDIT_GROUP = "edit_group"
    WRITE_BOOKS = "write_books"
    RECORD_WORK = "record_work"
    APPROVE_DIVIDENDS = "approve_dividends"
    RUN_MEETINGS = "run_meetings"
    FOLLOW_UP = "follow_up"  # visits, problems, stage proposals: the area's officer and district head
    MANAGE_MARKET = "manage_market"  # the public page, products, shops, inquiries
    SELL = "sell"  # placements, settlements, booths, study visits: these write sales into the books
    SUBMIT_REPORT = "submit_report"  # the annual profit report: the group's money roles, chair, or officer


# Roles on the committee that may run the group's register alongside the officer.
RUNNING_ROLES = {Role.CHAIR, Role.VICE_CHAIR}
# Only these write the books (the issue: treasurer, assistant treasurer, accounting) — not the officer.
BOOK_ROLES = {Role.TREASURER, Role.ASSISTANT_TREASURER, Role.ACCOUNTING}
# The group's face to buyers: the marketing lead and public relations, with the chair and vice-chair.
MARKET_ROLES = {Role.CHAIR, Role.VICE_CHAIR, Role.MARKETING, Role.PUBLIC_RELATIONS}


def visible_groups(user: User):  # -> OccupationGroupQuerySet
    if not user.is_authenticated:
        return OccupationGroup.objects.none()
    staff = area_q(user, "village__subdistrict__")
    if staff is not None:
        mine_ids = OccupationGroup.objects.filter(
            memberships__person__user=user, memberships__left_on__isnull=True
        ).values("id")
        # One set of ids, the area's and their own groups': "area OR member" written as an OR made PostgreSQL
        # read every group in the country and every membership (820 ms for the group list at nation scale);
        # the union lets it start from the area's villages (16 ms).
        area_ids = OccupationGroup.objects.filter(staff).values("id").order_by()
        return OccupationGroup.objects.filter(id__in=area_ids.union(mine_ids.order_by()))
    return OccupationGroup.objects.filter(
        memberships__person__user=user, memberships__left_on__isnull=True
    ).distinct()


class GroupAccess:
    """What one user may do in one group, worked out once per request."""

    def __init__(self, user: User, group: OccupationGroup) -> None:
        self.user = user
        self.group = group
        self.staff_q = area_q(user, "village__subdistrict__")
        self.membership: Membership | None = (
            Membership.objects.filter(group=group, person__user=user, left_on__isnull=True).first()
            if user.is_authenticated
            else None
        )
        self.roles: set[str] = (
            set(self.membership.seats.current().values_list("role", flat=True)) if self.membership else set()
        )
        subdistrict = group.village.subdistrict
        self.is_officer = is_officer_for_subdistrict(user, subdistrict.pk, subdistrict.district_id)
        district = subdistrict.district
        self.is_area_staff = self.staff_q is not None and in_area(
            user, subdistrict.pk, district.pk, district.province_id
        )

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    def allows(self, action: Can) -> bool:
        if action == Can.VIEW:
            return self.is_area_staff or self.is_member
        if action == Can.WRITE_BOOKS:
            return bool(self.roles & BOOK_ROLES) and self.group.stage != OccupationGroup.Stage.DISSOLVED
        if action == Can.RECORD_WORK:
            return Role.PRODUCTION in self.roles and self.group.stage != OccupationGroup.Stage.DISSOLVED
        if action == Can.APPROVE_DIVIDENDS:
            return bool(self.roles & (BOOK_ROLES | {Role.CHAIR}))
        if action == Can.FOLLOW_UP:
            return self.is_officer or can_manage_staff(self.user, self.group.village.subdistrict.district_id)
        if action == Can.MANAGE_MARKET:
            return self.is_officer or bool(self.roles & MARKET_ROLES)
        if action == Can.SELL:
            return bool(self.roles & (MARKET_ROLES | BOOK_ROLES) - {Role.PUBLIC_RELATIONS}) and (
                self.group.stage != OccupationGroup.Stage.DISSOLVED
            )
        if action == Can.SUBMIT_REPORT:
            return self.is_officer or bool(self.roles & (BOOK_ROLES | {Role.CHAIR}))
        if action == Can.RUN_MEETINGS:
            return (
                self.is_officer or bool(self.roles & RUNNING_ROLES)
            ) and self.group.stage != OccupationGroup.Stage.DISSOLVED
        runs_group = self.is_officer or bool(self.roles & RUNNING_ROLES)
        if self.group.stage == OccupationGroup.Stage.DISSOLVED and action != Can.EDIT_GROUP:
            return False
        if action == Can.EDIT_GROUP:
            return self.is_officer
        return runs_group

    def sees_national_id_of(self, membership: Membership) -> bool:
        """Full national IDs: only the officer of the area and the member themself."""
        return self.is_officer or (self.user.is_authenticated and membership.person.user_id == self.user.pk)


def access_group(user: User, group_id: int, need: Can = Can.VIEW) -> tuple[OccupationGroup, GroupAccess]:
    """The group if `user` may do `need` in it; otherwise 404, whether it is missing or forbidden."""
    group = OccupationGroup.objects.with_place().filter(pk=group_id).first()
    if group is None or not user.is_authenticated:
        raise Http404
    access = GroupAccess(user, group)
    if not access.allows(need):
        raise Http404
    return group, access
