"""Meetings and deciding together. Every write is one transaction with an audit event. A decision is
recorded only through a resolution whose result is counted from votes — never typed, never by one person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.accounts.models import User
from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import FiscalYear
from sammachip.core.clock import today
from sammachip.core.models import record_event
from sammachip.groups import services as group_services
from sammachip.groups.models import Charter, Membership, OccupationGroup

from . import calculations
from .models import AgendaItem, Attendance, Duty, Idea, Inspection, Meeting, MinutesVersion, Resolution, Vote

DEFAULT_QUORUM = 50


def _event(target: Any, verb: str, by: User | None, group_id: int, **data: Any) -> None:
    record_event(target=target, verb=verb, actor=by, group_id=group_id, data=data)


# --- meetings --------------------------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    *,
    group: OccupationGroup,
    kind: str,
    date: dt.date,
    place: str,
    agenda: list[str],
    by: User,
    called_by: Membership | None = None,
) -> Meeting:
    if date < group.founded_on:
        raise ValidationError({"date": _("A meeting cannot be before the group was founded.")})
    if called_by is not None and called_by.group_id != group.pk:
        raise ValidationError({"called_by": _("Choose a member of this group.")})
    meeting = Meeting(
        group=group, kind=kind, date=date, place=place.strip(), called_by=called_by, created_by=by
    )
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=t.strip())
        for i, t in enumerate([a for a in agenda if a.strip()], 1)
    )
    _event(meeting, "meetings.meeting.scheduled", by, group.pk, kind=kind, date=date.isoformat())
    return meeting


@transaction.atomic
def add_agenda_item(
    *, meeting: Meeting, title: str, by: User, description: str = "", idea: Idea | None = None
) -> AgendaItem:
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("This meeting is closed."))
    position = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, position=position, title=title.strip(), description=description
    )
    if idea is not None:
        if idea.group_id != meeting.group_id:
            raise ValidationError(_("Choose an idea of this group."))
        idea.agenda_item = item
        idea.status = Idea.Status.ON_AGENDA
        idea.save(update_fields=["agenda_item", "status"])
    _event(meeting, "meetings.agenda.added", by, meeting.group_id, title=item.title)
    return item


def eligible_members(meeting: Meeting) -> list[Membership]:
    """Who the meeting is for: members on its date (committee meetings: the committee on its date)."""
    on = meeting.date
    members = Membership.objects.filter(group=meeting.group, joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on)
    )
    if meeting.kind == Meeting.Kind.COMMITTEE:
        members = members.filter(
            Q(seats__starts_on__lte=on) & (Q(seats__ended_on__isnull=True) | Q(seats__ended_on__gte=on))
        ).distinct()
    return list(members.select_related("person").order_by("number"))


def quorum_percent(group: OccupationGroup) -> int:
    charter = group.charters.filter(status=Charter.Status.ADOPTED).first()
    return charter.quorum_percent if charter else DEFAULT_QUORUM


PRESENT = (Attendance.Status.PRESENT, Attendance.Status.REPRESENTED)  # in the room or by proxy


def quorum(
    meeting: Meeting, *, eligible: int | None = None, present: int | None = None
) -> dict[str, int | bool]:
    """Present against needed. Pass `eligible` and `present` when the caller has already listed the eligible
    members and read the meeting's attendance."""
    eligible = len(eligible_members(meeting)) if eligible is None else eligible
    if present is None:
        present = meeting.attendance.filter(status__in=PRESENT).count()
    needed = calculations.quorum_needed(eligible, quorum_percent(meeting.group))
    return {
        "eligible": eligible,
        "present": present,
        "needed": needed,
        "met": present >= needed and eligible > 0,
    }


@transaction.atomic
def open_meeting(*, meeting: Meeting, by: User) -> Meeting:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting has already been opened."))
    if meeting.date > today():
        raise ValidationError(_("A meeting can be opened on its day, not before."))
    meeting.status = Meeting.Status.OPEN
    meeting.opened_at = timezone.now()
    meeting.save(update_fields=["status", "opened_at"])
    _event(meeting, "meetings.meeting.opened", by, meeting.group_id)
    return meeting


