"""Which pages a person needs in the field, kept on their phone while there is a signal (the service worker
fetches them): what each role reads where the signal does not reach. The server still checks every page on
its own (a page the person may not see answers 404 and is not kept); this list is only what to ask for."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sammachip.accounts.access import area_q
from sammachip.accounts.models import User
from sammachip.groups.access import BOOK_ROLES, RUNNING_ROLES
from sammachip.groups.models import CommitteeSeat, OccupationGroup, Role
from sammachip.households.models import ExpenditureForum
from sammachip.meetings.models import Meeting
from sammachip.places.models import Village
from sammachip.visits import agenda

# A district holds about a hundred villages: the phone keeps the nearest part of the officer's field.
MAX_VILLAGES = 30
MAX_GROUPS = 25


def pages_for(user: User, today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    pages = [reverse("home"), reverse("offline:outbox"), reverse("offline:offline")]
    if user.is_district_staff:
        pages += _officer_pages(user, today)
    pages += _committee_pages(user, today)
    return list(dict.fromkeys(pages))  # in order, once each


def _officer_pages(user: User, today: dt.date) -> list[str]:
    """The agenda, the groups on it (page, members, visits with the visit form, health), the villages of the
    officer's area with their households, and each village's latest expenditure forum (its spending form)."""
    pages = [reverse("visits:agenda")]
    plan = agenda.for_user(user, today)
    rows = plan.overdue + plan.today + plan.week + plan.later
    for row in rows[:MAX_GROUPS]:
        pages += _group_pages(row.group.pk)
    q = area_q(user, "subdistrict__")
    if q is None:
        return pages
    villages = list(Village.objects.filter(q).order_by("subdistrict__code", "moo")[:MAX_VILLAGES])
    pages += [reverse("households:village", args=[v.pk]) for v in villages]
    latest: dict[int, int] = {}
    for forum in ExpenditureForum.objects.filter(village__in=villages).order_by(
        "village_id", "-held_on", "-pk"
    ):
        latest.setdefault(forum.village_id, forum.pk)
    pages += [reverse("households:forum", args=[pk]) for pk in latest.values()]
    return pages


def _group_pages(group_id: int) -> list[str]:
    return [
        reverse("groups:detail", args=[group_id]),
        reverse("groups:members", args=[group_id]),
        reverse("visits:group_visits", args=[group_id]),
        reverse("visits:group_health", args=[group_id]),
    ]


def _committee_pages(user: User, today: dt.date) -> list[str]:
    """A treasurer: the group's books of the current month. A production lead: the members and the kinds of work
    (the work page, with its form). A chair: the meetings of the coming week (attendance)."""
    pages: list[str] = []
    seats = (
        CommitteeSeat.objects.current()  # type: ignore[attr-defined]
        .filter(membership__person__user=user, membership__left_on__isnull=True)
        .exclude(membership__group__stage=OccupationGroup.Stage.DISSOLVED)
        .values_list("membership__group_id", "role")
    )
    for group_id, role in seats:
        if role in BOOK_ROLES:
            pages += [reverse("groups:detail", args=[group_id]), reverse("books:books", args=[group_id])]
        if role == Role.PRODUCTION:
            pages += [reverse("groups:members", args=[group_id]), reverse("books:work", args=[group_id])]
        if role in RUNNING_ROLES:
            meetings = Meeting.objects.filter(
                group_id=group_id,
                status__in=[Meeting.Status.PLANNED, Meeting.Status.OPEN],
                date__gte=today - dt.timedelta(days=1),
                date__lte=today + dt.timedelta(days=7),
            )
            pages += [reverse("meetings:meeting", args=[group_id, m.pk]) for m in meetings]
    return pages
