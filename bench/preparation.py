"""Preparation benchmarks: the expenditure analysis of a village, a district and the province against
the same figures summed from every spending line (what the per-forum summaries save), and the spending
import of 100,000 lines against a bare executemany of the same rows, all in the same run."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client

from sammachip.accounts.models import User
from sammachip.households import imports, services
from sammachip.households.models import ExpenditureForum, Household, SpendingItem, SpendingLine
from sammachip.places.models import Village

IMPORT_ROWS = 100_000
REPEAT = 7


def _median_ms(fn) -> float:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _scan(where: str, params: list) -> None:
    """The naive analysis: sum every spending line of the area's forums by item (no summaries)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.item_id, COUNT(DISTINCT l.household_id), SUM(l.amount) FROM households_spendingline l "  # noqa: S608
            "JOIN households_expenditureforum f ON f.id = l.forum_id JOIN places_village v ON v.id = f.village_id "
            f"JOIN places_subdistrict s ON s.id = v.subdistrict_id JOIN places_district d ON d.id = s.district_id WHERE {where} "
            "GROUP BY l.item_id",
            params,
        )
        cursor.fetchall()


def analyses(officer: User, province_user: User) -> list[str]:
    village = (
        Village.objects.filter(expenditure_forums__isnull=False)
        .select_related("subdistrict__district__province")
        .order_by("id")[0]
    )
    district = village.subdistrict.district
    c, p = Client(), Client()
    c.force_login(officer)
    p.force_login(province_user)
    rows = []
    for label, client, url, where, params in [
        ("village", c, f"/analysis/village/{village.pk}/", "v.id = %s", [village.pk]),
        ("district", c, f"/analysis/district/{district.code}/", "d.id = %s", [district.pk]),
        (
            "province",
            p,
            f"/analysis/province/{district.province.code}/",
            "d.province_id = %s",
            [district.province_id],
        ),
    ]:
        page = _median_ms(lambda client=client, url=url: client.get(url))
        scan = _median_ms(lambda where=where, params=params: _scan(where, params))
        rows.append(f"| {label} analysis page | {page:.1f} | {scan:.1f} | {page / scan:.2f} |")
    lines = SpendingLine.objects.count()
    return [
        f"Expenditure analysis (median of {REPEAT}; {lines:,} spending lines stored). The baseline sums the area's",
        "spending lines in one SQL aggregate — what a page would cost without the per-forum summaries.",
        "",
        "| page | page ms | one aggregate over the lines, ms | page ÷ aggregate |",
        "|---|---|---|---|",
        *rows,
    ]


def spending_import(officer: User) -> list[str]:
    rng = random.Random(11)
    villages = list(Village.objects.filter(households__isnull=False).distinct().order_by("-id")[:2])
    target, other = villages
    items = list(SpendingItem.objects.filter(is_active=True))
    houses = list(Household.objects.filter(village=target).values_list("id", "house_no"))
    months = [dt.date(2024 + (10 + k) // 12, (10 + k) % 12 + 1, 1) for k in range(24)]  # 11/2024 … 10/2026
    rows: list[tuple[str, dt.date, str, Decimal]] = []
    for month in months:
        for _hid, house_no in houses:
            for it in items:
                rows.append((house_no, month, it.name, Decimal(rng.randint(20, 2000))))
                if len(rows) >= IMPORT_ROWS:
                    break
            if len(rows) >= IMPORT_ROWS:
                break
        if len(rows) >= IMPORT_ROWS:
            break
    n = len(rows)
    text = "บ้านเลขที่,เดือน,รายการ,จำนวนเงิน\n" + "".join(
        f"{h},{m.month}/{m.year + 543},{name},{a}\n" for h, m, name, a in rows
    )
    forum = services.create_forum(village=target, held_on=dt.date(2026, 10, 31), participants=0, by=officer)
    start = time.perf_counter()
    result = imports.import_spending(forum=forum, name="bench.csv", content=text.encode("utf-8"), by=officer)
    took = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    # The bare insert of the same rows into another village's forum: one executemany, no checks.
    base_forum = ExpenditureForum.objects.create(village=other, held_on=dt.date(2026, 10, 31), participants=0)
    other_houses = [h for h, _n in Household.objects.filter(village=other).values_list("id", "house_no")]
    by_name = {i.name: i.pk for i in items}
    index = {no: k for k, (_h, no) in enumerate(houses)}
    params = [
        (base_forum.pk, other_houses[index[h] % len(other_houses)], by_name[name], m, a)
        for h, m, name, a in rows
    ]
    params = list({(f, h, i, m): (f, h, i, m, a) for f, h, i, m, a in params}.values())
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO households_spendingline (forum_id, household_id, item_id, month, amount) VALUES (%s, %s, %s, %s, %s)",
            params,
        )
    bare = time.perf_counter() - start
    rate, bare_rate = n / took, len(params) / bare
    ratio = rate / bare_rate
    return [
        "| import | rows/s | target |",
        "|---|---|---|",
        f"| spending CSV, {n:,} lines (checked, all or nothing, summary refreshed) | {rate:,.0f} | |",
        f"| bare executemany of the same rows | {bare_rate:,.0f} | |",
        f"| ratio | {ratio:.0%} | ≥ 30%{' ✔' if ratio >= 0.3 else ' ✘ missed'} |",
    ]


def run() -> list[str]:
    district_officer = User.objects.filter(username__startswith="officer-").order_by("id").first()
    province_user = User.objects.filter(username__startswith="province-").order_by("id").first()
    assert district_officer is not None and province_user is not None
    return [*analyses(district_officer, province_user), "", *spending_import(district_officer)]