@transaction.atomic
def record_attendance(*, meeting: Meeting, marks: Mapping[int, tuple[str, int | None]], by: User) -> None:
    """marks: membership id → (status, represented-by membership id)."""
    if meeting.status != Meeting.Status.OPEN:
        raise ValidationError(_("Take attendance while the meeting is in session."))
    if meeting.resolutions.exists():
        raise ValidationError(_("Attendance is fixed once the first resolution is put to the members."))
    eligible = {m.pk: m for m in eligible_members(meeting)}
    errors: dict[str, str] = {}
    for membership_id, (status, _rep_id) in marks.items():
        if membership_id not in eligible:
            raise ValidationError(_("Only members of the group on the meeting's date can be marked."))
        if status not in Attendance.Status.values:
            errors[status_field(membership_id)] = _("Choose present, absent, excused or represented.")
    good = {k: v for k, v in marks.items() if status_field(k) not in errors}
    errors.update(_proxy_errors(meeting, good, eligible))
    if errors:  # the whole sheet or nothing: each refused row is shown on its row
        raise ValidationError(errors)
    for membership_id, (status, rep_id) in marks.items():
        Attendance.objects.update_or_create(
            meeting=meeting, membership_id=membership_id,
            defaults={"status": status, "represented_by_id": rep_id if status == Attendance.Status.REPRESENTED else None, "recorded_by": by},
        )  # fmt: skip
    _event(
        meeting, "meetings.attendance.recorded", by, meeting.group_id, marked=len(marks), **quorum(meeting)
    )


def status_field(membership_id: int) -> str:
    """The error key of a member's attendance mark (the page's row for that member)."""
    return f"status_{membership_id}"


def proxy_field(membership_id: int) -> str:
    """The error key of a represented member's proxy holder (the page's field for that member)."""
    return f"represented_by_{membership_id}"


def _proxy_errors(
    meeting: Meeting, marks: Mapping[int, tuple[str, int | None]], eligible: Mapping[int, Membership]
) -> dict[str, str]:
    """A member represented (มอบฉันทะ) names another member who is present at the meeting: the attendance
    as it will stand after `marks`, so a holder marked absent in the same save is refused too."""
    standing = {a.membership_id: (a.status, a.represented_by_id) for a in meeting.attendance.all()}
    standing.update(marks)
    errors: dict[str, str] = {}
    for membership_id, (status, rep_id) in standing.items():
        if status != Attendance.Status.REPRESENTED:
            continue
        if rep_id is None or rep_id not in eligible or rep_id == membership_id:
            errors[proxy_field(membership_id)] = _("Choose the member who holds the proxy.")
        elif standing.get(rep_id, ("", None))[0] != Attendance.Status.PRESENT:
            errors[proxy_field(membership_id)] = _(
                "%(holder)s is not marked present: a proxy is held by a member who is at the meeting."
            ) % {"holder": eligible[rep_id].person.full_name}
    return errors


@transaction.atomic
def close_meeting(*, meeting: Meeting, by: User) -> Meeting:
    if meeting.status != Meeting.Status.OPEN:
        raise ValidationError(_("Only a meeting in session can be closed."))
    if meeting.resolutions.filter(status=Resolution.Status.OPEN).exists():
        raise ValidationError(_("Close the voting on every resolution first."))
    meeting.status = Meeting.Status.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    _event(meeting, "meetings.meeting.closed", by, meeting.group_id)
    return meeting


# --- minutes -----------------------------------------------------------------------------------------


@transaction.atomic
def write_minutes(*, meeting: Meeting, body: dict[str, str], general: str, by: User) -> MinutesVersion:
    """Write or edit the current draft. Once a version is approved it is locked; writing again starts a
    correction — a new version that needs its own approval."""
    if meeting.status == Meeting.Status.PLANNED:
        raise ValidationError(_("Minutes are written once the meeting has been held."))
    latest = meeting.minutes.order_by("-version").first()
    if latest is None or latest.is_approved:
        latest = MinutesVersion(meeting=meeting, version=(latest.version + 1) if latest else 1, written_by=by)
    latest.body = {k: v.strip() for k, v in body.items() if v.strip()}
    latest.general = general.strip()
    latest.written_by = by
    latest.save()
    _event(latest, "meetings.minutes.written", by, meeting.group_id, version=latest.version)
    return latest


# --- resolutions and votes -------------------------------------------------------------------------


