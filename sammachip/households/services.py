"""Writes for households, expenditure forums and the needs survey: checked, in one transaction, audited.
Every change to a forum's lines refreshes its per-item summary, so area analyses never read the lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from sammachip.core.clock import today
from sammachip.core.models import record_event
from sammachip.core.money import exact_sum, from_units
from sammachip.places.models import Village

from .models import (
    NOTICE_VERSION,
    ConsentRecord,
    ExpenditureForum,
    ForumItemSummary,
    Household,
    NeedsAnswer,
    OccupationType,
    SpendingItem,
    SpendingLine,
)

# One household does not spend more than this on one item in one month: a bigger figure is a typing slip.
MAX_MONTHLY_AMOUNT = Decimal("200000")
# How far back a forum may record spending.
MAX_MONTHS_BACK = 24


def check_amount(amount: Decimal) -> str | None:
    """The message for an amount a household cannot have spent in a month, or None."""
    if amount <= 0:
        return _("An amount spent must be more than zero.")
    if amount > MAX_MONTHLY_AMOUNT:
        return _("More than ฿%(max)s on one item in one month: check the figure.") % {
            "max": f"{MAX_MONTHLY_AMOUNT:,.0f}"
        }
    return None


def check_month(forum: ExpenditureForum, month: dt.date) -> str | None:
    last = forum.held_on.replace(day=1)
    first_year, first_month = divmod(last.year * 12 + last.month - 1 - MAX_MONTHS_BACK, 12)
    if month > last:
        return _("This month is after the forum was held.")
    if month < dt.date(first_year, first_month + 1, 1):
        return _("A forum records at most the %(n)s months before it.") % {"n": MAX_MONTHS_BACK}
    return None


@transaction.atomic
def add_household(
    *,
    village: Village,
    house_no: str,
    head_name: str,
    member_count: int = 1,
    jpt_code: str = "",
    consent: bool = False,
    by: Any,
) -> Household:
    house_no = house_no.strip()
    if Household.objects.filter(village=village, house_no=house_no).exists():
        raise ValidationError({"house_no": _("This village already has a household with this house number.")})
    household = Household(
        village=village,
        house_no=house_no,
        head_name=head_name.strip(),
        member_count=member_count,
        jpt_code=jpt_code.strip(),
    )
    if not consent:
        raise ValidationError(
            {"consent": _("Record the household's consent after reading it the privacy notice.")}
        )
    household.full_clean()
    household.save()
    record_consent(households=[household], by=by)
    record_event(target=household, verb="households.household.added", actor=by, data={"house_no": house_no})
    return household


def record_consent(*, households: list[Household], by: Any) -> None:
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            household=h,
            purpose=ConsentRecord.Purpose.HOUSEHOLD_SURVEY,
            notice_version=NOTICE_VERSION,
            given_on=today(),
            recorded_by=by,
        )  # fmt: skip
        for h in households
    )


@transaction.atomic
def withdraw_consent(*, household: Household, by: Any) -> int:
    """The household withdraws its consent: its spending and survey answers are deleted (the forums'
    summaries are recomputed) and the withdrawal is kept. Returns the lines deleted."""
    consents = ConsentRecord.objects.filter(household=household, withdrawn_on__isnull=True)
    if not consents.exists():
        raise ValidationError(_("This household has no consent to withdraw."))
    forums = list(ExpenditureForum.objects.filter(lines__household=household).distinct())
    deleted, _detail = SpendingLine.objects.filter(household=household).delete()
    NeedsAnswer.objects.filter(household=household).delete()
    for forum in forums:
        refresh_forum_summary(forum)
    consents.update(withdrawn_on=today(), withdrawn_by=by)
    record_event(
        target=household, verb="households.consent.withdrawn", actor=by, data={"lines_deleted": deleted}
    )
    return deleted


@transaction.atomic
def create_forum(
    *, village: Village, held_on: dt.date, participants: int, note: str = "", by: Any
) -> ExpenditureForum:
    if held_on > today():
        raise ValidationError({"held_on": _("This date is in the future.")})
    forum = ExpenditureForum(
        village=village, held_on=held_on, participants=participants, note=note, created_by=by
    )
    forum.full_clean(exclude=["created_by"])
    forum.save()
    record_event(
        target=forum, verb="households.forum.created", actor=by, data={"held_on": held_on.isoformat()}
    )
    return forum


@transaction.atomic
def record_spending(
    *,
    forum: ExpenditureForum,
    household: Household,
    month: dt.date,
    amounts: dict[SpendingItem, Decimal],
    by: Any,
) -> int:
    """Set one household's spending for one month at a forum: the items given replace what was there."""
    if household.village_id != forum.village_id:
        raise ValidationError({"household": _("This household is not of the forum's village.")})
    problem = check_month(forum, month)
    if problem:
        raise ValidationError({"month": problem})
    errors = {}
    for item, amount in amounts.items():
        message = check_amount(amount)
        if message:
            errors[f"item_{item.pk}"] = message
    if errors:
        raise ValidationError(errors)
    existing = SpendingLine.objects.filter(forum=forum, household=household, month=month)
    existing.exclude(item__in=list(amounts)).delete()
    SpendingLine.objects.bulk_create(
        [
            SpendingLine(forum=forum, household=household, item=item, month=month, amount=amount)
            for item, amount in amounts.items()
        ],
        update_conflicts=True,
        unique_fields=["forum", "household", "item", "month"],
        update_fields=["amount"],
    )
    refresh_forum_summary(forum)
    record_event(
        target=forum,
        verb="households.spending.recorded",
        actor=by,
        data={
            "household": household.house_no,
            "month": month.isoformat(),
            "items": len(amounts),
            "total": str(sum(amounts.values(), Decimal("0.00"))),
        },
    )
    return len(amounts)


