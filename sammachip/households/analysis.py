"""Read the expenditure analysis of a village or an area from the per-forum summaries (never the lines),
and the needs survey beside it: "32 households buy dish soap for ฿41,000 a year; 9 want to make it"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from sammachip.core.money import exact_sum, from_units, round_money
from sammachip.places.models import Village

from . import calculations as calc
from .models import ExpenditureForum, ForumItemSummary, NeedsAnswer, SpendingCategory, SpendingLine
from .services import latest_forums


@dataclass
class Want:
    occupation_id: int
    occupation: str
    households: int
    people: int
    buyers: int = 0
    per_year: Decimal = Decimal("0.00")
    items: list[str] = field(default_factory=list)


def wanted_by_occupation(villages: QuerySet[Village]) -> dict[int, tuple[str, int, int]]:
    rows = (
        NeedsAnswer.objects.filter(household__village__in=villages)
        .values("occupation_id", "occupation__name")
        .annotate(households=Count("household_id", distinct=True), people=Sum("people"))
        .order_by()
    )
    return {r["occupation_id"]: (r["occupation__name"], r["households"], r["people"] or 0) for r in rows}


# Outside a village, an item bought by fewer households than this is not shown (small cells could point
# at one household's spending); it still counts in the totals.
SMALL_CELL = 5


def analyse_forums(
    forum_ids: list[int], villages: QuerySet[Village], *, suppress: bool = False
) -> tuple[calc.Analysis, list[Want]]:
    # Summed per item and per forum length in the database: scaling to a year is linear, so the sum of the
    # forums' yearly figures is the yearly figure of their sum, for forums of the same number of months.
    rows = [
        calc.SummaryRow(
            item_id=r["item_id"],
            item_name=r["item__name"],
            category=r["item__category"],
            can_make_locally=r["item__can_make_locally"],
            occupation_id=r["item__occupation_id"],
            occupation_name=r["item__occupation__name"] or "",
            households=r["households"],
            total=from_units(r["units"]),
            months=r["forum__month_count"],
        )
        for r in ForumItemSummary.objects.filter(forum_id__in=forum_ids)
        .values(
            "item_id",
            "item__name",
            "item__category",
            "item__can_make_locally",
            "item__occupation_id",
            "item__occupation__name",
            "forum__month_count",
        )
        .annotate(households=Sum("households"), units=exact_sum("total"))
        .order_by()
    ]
    households = (
        ExpenditureForum.objects.filter(pk__in=forum_ids).aggregate(n=Sum("household_count"))["n"] or 0
    )
    wanted = wanted_by_occupation(villages)
    result = calc.analyse(
        rows,
        households,
        len(forum_ids),
        list(SpendingCategory.values),
        {k: v[1] for k, v in wanted.items()},
        SMALL_CELL if suppress else 0,
    )
    wants: dict[int, Want] = {k: Want(k, name, hh, people) for k, (name, hh, people) in wanted.items()}
    for line in result.opportunities:
        if line.occupation_id is None or line.suppressed:
            continue
        want = wants.get(line.occupation_id)
        if want is None:
            want = wants[line.occupation_id] = Want(line.occupation_id, line.occupation_name, 0, 0)
        want.buyers = max(want.buyers, line.households)
        want.per_year += line.per_year
        want.items.append(line.name)
    ranked = sorted(wants.values(), key=lambda w: (-w.per_year, -w.households, w.occupation))
    return result, ranked


def months_recorded(forum_ids: list[int]) -> list[int]:
    """How many months of spending the forums recorded, each length once: the yearly figures scale them to 12."""
    return sorted(
        set(
            ExpenditureForum.objects.filter(pk__in=forum_ids, month_count__gt=0).values_list(
                "month_count", flat=True
            )
        )
    )


def analyse_area(villages: QuerySet[Village], *, suppress: bool = True) -> tuple[calc.Analysis, list[Want]]:
    return analyse_forums(latest_forums(villages), villages, suppress=suppress)


def compare_forums(village: Village) -> list[dict]:
    """Every forum of the village with its yearly spending per category, oldest first."""
    per: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    forums = {f.pk: f for f in village.expenditure_forums.all()}
    for r in ForumItemSummary.objects.filter(forum__village=village).values(
        "forum_id", "item__category", "total", "forum__month_count"
    ):
        per[r["forum_id"]][r["item__category"]] += calc.yearly(r["total"], r["forum__month_count"])
    out = []
    for pk, forum in sorted(forums.items(), key=lambda kv: (kv[1].held_on, kv[0])):
        cats = per.get(pk, {})
        total = sum(cats.values(), Decimal(0))
        out.append(
            {
                "forum": forum,
                "categories": [round_money(cats.get(c, Decimal(0))) for c in SpendingCategory.values],
                "total": round_money(total),
                "per_household": round_money(total / forum.household_count)
                if forum.household_count
                else None,
            }
        )
    return out


def monthly(forum: ExpenditureForum) -> list[dict]:
    """One forum's spending month by month and category (a village's forum is small: read its lines)."""
    months: dict = defaultdict(lambda: defaultdict(Decimal))
    for r in (
        SpendingLine.objects.filter(forum=forum)
        .values("month", "item__category")
        .annotate(units=exact_sum("amount"))
        .order_by()
    ):
        months[r["month"]][r["item__category"]] = from_units(r["units"])
    return [
        {
            "month": m,
            "categories": [cats.get(c, Decimal("0.00")) for c in SpendingCategory.values],
            "total": sum(cats.values(), Decimal("0.00")),
        }
        for m, cats in sorted(months.items())
    ]