def _next_number(group: OccupationGroup) -> int:
    OccupationGroup.objects.select_for_update().filter(pk=group.pk).first()
    return (Resolution.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1


def _check_kind(resolution: Resolution) -> None:
    kind, group, meeting = resolution.kind, resolution.group, resolution.meeting
    if kind == Resolution.Kind.ADOPT_CHARTER:
        charter = resolution.charter
        if charter is None or charter.group_id != group.pk or charter.status != Charter.Status.DRAFT:
            raise ValidationError({"charter": _("Choose the charter draft to adopt.")})
        if (
            calculations.THRESHOLDS[resolution.threshold][0] * 3
            < 2 * calculations.THRESHOLDS[resolution.threshold][1]
        ):
            raise ValidationError({"threshold": _("A charter is adopted or changed by at least two-thirds.")})
    elif kind == Resolution.Kind.APPROVE_YEAR:
        year = FiscalYear.objects.filter(pk=resolution.fiscal_year_id or 0).first()
        resolution.fiscal_year = year
        if meeting is None or meeting.kind != Meeting.Kind.GENERAL:
            raise ValidationError(
                {"kind": _("The year's P&L and dividends are approved at the general meeting.")}
            )
        if year is None or year.group_id != group.pk or not year.is_closed:
            raise ValidationError({"fiscal_year": _("Choose a closed fiscal year of this group.")})
        if hasattr(year, "approval"):
            raise ValidationError({"fiscal_year": _("This year has already been approved.")})
        resolution.dividend_run = getattr(year, "dividend_run", None)
    elif kind == Resolution.Kind.SPENDING:
        if (
            not resolution.spend_amount
            or resolution.spend_amount <= 0
            or not resolution.spend_purpose.strip()
        ):
            raise ValidationError({"spend_amount": _("Say how much is to be spent and what for.")})
    elif kind == Resolution.Kind.APPROVE_MINUTES:
        minutes = resolution.minutes
        if meeting is None or minutes is None or minutes.meeting.group_id != group.pk:
            raise ValidationError({"minutes": _("Choose the minutes of an earlier meeting of this group.")})
        if minutes.is_approved:
            raise ValidationError({"minutes": _("These minutes are already approved.")})
        if minutes.meeting.date >= meeting.date or minutes.meeting_id == meeting.pk:
            raise ValidationError({"minutes": _("Minutes are approved at a later meeting.")})


@transaction.atomic
def propose_resolution(
    *,
    group: OccupationGroup,
    question: str,
    by: User,
    meeting: Meeting | None = None,
    kind: str = Resolution.Kind.GENERAL,
    mode: str = Resolution.Mode.YES_NO,
    options: list[str] | None = None,
    threshold: str = Resolution.Threshold.MAJORITY,
    closes_at: dt.datetime | None = None,
    agenda_item: AgendaItem | None = None,
    charter: Charter | None = None,
    fiscal_year: FiscalYear | None = None,
    minutes: MinutesVersion | None = None,
    spend_amount: Decimal | None = None,
    spend_purpose: str = "",
) -> Resolution:
    online = meeting is None
    if meeting is not None and meeting.status != Meeting.Status.OPEN:
        raise ValidationError(_("Resolutions are put to the members while the meeting is in session."))
    if online and (closes_at is None or closes_at <= timezone.now()):
        raise ValidationError({"closes_at": _("An online vote needs a closing time in the future.")})
    opts = [o.strip() for o in (options or []) if o.strip()]
    if mode == Resolution.Mode.CHOICE and len(set(opts)) < 2:
        raise ValidationError({"options": _("Give at least two different options.")})
    if kind == Resolution.Kind.ADOPT_CHARTER and threshold == Resolution.Threshold.MAJORITY:
        threshold = Resolution.Threshold.TWO_THIRDS
    resolution = Resolution(
        group=group, meeting=meeting, number=_next_number(group), question=question.strip(), kind=kind, mode=mode,
        options=opts if mode == Resolution.Mode.CHOICE else [], threshold=threshold, online=online,
        opens_at=timezone.now(), closes_at=closes_at, agenda_item=agenda_item, charter=charter, fiscal_year=fiscal_year,
        minutes=minutes, spend_amount=spend_amount, spend_purpose=spend_purpose.strip(), proposed_by=by,
    )  # fmt: skip
    if kind != Resolution.Kind.GENERAL and mode != Resolution.Mode.YES_NO:
        raise ValidationError({"mode": _("This kind of resolution is answered yes or no.")})
    _check_kind(resolution)
    resolution.full_clean(exclude=["proposed_by", "witnessed_by", "closed_by"])
    resolution.save()
    _event(
        resolution,
        "meetings.resolution.proposed",
        by,
        group.pk,
        number=resolution.number,
        kind=kind,
        question=resolution.question,
    )
    return resolution


def _may_vote(resolution: Resolution, membership: Membership) -> None:
    if membership.group_id != resolution.group_id:
        raise ValidationError({"membership": _("Only members of the group vote.")})
    if resolution.meeting is not None:
        present = resolution.meeting.attendance.filter(membership=membership, status__in=PRESENT).exists()
        if not present:
            raise ValidationError(
                {"membership": _("Only members present (or represented) at the meeting vote.")}
            )
    elif membership.left_on is not None:
        raise ValidationError({"membership": _("Only current members vote.")})


@transaction.atomic
def cast_vote(*, resolution: Resolution, membership: Membership, choice: str, by: User) -> Vote:
    """A member votes for themself (ballot or online); someone running the meeting may record a show of
    hands for a member present — such a tally then needs a second person to witness it."""
    resolution = (
        Resolution.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=resolution.pk)
    )
    if resolution.status != Resolution.Status.OPEN:
        raise ValidationError(_("Voting on this resolution is closed."))
    if resolution.online and resolution.closes_at and timezone.now() > resolution.closes_at:
        raise ValidationError(_("Voting on this resolution is closed."))
    if choice not in resolution.choices:
        raise ValidationError({"choice": _("Choose one of the answers.")})
    if resolution.hands_counted_by_id is not None:
        raise ValidationError(
            _("The show of hands has been counted: every member present who had not voted is in that count.")
        )
    _may_vote(resolution, membership)
    own = membership.person.user_id == by.pk
    if resolution.online and not own:
        raise ValidationError(
            {"membership": _("In an online vote each member votes with their own account.")}
        )
    method = Vote.Method.ONLINE if resolution.online else (Vote.Method.BALLOT if own else Vote.Method.HANDS)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                resolution=resolution, membership=membership, choice=choice, method=method, recorded_by=by
            )
    except IntegrityError as exc:
        raise ValidationError({"membership": _("This member has already voted on this resolution.")}) from exc
    # The audit trail keeps who voted, not how: the vote row itself is the record of the choice.
    _event(
        resolution,
        "meetings.vote.cast",
        by,
        resolution.group_id,
        number=resolution.number,
        membership=membership.pk,
        method=method,
    )
    return vote


