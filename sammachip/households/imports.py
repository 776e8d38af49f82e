"""Import households (per district), a forum's spending lines and the needs survey (per village) from
CSV or Excel: every row checked, errors by row and column in Thai, all or nothing, and the same file
imported twice changes nothing (rows are keyed by house number, item and month)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from sammachip.core import thaidate
from sammachip.core.models import record_event
from sammachip.core.money import AmountError, parse_amount
from sammachip.core.tabular import ImportResult, RowError, as_date, start_import, text
from sammachip.places.access import OUTSIDE_POSTING, posting_subdistricts
from sammachip.places.models import District, Village

from . import services
from .models import ExpenditureForum, Household, NeedsAnswer, OccupationType, SpendingItem, SpendingLine

HOUSEHOLD_COLUMNS = [
    ("village", "หมู่บ้าน"),
    ("house_no", "บ้านเลขที่"),
    ("head_name", "หัวหน้าครัวเรือน"),
    ("member_count", "จำนวนสมาชิก"),
    ("jpt_code", "รหัส จปฐ."),
]
SPENDING_COLUMNS = [("house_no", "บ้านเลขที่"), ("month", "เดือน"), ("item", "รายการ"), ("amount", "จำนวนเงิน")]
SURVEY_COLUMNS = [
    ("house_no", "บ้านเลขที่"),
    ("occupation", "อาชีพที่ต้องการ"),
    ("people", "จำนวนคนที่ต้องการ"),
    ("skills", "ทักษะที่มี"),
    ("hours_per_week", "ชั่วโมงต่อสัปดาห์"),
    ("surveyed_on", "วันที่สำรวจ"),
]
TEMPLATES = {
    "households": (HOUSEHOLD_COLUMNS, ["ม.1 บ้านสากอ", "12/3", "นางมาลี ใจดี", "4", ""]),
    "spending": (SPENDING_COLUMNS, ["12/3", "10/2569", "น้ำยาล้างจาน", "120"]),
    "survey": (SURVEY_COLUMNS, ["12/3", "ทำน้ำยาล้างจานและสบู่สมุนไพร", "2", "ทำสบู่", "6", "15/11/2569"]),
}


def _positive_int(value: Any, *, default: int | None = None) -> int | None:
    raw = text(value).translate(thaidate.THAI_DIGITS)
    if raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 999:
        raise ValueError
    return int(raw)


def _village_lookup(district: District) -> dict[str, Village]:
    lookup: dict[str, Village] = {}
    villages = Village.objects.in_district(district).select_related("subdistrict")
    counts: dict[int, int] = {}
    for v in villages:
        counts[v.moo] = counts.get(v.moo, 0) + 1
    for v in villages:
        keys = {f"ม.{v.moo} {v.name}", f"หมู่ {v.moo} {v.name}", v.name, f"{v.subdistrict.name_th} ม.{v.moo}"}
        if v.code:
            keys.add(v.code)
        for key in keys:
            lookup[" ".join(key.split())] = v
    return lookup


def import_households(*, district: District, name: str, content: bytes, by: Any) -> ImportResult:
    result, rows = start_import(name, content, HOUSEHOLD_COLUMNS)
    if rows is None:
        return result
    villages = _village_lookup(district)
    posting = set(posting_subdistricts(by, district).values_list("pk", flat=True))
    existing = {
        (h.village_id, h.house_no): h for h in Household.objects.filter(village__in=set(villages.values()))
    }
    seen: dict[tuple[int, str], int] = {}
    plan: list[tuple[Household, bool]] = []
    for number, row in rows:
        village = villages.get(" ".join(text(row.get("village")).split()))
        if village is None:
            result.errors.append(RowError(number, "หมู่บ้าน", _("No such village in this district.")))
            continue
        if village.subdistrict_id not in posting:  # as its village page, which refuses this officer
            result.errors.append(RowError(number, "หมู่บ้าน", str(OUTSIDE_POSTING) % {"name": village}))
            continue
        house_no = text(row.get("house_no"))
        head = text(row.get("head_name"))
        if not house_no:
            result.errors.append(RowError(number, "บ้านเลขที่", _("Enter the house number.")))
            continue
        if not head:
            result.errors.append(RowError(number, "หัวหน้าครัวเรือน", _("Enter the head of household.")))
            continue
        try:
            members = _positive_int(row.get("member_count"), default=1)
        except ValueError:
            result.errors.append(RowError(number, "จำนวนสมาชิก", _("Enter a whole number from 1 to 999.")))
            continue
        key = (village.pk, house_no)
        if key in seen:
            result.errors.append(
                RowError(number, "บ้านเลขที่", _("The same house appears on row %(row)s.") % {"row": seen[key]})
            )
            continue
        seen[key] = number
        jpt = text(row.get("jpt_code"))
        household = existing.get(key)
        if household is None:
            plan.append(
                (
                    Household(
                        village=village,
                        house_no=house_no,
                        head_name=head,
                        member_count=members or 1,
                        jpt_code=jpt,
                    ),
                    True,
                )
            )
        elif (household.head_name, household.member_count, household.jpt_code) != (head, members, jpt):
            household.head_name, household.member_count, household.jpt_code = head, members or 1, jpt
            plan.append((household, False))
        else:
            result.unchanged += 1
    result.rows = len(rows)
    if result.errors:
        return result
    with transaction.atomic():
        created = Household.objects.bulk_create([h for h, new in plan if new], batch_size=1000)
        if created and created[0].pk is None:  # backends that do not return keys from a bulk insert
            created = list(
                Household.objects.filter(village__in=set(villages.values()), consents__isnull=True)
            )
        services.record_consent(households=created, by=by)
        Household.objects.bulk_update(
            [h for h, new in plan if not new], ["head_name", "member_count", "jpt_code"], batch_size=1000
        )
        result.created = sum(1 for _h, new in plan if new)
        result.updated = len(plan) - result.created
        record_event(
            target=district,
            verb="households.households.imported",
            actor=by,
            data={"file": name, "created": result.created, "updated": result.updated},
        )
    return result


def _item_lookup() -> dict[str, SpendingItem]:
    return {" ".join(i.name.split()): i for i in SpendingItem.objects.filter(is_active=True)}


def import_spending(*, forum: ExpenditureForum, name: str, content: bytes, by: Any) -> ImportResult:
    result, rows = start_import(name, content, SPENDING_COLUMNS)
    if rows is None:
        return result
    households = {h.house_no: h.pk for h in Household.objects.filter(village=forum.village)}
    items = _item_lookup()
    existing = {
        (h, i, m): a
        for h, i, m, a in SpendingLine.objects.filter(forum=forum).values_list(
            "household_id", "item_id", "month", "amount"
        )
    }
    seen: dict[tuple[int, int, dt.date], int] = {}
    months: dict[str, tuple[dt.date | None, str | None]] = {}
    lines: list[tuple[int, int, int, dt.date, Any]] = []
    for number, row in rows:
        before = len(result.errors)
        household_id = households.get(text(row.get("house_no")))
        if household_id is None:
            result.errors.append(
                RowError(number, "บ้านเลขที่", _("No household with this house number in the village."))
            )
        item = items.get(" ".join(text(row.get("item")).split()))
        if item is None:
            result.errors.append(RowError(number, "รายการ", _("This item is not on the item list.")))
        raw_month = text(row.get("month"))
        if raw_month not in months:  # a file has a handful of months: parse and check each once
            try:
                parsed = thaidate.parse_month(row.get("month"))
                months[raw_month] = (parsed, services.check_month(forum, parsed))
            except ValueError:
                months[raw_month] = (None, _("Enter a month such as 10/2569."))
        month, problem = months[raw_month]
        if problem:
            result.errors.append(RowError(number, "เดือน", problem))
        try:
            amount = parse_amount(text(row.get("amount")))
        except AmountError as exc:
            result.errors.append(RowError(number, "จำนวนเงิน", str(exc)))
            amount = None
        if amount is not None and (problem := services.check_amount(amount)):
            result.errors.append(RowError(number, "จำนวนเงิน", problem))
        if (
            len(result.errors) > before
            or household_id is None
            or item is None
            or month is None
            or amount is None
        ):
            continue
        key = (household_id, item.pk, month)
        if key in seen:
            result.errors.append(
                RowError(
                    number, "รายการ", _("The same item and month appear on row %(row)s.") % {"row": seen[key]}
                )
            )
            continue
        seen[key] = number
        old = existing.get(key)
        if old is None:
            result.created += 1
        elif old != amount:
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        lines.append((forum.pk, household_id, item.pk, month, amount))
    result.rows = len(rows)
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        return result
    with transaction.atomic():
        # One upsert for every checked row (the write a bare executemany does); the unique index on
        # (forum, household, item, month) is what makes the same file twice change nothing.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {SpendingLine._meta.db_table} (forum_id, household_id, item_id, month, amount) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (forum_id, household_id, item_id, month) DO UPDATE SET amount = excluded.amount",
                lines,
            )
        services.refresh_forum_summary(forum)
        record_event(
            target=forum,
            verb="households.spending.imported",
            actor=by,
            data={"file": name, "created": result.created, "updated": result.updated},
        )
    return result


def import_survey(*, village: Village, name: str, content: bytes, by: Any) -> ImportResult:
    result, rows = start_import(name, content, SURVEY_COLUMNS)
    if rows is None:
        return result
    households = {h.house_no: h for h in Household.objects.filter(village=village)}
    occupations = {" ".join(o.name.split()): o for o in OccupationType.objects.all()}
    existing = {
        (a.household_id, a.occupation_id): a for a in NeedsAnswer.objects.filter(household__village=village)
    }
    seen: dict[tuple[int, int], int] = {}
    plan: list[tuple[NeedsAnswer, bool]] = []
    today = services.today()
    for number, row in rows:
        before = len(result.errors)
        household = households.get(text(row.get("house_no")))
        if household is None:
            result.errors.append(
                RowError(number, "บ้านเลขที่", _("No household with this house number in the village."))
            )
        occupation = occupations.get(" ".join(text(row.get("occupation")).split()))
        if occupation is None:
            result.errors.append(RowError(number, "อาชีพที่ต้องการ", _("This occupation is not on the list.")))
        try:
            people = _positive_int(row.get("people"), default=1)
        except ValueError:
            result.errors.append(RowError(number, "จำนวนคนที่ต้องการ", _("Enter a whole number from 1 to 999.")))
            people = None
        try:
            hours = _positive_int(row.get("hours_per_week"))
            if hours is not None and hours > 168:
                raise ValueError
        except ValueError:
            result.errors.append(RowError(number, "ชั่วโมงต่อสัปดาห์", _("Enter hours from 1 to 168.")))
            hours = None
        try:
            surveyed_on = as_date(row.get("surveyed_on")) if text(row.get("surveyed_on")) else today
            if surveyed_on > today:
                result.errors.append(RowError(number, "วันที่สำรวจ", _("This date is in the future.")))
        except ValueError:
            result.errors.append(RowError(number, "วันที่สำรวจ", _("Enter a date as dd/mm/yyyy.")))
        if len(result.errors) > before or household is None or occupation is None:
            continue
        key = (household.pk, occupation.pk)
        if key in seen:
            result.errors.append(
                RowError(
                    number,
                    "อาชีพที่ต้องการ",
                    _("The same household and occupation appear on row %(row)s.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        skills = text(row.get("skills"))[:300]
        answer = existing.get(key)
        values = (people or 1, skills, hours, surveyed_on)
        if answer is None:
            plan.append(
                (
                    NeedsAnswer(
                        household=household,
                        occupation=occupation,
                        people=values[0],
                        skills=skills,
                        hours_per_week=hours,
                        surveyed_on=surveyed_on,
                        created_by=by,
                    ),
                    True,
                )
            )
        elif (answer.people, answer.skills, answer.hours_per_week, answer.surveyed_on) != values:
            answer.people, answer.skills, answer.hours_per_week, answer.surveyed_on = values
            plan.append((answer, False))
        else:
            result.unchanged += 1
    result.rows = len(rows)
    if result.errors:
        return result
    with transaction.atomic():
        NeedsAnswer.objects.bulk_create([a for a, new in plan if new])
        NeedsAnswer.objects.bulk_update(
            [a for a, new in plan if not new], ["people", "skills", "hours_per_week", "surveyed_on"]
        )
        result.created = sum(1 for _a, new in plan if new)
        result.updated = len(plan) - result.created
        record_event(
            target=village,
            verb="households.survey.imported",
            actor=by,
            data={"file": name, "created": result.created, "updated": result.updated},
        )
    return result
