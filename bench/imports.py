"""The cash book import in rows per second, against a bare executemany of the same rows in the same run."""

from __future__ import annotations

import datetime as dt
import os
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


MEMBERS = int(os.environ.get("BENCH_MEMBERS", "5000"))


def members() -> list[str]:
    """The member import (onboarding): a sheet of new members over a district's groups, checked (the
    preview, rolled back) and then confirmed, in rows per second, against a bare executemany of the same
    people in the same run. Rolled back at the end: the scale's database is kept as generated."""
    from sammachip.core.thaiid import check_digit
    from sammachip.onboarding import services as onboarding

    group = OccupationGroup.objects.exclude(stage="dissolved").order_by("id")[0]
    district = group.village.subdistrict.district
    officer = User.objects.get(username=f"officer-{district.code}")
    targets = list(
        OccupationGroup.objects.filter(village__subdistrict__district=district)
        .exclude(stage="dissolved")
        .order_by("id")[:10]
    )
    lines = ["ชื่อกลุ่ม,ชื่อ-นามสกุล,เลขบัตรประชาชน,เบอร์โทร,วันที่สมัคร"]
    for i in range(MEMBERS):
        first = f"3{990000000 + i:011d}"
        g = targets[i % len(targets)]
        lines.append(f"{g.name},นางทดสอบ นำเข้า{i},{first}{check_digit(first)},0812345678,01/10/2569")
    content = ("\n".join(lines) + "\n").encode("utf-8")

    class _Undo(Exception):
        pass

    try:
        with transaction.atomic():
            batch = onboarding.start(
                district=district, kind="members", name="bench.csv", content=content, by=officer
            )
            start, cpu = time.perf_counter(), time.process_time()
            onboarding.check(batch, officer)
            checked, checked_cpu = time.perf_counter() - start, time.process_time() - cpu
            assert batch.preview["counts"]["created"] == MEMBERS, batch.preview["rows"][:3]
            start, cpu = time.perf_counter(), time.process_time()
            onboarding.confirm(batch=batch, by=officer)
            confirmed, confirmed_cpu = time.perf_counter() - start, time.process_time() - cpu
            params = [
                (f"ทดสอบ{i}", f"เปล่า{i}", f"2{990000000 + i:011d}0", "0812345678", group.village_id)
                for i in range(MEMBERS)
            ]
            sql = (
                "INSERT INTO households_person (title, first_name, last_name, national_id, phone, village_id, address,"
                " skills, can_teach, search_text) VALUES ('นาง', %s, %s, %s, %s, %s, '', '', FALSE, '')"
            )
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
            bare = time.perf_counter() - start
            raise _Undo
    except _Undo:
        pass
    check_rate, confirm_rate = MEMBERS / checked, MEMBERS / confirmed
    return [
        "| member import (onboarding) | rows/s (wall) | rows per CPU second of this process | ratio to the bare insert | target (wall) |",
        "|---|---|---|---|---|",
        f"| check {MEMBERS:,} new members over {len(targets)} groups (every rule, rolled back) | {check_rate:,.0f} |"
        f" {MEMBERS / checked_cpu:,.0f} | {check_rate / (MEMBERS / bare):.1%} |"
        f" ≥ 500 rows/s{' ✔' if check_rate >= 500 else ' ✘ missed'} |",
        f"| confirm the same (people, occupations, memberships, audit events; all or nothing) | {confirm_rate:,.0f} |"
        f" {MEMBERS / confirmed_cpu:,.0f} | {confirm_rate / (MEMBERS / bare):.1%} |"
        f" ≥ 500 rows/s{' ✔' if confirm_rate >= 500 else ' ✘ missed'} |",
        f"| bare executemany of {MEMBERS:,} people (baseline) | {MEMBERS / bare:,.0f} | | 100% | |",
        "",
        "Wall time moves with the other tenants of the machine; the CPU seconds of the importing process do not",
        "(on SQLite they hold the database's work too; on PostgreSQL the server's share is not in them).",
        "Before the rules ran over the whole file (commit f9a4de5) a 5,000-member sheet took 37 s to check and",
        "37 s to confirm, about 133 rows/s: some fifteen queries a row.",
    ]
