"""The cash book import in rows per second, against a bare executemany of the same rows in the same run."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import connection, transaction

from sammachip.accounts.models import User
from sammachip.bookkeeping import imports, services
from sammachip.bookkeeping.models import Category, Entry
from sammachip.groups.models import OccupationGroup

ROWS = 5000


def run() -> list[str]:
    rng = random.Random(5)
    groups = list(OccupationGroup.objects.order_by("-id")[:2])
    target, baseline_group = groups[0], groups[1]
    user = User.objects.filter(username__startswith="officer-").first()
    assert user is not None
    services.ensure_books(target)
    head = "วันที่,รายรับ/รายจ่าย,หมวด,จำนวนเงิน,เงินสด/บัญชีธนาคาร,เลขที่เอกสาร,หมายเหตุ,ภาคีผู้ให้การสนับสนุน\n"
    rows = [
        (dt.date(2026, 10, 1) + dt.timedelta(days=i % 20), Decimal(rng.randint(100, 900000)) / 100)
        for i in range(ROWS)
    ]
    text = head + "".join(
        f"{d.day:02d}/{d.month:02d}/{d.year + 543},รายรับ,ขายสินค้าและบริการ,{a},เงินสด,,นำเข้า,\n" for d, a in rows
    )
    start = time.perf_counter()
    result = imports.import_file(target, "bench.csv", text.encode("utf-8"), user)
    took = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    # The bare insert of the same rows: one executemany, no checks, into another group's year.
    services.ensure_books(baseline_group)
    year = services.year_for(baseline_group, dt.date(2026, 10, 1))
    sales = Category.objects.get(group__isnull=True, code="sales")
    account = baseline_group.money_accounts.first()
    assert account is not None
    first = (
        Entry.objects.filter(group=baseline_group)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    params = [
        (baseline_group.pk, year.pk, first + i, d, "income", sales.pk, a, account.pk, "", "นำเข้า", user.pk)
        for i, (d, a) in enumerate(rows)
    ]
    sql = (
        "INSERT INTO bookkeeping_entry (group_id, fiscal_year_id, number, date, kind, category_id, amount, account_id,"
        " document_no, note, recorded_by_id, receipt_photo, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', CURRENT_TIMESTAMP)"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    bare = time.perf_counter() - start
    ratio = (ROWS / took) / (ROWS / bare)
    return [
        "| import | rows/s | target |",
        "|---|---|---|",
        f"| cash book CSV, {ROWS:,} rows (checked, all or nothing) | {ROWS / took:,.0f} | |",
        f"| bare executemany of the same rows | {ROWS / bare:,.0f} | |",
        f"| ratio | {ratio:.0%} | ≥ 30%{' ✔' if ratio >= 0.3 else ' ✘ missed'} |",
    ]
