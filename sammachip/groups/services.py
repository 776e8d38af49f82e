"""Writes that touch several rows: each runs in one transaction and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from sammachip.accounts.models import User
from sammachip.accounts.services import end_access
from sammachip.core.clock import today
from sammachip.core.models import record_event, record_events
from sammachip.core.thaiid import normalize_national_id
from sammachip.core.thaitext import fill_search_text
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
    existed = person.pk is not None
    if existed:
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
    # Someone already on record keeps her own list: joining adds only this group's occupation to it.
    person.chosen_occupations.add(*([group.occupation] if existed else chosen))
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
    # She is told on her home page: being added to a group grants nothing over her, but she should know.
    record_event(
        target=membership,
        verb="groups.member.added",
        actor=by,
        group_id=group.pk,
        person_id=person.pk,
        data={"person_id": person.pk, "number": number, "founding": is_founding},
    )
    return membership


@dataclass
class NewMember:
    """One person to add to a group, as `add_member` takes her (the person found by her ID, or new)."""

    group: OccupationGroup
    joined_on: dt.date
    is_founding: bool = False
    person_data: dict[str, Any] = field(default_factory=dict)
    chosen_occupations: tuple[OccupationType, ...] = ()


class MembersRefused(ValidationError):
    """Some of the people given to `add_members` break a rule: nothing was written. `errors` maps the
    index of each refused item to its ValidationError, as `add_member` would have raised it."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__(_("Some members are refused: nothing was saved."))
        self.errors = errors


