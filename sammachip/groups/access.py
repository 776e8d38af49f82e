"""Who may see or change a group. Missing and forbidden both answer 404, on pages and in the API."""

from __future__ import annotations

from enum import Enum

from django.db.models import F, FilteredRelation, Q
from django.http import Http404

from sammachip.accounts.access import area_q, can_manage_staff, in_area, is_officer_for_subdistrict
from sammachip.accounts.models import User
from sammachip.households.models import Person

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


_UNKNOWN = object()


def _known_person(user: User) -> object:
    """The user's member record if it was loaded with her (None: she has none), else _UNKNOWN."""
    related = User.person.related  # type: ignore[attr-defined]
    return related.get_cached_value(user) if related.is_cached(user) else _UNKNOWN


def visible_memberships(user: User, memberships: list[Membership]) -> list[Membership]:
    """The rule of `visible_groups` for memberships already read with their groups' places: those whose group
    is in the user's area, and those of groups she is herself a current member of (asked only about the
    rest, and not at all when there is none)."""
    if not user.is_authenticated:
        return []

    def in_users_area(m: Membership) -> bool:
        subdistrict = m.group.village.subdistrict
        return in_area(user, subdistrict.pk, subdistrict.district_id, subdistrict.district.province_id)

    rest = {m.group_id for m in memberships if not in_users_area(m)}
    own = {m.group_id for m in memberships if m.person.user_id == user.pk and m.left_on is None}
    if rest - own and _known_person(user) is not None:  # staff without a member record are in no group
        own |= set(
            Membership.objects.filter(
                group_id__in=rest - own, person__user=user, left_on__isnull=True
            ).values_list("group_id", flat=True)
        )
    return [m for m in memberships if m.group_id not in rest or m.group_id in own]


class GroupAccess:
    """What one user may do in one group, worked out once per request."""

    def __init__(self, user: User, group: OccupationGroup) -> None:
        self.user = user
        self.group = group
        self.staff_q = area_q(user, "village__subdistrict__")
        # Her current membership and its current seats in one query: a row per seat (or one with no role).
        # The signed-in user comes with her member record (accounts.backends.get_user): none, nothing to ask.
        person = _known_person(user) if user.is_authenticated else None
        mine = Q(person__user=user) if person is _UNKNOWN else Q(person=person)
        rows = (
            list(
                Membership.objects.filter(mine, group=group, left_on__isnull=True)
                .annotate(
                    seat=FilteredRelation("seats", condition=Q(seats__ended_on__isnull=True)),
                    seat_role=F("seat__role"),
                )
                .order_by("pk")
            )
            if person is not None
            else []
        )
        self.membership: Membership | None = rows[0] if rows else None
        self.roles: set[str] = {r.seat_role for r in rows if r.seat_role}
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

    def is_own(self, membership: Membership) -> bool:
        return self.membership is not None and membership.pk == self.membership.pk

    def may_witness(self) -> bool:
        """A show of hands is witnessed by a member of the group or its officer (the service refuses the
        person who recorded the hands)."""
        return self.membership is not None or self.is_officer

    def may_vote_for(self, membership: Membership) -> bool:
        """A member votes for herself; whoever runs the group's meetings records another's (a show of hands)."""
        return self.is_own(membership) or self.allows(Can.RUN_MEETINGS)

    def work_counts_at_once(self) -> bool:
        """Work recorded by the production lead, or by the area's officer (a group's history brought in),
        counts at once; a member's own record waits for the lead's confirmation."""
        live = self.group.stage != OccupationGroup.Stage.DISSOLVED
        return self.allows(Can.RECORD_WORK) or (self.is_officer and live)

    def may_record_work_for(self, membership: Membership) -> bool:
        live = self.group.stage != OccupationGroup.Stage.DISSOLVED
        return self.work_counts_at_once() or (self.is_own(membership) and live)

    def may_raise_ideas(self) -> bool:
        """Ideas and problems are the members' own voice: raised by current members, as themselves."""
        return self.membership is not None

    def may_finish_duty(self, assignee_id: int) -> bool:
        """A duty is marked done by the member it was given to, or by whoever runs the meetings."""
        return self.allows(Can.RUN_MEETINGS) or (
            self.membership is not None and assignee_id == self.membership.pk
        )

    def sees_passbook_of(self, membership: Membership) -> bool:
        """A member's passbook: the member herself, the group's committee, and staff whose area covers it."""
        own = self.membership is not None and self.membership.pk == membership.pk
        return own or self.sees_every_passbook

    @property
    def sees_every_passbook(self) -> bool:
        return bool(self.roles) or self.is_area_staff

    def sees_national_id_of(self, membership: Membership) -> bool:
        """Full national IDs: only the officer of the area and the member themself — and never on a page being
        kept on a phone (core.middleware.OfflineCopyMiddleware)."""
        if getattr(self.user, "offline_copy", False):
            return False
        return self.is_officer or (self.user.is_authenticated and membership.person.user_id == self.user.pk)


def access_group(user: User, group_id: int, need: Can = Can.VIEW) -> tuple[OccupationGroup, GroupAccess]:
    """The group if `user` may do `need` in it; otherwise 404, whether it is missing or forbidden."""
    if not user.is_authenticated:
        raise Http404
    try:  # get(), not first(): no ordering by name to build and sort for one row
        group = OccupationGroup.objects.with_place().get(pk=group_id)
    except OccupationGroup.DoesNotExist:
        raise Http404 from None
    access = GroupAccess(user, group)
    if not access.allows(need):
        raise Http404
    return group, access


def covers_person(user: User, person: Person, memberships: list[Membership] | None = None) -> bool:
    """Staff whose area covers every group the person belongs to (or, when she has left them all, every group
    she ever belonged to): an officer posted there, the district head or the province office above them all.

    Powers over a person — her login and password, her name, national ID, phone and address — reach through
    every group she is in, so they need all of them. A group's committee acts on the membership in its own
    group (joining, leaving, seats, work), never on the person: adding someone to a group grants nothing."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.current_postings:
        return False
    if memberships is None:  # a view that has read her memberships with their places passes them in
        memberships = list(person.memberships.select_related("group__village__subdistrict__district"))
    groups = [m.group for m in memberships if m.left_on is None] or [m.group for m in memberships]
    places = [g.village.subdistrict for g in groups] or [person.village.subdistrict]
    return all(in_area(user, s.pk, s.district_id, s.district.province_id) for s in places)


def may_edit_person(user: User, person: Person) -> bool:
    """Her own record (not her national ID: see `covers_person`) is hers to correct, and covering staff's."""
    return (user.is_authenticated and person.user_id == user.pk) or covers_person(user, person)
