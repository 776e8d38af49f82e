"""A person's home page — her groups, her districts, what others did to her account — and her notices.

It gathers what every app shows about her, so it sits at the top of the apps, beside the agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.models import StaffPosting, User
from sammachip.accounts.types import AuthedRequest
from sammachip.core.models import AuditEvent
from sammachip.core.thaidate import previous_month_start
from sammachip.core.thaitext import in_order, thai_ordered_ids
from sammachip.groups import services as group_services
from sammachip.groups.access import visible_groups
from sammachip.groups.models import Membership, OccupationGroup
from sammachip.households.models import Person
from sammachip.places.access import visible_districts

from . import agenda
from .models import StageProposal

NOTICE_VERBS = (
    "groups.member.added",
    "groups.member.left",
    "groups.member.updated",
    "accounts.member_login.granted",
    "accounts.member_login.reset",
)


def _notice_text(event: AuditEvent, group_names: dict[int, str]) -> str:
    names = {"actor": event.actor_name or _("Someone"), "group": group_names.get(event.group_id or 0, "-")}
    if event.verb == "groups.member.added":
        return _("%(actor)s added you to %(group)s.") % names
    if event.verb == "groups.member.left":
        reason = Membership.LeaveReason(event.data["reason"]).label if event.data.get("reason") else "-"
        return _("%(actor)s recorded that you left %(group)s (%(reason)s).") % {**names, "reason": reason}
    if event.verb == "accounts.member_login.granted":
        return _("%(actor)s gave you a login (through %(group)s).") % names
    if event.verb == "accounts.member_login.reset":
        return (
            _(
                "%(actor)s set a new password for your login (through %(group)s). If you did not ask for it, "
                "tell your officer at once."
            )
            % names
        )
    labels = {f.name: str(getattr(f, "verbose_name", f.name)) for f in Person._meta.get_fields()}
    fields = ", ".join(labels.get(f, f) for f in event.data.get("fields", []))
    return _("%(actor)s changed your details: %(fields)s.") % {**names, "fields": fields or "-"}


def person_notices(user: User, *, unseen_only: bool, limit: int = 50) -> list[dict]:
    """What others did to her account or her record: added her to a group, changed her details, gave or
    reset her login. She sees it on her home page until she marks it read."""
    person = Person.objects.filter(user=user).only("pk").first()
    if person is None:
        return []
    events = AuditEvent.objects.filter(person_id=person.pk, verb__in=NOTICE_VERBS).exclude(actor=user)
    if unseen_only and user.notices_seen_at is not None:
        events = events.filter(at__gt=user.notices_seen_at)
    rows = list(events[:limit])
    names = dict(OccupationGroup.objects.filter(pk__in={e.group_id for e in rows}).values_list("pk", "name"))
    # An addition she may still decline: the membership is current (the service checks she took no part).
    added = {e.target_id for e in rows if e.verb == "groups.member.added"}
    open_ids = set(  # and she has taken no part in it (the service's own rule, checked again on the post)
        Membership.objects.filter(
            pk__in=added, person=person, left_on__isnull=True, work_records__isnull=True,
            attendance__isnull=True, votes__isnull=True, entries__isnull=True, seats__isnull=True,
        ).values_list("pk", flat=True)
    )  # fmt: skip
    return [
        {
            "at": e.at,
            "text": _notice_text(e, names),
            "decline": e.target_id if e.verb == "groups.member.added" and e.target_id in open_ids else None,
        }
        for e in rows
    ]


@require_POST
def decline_membership(request: AuthedRequest, membership_id: int) -> HttpResponse:
    membership = Membership.objects.filter(pk=membership_id, person__user=request.user).first()
    if membership is None:
        raise Http404
    try:
        group_services.decline_membership(membership=membership, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("You are no longer a member of %(group)s; its committee sees why.")
            % {"group": membership.group},
        )
    return redirect("home")


@require_http_methods(["GET", "POST"])
def notices(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        request.user.notices_seen_at = timezone.now()
        request.user.save(update_fields=["notices_seen_at"])
        messages.success(request, _("Marked as read."))
        return redirect(request.POST.get("next") == "home" and "home" or "notices")
    return render(
        request, "accounts/notices.html", {"notices": person_notices(request.user, unseen_only=False)}
    )


def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    ids = thai_ordered_ids(visible_groups(user))
    first = ids[:12]
    groups = visible_groups(user).filter(pk__in=first).with_place().with_member_counts().with_last_meeting()
    context = {
        "postings": user.current_postings,
        "groups": in_order(groups, first),
        "group_total": len(ids),
        "districts": visible_districts(user)[:5] if user.current_postings else [],
        "meeting_due": previous_month_start(timezone.localdate()),
        "notices": person_notices(user, unseen_only=True, limit=10),
        "proposals": _proposals_to_decide(user),
        # her own passbooks: the groups she is a current member of
        "own_memberships": Membership.objects.current()
        .filter(person__user=user)
        .select_related("group")
        .order_by("group__name"),
    }
    return render(request, "accounts/home.html", context)


def _proposals_to_decide(user: User) -> list[StageProposal]:
    """The stage proposals waiting for this district head (she decides them on the group's health page),
    from the agenda's own list; not those she proposed herself."""
    headed = [
        p.district_id
        for p in user.current_postings
        if p.role == StaffPosting.Role.DISTRICT_HEAD and p.district_id
    ]
    if not headed:
        return []
    waiting = agenda.pending_proposals(headed, timezone.localdate())
    return [p for p in waiting if p.proposed_by_id != user.pk][:20]
