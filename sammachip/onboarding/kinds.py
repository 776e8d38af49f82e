"""What each import reads and how one row becomes records: the columns (Thai header, the other names
officers give them, an example) and a function per kind that writes one row through the apps' own
services — the same rules as the pages — and says whether it created, updated or left the row alone.
A row that breaks a rule raises `RowProblem` (or the service's ValidationError) naming the column."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.accounts.access import in_area
from sammachip.accounts.models import User
from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import Category, MoneyAccount, WorkRecord, WorkTask
from sammachip.bookkeeping.standard import OPENING_BALANCE, OPENING_SHARES
from sammachip.core import thaidate
from sammachip.core.money import AmountError, parse_amount
from sammachip.core.thaidate import THAI_DIGITS
from sammachip.core.thaiid import is_valid_national_id, normalize_national_id
from sammachip.groups import services as groups
from sammachip.groups.access import Can, GroupAccess, covers_person
from sammachip.groups.models import (
    Charter,
    CommitteeSeat,
    Membership,
    OccupationGroup,
    Role,
    WorkUnit,
)
from sammachip.households.models import OccupationType
from sammachip.places import services as places
from sammachip.places.access import OUTSIDE_POSTING
from sammachip.places.models import District, Subdistrict, Village

from .models import ImportBatch

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
TITLES = groups.TITLES


class RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Thai header of our template
    example: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Context:
    """One run over a file: the district, who imports, and lookups loaded once."""

    district: District
    by: User
    file_name: str = ""
    commit: bool = True  # False for the check: the rows are rolled back anyway
    today: dt.date = field(default_factory=timezone.localdate)
    _villages: list[Village] | None = None
    _groups: dict[str, list[OccupationGroup]] | None = None
    seen: dict[Any, int] = field(default_factory=dict)  # keys met earlier in this file → row number
    _access: dict[int, GroupAccess] = field(default_factory=dict)

    def may(self, group: OccupationGroup, need: Can) -> bool:
        """What the page that makes the same change asks (access_group), for the person running this step:
        an officer posted to some subdistricts changes only their groups, at check and at confirm."""
        if group.pk not in self._access:
            self._access[group.pk] = GroupAccess(self.by, group)
        return self._access[group.pk].allows(need)

    def in_posting(self, village: Village) -> bool:
        s = village.subdistrict
        return in_area(self.by, s.pk, self.district.pk, self.district.province_id)

    def villages(self) -> list[Village]:
        if self._villages is None:
            self._villages = list(Village.objects.in_district(self.district).select_related("subdistrict"))
        return self._villages

    def groups(self) -> dict[str, list[OccupationGroup]]:
        if self._groups is None:
            self._groups = {}
            for g in OccupationGroup.objects.filter(
                village__subdistrict__district=self.district
            ).select_related("village__subdistrict", "occupation"):
                self._groups.setdefault(squash(g.name), []).append(g)
        return self._groups

    def once(self, key: Any, number: int, column: str, message: str, **names: str) -> None:
        """Refuse a second row about the same thing in one file (two chairs, a member twice…)."""
        if key in self.seen:
            raise RowProblem(column, message % {"row": self.seen[key], **names})
        self.seen[key] = number


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "").lower()


def required(values: dict[str, str], key: str, message: str) -> str:
    value = values.get(key, "").strip()
    if not value:
        raise RowProblem(key, message)
    return value


def a_date(values: dict[str, str], key: str, *, optional: bool = False) -> dt.date | None:
    text = values.get(key, "").strip()
    if not text:
        if optional:
            return None
        raise RowProblem(key, _("Enter a date, for example 15/01/2567."))
    try:
        day = thaidate.parse_date(text.split(" ")[0].split("T")[0])
    except ValueError:
        raise RowProblem(
            key, _("“%(text)s” is not a date: write it as 15/01/2567.") % {"text": text}
        ) from None
    if day > timezone.localdate():
        raise RowProblem(key, _("This date is in the future."))
    return day


def a_number(values: dict[str, str], key: str, default: str | None = None) -> Decimal:
    text = values.get(key, "").strip().replace("%", "") or (default or "")
    if not text:
        raise RowProblem(key, _("Enter a number."))
    try:
        return parse_amount(text)
    except (AmountError, InvalidOperation):
        raise RowProblem(key, _("“%(text)s” is not a number.") % {"text": text}) from None


def yes(text: str) -> bool:
    return squash(text) in {"ใช่", "y", "yes", "1", "true", "✓", "/", "x", "เป็น", "ผู้ก่อตั้ง"}


def raise_as_row(exc: ValidationError, fields: dict[str, str]) -> RowProblem:
    """A service's ValidationError as a problem on the file's column (its field, or the row as a whole)."""
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        return RowProblem(fields.get(name, ""), " ".join(str(m) for e in errors for m in e.messages))
    return RowProblem("", " ".join(exc.messages))


# --- finding places, groups and people -----------------------------------------------------------


def find_subdistrict(ctx: Context, text: str) -> Subdistrict | None:
    key = squash(text).removeprefix("ตำบล").removeprefix("ต.")
    if not key:
        return None
    for s in ctx.district.subdistricts.all():
        if key in (s.code, squash(s.name_th), s.name_en.lower().replace(" ", "")):
            return s
    raise RowProblem("subdistrict", _("“%(text)s” is not a subdistrict of this district.") % {"text": text})


def find_village(ctx: Context, values: dict[str, str], column: str = "village") -> Village:
    text = required(values, column, _("Say which village (หมู่ที่ or its name)."))
    subdistrict = find_subdistrict(ctx, values.get("subdistrict", ""))
    key = squash(text).translate(THAI_DIGITS)
    moo = re.fullmatch(r"(?:หมู่ที่|หมู่|ม\.)?(\d{1,2})", key)
    candidates = [v for v in ctx.villages() if subdistrict is None or v.subdistrict_id == subdistrict.pk]
    if moo:
        found = [v for v in candidates if v.moo == int(moo.group(1))]
    else:
        found = [v for v in candidates if key in (squash(v.name), v.code or "", squash(f"บ้าน{v.name}"))]
    if len(found) == 1:
        return found[0]
    if not found:
        raise RowProblem(
            column, _("No village “%(text)s” in this district: import the villages first.") % {"text": text}
        )
    raise RowProblem(
        "subdistrict", _("Several villages match “%(text)s”: add the subdistrict.") % {"text": text}
    )


def find_group(ctx: Context, values: dict[str, str], need: Can) -> OccupationGroup:
    """The group the row names, if the person importing may make this change to it on its pages."""
    group = _named_group(ctx, values)
    # A dissolved group refuses most changes: its own officer hears the service's reason instead.
    dissolved_own = group.stage == OccupationGroup.Stage.DISSOLVED and ctx.may(group, Can.EDIT_GROUP)
    if not (ctx.may(group, need) or dissolved_own):
        raise RowProblem("group", str(OUTSIDE_POSTING) % {"name": group.name})
    return group


def _named_group(ctx: Context, values: dict[str, str]) -> OccupationGroup:
    name = required(values, "group", _("Say which group."))
    found = ctx.groups().get(squash(name), [])
    if values.get("village", "").strip() and len(found) > 1:
        village = find_village(ctx, values)
        found = [g for g in found if g.village_id == village.pk]
    if len(found) == 1:
        return found[0]
    if not found:
        raise RowProblem(
            "group", _("No group “%(name)s” in this district: import the groups first.") % {"name": name}
        )
    raise RowProblem("village", _("Several groups are called “%(name)s”: add the village.") % {"name": name})


def split_name(values: dict[str, str]) -> tuple[str, str, str]:
    """(title, first, last) from separate columns or one "ชื่อ-นามสกุล" column such as "นางสมศรี ใจดี"."""
    title = values.get("title", "").strip()
    first, last = values.get("first_name", "").strip(), values.get("last_name", "").strip()
    if not first and values.get("full_name", "").strip():
        parts = values["full_name"].split()
        first, last = parts[0], " ".join(parts[1:])
    for t in TITLES:
        if not title and first.startswith(t) and len(first) > len(t):
            title, first = {"น.ส.": "นางสาว"}.get(t, t), first[len(t) :]
    if title not in ("", "นาย", "นาง", "นางสาว"):
        title = ""
    if not first or not last:
        raise RowProblem("first_name", _("Enter the member's first name and last name."))
    return title, first, last


def a_national_id(values: dict[str, str], key: str = "national_id") -> str | None:
    text = normalize_national_id(values.get(key, "").strip())
    if not text:
        return None
    if not is_valid_national_id(text):
        raise RowProblem(key, _("%(id)s is not a valid national ID (13 digits, check digit).") % {"id": text})
    return text


def find_member(group: OccupationGroup, values: dict[str, str]) -> Membership:
    national_id = a_national_id(values)
    current = group.memberships.current().select_related("person")
    if national_id:
        found = list(current.filter(person__national_id=national_id))
    else:
        _title, first, last = split_name(values)
        found = list(current.filter(person__first_name=first, person__last_name=last))
    if len(found) == 1:
        return found[0]
    column = "national_id" if national_id else "first_name"
    if not found:
        raise RowProblem(
            column, _("This person is not a current member of “%(group)s”.") % {"group": group.name}
        )
    raise RowProblem(column, _("Two members have this name: add the national ID."))


# --- one function per kind ------------------------------------------------------------------------


def village_row(ctx: Context, values: dict[str, str], number: int) -> str:
    subdistrict = find_subdistrict(ctx, required(values, "subdistrict", _("Say which subdistrict.")))
    assert subdistrict is not None
    moo_text = required(values, "moo", _("Enter the village number (หมู่ที่).")).translate(THAI_DIGITS)
    moo_text = re.sub(r"^(หมู่ที่|หมู่|ม\.)\s*", "", moo_text)
    if not moo_text.isdigit() or not 1 <= int(moo_text) <= 99:
        raise RowProblem("moo", _("The village number must be a whole number from 1 to 99."))
    name = required(values, "name", _("The village name is empty."))
    code = values.get("code", "").strip() or None
    if code and not (code.isdigit() and len(code) == 8):
        raise RowProblem("code", _("A village code has 8 digits."))
    if not in_area(ctx.by, subdistrict.pk, ctx.district.pk, ctx.district.province_id):
        raise RowProblem("subdistrict", str(OUTSIDE_POSTING) % {"name": subdistrict.name_th})
    ctx.once((subdistrict.pk, int(moo_text)), number, "moo", _("This village is already on row %(row)s."))
    existing = next(
        (v for v in ctx.villages() if v.subdistrict_id == subdistrict.pk and v.moo == int(moo_text)), None
    )
    if existing is not None:
        if squash(existing.name) != squash(name):
            raise RowProblem(
                "name",
                _("หมู่ %(moo)s already exists as “%(name)s”.") % {"moo": existing.moo, "name": existing.name},
            )
        return UNCHANGED
    try:
        village = places.add_village(
            subdistrict=subdistrict, moo=int(moo_text), name=name, code=code, by=ctx.by
        )
    except ValidationError as exc:
        raise raise_as_row(exc, {"code": "code", "name": "name", "moo": "moo"}) from None
    ctx.villages().append(village)
    return CREATED


STAGES = {
    squash(label): value
    for value, label in [
        ("forming", "กำลังจัดตั้ง"), ("forming", "forming"), ("supported", "อยู่ระหว่างส่งเสริม"),
        ("supported", "ส่งเสริม"), ("supported", "supported"), ("self_reliant", "พึ่งตนเองได้"),
        ("self_reliant", "self-reliant"), ("self_reliant", "self_reliant"),
    ]
}  # fmt: skip


def group_row(ctx: Context, values: dict[str, str], number: int) -> str:
    name = required(values, "name", _("Enter the group's name."))
    village = find_village(ctx, values)
    occupation_name = required(values, "occupation", _("Say what the group makes or does."))
    founded_on = a_date(values, "founded_on")
    assert founded_on is not None
    stage_text = values.get("stage", "").strip()
    stage = STAGES.get(squash(stage_text)) if stage_text else None
    if stage_text and stage is None:
        raise RowProblem("stage", _("Write the stage as กำลังจัดตั้ง, อยู่ระหว่างส่งเสริม or พึ่งตนเองได้."))
    ctx.once((village.pk, squash(name)), number, "name", _("This group is already on row %(row)s."))
    existing = next((g for g in ctx.groups().get(squash(name), []) if g.village_id == village.pk), None)
    if not ctx.in_posting(village):  # as the new-group page offers only the villages of one's posting
        raise RowProblem("village", str(OUTSIDE_POSTING) % {"name": village})
    if existing is not None:
        if existing.founded_on != founded_on or squash(existing.occupation.name) != squash(occupation_name):
            raise RowProblem(
                "founded_on",
                _(
                    "This group is already here, founded %(day)s making %(occupation)s: correct the file or the group."
                )
                % {"day": thaidate.format_date(existing.founded_on), "occupation": existing.occupation.name},
            )
        if stage and stage != existing.stage:
            if not ctx.may(existing, Can.EDIT_GROUP):
                raise RowProblem("stage", str(OUTSIDE_POSTING) % {"name": existing.name})
            groups.change_stage(group=existing, stage=stage, on=ctx.today, by=ctx.by)
            return UPDATED
        return UNCHANGED
    occupation = OccupationType.named(occupation_name)
    try:
        group = groups.create_group(
            name=name, village=village, occupation=occupation, founded_on=founded_on,
            description=values.get("description", "").strip(), by=ctx.by,
        )  # fmt: skip
        if stage and stage != group.stage:
            groups.change_stage(group=group, stage=stage, on=ctx.today, by=ctx.by)
    except ValidationError as exc:
        raise raise_as_row(exc, {"name": "name", "founded_on": "founded_on", "stage": "stage"}) from None
    group.village = village
    group.occupation = occupation
    ctx.groups().setdefault(squash(name), []).append(group)
    return CREATED


_MEMBER_FIELDS = {"joined_on": "joined_on", "national_id": "national_id", "phone": "phone",
                  "first_name": "first_name", "last_name": "last_name", "title": "title"}  # fmt: skip


@dataclass
class _MemberRow:
    group: OccupationGroup
    title: str
    first: str
    last: str
    national_id: str | None
    phone: str
    joined_on: dt.date
    founding: bool
    skills: str
    teach: str


def _member_fields(ctx: Context, values: dict[str, str], number: int) -> _MemberRow:
    """What a member row says, each cell checked by itself (no query but the district's groups, once)."""
    group = find_group(ctx, values, Can.MANAGE_MEMBERS)
    title, first, last = split_name(values)
    national_id = a_national_id(values)
    phone = re.sub(r"[\s\-]", "", values.get("phone", "").translate(THAI_DIGITS))
    if phone and not re.fullmatch(r"0\d{8,9}", phone):
        raise RowProblem("phone", _("A phone number has 9 or 10 digits and starts with 0."))
    joined_on = a_date(values, "joined_on")
    assert joined_on is not None
    ctx.once((group.pk, national_id or squash(first + last)), number, "national_id" if national_id else "first_name",
             _("This member is already on row %(row)s."))  # fmt: skip
    # The skills she can teach others (seed 7: local sages): set when the file gives them, never cleared by a blank.
    skills = " ".join(values.get("skills", "").split())[:1000]
    teach = values.get("can_teach", "").strip()
    return _MemberRow(
        group,
        title,
        first,
        last,
        national_id,
        phone,
        joined_on,
        yes(values.get("founding", "")),
        skills,
        teach,
    )


def _known_member(ctx: Context, row: _MemberRow, found: Membership) -> str:
    person = found.person
    given = {"title": row.title, "phone": row.phone, "skills": row.skills}
    changes: dict[str, Any] = {k: v for k, v in given.items() if v and getattr(person, k) != v}
    if row.teach and person.can_teach != yes(row.teach):
        changes["can_teach"] = yes(row.teach)
    if found.joined_on != row.joined_on:
        raise RowProblem("joined_on", _("This member joined on %(day)s in Sammachip: correct the file or the member.")
                         % {"day": thaidate.format_date(found.joined_on)})  # fmt: skip
    # Her details are hers and the covering officer's: from anyone else the file's phone or title is
    # left aside, as when she was first added from it (the same file twice changes nothing).
    if changes and covers_person(ctx.by, person):
        groups.update_person(person=person, data=changes, by=ctx.by, group_id=row.group.pk)
        return UPDATED
    return UNCHANGED


def member_row(ctx: Context, values: dict[str, str], number: int) -> str:
    """One member row on its own (kept for a single row; a file goes through `member_rows`)."""
    outcome = drain_rows(member_rows(ctx, [(number, values)]))[0]
    if isinstance(outcome, RowProblem):
        raise outcome
    return outcome


def member_rows(
    ctx: Context, rows: list[tuple[int, dict[str, str]]]
) -> Generator[int, None, list[str | RowProblem]]:
    """A file of members in a fixed number of queries whatever its length: each row's cells checked, the
    current members the file names found in one query, and the new ones checked and added together by
    `groups.add_members` (every rule of `add_member`, all or nothing). A member already in the group is
    left alone or, where the file brings a new phone or title and the importer covers her, updated one by
    one through `update_person`. Yields the rows read so far; returns each row's action or problem."""
    outcomes: list[str | RowProblem] = []
    parsed: list[tuple[int, _MemberRow]] = []
    for index, (number, values) in enumerate(rows):
        yield index
        try:
            parsed.append((index, _member_fields(ctx, values, number)))
        except RowProblem as problem:
            outcomes.append(problem)
        except ValidationError as exc:
            outcomes.append(raise_as_row(exc, {}))
        else:
            outcomes.append(CREATED)
    ids = {row.national_id for _i, row in parsed if row.national_id}
    names = {row.first for _i, row in parsed if not row.national_id}
    current: dict[tuple[int, str], list[Membership]] = {}
    if parsed:
        for m in (
            Membership.objects.current()
            .filter(
                Q(person__national_id__in=ids) | Q(person__first_name__in=names),
                group_id__in={row.group.pk for _i, row in parsed},
            )
            .select_related("person")
        ):
            if m.person.national_id:
                current.setdefault((m.group_id, m.person.national_id), []).append(m)
            current.setdefault((m.group_id, f"{m.person.first_name}\n{m.person.last_name}"), []).append(m)
    new: list[tuple[int, _MemberRow]] = []
    named: dict[
        tuple[int, str], _MemberRow
    ] = {}  # new members of this file by name, as a later row finds them
    for index, row in parsed:
        name = f"{row.first}\n{row.last}"
        found = current.get((row.group.pk, row.national_id or name))
        if not found:
            earlier = None if row.national_id else named.get((row.group.pk, name))
            if earlier is None:
                named.setdefault((row.group.pk, name), row)
                new.append((index, row))
            elif earlier.joined_on != row.joined_on:
                outcomes[index] = RowProblem("joined_on", _("This member joined on %(day)s in Sammachip: correct the file or the member.")
                                             % {"day": thaidate.format_date(earlier.joined_on)})  # fmt: skip
            else:
                outcomes[index] = UNCHANGED  # added by an earlier row of the file
            continue
        try:
            with transaction.atomic():
                outcomes[index] = _known_member(ctx, row, found[0])
        except RowProblem as problem:
            outcomes[index] = problem
        except ValidationError as exc:
            outcomes[index] = raise_as_row(exc, _MEMBER_FIELDS)
    items = [
        groups.NewMember(
            group=row.group, joined_on=row.joined_on, is_founding=row.founding,
            person_data={"title": row.title, "first_name": row.first, "last_name": row.last,
                         "national_id": row.national_id or "", "phone": row.phone, "skills": row.skills,
                         "can_teach": yes(row.teach)},
            chosen_occupations=(row.group.occupation,),
        )
        for _i, row in new
    ]  # fmt: skip
    # The name behind an existing ID is checked by add_members itself (groups.services.name_key), as on the page.
    # The check (ctx.commit False) stops before the inserts: every rule is applied above without them, and
    # what only the database could still refuse (someone writing meanwhile) is refused at confirm.
    refused = any(isinstance(o, RowProblem) for o in outcomes)
    try:
        groups.add_members(items=items, by=ctx.by, write=ctx.commit and not refused)
    except groups.MembersRefused as exc:
        for position, error in exc.errors.items():
            outcomes[new[position][0]] = raise_as_row(error, _MEMBER_FIELDS)
    return outcomes


def drain_rows(steps: Generator[int, None, list[str | RowProblem]]) -> list[str | RowProblem]:
    while True:
        try:
            next(steps)
        except StopIteration as end:
            return end.value  # type: ignore[no-any-return]


@functools.cache
def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for role in Role:
        thai = re.search(r"\((.+)\)", str(role.label))
        for word in (role.value, str(role.label).split(" (")[0], thai.group(1) if thai else ""):
            if word:
                key = squash(word)
                lookup[key] = role.value
                lookup[key.removeprefix("ฝ่าย")] = role.value
    lookup.update({"ประธานกลุ่ม": "chair", "รองประธานกลุ่ม": "vice_chair", "เลขานุการ": "accounting",
                   "ผู้ตรวจสอบ": "standards", "ที่ปรึกษากลุ่ม": "advisor"})  # fmt: skip
    return lookup


def committee_row(ctx: Context, values: dict[str, str], number: int) -> str:
    group = find_group(ctx, values, Can.MANAGE_COMMITTEE)
    role_text = required(values, "role", _("Say which seat (ประธาน, เหรัญญิก…)."))
    role = _role_lookup().get(squash(role_text).removeprefix("กรรมการ"))
    if role is None:
        raise RowProblem("role", _("“%(text)s” is not a committee seat.") % {"text": role_text})
    membership = find_member(group, values)
    starts_on = a_date(values, "starts_on")
    term_ends_on = a_date(values, "term_ends_on", optional=True) if values.get("term_ends_on") else None
    if role != Role.ADVISOR:
        label = str(Role(role).label).split(" (")[0]
        ctx.once((group.pk, role), number, "role",
                 _("This group's %(role)s is already on row %(row)s: a seat has one holder."), role=label)  # fmt: skip
    seats = CommitteeSeat.objects.filter(group=group, role=role, ended_on__isnull=True)
    if seats.filter(membership=membership).exists():
        return UNCHANGED
    replace = role != Role.ADVISOR and seats.exists()
    try:
        assert starts_on is not None
        groups.appoint_committee_member(
            group=group, membership=membership, role=role, starts_on=starts_on, term_ends_on=term_ends_on,
            replace=replace, by=ctx.by,
        )  # fmt: skip
    except ValidationError as exc:
        raise raise_as_row(exc, {"role": "role", "starts_on": "starts_on", "term_ends_on": "term_ends_on",
                                 "membership": "national_id"}) from None  # fmt: skip
    return UPDATED if replace else CREATED


def _funds(text: str) -> list[tuple[str, Decimal]]:
    funds = []
    for part in re.split(r"[;,\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(.+?)\s*([\d.]+)\s*%?", part.translate(THAI_DIGITS))
        if not m:
            raise RowProblem(
                "funds", _("Write each fund as its name and percent, e.g. “สวัสดิการ 10; กรรมการ 5”.")
            )
        funds.append((m.group(1).strip(), Decimal(m.group(2))))
    return funds


UNITS = {"ชั่วโมง": WorkUnit.HOURS, "hours": WorkUnit.HOURS, "ชม.": WorkUnit.HOURS, "วัน": WorkUnit.DAYS,
         "days": WorkUnit.DAYS, "ชิ้น": WorkUnit.PIECES, "pieces": WorkUnit.PIECES}  # fmt: skip


def charter_row(ctx: Context, values: dict[str, str], number: int) -> str:
    group = find_group(ctx, values, Can.EDIT_CHARTER)
    adopted_on = a_date(values, "adopted_on")
    assert adopted_on is not None
    settings: dict[str, Any] = {
        "reserve_percent": a_number(values, "reserve_percent"),
        "dividend_percent": a_number(values, "dividend_percent"),
        "share_dividend_percent": a_number(values, "share_dividend_percent", "0"),
        "quorum_percent": int(a_number(values, "quorum_percent", "50")),
        "meetings_per_month": int(a_number(values, "meetings_per_month", "1")),
        "spending_limit": a_number(values, "spending_limit", "5000"),
    }
    unit_text = values.get("work_unit", "").strip()
    if unit_text:
        if squash(unit_text) not in UNITS:
            raise RowProblem("work_unit", _("Write the work unit as ชั่วโมง, วัน or ชิ้น."))
        settings["work_unit"] = UNITS[squash(unit_text)]
    funds = _funds(values.get("funds", ""))
    rules = [r.strip(" -•\t") for r in re.split(r"[\n;]+", values.get("rules", "")) if r.strip(" -•\t")]
    ctx.once(group.pk, number, "group", _("This group's charter is already on row %(row)s."))
    current = group.charters.filter(status=Charter.Status.ADOPTED).prefetch_related("funds", "rules").first()
    if current is not None and _same_charter(current, settings, funds, rules, adopted_on):
        return UNCHANGED
    fields = {k: k for k in settings} | {
        "funds": "funds",
        "adopted_on": "adopted_on",
        "adoption_note": "adoption_note",
    }
    try:
        draft = groups.draft_charter(group=group, own_rules=rules, settings=settings, funds=funds, by=ctx.by)
        groups.adopt_charter(
            charter=draft, on=adopted_on, by=ctx.by, resolution_id=None,
            note=values.get("adoption_note", "").strip() or _("Adopted by the members before Sammachip; imported from the group's papers"),
        )  # fmt: skip
    except ValidationError as exc:
        raise raise_as_row(exc, fields) from None
    return UPDATED if current is not None else CREATED


def _same_charter(
    charter: Charter,
    settings: dict[str, Any],
    funds: list[tuple[str, Decimal]],
    rules: list[str],
    on: dt.date,
) -> bool:
    def differs(key: str, value: Any) -> bool:
        held = getattr(charter, key)
        return held != value if key == "work_unit" else Decimal(held) != Decimal(value)

    if charter.adopted_on != on or any(differs(k, v) for k, v in settings.items()):
        return False
    if [(f.name, f.percent) for f in charter.funds.all()] != funds:
        return False
    return [r.text for r in charter.rules.all() if not r.standing_key] == rules


def work_row(ctx: Context, values: dict[str, str], number: int) -> str:
    # The paper ledger is brought in by the group's own officer, the one who may edit the group.
    group = find_group(ctx, values, Can.EDIT_GROUP)
    membership = find_member(group, values)
    task_name = required(values, "task", _("Say what work was done."))
    day = a_date(values, "date")
    quantity = a_number(values, "quantity")
    assert day is not None
    task = WorkTask.objects.filter(group=group, name__iexact=task_name.strip(), is_active=True).first()
    if task is None:
        unit_text = squash(values.get("unit", ""))
        if unit_text and unit_text not in UNITS:
            raise RowProblem("unit", _("Write the work unit as ชั่วโมง, วัน or ชิ้น."))
        charter = group.charters.filter(status=Charter.Status.ADOPTED).first()
        unit = UNITS.get(unit_text) or (charter.work_unit if charter else WorkUnit.HOURS)
        task = books.add_work_task(group=group, name=task_name, unit=unit, weight=Decimal(1), by=ctx.by)
    same = WorkRecord.objects.filter(
        group=group, membership=membership, task=task, date=day, quantity=quantity
    )
    key = (membership.pk, task.pk, day, quantity)
    ctx.once(key, number, "quantity", _("The same work is already on row %(row)s."))
    if same.exists():
        return UNCHANGED
    try:
        books.record_work(
            group=group, membership=membership, task=task, date=day, quantity=quantity, by=ctx.by,
            note=values.get("note", "").strip(),
            day_limit=False,  # an old ledger may carry a month's hours on one date
        )  # fmt: skip
    except ValidationError as exc:
        raise raise_as_row(
            exc, {"membership": "first_name", "task": "task", "quantity": "quantity", "date": "date"}
        ) from None
    return CREATED


def _account(group: OccupationGroup, values: dict[str, str], ctx: Context) -> MoneyAccount:
    """The group's cash or bank account by name; one not there yet is opened (a bank account when the
    row gives a bank or an account number)."""
    name = required(
        values, "account", _("Say which cash box or bank account (เงินสด, or the bank account's name).")
    )
    books.ensure_books(group)
    found = next((a for a in group.money_accounts.all() if squash(a.name) == squash(name)), None)
    if found is not None:
        if not found.is_active:
            raise RowProblem("account", _("The account “%(name)s” is closed.") % {"name": found.name})
        return found
    bank, number = values.get("bank", "").strip(), values.get("account_number", "").strip()
    kind = MoneyAccount.Type.BANK if bank or number or "ธนาคาร" in name else MoneyAccount.Type.CASH
    try:
        return books.add_account(group=group, type=kind, name=name, bank=bank, number=number, by=ctx.by)
    except ValidationError as exc:
        raise raise_as_row(exc, {"name": "account", "bank": "bank", "number": "account_number"}) from None


def opening_row(ctx: Context, values: dict[str, str], number: int) -> str:
    """One balance brought forward: an account's money held before the books began here, or — when the row
    names a member — that member's shares paid before, kept in that account. Recorded through the books'
    own service (dated on or before the first entry, out of the P&L); a changed amount is corrected by a
    reversal and a new entry, as any mistake in the books is. Brought in by the group's own officer."""
    group = find_group(ctx, values, Can.EDIT_GROUP)
    as_of = a_date(values, "as_of")
    assert as_of is not None
    amount = a_number(values, "amount")
    if amount <= 0:
        raise RowProblem(
            "amount", _("A balance brought forward is more than zero; leave out an account that is empty.")
        )
    person_given = any(values.get(k, "").strip() for k in ("national_id", "first_name", "full_name"))
    membership = find_member(group, values) if person_given else None
    account = _account(group, values, ctx)
    key = (group.pk, account.pk, membership.pk if membership else None)
    ctx.once(key, number, "amount", _("This balance is already on row %(row)s."))
    code = OPENING_SHARES if membership else OPENING_BALANCE
    category = Category.objects.get(group__isnull=True, code=code)
    held = books.opening_entries(group).get((account.pk, membership.pk if membership else None))
    if held is not None and held.amount == amount and held.date == as_of:
        return UNCHANGED
    fields = {"date": "as_of", "amount": "amount", "membership": "first_name", "account": "account"}
    try:
        if held is not None:
            books.reverse_entry(
                entry=held, by=ctx.by,
                reason=_("corrected by the import of %(file)s") % {"file": ctx.file_name or "-"},
            )  # fmt: skip
        books.record_entry(
            group=group, by=ctx.by, date=as_of, kind=category.kind, category=category, amount=amount,
            account=account, membership=membership, note=values.get("note", "").strip()[:300],
        )  # fmt: skip
    except ValidationError as exc:
        raise raise_as_row(exc, fields) from None
    return UPDATED if held is not None else CREATED


@dataclass(frozen=True)
class Kind:
    key: str
    columns: list[Column]
    apply: Callable[[Context, dict[str, str], int], str]
    label_columns: tuple[str, ...]  # what the preview shows to name a row
    # A whole file at once, in a fixed number of queries (yields rows read; returns each row's outcome)
    apply_many: (
        Callable[[Context, list[tuple[int, dict[str, str]]]], Generator[int, None, list[str | RowProblem]]]
        | None
    ) = None


_GROUP = Column("group", "ชื่อกลุ่ม", "กลุ่มสตรีทำน้ำยาล้างจาน", True, ("กลุ่ม", "กลุ่มอาชีพ", "group"))
_VILLAGE_OPT = Column("village", "หมู่บ้าน", "หมู่ 3", False, ("หมู่ที่", "บ้าน", "ชื่อหมู่บ้าน", "ม."))
_SUBDISTRICT = Column("subdistrict", "ตำบล", "ปาเสมัส", False, ("ต.", "subdistrict"))
_PERSON = [
    Column("national_id", "เลขประจำตัวประชาชน", "1960100012347", False, ("เลขบัตรประชาชน", "เลขบัตร", "บัตรประชาชน", "เลขที่บัตร", "id")),
    Column("title", "คำนำหน้า", "นาง", False, ("คำนำหน้าชื่อ",)),
    Column("first_name", "ชื่อ", "สมศรี", False, ("first name",)),
    Column("last_name", "นามสกุล", "ใจดี", False, ("สกุล", "last name")),
    Column("full_name", "ชื่อ-นามสกุล", "", False, ("ชื่อ - นามสกุล", "ชื่อสกุล", "ชื่อ-สกุล", "ชื่อและนามสกุล")),
]  # fmt: skip

KINDS: dict[str, Kind] = {
    ImportBatch.Kind.VILLAGES: Kind("villages", [
        Column("subdistrict", "ตำบล", "ปาเสมัส", True, ("ต.",)),
        Column("moo", "หมู่ที่", "3", True, ("หมู่", "ม.")),
        Column("name", "ชื่อหมู่บ้าน", "บ้านปาดี", True, ("หมู่บ้าน", "ชื่อบ้าน")),
        Column("code", "รหัสหมู่บ้าน", "", False, ("รหัส",)),
    ], village_row, ("subdistrict", "moo", "name")),
    ImportBatch.Kind.GROUPS: Kind("groups", [
        Column("name", "ชื่อกลุ่ม", "กลุ่มสตรีทำน้ำยาล้างจาน", True, ("กลุ่ม", "กลุ่มอาชีพ")),
        _SUBDISTRICT,
        Column("village", "หมู่บ้าน", "หมู่ 3", True, ("หมู่ที่", "บ้าน", "ชื่อหมู่บ้าน", "ม.")),
        Column("occupation", "อาชีพ", "ทำน้ำยาล้างจาน", True, ("ประเภทอาชีพ", "กิจกรรม", "ผลิตภัณฑ์")),
        Column("founded_on", "วันที่ก่อตั้ง", "15/01/2567", True, ("ก่อตั้ง", "วันก่อตั้ง", "วันที่จัดตั้ง", "ปีที่ก่อตั้ง")),
        Column("stage", "ระยะ", "อยู่ระหว่างส่งเสริม", False, ("สถานะ",)),
        Column("description", "รายละเอียด", "", False, ("หมายเหตุ",)),
    ], group_row, ("name", "village")),
    ImportBatch.Kind.MEMBERS: Kind("members", [
        _GROUP, _VILLAGE_OPT, _SUBDISTRICT, *_PERSON,
        Column("phone", "โทรศัพท์", "0812345678", False, ("เบอร์โทร", "เบอร์โทรศัพท์", "มือถือ")),
        Column("joined_on", "วันที่เป็นสมาชิก", "15/01/2567", True, ("วันที่สมัคร", "วันเข้ากลุ่ม", "วันที่เข้าเป็นสมาชิก")),
        Column("founding", "สมาชิกผู้ก่อตั้ง", "ใช่", False, ("ผู้ก่อตั้ง",)),
        Column("skills", "ทักษะ", "ทำสบู่สมุนไพร, เย็บผ้า", False, ("ทักษะที่มี", "ความสามารถ", "ความเชี่ยวชาญ", "ภูมิปัญญา")),
        Column("can_teach", "สอนผู้อื่นได้", "ใช่", False, ("สอนได้", "เป็นวิทยากรได้", "ปราชญ์ชาวบ้าน", "วิทยากร")),
    ], member_row, ("group", "first_name", "last_name", "full_name"), member_rows),
    ImportBatch.Kind.COMMITTEE: Kind("committee", [
        _GROUP, _VILLAGE_OPT, _SUBDISTRICT, Column("role", "ตำแหน่ง", "ประธาน", True, ("ตำแหน่งในกลุ่ม", "หน้าที่")),
        *_PERSON,
        Column("starts_on", "วันที่เริ่ม", "15/01/2567", True, ("วันที่ได้รับแต่งตั้ง", "เริ่มวาระ")),
        Column("term_ends_on", "วันครบวาระ", "", False, ("ครบวาระ", "สิ้นสุดวาระ")),
    ], committee_row, ("group", "role", "first_name", "last_name", "full_name")),
    ImportBatch.Kind.CHARTERS: Kind("charters", [
        _GROUP, _VILLAGE_OPT, _SUBDISTRICT,
        Column("adopted_on", "วันที่รับรอง", "15/01/2567", True, ("วันที่ประกาศใช้", "วันที่มีผล")),
        Column("adoption_note", "การรับรอง", "ที่ประชุมสมาชิก 15/01/2567 เห็นชอบ 25 คน", False, ()),
        Column("reserve_percent", "ทุนสำรอง %", "10", True, ("ทุนสำรอง",)),
        Column("dividend_percent", "ปันผลตามงาน %", "60", True, ("ปันผล", "เงินปันผล %", "ปันผลตามงาน")),
        Column("share_dividend_percent", "ปันผลตามหุ้น %", "0", False, ("ปันผลตามหุ้น",)),
        Column("funds", "กองทุนอื่น", "สวัสดิการ 10; กรรมการ 10; สาธารณประโยชน์ 10", False, ()),
        Column("quorum_percent", "องค์ประชุม %", "50", False, ("องค์ประชุม",)),
        Column("meetings_per_month", "ประชุมต่อเดือน", "1", False, ()),
        Column("work_unit", "นับงานเป็น", "ชั่วโมง", False, ("หน่วยงาน",)),
        Column("spending_limit", "วงเงินที่ต้องมีมติ", "5000", False, ()),
        Column("rules", "กฎของกลุ่ม", "สมาชิกต้องร่วมประชุมทุกเดือน; ขาดประชุม 3 ครั้งพ้นสภาพ", False, ("ระเบียบ", "กฎกติกา")),
    ], charter_row, ("group", "adopted_on")),
    ImportBatch.Kind.WORK: Kind("work", [
        _GROUP, _VILLAGE_OPT, _SUBDISTRICT, *_PERSON,
        Column("task", "งาน", "ผลิตน้ำยาล้างจาน", True, ("งานที่ทำ", "ประเภทงาน")),
        Column("date", "วันที่", "15/01/2567", True, ("วันที่ทำงาน",)),
        Column("quantity", "จำนวน", "4", True, ("ปริมาณ", "จำนวนชั่วโมง", "ชั่วโมง")),
        Column("unit", "หน่วย", "ชั่วโมง", False, ()),
        Column("note", "หมายเหตุ", "", False, ()),
    ], work_row, ("group", "first_name", "last_name", "full_name", "task", "date")),
    ImportBatch.Kind.OPENING: Kind("opening", [
        _GROUP, _VILLAGE_OPT, _SUBDISTRICT,
        Column("as_of", "วันที่ยกมา", "31/12/2567", True, ("ณ วันที่", "วันที่", "ยอด ณ วันที่")),
        Column("account", "เงินสด/บัญชีธนาคาร", "เงินสด", True, ("บัญชี", "ชื่อบัญชี", "บัญชีเงินฝาก")),
        Column("amount", "ยอดยกมา (บาท)", "12500.00", True, ("ยอดยกมา", "ยอดเงิน", "จำนวนเงิน", "คงเหลือ", "ยอดคงเหลือ")),
        Column("bank", "ธนาคาร", "", False, ("ชื่อธนาคาร",)),
        Column("account_number", "เลขที่บัญชี", "", False, ("เลขบัญชี",)),
        *_PERSON,
        Column("note", "หมายเหตุ", "", False, ()),
    ], opening_row, ("group", "account", "first_name", "last_name", "full_name", "amount")),
}  # fmt: skip
