"""The 5 ก of one group, read once for the group page and the API alike (reads only; writes are services)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from .calculations import FiveK, five_k
from .models import SINGLE_ROLES, Charter, CommitteeSeat, OccupationGroup


@dataclass(frozen=True)
class GroupSummary:
    five_k: FiveK
    member_count: int
    founding_count: int
    seats: list[CommitteeSeat]
    charter: Charter | None


def summarise(group: OccupationGroup) -> GroupSummary:
    counts = group.memberships.current().aggregate(
        total=Count("id"), founding=Count("id", filter=Q(is_founding=True))
    )
    seats = list(group.committee_seats.current().select_related("membership__person"))
    charter = group.charters.filter(status=Charter.Status.ADOPTED).first()
    summary = five_k(
        member_count=counts["total"],
        min_members=settings.SAMMACHIP_MIN_MEMBERS,
        activity_count=group.activities.filter(ended_on__isnull=True).count(),
        filled_roles={s.role for s in seats},
        required_roles=[r.value for r in SINGLE_ROLES],
        charter_in_force=charter is not None,
        # The meetings slot is computed by the meetings app (it sits right of this one).
        meetings_available=False,
    )
    return GroupSummary(summary, counts["total"], counts["founding"], seats, charter)
