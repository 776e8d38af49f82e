"""Writes that touch several rows: each runs in one transaction and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sammachip.accounts.models import User
from sammachip.core.models import record_event
from sammachip.core.thaiid import normalize_national_id
from sammachip.households.models import OccupationType, Person
from sammachip.places.models import Village

from .models import (
    Activity,
    Charter,
    CharterFund,
    CharterRule,
    CommitteeSeat,
    Membership,
    OccupationGroup,
    Role,
    today,
)
from .standing_rules import STANDING_KEYS, STANDING_RULES


def _not_in_future(value: dt.date, field: str) -> None:
    if value > today():
        raise ValidationError({field: _("This date is in the future.")})


@transaction.atomic
def create_group(
    *,
    name: str,
    village: Village,
    occupation: OccupationType,
    founded_on: dt.date,
    description: str = "",
    by: User,
) -> OccupationGroup:
    _not_in_future(founded_on, "founded_on")
    group = OccupationGroup(
        name=name.strip(),
        village=village,
        occupation=occupation,
        founded_on=founded_on,
        description=description,
    )
    group.full_clean()
    group.save()
    record_event(
        target=group, verb="groups.group.created", actor=by, group_id=group.pk, data={"name": group.name}
    )
    return group


@transaction.atomic
def change_stage(*, group: OccupationGroup, stage: str, on: dt.date, by: User) -> OccupationGroup:
    old = group.stage
    if stage not in OccupationGroup.Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    group.stage = stage
    group.dissolved_on = on if stage == OccupationGroup.Stage.DISSOLVED else None
    group.full_clean()
    group.save(update_fields=["stage", "dissolved_on"])
    record_event(
        target=group,
        verb="groups.group.stage_changed",
        actor=by,
        group_id=group.pk,
        data={"from": old, "to": stage},
    )
    return group


@transaction.atomic
def add_member(
    *,
    group: OccupationGroup,
    by: User,
    joined_on: dt.date,
    is_founding: bool = False,
    person: Person | None = None,
    person_data: dict[str, Any] | None = None,
    chosen_occupations: Iterable[OccupationType] = (),
) -> Membership:
    """Add a person to the group, creating the person record when needed.

    A new member only joins a group of an occupation they chose themselves (seed: a group starts
    from its members' own needs), so the group's occupation must be among their chosen ones.
    """
    _not_in_future(joined_on, "joined_on")
    if joined_on < group.founded_on:
        raise ValidationError({"joined_on": _("A member cannot join before the group was founded.")})
    if group.stage == OccupationGroup.Stage.DISSOLVED:
        raise ValidationError(_("This group is dissolved and takes no new members."))
    if person is None:
        person = _find_or_build_person(group, person_data or {})
    chosen = set(chosen_occupations)
    if person.pk:
        chosen |= set(person.chosen_occupations.all())
    if group.occupation not in chosen:
        raise ValidationError(
            {
                "chosen_occupations": _(
                    "A new member joins only a group of an occupation they chose themselves."
                )
            }
        )
    if person.pk and group.memberships.current().filter(person=person).exists():
        raise ValidationError({"national_id": _("This person is already a current member of the group.")})
    person.save()
    person.chosen_occupations.add(*chosen)
    number = (group.memberships.aggregate(n=Max("number"))["n"] or 0) + 1
    membership = Membership(
        group=group, person=person, number=number, joined_on=joined_on, is_founding=is_founding
    )
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"national_id": _("This person is already a current member of the group.")}
        ) from exc
    record_event(
        target=membership,
        verb="groups.member.added",
        actor=by,
        group_id=group.pk,
        data={"person_id": person.pk, "number": number, "founding": is_founding},
    )
    return membership


def _find_or_build_person(group: OccupationGroup, data: dict[str, Any]) -> Person:
    national_id = normalize_national_id(data.get("national_id") or "") or None
    if national_id:
        existing = Person.objects.filter(national_id=national_id).first()
        if existing is not None:
            return existing
    person = Person(**{**data, "national_id": national_id})
    if not getattr(person, "village_id", None):
        person.village = group.village
    person.full_clean(exclude=["user", "household"])
    return person


@transaction.atomic
def update_person(*, person: Person, data: dict[str, Any], by: User, group_id: int | None) -> Person:
    changed = {k: v for k, v in data.items() if getattr(person, k) != v}
    for key, value in changed.items():
        setattr(person, key, value)
    person.full_clean(exclude=["user", "household"])
    person.save()
    # National IDs never go into the audit trail in clear.
    record_event(
        target=person,
        verb="groups.member.updated",
        actor=by,
        group_id=group_id,
        data={"fields": sorted(changed)},
    )
    return person


@transaction.atomic
def end_membership(
    *, membership: Membership, on: dt.date, reason: str, note: str = "", by: User
) -> Membership:
    if membership.left_on is not None:
        raise ValidationError(_("This member has already left the group."))
    _not_in_future(on, "left_on")
    if on < membership.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    if reason not in Membership.LeaveReason.values:
        raise ValidationError({"leave_reason": _("Choose a reason for leaving.")})
    ended_roles = []
    for seat in membership.seats.current():
        seat.ended_on = max(on, seat.starts_on)
        seat.save(update_fields=["ended_on"])
        ended_roles.append(seat.role)
    membership.left_on = on
    membership.leave_reason = reason
    membership.leave_note = note
    membership.full_clean()
    membership.save(update_fields=["left_on", "leave_reason", "leave_note"])
    record_event(
        target=membership,
        verb="groups.member.left",
        actor=by,
        group_id=membership.group_id,
        data={"on": on.isoformat(), "reason": reason, "seats_ended": ended_roles},
    )
    return membership


@transaction.atomic
def appoint_committee_member(
    *,
    group: OccupationGroup,
    membership: Membership,
    role: str,
    starts_on: dt.date,
    term_ends_on: dt.date | None = None,
    replace: bool = False,
    by: User,
) -> CommitteeSeat:
    """Seat a current member. A single role already held is refused unless `replace` ends it first."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if membership.group_id != group.pk or membership.left_on is not None:
        raise ValidationError(
            {"membership": _("Only a current member of this group can sit on its committee.")}
        )
    _not_in_future(starts_on, "starts_on")
    current = group.committee_seats.current().filter(role=role).select_related("membership__person")
    if role != Role.ADVISOR:
        holder = current.first()
        if holder is not None and not replace:
            raise ValidationError(
                {
                    "role": _("%(name)s already holds this role. End that seat first, or choose to replace.")
                    % {"name": holder.membership.person.full_name}
                }
            )
        if holder is not None:
            holder.ended_on = max(starts_on, holder.starts_on)
            holder.save(update_fields=["ended_on"])
    seat = CommitteeSeat(
        group=group, membership=membership, role=role, starts_on=starts_on, term_ends_on=term_ends_on
    )
    seat.full_clean()
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError as exc:
        raise ValidationError({"role": _("This role is already held. Nothing was saved.")}) from exc
    record_event(
        target=seat,
        verb="groups.committee.appointed",
        actor=by,
        group_id=group.pk,
        data={"role": role, "membership_id": membership.pk, "starts_on": starts_on.isoformat()},
    )
    return seat


@transaction.atomic
def end_committee_seat(*, seat: CommitteeSeat, on: dt.date, by: User) -> CommitteeSeat:
    if seat.ended_on is not None:
        raise ValidationError(_("This seat has already ended."))
    if on < seat.starts_on:
        raise ValidationError({"ended_on": _("A seat cannot end before it starts.")})
    seat.ended_on = on
    seat.save(update_fields=["ended_on"])
    record_event(
        target=seat, verb="groups.committee.ended", actor=by, group_id=seat.group_id, data={"role": seat.role}
    )
    return seat


@transaction.atomic
def add_activity(
    *, group: OccupationGroup, name: str, need: str, proposed_by: Membership, started_on: dt.date, by: User
) -> Activity:
    if proposed_by.group_id != group.pk or proposed_by.left_on is not None:
        raise ValidationError(
            {"proposed_by": _("An activity is proposed by a current member of this group.")}
        )
    _not_in_future(started_on, "started_on")
    activity = Activity(
        group=group, name=name.strip(), need=need.strip(), proposed_by=proposed_by, started_on=started_on
    )
    activity.full_clean()
    activity.save()
    record_event(
        target=activity,
        verb="groups.activity.added",
        actor=by,
        group_id=group.pk,
        data={"name": activity.name, "proposed_by": proposed_by.pk},
    )
    return activity


CHARTER_SETTINGS = [
    "quorum_percent",
    "meetings_per_month",
    "work_unit",
    "reserve_percent",
    "dividend_percent",
    "share_dividend_percent",
    "spending_limit",
]
DEFAULT_FUNDS = [
    ("สวัสดิการสมาชิก", Decimal(10)),
    ("ค่าตอบแทนกรรมการ", Decimal(10)),
    ("สาธารณประโยชน์", Decimal(10)),
]


@transaction.atomic
def draft_charter(
    *,
    group: OccupationGroup,
    own_rules: list[str],
    settings: dict[str, Any],
    by: User,
    funds: list[tuple[str, Decimal]] | None = None,
) -> Charter:
    """A new version: the standing rules first (always), then the members' own rules, then settings and
    the profit split (reserve, dividends by work, optionally on shares, and the funds the group names).

    An unadopted draft is replaced by the new one, so a group has at most one draft.
    """
    rules = [r.strip() for r in own_rules if r.strip()]
    named = DEFAULT_FUNDS if funds is None else [(n.strip(), Decimal(p)) for n, p in funds]
    if len({n for n, _p in named}) != len(named):
        raise ValidationError({"funds": _("Each fund needs its own name.")})
    if any(p <= 0 or p > 100 for _n, p in named):
        raise ValidationError({"funds": _("Each fund's percent is more than 0 and at most 100.")})
    draft = group.charters.filter(status=Charter.Status.DRAFT).first()
    if draft is None:
        version = (group.charters.aggregate(v=Max("version"))["v"] or 0) + 1
        draft = Charter(group=group, version=version, drafted_by=by)
    else:
        draft.rules.all().delete()
        draft.funds.all().delete()
        draft.drafted_by = by
    for key in CHARTER_SETTINGS:
        if key in settings:
            setattr(draft, key, settings[key])
    total = (
        Decimal(draft.reserve_percent)
        + Decimal(draft.dividend_percent)
        + Decimal(draft.share_dividend_percent)
    )
    total += sum((p for _n, p in named), Decimal(0))
    if total != 100:
        raise ValidationError(
            {
                "reserve_percent": _("The profit split must add up to 100%% (now %(total)s%%).")
                % {"total": total.normalize()}
            }
        )
    draft.full_clean(exclude=["drafted_by"])
    draft.save()
    texts = [(key, text) for key, text in STANDING_RULES] + [(None, text) for text in rules]
    CharterRule.objects.bulk_create(
        CharterRule(charter=draft, position=i, text=text, standing_key=key)
        for i, (key, text) in enumerate(texts, 1)
    )
    CharterFund.objects.bulk_create(
        CharterFund(charter=draft, position=i, name=n, percent=p) for i, (n, p) in enumerate(named, 1)
    )
    record_event(
        target=draft,
        verb="groups.charter.drafted",
        actor=by,
        group_id=group.pk,
        data={
            "version": draft.version,
            "own_rules": rules,
            "settings": {k: str(getattr(draft, k)) for k in CHARTER_SETTINGS},
            "funds": [[n, str(p)] for n, p in named],
        },
    )
    return draft


@transaction.atomic
def adopt_charter(
    *, charter: Charter, on: dt.date, note: str, by: User | None, resolution_id: int | None
) -> Charter:
    """Put a draft in force; the version in force before it is superseded, never deleted.

    Only the members adopt a charter: the meetings feature calls this when an "adopt the charter"
    resolution passes, with that resolution's id. A charter the members adopted on paper before the group
    came to Sammachip is brought in by the district's import, without a resolution here (None).
    """
    if charter.status != Charter.Status.DRAFT:
        raise ValidationError(_("Only a draft can be adopted."))
    _not_in_future(on, "adopted_on")
    if not note.strip():
        raise ValidationError(
            {"adoption_note": _("Say how the members adopted it (meeting, date, how many agreed).")}
        )
    keys = set(charter.rules.exclude(standing_key=None).values_list("standing_key", flat=True))
    if keys != set(STANDING_KEYS):
        raise ValidationError(_("A charter must carry every standing rule."))
    charter.group.charters.filter(status=Charter.Status.ADOPTED).update(status=Charter.Status.SUPERSEDED)
    charter.status = Charter.Status.ADOPTED
    charter.adopted_on = on
    charter.adoption_note = note.strip()
    charter.save(update_fields=["status", "adopted_on", "adoption_note"])
    record_event(
        target=charter,
        verb="groups.charter.adopted",
        actor=by,
        group_id=charter.group_id,
        data={
            "version": charter.version,
            "on": on.isoformat(),
            "note": charter.adoption_note,
            "resolution": resolution_id,
        },
    )
    return charter


@transaction.atomic
def grant_member_login(*, membership: Membership, by: User) -> tuple[User, str]:
    """Give a current member a login by phone number, or reset it; returns the one-time password.

    The password is shown once to whoever handed it over; the member changes it after logging in.
    """
    import secrets

    person = membership.person
    if membership.left_on is not None:
        raise ValidationError(_("This member has already left the group."))
    if not person.phone:
        raise ValidationError({"phone": _("Record the member's phone number first: members log in with it.")})
    password = "-".join(secrets.token_hex(2) for _ in range(3))
    user = person.user
    if user is None:
        if (
            User.objects.filter(phone=person.phone).exists()
            or User.objects.filter(username=person.phone).exists()
        ):
            raise ValidationError({"phone": _("Another account already uses this phone number.")})
        user = User(
            username=person.phone,
            phone=person.phone,
            first_name=person.first_name,
            last_name=person.last_name,
        )
        verb = "accounts.member_login.granted"
    else:
        verb = "accounts.member_login.reset"
    user.set_password(password)
    user.is_active = True
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    record_event(
        target=membership, verb=verb, actor=by, group_id=membership.group_id, data={"user_id": user.pk}
    )
    return user, password