def hand_recorders(resolution: Resolution) -> set[int]:
    """Who recorded hands for this resolution, member by member or as counts: none of them may witness it."""
    recorders = set(
        resolution.votes.filter(method=Vote.Method.HANDS).values_list("recorded_by_id", flat=True)
    )
    if resolution.hands_counted_by_id is not None:
        recorders.add(resolution.hands_counted_by_id)
    return recorders


def present_count(meeting: Meeting) -> int:
    return meeting.attendance.filter(status__in=PRESENT).count()


@transaction.atomic
def count_hands(*, resolution: Resolution, counts: Mapping[str, int], by: User) -> Resolution:
    """A show of hands at a meeting counted as numbers, one per answer, for the members present who have not
    voted one by one. The counts cannot add up to more than those members; once recorded, the count stands
    (nobody votes again) and must be witnessed by a second person before the vote is closed."""
    resolution = (
        Resolution.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=resolution.pk)
    )
    if resolution.status != Resolution.Status.OPEN:
        raise ValidationError(_("Voting on this resolution is closed."))
    if resolution.online or resolution.meeting is None:
        raise ValidationError(_("In an online vote each member votes with their own account."))
    if resolution.hands_counted_by_id is not None:
        raise ValidationError(_("The show of hands has already been counted for this resolution."))
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for choice in resolution.choices:
        n = counts.get(choice, 0)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            errors[hands_field(choice)] = _("Write a whole number, 0 or more.")
        else:
            clean[choice] = n
    if set(counts) - set(resolution.choices):
        raise ValidationError(_("Choose one of the answers."))
    if errors:
        raise ValidationError(errors)
    total = sum(clean.values())
    left = present_count(resolution.meeting) - resolution.votes.count()
    if total == 0:
        raise ValidationError({"hands": _("Write how many hands went up for each answer.")})
    if total > left:
        raise ValidationError(
            {
                "hands": _(
                    "The counts add up to %(total)s, but only %(left)s members present have not voted yet."
                )
                % {"total": total, "left": left}
            }
        )
    resolution.hand_counts = clean
    resolution.hands_counted_by = by
    resolution.witnessed_by = None  # whoever witnessed before did not see this count
    resolution.save(update_fields=["hand_counts", "hands_counted_by", "witnessed_by"])
    _event(
        resolution, "meetings.resolution.hands_counted", by, resolution.group_id,
        number=resolution.number, counts=clean,
    )  # fmt: skip
    return resolution


