"""Closing a year for many groups at once (the province office's year end), against one SQL aggregate
over the same rows. Also shows that a close issues the same number of queries whatever the group size."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.db import connection, reset_queries, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from sammachip.accounts.models import User
from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import Category, Entry, FiscalYear, MoneyAccount, WorkRecord, WorkTask
from sammachip.core.money import exact_sum
from sammachip.groups.models import Charter, CharterFund, CharterRule, Membership, OccupationGroup
from sammachip.groups.standing_rules import STANDING_RULES
from sammachip.households.models import OccupationType, Person
from sammachip.places.models import District, Village

YEAR = dt.date(2025, 1, 1)
MEMBERS = 30
WORK_PER_GROUP = 250
ENTRIES_PER_GROUP = 100


def generate(groups: int, seed: int = 2568) -> tuple[User, list[FiscalYear]]:
    """Bulk rows, reproducible from the seed: groups with a charter, members, a year of books and work."""
    rng = random.Random(seed)
    user = User.objects.create_user(username="bench-treasurer", password="x")  # noqa: S106
    district = District.objects.get(code="9611")
    subs = list(district.subdistricts.all())
    villages = Village.objects.bulk_create(
        Village(subdistrict=subs[i % len(subs)], moo=i // len(subs) + 1, name=f"บ้านทดสอบ {i}")
        for i in range(max(1, groups // 20))
    )
    occupation = OccupationType.objects.create(name="งานทดสอบ")
    founded = dt.date(2024, 1, 1)
    gs = OccupationGroup.objects.bulk_create(
        OccupationGroup(
            name=f"กลุ่ม {i}",
            village=villages[i % len(villages)],
            occupation=occupation,
            founded_on=founded,
            stage="supported",
        )
        for i in range(groups)
    )
    people = Person.objects.bulk_create(
        Person(first_name=f"ส{i}", last_name="ทดสอบ", village=villages[0]) for i in range(groups * MEMBERS)
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            group=g, person=people[gi * MEMBERS + k], number=k + 1, joined_on=founded, is_founding=True
        )
        for gi, g in enumerate(gs)
        for k in range(MEMBERS)
    )
    charters = Charter.objects.bulk_create(
        Charter(
            group=g, version=1, status="adopted", drafted_by=user, adopted_on=founded, adoption_note="bench"
        )
        for g in gs
    )
    CharterFund.objects.bulk_create(
        CharterFund(charter=c, position=i, name=n, percent=Decimal(10))
        for c in charters
        for i, n in enumerate(["สวัสดิการสมาชิก", "ค่าตอบแทนกรรมการ", "สาธารณประโยชน์"], 1)
    )
    CharterRule.objects.bulk_create(
        CharterRule(charter=c, position=i, text=t, standing_key=k)
        for c in charters
        for i, (k, t) in enumerate(STANDING_RULES, 1)
    )
    accounts = MoneyAccount.objects.bulk_create(MoneyAccount(group=g, type="cash", name="เงินสด") for g in gs)
    tasks = WorkTask.objects.bulk_create(
        WorkTask(group=g, name="ผลิต", unit="hours", weight=Decimal(1)) for g in gs
    )
    years = FiscalYear.objects.bulk_create(
        FiscalYear(group=g, starts_on=YEAR, ends_on=dt.date(2025, 12, 31)) for g in gs
    )
    from sammachip.bookkeeping.models import BookSettings

    BookSettings.objects.bulk_create(BookSettings(group=g) for g in gs)
    income = list(Category.objects.filter(group__isnull=True, kind="income"))
    expense = list(Category.objects.filter(group__isnull=True, kind="expense").exclude(role="dividend"))
    entries, work = [], []
    for gi, g in enumerate(gs):
        for n in range(ENTRIES_PER_GROUP):
            kind = "income" if n % 3 else "expense"
            cat = rng.choice(income if kind == "income" else expense)
            cents = rng.randint(100, 2_000_000) if kind == "income" else rng.randint(100, 800_000)
            entries.append(Entry(
                group=g, fiscal_year=years[gi], number=n + 1, date=YEAR + dt.timedelta(days=rng.randint(0, 364)), kind=kind,
                category=cat, amount=Decimal(cents) / 100, account=accounts[gi], recorded_by=user,
            ))  # fmt: skip
        # The last group's work is by 5 members only: the query count does not follow the member count.
        workers = 5 if gi == len(gs) - 1 else MEMBERS
        for _n in range(WORK_PER_GROUP):
            m = memberships[gi * MEMBERS + rng.randrange(workers)]
            work.append(WorkRecord(
                group=g, membership=m, date=YEAR + dt.timedelta(days=rng.randint(0, 364)), task=tasks[gi],
                quantity=Decimal(rng.randint(50, 800)) / 100, weight=Decimal(1), status="confirmed", recorded_by=user,
            ))  # fmt: skip
    Entry.objects.bulk_create(entries, batch_size=2000)
    WorkRecord.objects.bulk_create(work, batch_size=2000)
    return user, years


def baseline(year_ids: list[int]) -> float:
    """One SQL aggregate over the same rows: every group's totals by category and work by member."""
    start = time.perf_counter()
    list(
        Entry.objects.filter(fiscal_year_id__in=year_ids)
        .values("group_id", "category_id")
        .annotate(u=exact_sum("amount"))
    )
    list(
        WorkRecord.objects.filter(status="confirmed")
        .values("membership_id")
        .annotate(u=exact_sum(F("quantity") * F("weight"), 5))
    )
    return time.perf_counter() - start


def close_all(user: User, years: list[FiscalYear]) -> tuple[float, list[int]]:
    queries = []
    start = time.perf_counter()
    for year in years:
        reset_queries()  # the query log holds 9,000 entries; keep each count inside it
        with CaptureQueriesContext(connection) as ctx, transaction.atomic():
            services.close_year(year=year, by=user)
            services.create_dividend_run(year=year, by=user)
        queries.append(len(ctx.captured_queries))
    return time.perf_counter() - start, queries


def run(groups: int) -> list[str]:
    t0 = time.perf_counter()
    with transaction.atomic():
        user, years = generate(groups)
    gen = time.perf_counter() - t0
    base = statistics.median(baseline([y.pk for y in years]) for _ in range(3))
    elapsed, queries = close_all(user, years)
    rows_e = Entry.objects.count()
    rows_w = WorkRecord.objects.count()
    return [
        f"## Annual close ({connection.vendor})",
        "",
        f"{groups:,} groups × {MEMBERS} members; {rows_e:,} book entries and {rows_w:,} work records (generated in {gen:.1f} s).",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| close + dividend run, all groups | {elapsed:.2f} s ({elapsed / groups * 1000:.1f} ms a group) |",
        f"| baseline: one SQL aggregate over the same rows | {base:.3f} s |",
        f"| ratio close / baseline | {elapsed / base:.1f}× |",
        f"| queries per group close (5 members with work) | {queries[-1]} |",
        f"| queries per group close (30 members with work), min–max after the first | {min(queries[1:-1] or [0])}–{max(queries[1:-1] or [0])} |",
    ]
