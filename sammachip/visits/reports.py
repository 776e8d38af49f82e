"""The district and province views: every group or district on one screen, in a constant number of
queries whatever the number of groups (each figure is one grouped aggregate or a correlated subquery)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from sammachip.bookkeeping.models import Category, Entry
from sammachip.core.money import exact_sum, from_units
from sammachip.core.thaidate import previous_month_start
from sammachip.groups.models import OccupationGroup
from sammachip.places.models import District, Province


def _sales_since(since: dt.date) -> Subquery:
    """Own sales of the group since a date, in whole satang (exact on SQLite too)."""
    rows = (
        Entry.objects.filter(group=OuterRef("pk"), date__gte=since, category__role=Category.Role.SALES)
        .values("group")
        .annotate(units=exact_sum("amount"))
        .values("units")
    )
    return Subquery(rows, output_field=BigIntegerField())


def district_groups(district: District, *, today: dt.date | None = None) -> QuerySet[OccupationGroup]:
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    # Members by a correlated subquery too: grouping a whole district over a join measured 5× slower.
    members = (
        OccupationGroup.objects.filter(pk=OuterRef("pk"))
        .annotate(n=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .values("n")
    )
    return (
        OccupationGroup.objects.filter(village__subdistrict__district=district)
        .select_related("village__subdistrict", "occupation")
        .with_last_meeting()
        .annotate(
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
            sales_units=Coalesce(_sales_since(year_ago), Value(0)),
        )
        .order_by("village__subdistrict__code", "name")
    )


def district_summary(groups: list[Any], today: dt.date | None = None) -> dict[str, Any]:
    """Figures for the top of the district view; also marks each group's sales and overdue meeting."""
    due = previous_month_start(today or timezone.localdate())
    stages: dict[str, int] = {}
    for g in groups:
        label = str(OccupationGroup.Stage(g.stage).label)
        stages[label] = stages.get(label, 0) + 1
        g.sales = from_units(g.sales_units)
        g.meeting_overdue = g.stage not in ("dissolved", "forming") and (
            g.last_meeting is None or g.last_meeting < due
        )
    return {
        "stages": stages,
        "members": sum(g.member_count for g in groups),
        "sales": sum((g.sales for g in groups), Decimal(0)),
        "overdue": sum(1 for g in groups if g.meeting_overdue),
    }


def province_rows(province: Province, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per district: groups by stage, members, own sales in the last year, groups without a meeting."""
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    due = previous_month_start(today)
    districts = list(District.objects.filter(province=province).order_by("code"))
    base = OccupationGroup.objects.filter(village__subdistrict__district__province=province)
    by_stage: dict[int, dict[str, int]] = {}
    for row in base.values("village__subdistrict__district_id", "stage").annotate(n=Count("id")):
        label = str(OccupationGroup.Stage(row["stage"]).label)
        by_stage.setdefault(row["village__subdistrict__district_id"], {})[label] = row["n"]
    members = dict(
        base.filter(memberships__left_on__isnull=True)
        .values_list("village__subdistrict__district_id")
        .annotate(n=Count("memberships"))
    )
    sales = dict(
        Entry.objects.filter(
            group__village__subdistrict__district__province=province,
            date__gte=year_ago,
            category__role=Category.Role.SALES,
        )
        .values_list("group__village__subdistrict__district_id")
        .annotate(u=exact_sum("amount"))
    )
    overdue: dict[int, int] = {}
    active = base.exclude(stage__in=["dissolved", "forming"]).with_last_meeting()
    for district_id, last in active.values_list("village__subdistrict__district_id", "last_meeting"):  # type: ignore[misc]
        if last is None or last < due:
            overdue[district_id] = overdue.get(district_id, 0) + 1
    rows = []
    for d in districts:
        stages = by_stage.get(d.pk, {})
        rows.append({
            "district": d, "groups": sum(stages.values()), "stages": stages, "members": members.get(d.pk, 0),
            "sales": from_units(sales.get(d.pk, 0)), "overdue": overdue.get(d.pk, 0),
        })  # fmt: skip
    return rows


def province_levels(province: Province, rows: list[dict[str, Any]]) -> dt.date | None:
    """Add each district's groups by health level from its latest daily snapshots (`sammachip remind`
    keeps them; a district's view keeps today's for its own groups): two queries for the whole province,
    never the scorecard of a thousand groups live. Returns the oldest of the districts' dates."""
    from sammachip.visits.models import HealthSnapshot

    snapshots = HealthSnapshot.objects.filter(group__village__subdistrict__district__province=province)
    district = "group__village__subdistrict__district_id"
    latest = dict(snapshots.values_list(district).annotate(d=Max("computed_on")).order_by())
    counts: dict[int, dict[str, int]] = {}
    if latest:
        which = Q()
        for district_id, day in latest.items():
            which |= Q(**{district: district_id, "computed_on": day})
        for district_id, level, n in (
            snapshots.filter(which)
            .values(district, "level")
            .annotate(n=Count("id"))
            .values_list(district, "level", "n")
            .order_by()
        ):
            counts.setdefault(district_id, {})[level] = n
    for row in rows:
        row["levels"] = counts.get(row["district"].pk, {})
        row["levels_on"] = latest.get(row["district"].pk)
    return min(latest.values(), default=None)