def hands_field(choice: str) -> str:
    """The error key (and the form's field name) of the count of one answer."""
    return f"hands_{choice}"


@transaction.atomic
def witness_tally(*, resolution: Resolution, by: User) -> Resolution:
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.status != Resolution.Status.OPEN:
        raise ValidationError(_("Voting on this resolution is closed."))
    if by.pk in hand_recorders(resolution):
        raise ValidationError(_("The person who recorded the show of hands cannot also witness it."))
    resolution.witnessed_by = by
    resolution.save(update_fields=["witnessed_by"])
    _event(resolution, "meetings.resolution.witnessed", by, resolution.group_id, number=resolution.number)
    return resolution


def close_due_online_votes(group: OccupationGroup | None = None) -> int:
    """Count the online votes whose time is up, by the daily job (`sammachip remind --votes-only` can run it
    hourly). Until then every read shows them closed by their time (Resolution.is_due); reading writes nothing."""
    due = Resolution.objects.filter(online=True, status=Resolution.Status.OPEN, closes_at__lte=timezone.now())
    if group is not None:
        due = due.filter(group=group)
    closed = 0
    for resolution in due.order_by("closes_at", "pk"):
        try:
            close_resolution(resolution=resolution, by=None)
        except ValidationError:
            continue  # what it decides could not be applied: it stays due, shown closed, for a person to count
        closed += 1
    return closed


@transaction.atomic
def withdraw_resolution(*, resolution: Resolution, reason: str, by: User) -> Resolution:
    """Withdraw an online vote opened by mistake, before anyone has voted. Once a member has voted, the vote
    runs to its count; only a meeting's resolution can set it aside."""
    resolution = Resolution.objects.select_for_update(of=("self",)).get(pk=resolution.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the vote is withdrawn.")})
    if not resolution.online:
        raise ValidationError(
            _("A resolution put to a meeting is decided by the members present; it cannot be withdrawn.")
        )
    if resolution.status != Resolution.Status.OPEN:
        raise ValidationError(_("Voting on this resolution is closed."))
    if resolution.votes.exists():
        raise ValidationError(
            _(
                "Members have already voted, so the vote cannot be withdrawn. Only a resolution of a members' "
                "meeting can end it."
            )
        )
    resolution.status = Resolution.Status.WITHDRAWN
    resolution.withdrawal_reason = reason.strip()[:300]
    resolution.closed_by = by
    resolution.closed_at = timezone.now()
    resolution.save(update_fields=["status", "withdrawal_reason", "closed_by", "closed_at"])
    _event(
        resolution, "meetings.resolution.withdrawn", by, resolution.group_id,
        number=resolution.number, reason=resolution.withdrawal_reason,
    )  # fmt: skip
    return resolution


@transaction.atomic
def close_resolution(*, resolution: Resolution, by: User | None) -> Resolution:
    """Count the votes and apply what a passed resolution decides. The result is computed, never typed."""
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("meeting", "group")
        .get(pk=resolution.pk)
    )
    if resolution.status != Resolution.Status.OPEN:
        raise ValidationError(_("Voting on this resolution is closed."))
    if resolution.online and resolution.closes_at and timezone.now() < resolution.closes_at:
        raise ValidationError(_("An online vote is counted after its closing time."))
    recorders = hand_recorders(resolution)
    if recorders and (resolution.witnessed_by_id is None or resolution.witnessed_by_id in recorders):
        raise ValidationError(_("A show of hands must be witnessed by a second person before it is counted."))
    votes: list[tuple[str, int | None]] = list(resolution.votes.values_list("choice", "recorded_by_id"))
    for choice, n in (resolution.hand_counts or {}).items():
        votes.extend([(choice, resolution.hands_counted_by_id)] * int(n))
    result = calculations.count_votes(
        [c for c, _u in votes],
        resolution.choices,
        resolution.threshold,
        resolution.mode == Resolution.Mode.YES_NO,
    )
    if resolution.meeting is not None:
        q = quorum(resolution.meeting)
        needed, eligible, met = int(q["needed"]), int(q["eligible"]), bool(q["met"])
    else:
        eligible = Membership.objects.filter(group=resolution.group, left_on__isnull=True).count()
        needed = calculations.quorum_needed(eligible, quorum_percent(resolution.group))
        met = result.cast >= needed
    voters = len({u for _c, u in votes})
    deciders = len(votes)
    # The members decide together: a quorum present, a quorum of votes cast, and more than one member voting.
    if not met or result.cast < needed or deciders < 2:
        status = Resolution.Status.NO_QUORUM
    else:
        status = Resolution.Status.PASSED if result.passed else Resolution.Status.FAILED
    resolution.status = status
    resolution.counts = {
        "tally": result.tally,
        "cast": result.cast,
        "needed": needed,
        "winner": result.winner,
        "recorders": voters,
    }
    resolution.eligible = eligible
    resolution.closed_by = by
    resolution.closed_at = timezone.now()
    resolution.save(update_fields=["status", "counts", "eligible", "closed_by", "closed_at"])
    _event(
        resolution,
        "meetings.resolution.closed",
        by,
        resolution.group_id,
        number=resolution.number,
        status=status,
        tally=result.tally,
    )
    if status == Resolution.Status.PASSED:
        _apply(resolution, by)
    return resolution