def _check_new_members(
    items: list[NewMember],
) -> tuple[dict[int, ValidationError], list[Person], list[Membership]]:
    """`add_member`'s rules, in its order, for many people at once and in a fixed number of queries (the
    people already on record under the IDs given, their occupations, the groups' current members and
    their highest numbers), whatever the number of rows. Returns the errors by index, the person of each
    item (saved or not yet) and each item's membership, checked and not saved."""
    errors: dict[int, ValidationError] = {}
    ids = {
        normalize_national_id(item.person_data.get("national_id") or "")
        for item in items
        if item.person_data.get("national_id")
    } - {""}
    on_record = {
        p.national_id: p
        for p in Person.objects.filter(national_id__in=ids).prefetch_related("chosen_occupations")
    }
    group_ids = {item.group.pk for item in items}
    current = {
        (group_id, ("pk", person_id))
        for group_id, person_id in Membership.objects.current()
        .filter(group_id__in=group_ids, person_id__in=[p.pk for p in on_record.values()])
        .values_list("group_id", "person_id")
    }
    numbers = dict(
        Membership.objects.filter(group_id__in=group_ids)
        .values("group_id")
        .annotate(n=Max("number"))
        .values_list("group_id", "n")
    )
    pending: dict[str, Person] = {}  # an ID first met earlier in this call: that person, not saved yet
    people: list[Person | None] = []
    given: list[Membership | None] = []
    for index, item in enumerate(items):
        group = item.group
        people.append(None)  # stays None for a refused item
        given.append(None)
        try:
            _not_in_future(item.joined_on, "joined_on")
            if item.joined_on < group.founded_on:
                raise ValidationError({"joined_on": _("A member cannot join before the group was founded.")})
            if group.stage == OccupationGroup.Stage.DISSOLVED:
                raise ValidationError(_("This group is dissolved and takes no new members."))
            data = item.person_data
            national_id = normalize_national_id(data.get("national_id") or "") or None
            existing = (on_record.get(national_id) or pending.get(national_id)) if national_id else None
            if existing is not None:
                typed = name_key(data.get("first_name") or "", data.get("last_name") or "")
                if typed != name_key(existing.first_name, existing.last_name):
                    raise ValidationError({"national_id": _(
                        "This national ID is on record under another name. Type the name as on the ID "
                        "card; if the name has changed, ask the officer to correct the record first."
                    )})  # fmt: skip
                person = existing
            else:
                person = Person(**{**data, "national_id": national_id})
                if not getattr(person, "village_id", None):
                    person.village_id = group.village_id
                # The village is the group's (no query to prove it exists); the ID's uniqueness is checked
                # above against the people on record and this file; the 13-digit rule by its validator.
                person.full_clean(
                    exclude=["user", "household", "village"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            chosen = set(item.chosen_occupations)
            if person.pk is not None or getattr(person, "_chosen_here", None) is not None:
                chosen |= set(_chosen_of(person))
            if group.occupation not in chosen:
                raise ValidationError({"chosen_occupations": _(
                    "A new member joins only a group of an occupation they chose themselves."
                )})  # fmt: skip
            if (group.pk, _key(person)) in current:
                raise ValidationError(
                    {"national_id": _("This person is already a current member of the group.")}
                )
            number = numbers.get(group.pk, 0) + 1
            membership = Membership(
                group=group,
                person=person,
                number=number,
                joined_on=item.joined_on,
                is_founding=item.is_founding,
            )
            membership.full_clean(
                exclude=["group", "person"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors[index] = exc
            continue
        numbers[group.pk] = number
        current.add((group.pk, _key(person)))
        if national_id and person.pk is None:
            pending[national_id] = person
            person._chosen_here = chosen  # type: ignore[attr-defined]
        people[index], given[index] = person, membership
    return errors, people, given  # type: ignore[return-value]  # no None left when errors is empty


def _key(person: Person) -> tuple[str, int]:
    """A person on record by her id; one not saved yet by the object (the same one on several rows)."""
    return ("pk", person.pk) if person.pk is not None else ("new", id(person))


def _chosen_of(person: Person) -> list[OccupationType]:
    if person.pk is None:
        return list(getattr(person, "_chosen_here", ()))
    return list(person.chosen_occupations.all())  # prefetched in _check_new_members


@transaction.atomic
def add_members(*, items: list[NewMember], by: User, write: bool = True) -> list[Membership]:
    """`add_member` for many people at once: every rule checked for all of them first (a fixed number of
    queries), then written in a few inserts — the new people, their occupations, the memberships and one
    audit event per membership, as `add_member` leaves. All or nothing: raises `MembersRefused` naming
    each refused item and writes nothing. `write=False` only checks (the import's preview)."""
    errors, people, unsaved = _check_new_members(items)
    if errors:
        raise MembersRefused(errors)
    if not write:
        return []
    new_people: list[Person] = []
    seen: set[int] = set()
    for person in people:
        if person.pk is None and id(person) not in seen:
            seen.add(id(person))
            new_people.append(person)
    try:
        with transaction.atomic():
            on_record = {p.pk for p in people if p.pk is not None}
            Person.objects.bulk_create(fill_search_text(new_people), batch_size=500)
            through = Person.chosen_occupations.through
            links = set(through.objects.filter(person_id__in=on_record).values_list(
                "person_id", "occupationtype_id"
            ))  # fmt: skip
            wanted: list[Any] = []
            for person, item in zip(people, items, strict=True):
                # A new person's list is what she chose (on her first row); someone already on record, or
                # met on an earlier row, keeps her own list: joining adds only this group's occupation.
                first = id(person) in seen
                seen.discard(id(person))
                chosen = set(item.chosen_occupations) if first else {item.group.occupation}
                for occupation in chosen:
                    if (person.pk, occupation.pk) not in links:
                        links.add((person.pk, occupation.pk))
                        wanted.append(through(person_id=person.pk, occupationtype_id=occupation.pk))
            through.objects.bulk_create(wanted, batch_size=500)
            memberships = Membership.objects.bulk_create(unsaved, batch_size=500)
    except IntegrityError:
        # Someone wrote meanwhile (the same person or number): the slow path says which row and why.
        for person in new_people:
            person.pk = None
        return _add_one_by_one(items, by)
    record_events(actor=by, events=[
        {"target": m, "verb": "groups.member.added", "group_id": m.group_id, "person_id": m.person_id,
         "data": {"person_id": m.person_id, "number": m.number, "founding": m.is_founding}}
        for m in memberships
    ])  # fmt: skip
    return memberships


def _add_one_by_one(items: list[NewMember], by: User) -> list[Membership]:
    errors: dict[int, ValidationError] = {}
    added: list[Membership] = []
    for index, item in enumerate(items):
        try:
            with transaction.atomic():
                added.append(add_member(
                    group=item.group, by=by, joined_on=item.joined_on, is_founding=item.is_founding,
                    person_data=item.person_data, chosen_occupations=item.chosen_occupations,
                ))  # fmt: skip
        except ValidationError as exc:
            errors[index] = exc
    if errors:
        raise MembersRefused(errors)
    return added


TITLES = ("นางสาว", "นาง", "นาย", "น.ส.", "ด.ญ.", "ด.ช.")


def name_key(first: str, last: str) -> str:
    """A name as compared, not as shown: Thai typing variants normalised (sara am typed in two strokes, tone
    marks in another order), spaces and a title typed into the first name left out."""
    from pythainlp.util import normalize

    first = first.strip()
    for title in TITLES:
        if first.startswith(title) and len(first) > len(title):
            first = first[len(title) :]
            break
    return "".join(normalize(f"{first}{last}").split())


def _find_or_build_person(group: OccupationGroup, data: dict[str, Any]) -> Person:
    national_id = normalize_national_id(data.get("national_id") or "") or None
    if national_id:
        existing = Person.objects.filter(national_id=national_id).first()
        if existing is not None:
            # The ID alone does not bring her in (nor show her record): the name typed must be hers too.
            typed = name_key(data.get("first_name") or "", data.get("last_name") or "")
            if typed != name_key(existing.first_name, existing.last_name):
                raise ValidationError(
                    {
                        "national_id": _(
                            "This national ID is on record under another name. Type the name as on the ID "
                            "card; if the name has changed, ask the officer to correct the record first."
                        )
                    }
                )
            return existing
    person = Person(**{**data, "national_id": national_id})
    if not getattr(person, "village_id", None):
        person.village = group.village
    person.full_clean(exclude=["user", "household"])
    return person


@transaction.atomic
def update_person(*, person: Person, data: dict[str, Any], by: User, group_id: int | None) -> Person:
    changed = {k: v for k, v in data.items() if getattr(person, k) != v}
    old_phone = person.phone
    for key, value in changed.items():
        setattr(person, key, value)
    person.full_clean(exclude=["user", "household"])
    person.save()
    if "phone" in changed and person.user_id:
        _move_login(person.user, old_phone, person.phone)  # type: ignore[arg-type]
    # National IDs never go into the audit trail in clear.
    record_event(
        target=person,
        verb="groups.member.updated",
        actor=by,
        group_id=group_id,
        person_id=person.pk,
        data={"fields": sorted(changed)},
    )
    return person


def _move_login(user: User, old: str, new: str) -> None:
    """Members sign in with the phone on their record: a changed phone moves the login with it."""
    if not new and user.username == old:
        raise ValidationError(
            {"phone": _("Members log in with their phone number: it cannot be left empty.")}
        )
    if new and User.objects.exclude(pk=user.pk).filter(Q(phone=new) | Q(username=new)).exists():
        raise ValidationError({"phone": _("Another account already uses this phone number.")})
    user.phone = new or None
    fields = ["phone"]
    if user.username == old:
        user.username = new
        fields.append("username")
    user.save(update_fields=fields)


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
        person_id=membership.person_id,
        data={"on": on.isoformat(), "reason": reason, "seats_ended": ended_roles},
    )
    return membership


@transaction.atomic
def decline_membership(*, membership: Membership, by: User) -> Membership:
    """She did not agree to join: someone added her (by her ID and name) to a group she never asked for. She
    ends it herself from her notice, while she has taken no part in it — no work, meetings, votes or money."""
    if membership.person.user_id != by.pk or membership.left_on is not None:
        raise ValidationError(_("Only the person herself declines a membership she did not agree to."))
    took_part = (
        membership.work_records.exists()  # type: ignore[attr-defined]
        or membership.attendance.exists()  # type: ignore[attr-defined]
        or membership.votes.exists()  # type: ignore[attr-defined]
        or membership.entries.exists()  # type: ignore[attr-defined]
        or membership.seats.exists()
    )
    if took_part:
        raise ValidationError(
            _("You have already taken part in this group: ask its chair to record your leaving instead.")
        )
    return end_membership(
        membership=membership, on=max(today(), membership.joined_on), reason=Membership.LeaveReason.OTHER,
        note=_("declined by the person: she did not agree to join"), by=by,
    )  # fmt: skip


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
    problems: dict[str, str] = {}
    if total != 100:
        problems["reserve_percent"] = _("The profit split must add up to 100%% (now %(total)s%%).") % {
            "total": total.normalize()
        }
    if Decimal(draft.dividend_percent) <= 0:
        problems["dividend_percent"] = _("The charter must pay dividends to members.")
    if problems:
        raise ValidationError(problems)
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
    user.must_change_password = True
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    # Shown to her (her home page), and in the history of every group she is in: a login opens all of them.
    record_event(
        target=membership,
        verb=verb,
        actor=by,
        group_id=membership.group_id,
        person_id=person.pk,
        data={"user_id": user.pk},
    )
    for other in person.memberships.current().exclude(pk=membership.pk):
        record_event(
            target=other,
            verb=verb,
            actor=by,
            group_id=other.group_id,
            data={"user_id": user.pk, "via": membership.group_id},
        )
    if verb == "accounts.member_login.reset":  # whoever held the old password is signed out everywhere
        end_access(user=user, reason="password_reset", by=by)
    return user, password
