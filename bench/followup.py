"""Follow-up benchmarks: the district and province views against one SQL aggregate over the same
groups' books (the cheapest honest read of the same area), and the daily job that keeps every group's
health snapshot (`sammachip remind`), in groups per second."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection
from django.test import Client
from django.utils import timezone

from sammachip.accounts.models import User
from sammachip.groups.models import OccupationGroup
from sammachip.visits import health

REPEAT = 9


def _ms(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[-1]


def _aggregate(where: str, param: int) -> None:
    since = timezone.localdate() - dt.timedelta(days=365)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.group_id, COUNT(*), SUM(e.amount) FROM bookkeeping_entry e JOIN groups_occupationgroup g ON g.id = e.group_id "  # noqa: S608
            "JOIN places_village v ON v.id = g.village_id JOIN places_subdistrict s ON s.id = v.subdistrict_id "
            f"JOIN places_district d ON d.id = s.district_id WHERE {where} AND e.date >= %s GROUP BY e.group_id",
            [param, since],
        )
        cursor.fetchall()


def run() -> list[str]:
    group = OccupationGroup.objects.select_related("village__subdistrict__district__province").order_by("id")[
        0
    ]
    district = group.village.subdistrict.district
    officer = User.objects.get(username=f"officer-{district.code}")
    province_user = User.objects.get(username=f"province-{district.province.code}")
    c, p = Client(), Client()
    c.force_login(officer)
    p.force_login(province_user)
    groups = list(
        OccupationGroup.objects.filter(village__subdistrict__district__province=district.province_id)
        .exclude(stage="dissolved")
        .select_related("village__subdistrict")
    )
    by_district: dict[int, list[OccupationGroup]] = {}
    for g in groups:
        by_district.setdefault(g.village.subdistrict.district_id, []).append(g)
    start = time.perf_counter()
    for part in by_district.values():
        health.store_snapshots(part, timezone.localdate())
    took = time.perf_counter() - start
    rows = []
    for label, client, url, where, param in [
        ("district view", c, f"/district/{district.code}/", "d.id = %s", district.pk),
        (
            "province view",
            p,
            f"/province/{district.province.code}/",
            "d.province_id = %s",
            district.province_id,
        ),
        ("officer agenda", c, "/agenda/", "d.id = %s", district.pk),
    ]:
        med, worst = _ms(lambda client=client, url=url: client.get(url))
        base, _w = _ms(lambda where=where, param=param: _aggregate(where, param))
        rows.append(f"| {label} | {med:.1f} | {worst:.1f} | {base:.1f} | {med / base:.1f}× |")
    # The district's "recompute now" button: every group's scorecard live, as the daily job does.
    med, worst = _ms(lambda: c.post(f"/district/{district.code}/"))
    base, _w = _ms(lambda: _aggregate("d.id = %s", district.pk))
    rows.append(
        f"| district: recompute health now | {med:.1f} | {worst:.1f} | {base:.1f} | {med / base:.1f}× |"
    )
    return [
        f"Follow-up (median and slowest of {REPEAT}). The baseline is one SQL aggregate of a year of the same",
        "area's books grouped by group — the cheapest read of the same area.",
        "",
        "| page | median ms | slowest ms | one aggregate, ms | page ÷ aggregate |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "The district view reads the health each group had kept today (by the daily job, the group's own page,"
        " a visit, or the button); the button's row is the cost of computing it live.",
        "",
        f"Daily health snapshots (`sammachip remind`), {len(groups):,} groups of the province, district by district:"
        f" {took:.1f} s ({len(groups) / took:,.0f} groups/s).",
    ]