def _apply(resolution: Resolution, by: User | None) -> None:
    on = resolution.meeting.date if resolution.meeting else today()
    note = _("Resolution %(number)s: %(question)s") % {
        "number": resolution.number,
        "question": resolution.question,
    }
    if resolution.kind == Resolution.Kind.ADOPT_CHARTER and resolution.charter:
        group_services.adopt_charter(
            charter=resolution.charter, on=on, note=note[:300], by=by, resolution_id=resolution.pk
        )
    elif resolution.kind == Resolution.Kind.APPROVE_YEAR and resolution.fiscal_year:
        books.approve_year(
            year=resolution.fiscal_year, on=on, note=note[:300], resolution_id=resolution.pk, by=by
        )
    elif resolution.kind == Resolution.Kind.SPENDING and resolution.spend_amount:
        books.grant_spending(
            group=resolution.group, amount=resolution.spend_amount, purpose=resolution.spend_purpose, on=on,
            resolution_id=resolution.pk, by=by,
        )  # fmt: skip
    elif resolution.kind == Resolution.Kind.APPROVE_MINUTES and resolution.minutes and resolution.meeting:
        minutes = resolution.minutes
        minutes.approved_on = on
        minutes.approved_at_meeting = resolution.meeting
        minutes.save(update_fields=["approved_on", "approved_at_meeting"])
        _event(
            minutes,
            "meetings.minutes.approved",
            by,
            resolution.group_id,
            version=minutes.version,
            resolution=resolution.number,
        )


# --- ideas, duties, inspections -------------------------------------------------------------------


@transaction.atomic
def raise_idea(*, group: OccupationGroup, author: Membership, kind: str, text: str, by: User) -> Idea:
    if author.group_id != group.pk or author.left_on is not None:
        raise ValidationError({"author": _("Only current members raise ideas in the group.")})
    idea = Idea(group=group, author=author, kind=kind, text=text.strip())
    idea.full_clean()
    idea.save()
    _event(idea, "meetings.idea.raised", by, group.pk, kind=kind)
    return idea


@transaction.atomic
def record_outcome(*, idea: Idea, outcome: str, by: User) -> Idea:
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write what the members decided about it.")})
    idea.outcome = outcome.strip()
    idea.status = Idea.Status.DONE
    idea.save(update_fields=["outcome", "status"])
    _event(idea, "meetings.idea.decided", by, idea.group_id)
    return idea


@transaction.atomic
def assign_duty(
    *,
    group: OccupationGroup,
    assignee: Membership,
    title: str,
    due_on: dt.date,
    by: User,
    meeting: Meeting | None = None,
) -> Duty:
    if assignee.group_id != group.pk or assignee.left_on is not None:
        raise ValidationError({"assignee": _("Choose a current member of this group.")})
    duty = Duty(
        group=group, meeting=meeting, assignee=assignee, title=title.strip(), due_on=due_on, created_by=by
    )
    duty.full_clean(exclude=["created_by"])
    duty.save()
    _event(duty, "meetings.duty.assigned", by, group.pk, assignee=assignee.pk, due_on=due_on.isoformat())
    return duty