def refresh_forum_summary(forum: ExpenditureForum) -> None:
    """Recompute the forum's per-item summary and counters from its lines (call inside the write)."""
    ForumItemSummary.objects.filter(forum=forum).delete()
    per_item = (
        SpendingLine.objects.filter(forum=forum)
        .values("item_id")
        .annotate(households=Count("household_id", distinct=True), units=exact_sum("amount"))
        .order_by()
    )
    summaries = [
        ForumItemSummary(
            forum=forum, item_id=r["item_id"], households=r["households"], total=from_units(r["units"])
        )
        for r in per_item
    ]
    ForumItemSummary.objects.bulk_create(summaries)
    lines = SpendingLine.objects.filter(forum=forum)
    forum.household_count = lines.values("household_id").distinct().count()
    forum.month_count = lines.values("month").distinct().count()
    forum.total = sum((s.total for s in summaries), Decimal("0.00"))
    forum.save(update_fields=["household_count", "month_count", "total"])


@transaction.atomic
def add_item(
    *, name: str, category: str, can_make_locally: bool, occupation: OccupationType | None, by: Any
) -> SpendingItem:
    name = " ".join(name.split())
    if SpendingItem.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This item is already on the list.")})
    if can_make_locally and occupation is None:
        raise ValidationError({"occupation": _("Name the occupation that could make it in the village.")})
    item = SpendingItem(
        name=name, category=category, can_make_locally=can_make_locally, occupation=occupation
    )
    item.full_clean()
    item.save()
    record_event(target=item, verb="households.item.added", actor=by, data={"name": name})
    return item


@transaction.atomic
def save_need(
    *,
    household: Household,
    occupation: OccupationType,
    people: int,
    skills: str,
    hours_per_week: int | None,
    surveyed_on: dt.date,
    by: Any,
) -> NeedsAnswer:
    if surveyed_on > today():
        raise ValidationError({"surveyed_on": _("This date is in the future.")})
    answer, created = NeedsAnswer.objects.update_or_create(
        household=household,
        occupation=occupation,
        defaults={
            "people": people,
            "skills": skills.strip(),
            "hours_per_week": hours_per_week,
            "surveyed_on": surveyed_on,
            "created_by": by,
        },
    )
    record_event(
        target=household,
        verb="households.need.recorded",
        actor=by,
        data={"occupation": occupation.name, "people": people, "new": created},
    )
    return answer


@transaction.atomic
def remove_need(*, answer: NeedsAnswer, by: Any) -> None:
    household, occupation = answer.household, answer.occupation.name
    answer.delete()
    record_event(target=household, verb="households.need.removed", actor=by, data={"occupation": occupation})


def latest_forums(villages: QuerySet[Village]) -> list[int]:
    """The latest forum of each village (one query, however many villages)."""
    latest = (
        ExpenditureForum.objects.filter(village=OuterRef("pk")).order_by("-held_on", "-pk").values("pk")[:1]
    )
    return [f for f in villages.annotate(f=Subquery(latest)).values_list("f", flat=True) if f]