@transaction.atomic
def finish_duty(*, duty: Duty, status: str, by: User) -> Duty:
    if duty.status != Duty.Status.OPEN:
        raise ValidationError(_("This duty is already finished."))
    if status not in (Duty.Status.DONE, Duty.Status.DROPPED):
        raise ValidationError(_("Choose done or dropped."))
    duty.status = status
    duty.done_on = today()
    duty.save(update_fields=["status", "done_on"])
    _event(duty, f"meetings.duty.{status}", by, duty.group_id)
    return duty


@transaction.atomic
def record_inspection(
    *, group: OccupationGroup, inspector: Membership, date: dt.date, subject: str, findings: str, by: User
) -> Inspection:
    if inspector.group_id != group.pk or inspector.left_on is not None:
        raise ValidationError({"inspector": _("Choose a current member of this group.")})
    if date > today():
        raise ValidationError({"date": _("This date is in the future.")})
    inspection = Inspection(
        group=group, inspector=inspector, date=date, subject=subject.strip(), findings=findings.strip()
    )
    inspection.full_clean()
    inspection.save()
    _event(inspection, "meetings.inspection.recorded", by, group.pk, subject=inspection.subject)
    return inspection


# --- cadence and participation ---------------------------------------------------------------------


def months_without_meeting(
    group: OccupationGroup, until: dt.date | None = None, *, months: int = 12
) -> list[dt.date]:
    """The first day of each past month (up to `months` back, not before founding) with no meeting held."""
    until = until or today()
    first = until.replace(day=1)
    earliest = first
    for _i in range(months):
        earliest = (earliest - dt.timedelta(days=1)).replace(day=1)
    held = {
        d.replace(day=1)
        for d in Meeting.objects.filter(group=group, date__gte=earliest, date__lt=first)
        .exclude(status=Meeting.Status.PLANNED)
        .exclude(kind=Meeting.Kind.COMMITTEE)
        .order_by()  # a set: the model's order (the group's name first) would only add a join
        .values_list("date", flat=True)
    }
    out = []
    cursor = first
    for _i in range(months):
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
        if cursor < group.founded_on.replace(day=1):
            break
        if cursor not in held:
            out.append(cursor)
    return sorted(out)


def participation(group: OccupationGroup) -> dict[int, dict[str, Any]]:
    """Per member: meetings attended of those held since joining, votes cast, ideas raised, duties done.
    A handful of aggregate queries, whatever the number of members."""
    from django.db.models import Count

    held = list(
        Meeting.objects.filter(group=group)
        .exclude(status=Meeting.Status.PLANNED)
        .exclude(kind=Meeting.Kind.COMMITTEE)
        .values_list("date", flat=True)
    )
    members = list(group.memberships.current().values("id", "joined_on"))
    attended = dict(
        Attendance.objects.filter(meeting__group=group, status__in=PRESENT)
        .exclude(meeting__kind=Meeting.Kind.COMMITTEE)
        .values_list("membership_id")
        .annotate(n=Count("id"))
    )
    votes = dict(
        Vote.objects.filter(resolution__group=group).values_list("membership_id").annotate(n=Count("id"))
    )
    ideas = dict(Idea.objects.filter(group=group).values_list("author_id").annotate(n=Count("id")))
    done = dict(
        Duty.objects.filter(group=group, status=Duty.Status.DONE)
        .values_list("assignee_id")
        .annotate(n=Count("id"))
    )
    assigned = dict(Duty.objects.filter(group=group).values_list("assignee_id").annotate(n=Count("id")))
    out = {}
    for m in members:
        possible = sum(1 for d in held if d >= m["joined_on"])
        out[m["id"]] = {
            "meetings": possible,
            "attended": attended.get(m["id"], 0),
            "rate": round(100 * attended.get(m["id"], 0) / possible) if possible else None,
            "votes": votes.get(m["id"], 0),
            "ideas": ideas.get(m["id"], 0),
            "duties_done": done.get(m["id"], 0),
            "duties": assigned.get(m["id"], 0),
        }
    return out
