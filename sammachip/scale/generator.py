"""Realistic, reproducible data at district, province or nation size for every feature present.

Rows go in with bulk inserts in batches, inside one transaction per group batch, so a province fills in
minutes on two cores, on SQLite or PostgreSQL. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction

from sammachip.accounts.models import StaffPosting, User
from sammachip.bookkeeping.models import (
    BookSettings,
    Category,
    Entry,
    FiscalYear,
    MoneyAccount,
    WorkRecord,
    WorkTask,
)
from sammachip.core.thaiid import check_digit
from sammachip.core.thaitext import fill_search_text
from sammachip.groups.models import (
    Charter,
    CharterFund,
    CharterRule,
    CommitteeSeat,
    Membership,
    OccupationGroup,
    Role,
)
from sammachip.groups.standing_rules import STANDING_RULES
from sammachip.households.models import (
    ExpenditureForum,
    ForumItemSummary,
    Household,
    NeedsAnswer,
    OccupationType,
    Person,
    SpendingItem,
    SpendingLine,
)
from sammachip.meetings.models import Attendance, Meeting
from sammachip.places.models import District, Province, Village


@dataclass(frozen=True)
class Scale:
    name: str
    province_codes: list[str] | None  # None: every province
    district_codes: list[str] | None
    villages: int
    households_per_village: int
    groups: int
    members: int
    years: int
    work_per_member_month: float
    summarise_households: bool = False


SCALES = {
    "district": Scale("district", ["96"], ["9611"], 50, 240, 40, 30, 5, 1.0),
    "province": Scale("province", ["96"], None, 600, 366, 1000, 30, 5, 1.0),
    # The nation: households summarised per village (one row stands for the village), two years of books.
    "nation": Scale("nation", None, None, 75000, 1, 50000, 30, 2, 0.25, summarise_households=True),
}

OCCUPATIONS = [
    "ทำน้ำยาล้างจาน",
    "ผ้าบาติก",
    "แปรรูปปลา",
    "ขนมพื้นบ้าน",
    "ปลูกผักปลอดสาร",
    "เลี้ยงแพะ",
    "จักสานกระจูด",
    "ข้าวเกรียบปลา",
]
FIRST = [
    "สุนีย์",
    "ฮาลีเมาะ",
    "มารีแย",
    "รอกีเยาะ",
    "นูรีซัน",
    "ซีตีเราะ",
    "อามีเนาะ",
    "กัลยา",
    "ปรียา",
    "ยูไนดะ",
    "สมชาย",
    "อับดุลเลาะ",
]
LAST = ["แวมามุ", "สาและ", "ดอเลาะ", "บินอาแว", "ศรีสุข", "หะยีมะ", "ยูโซะ", "มะลี", "เจ๊ะเต๊ะ", "ทองดี"]
BATCH = 2000


class Steps(Protocol):
    def step(self, n: int = 1) -> None: ...


class Progress:
    """A plain progress bar on stderr (no dependency; works in CI logs too)."""

    def __init__(self, total: int, label: str, out: Any = sys.stderr) -> None:
        self.total, self.label, self.out, self.done = max(total, 1), label, out, 0
        self.start = time.perf_counter()
        self.last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last > 0.5 or self.done >= self.total:
            self.last = now
            width = 30
            filled = int(width * self.done / self.total)
            rate = self.done / max(now - self.start, 1e-9)
            self.out.write(
                f"\r{self.label:<12} [{'#' * filled}{'.' * (width - filled)}] {self.done:,}/{self.total:,} {rate:,.0f}/s"
            )
            if self.done >= self.total:
                self.out.write("\n")
            self.out.flush()


def national_id(rng: random.Random) -> str:
    first = str(rng.choice([1, 3, 5])) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first + str(check_digit(first))


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def ensure_reference_data() -> None:
    """Geography, standard categories and the item list come from data migrations; a flushed database
    (the PostgreSQL benchmark empties its database first) needs them back."""
    from sammachip.bookkeeping.standard import ensure_standard_categories
    from sammachip.households.standard_items import ensure_standard_items
    from sammachip.places.geography import load_geography
    from sammachip.places.models import Subdistrict

    if not District.objects.exists():
        load_geography(Province, District, Subdistrict)
    if not Category.objects.filter(group__isnull=True).exists():
        ensure_standard_categories(Category)
    ensure_standard_items(SpendingItem, OccupationType)


class Generator:
    def __init__(
        self, scale: Scale, seed: int = 2568, progress: Callable[[int, str], Steps] = Progress
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.today = dt.date(2026, 11, 1)

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def districts(self) -> list[District]:
        qs = District.objects.all()
        if self.scale.province_codes:
            qs = qs.filter(province__code__in=self.scale.province_codes)
        if self.scale.district_codes:
            qs = qs.filter(code__in=self.scale.district_codes)
        return list(qs.order_by("code"))

    def run(self) -> dict[str, int]:
        ensure_reference_data()
        districts = self.districts()
        villages = self.make_villages(districts)
        self.make_staff(districts)
        self.make_households(villages)
        self.make_forums(villages)
        self.make_needs_and_plans(villages)
        self.make_groups(villages)
        self.analyze()
        self.make_followup(districts)
        self.analyze()
        return self.counts

    def analyze(self) -> None:
        """Statistics for the planner after a bulk load. Without them PostgreSQL plans the health snapshots'
        aggregates for tables it still thinks empty: at nation scale 8 groups a second instead of ~170
        (autovacuum would catch up, later)."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def make_villages(self, districts: list[District]) -> list[Village]:
        subs = [s for d in districts for s in d.subdistricts.all()]
        taken = {(v.subdistrict_id, v.moo) for v in Village.objects.filter(subdistrict__in=subs)}
        bar = self.progress(self.scale.villages, "villages")
        made: list[Village] = []
        moo: dict[int, int] = {}
        i = 0
        while len(made) < self.scale.villages:
            sub = subs[i % len(subs)]
            i += 1
            moo[sub.pk] = moo.get(sub.pk, 0) + 1
            if moo[sub.pk] > 99:
                if all(m > 99 for m in moo.values()) and len(moo) == len(subs):
                    break
                continue
            if (sub.pk, moo[sub.pk]) in taken:
                continue
            made.append(
                Village(subdistrict=sub, moo=moo[sub.pk], name=f"บ้าน{self.rng.choice(FIRST)} {moo[sub.pk]}")
            )
        for part in chunks(made, BATCH):
            Village.objects.bulk_create(fill_search_text(part))
            bar.step(len(part))
        self.count("villages", len(made))
        return list(Village.objects.filter(subdistrict__in=subs).select_related("subdistrict").order_by("id"))

    def make_staff(self, districts: list[District]) -> None:
        staff = []
        for d in districts:
            if User.objects.filter(username=f"officer-{d.code}").exists():
                continue
            for role, name in (("officer", f"officer-{d.code}"), ("district_head", f"head-{d.code}")):
                user = User(username=name, first_name=name)
                user.set_unusable_password()
                staff.append((user, role, d))
        User.objects.bulk_create([u for u, _r, _d in staff])
        StaffPosting.objects.bulk_create(
            StaffPosting(user=u, role=r, province_id=d.province_id, district=d, starts_on=dt.date(2020, 1, 1))
            for u, r, d in staff
        )
        provinces = {d.province_id for d in districts}
        for pid in provinces:
            code = Province.objects.get(pk=pid).code
            if not User.objects.filter(username=f"province-{code}").exists():
                u = User.objects.create(username=f"province-{code}", first_name=f"province-{code}")
                StaffPosting.objects.create(
                    user=u, role="province_staff", province_id=pid, starts_on=dt.date(2020, 1, 1)
                )
        self.count("staff", len(staff))

    def make_households(self, villages: list[Village]) -> None:
        per = self.scale.households_per_village
        total = len(villages) * per
        bar = self.progress(total, "households")
        rows = []
        for v in villages:
            for h in range(per):
                rows.append(
                    Household(
                        village=v,
                        house_no=f"{h + 1}/{v.moo}",
                        head_name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                    )
                )
                if len(rows) >= BATCH * 5:
                    Household.objects.bulk_create(
                        fill_search_text(rows), batch_size=BATCH, ignore_conflicts=True
                    )
                    bar.step(len(rows))
                    rows = []
        Household.objects.bulk_create(fill_search_text(rows), batch_size=BATCH, ignore_conflicts=True)
        bar.step(len(rows))
        self.count("households", total)

    def make_forums(self, villages: list[Village]) -> None:
        """One expenditure forum per village with a month of spending for every household (~14 items
        each: about 3 million lines for a province), written with COPY on PostgreSQL and executemany on
        SQLite; then each forum's per-item summary with one aggregate, as the services keep it."""
        from django.db import connection

        from sammachip.households.standard_items import ensure_standard_items

        ensure_standard_items(SpendingItem, OccupationType)
        items = list(SpendingItem.objects.values_list("id", "name"))
        from sammachip.scale.management.commands._demo_preparation import PATTERN

        pattern = [(pk, *PATTERN.get(name, (0.3, 50, 300))) for pk, name in items]
        user = User.objects.filter(username__startswith="officer-").first()
        forums = ExpenditureForum.objects.bulk_create(
            ExpenditureForum(
                village=v, held_on=dt.date(2026, 10, self.rng.randint(1, 28)), participants=0, created_by=user
            )
            for v in villages
        )
        forum_of = {f.village_id: f.pk for f in forums}
        month = dt.date(2026, 10, 1)
        bar = self.progress(len(villages) * self.scale.households_per_village, "spending")
        columns = "(forum_id, household_id, item_id, month, amount)"
        table = SpendingLine._meta.db_table
        rows: list[tuple[int, int, int, dt.date, Decimal]] = []
        lines = 0
        rng = self.rng

        def flush() -> None:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:  # type: ignore[attr-defined]
                        for row in rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s)", rows)  # noqa: S608

        households = (
            Household.objects.filter(village__in=villages).values_list("id", "village_id").order_by("id")
        )
        with transaction.atomic():
            done = 0
            for hid, vid in households.iterator(chunk_size=20000):
                for pk, share, low, high in pattern:
                    if rng.random() < share:
                        rows.append((forum_of[vid], hid, pk, month, Decimal(rng.randint(low, high))))
                done += 1
                if len(rows) >= 50000:
                    flush()
                    lines += len(rows)
                    rows = []
                    bar.step(done)
                    done = 0
            flush()
            lines += len(rows)
            bar.step(done)
            summary = ForumItemSummary._meta.db_table
            forum_table = ExpenditureForum._meta.db_table
            ids = [f.pk for f in forums]
            with connection.cursor() as cursor:
                for part in chunks(ids, 500):
                    low_id, high_id = min(part), max(part)
                    cursor.execute(
                        f"INSERT INTO {summary} (forum_id, item_id, households, total) "  # noqa: S608
                        f"SELECT forum_id, item_id, COUNT(DISTINCT household_id), SUM(amount) FROM {table} "
                        "WHERE forum_id BETWEEN %s AND %s GROUP BY forum_id, item_id",
                        [low_id, high_id],
                    )
                    cursor.execute(
                        f"UPDATE {forum_table} SET "  # noqa: S608
                        f"household_count = (SELECT COUNT(DISTINCT household_id) FROM {table} l WHERE l.forum_id = {forum_table}.id), "
                        f"month_count = (SELECT COUNT(DISTINCT month) FROM {table} l WHERE l.forum_id = {forum_table}.id), "
                        f"total = COALESCE((SELECT SUM(total) FROM {summary} s WHERE s.forum_id = {forum_table}.id), 0), "
                        f"participants = (SELECT COUNT(DISTINCT household_id) FROM {table} l WHERE l.forum_id = {forum_table}.id) "
                        f"WHERE id BETWEEN %s AND %s",
                        [low_id, high_id],
                    )
        self.count("forums", len(forums))
        self.count("spending lines", lines)

    def make_needs_and_plans(self, villages: list[Village]) -> None:
        """A needs survey (about one household in twenty wants an occupation) and a community plan per
        village with one or two projects, most of them proposed to a partner agency."""
        from sammachip.places.models import PartnerAgency
        from sammachip.plans.models import CommunityPlan, Project, Proposal, ProposalEvent

        rng = self.rng
        local = list(SpendingItem.objects.filter(can_make_locally=True).select_related("occupation"))
        user = User.objects.filter(username__startswith="officer-").first()
        needs = []
        for hid in (
            Household.objects.filter(village__in=villages)
            .values_list("id", flat=True)
            .iterator(chunk_size=20000)
        ):
            if rng.random() < 0.05:
                item = rng.choice(local)
                needs.append(NeedsAnswer(household_id=hid, occupation=item.occupation, people=rng.randint(1, 3), hours_per_week=rng.choice([4, 8, 12]), surveyed_on=dt.date(2026, 10, 25), created_by=user))  # fmt: skip
        NeedsAnswer.objects.bulk_create(needs, batch_size=BATCH, ignore_conflicts=True)
        partners: dict[int, PartnerAgency] = {}
        for district_id in {v.subdistrict.district_id for v in villages}:
            partners[district_id] = PartnerAgency.objects.get_or_create(
                district_id=district_id, name="องค์การบริหารส่วนตำบล", defaults={"kind": "lao"}
            )[0]
        plans = CommunityPlan.objects.bulk_create(CommunityPlan(village=v, year=2026) for v in villages)
        projects = []
        for plan, v in zip(plans, villages, strict=True):
            for _ in range(rng.randint(1, 2)):
                item = rng.choice(local)
                projects.append(Project(plan=plan, title=str(item.occupation), objective="ลดรายจ่ายของครัวเรือน", kind="occupation", occupation=item.occupation, item=item, target_households=rng.randint(5, 30), budget=Decimal(rng.randint(5, 50) * 1000), funding="partner", partner=partners[v.subdistrict.district_id], status="proposed"))  # fmt: skip
        projects = Project.objects.bulk_create(projects, batch_size=BATCH)
        proposals = [
            Proposal(project=p, partner=p.partner, amount_requested=p.budget, status=rng.choice(["draft", "submitted", "under_review", "approved"]), status_since=dt.date(2026, 10, rng.randint(1, 28)), created_by=user)  # type: ignore[misc]
            for p in projects
            if rng.random() < 0.6
        ]  # fmt: skip
        for p in proposals:
            if p.status == "approved":
                p.amount_approved = p.amount_requested
        proposals = Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        ProposalEvent.objects.bulk_create(
            (ProposalEvent(proposal=p, status=p.status, on=p.status_since, by=user) for p in proposals),
            batch_size=BATCH,
        )
        self.count("needs answers", len(needs))
        self.count("projects", len(projects))
        self.count("proposals", len(proposals))

    def make_followup(self, districts: list[District]) -> None:
        """A visit a month for the last year of every group (weekly in a group's first weeks is left to the
        agenda to flag), a problem on one visit in ten, last year's annual report from four groups in five,
        then today's health snapshot of every group, district by district — the daily job, timed."""
        from sammachip.visits import health
        from sammachip.visits.models import AnnualReport, Problem, Visit

        rng = self.rng
        officers = {u.username: u for u in User.objects.filter(username__startswith="officer-")}
        groups = list(
            OccupationGroup.objects.filter(village__subdistrict__district__in=districts)
            .exclude(stage="dissolved")
            .select_related("village__subdistrict__district")
            .order_by("id")
        )
        bar = self.progress(len(groups), "follow-up")
        visits: list[Visit] = []
        reports: list[AnnualReport] = []
        for g in groups:
            officer = officers.get(f"officer-{g.village.subdistrict.district.code}")
            if officer is None:
                continue
            for k in range(12):
                day = self.today - dt.timedelta(days=30 * k + rng.randint(0, 20))
                if day >= g.founded_on:
                    visits.append(Visit(group=g, officer=officer, visited_on=day, purpose="follow_up", people_present=rng.randint(3, 15), observed="ติดตามการบันทึกบัญชีและการผลิต"))  # fmt: skip
            if rng.random() < 0.8 and g.founded_on.year < self.today.year - 1:
                income = Decimal(rng.randint(50_000, 400_000))
                expense = Decimal(rng.randint(20_000, int(income)))
                reports.append(AnnualReport(group=g, fiscal_year_start=dt.date(self.today.year - 1, 1, 1), income=income, expense=expense, net_profit=income - expense, own_sales=income, submitted_on=dt.date(self.today.year, 2, 15), submitted_by=officer))  # fmt: skip
        made = Visit.objects.bulk_create(visits, batch_size=BATCH)
        Problem.objects.bulk_create(
            (Problem(group_id=v.group_id, raised_at=v, description="วัตถุดิบขาดช่วง", opened_on=v.visited_on) for v in made if rng.random() < 0.1),
            batch_size=BATCH,
        )  # fmt: skip
        AnnualReport.objects.bulk_create(reports, batch_size=BATCH)
        snapshots = 0
        for district in districts:
            part = [g for g in groups if g.village.subdistrict.district_id == district.pk]
            if part:
                snapshots += health.store_snapshots(part, self.today)
            bar.step(len(part))
        self.count("visits", len(made))
        self.count("annual reports", len(reports))
        self.count("health snapshots", snapshots)

    def make_groups(self, villages: list[Village]) -> None:
        user = User.objects.filter(username__startswith="officer-").first() or User.objects.create(
            username="generator"
        )
        occupations = [OccupationType.objects.get_or_create(name=n)[0] for n in OCCUPATIONS]
        categories = {c.code: c for c in Category.objects.filter(group__isnull=True)}
        bar = self.progress(self.scale.groups, "groups")
        per_batch = 25
        for start in range(0, self.scale.groups, per_batch):
            n = min(per_batch, self.scale.groups - start)
            with transaction.atomic():
                self.group_batch(start, n, villages, occupations, categories, user)
            bar.step(n)

    def group_batch(
        self,
        start: int,
        n: int,
        villages: list[Village],
        occupations: list[OccupationType],
        categories: dict[str, Category],
        user: User,
    ) -> None:
        rng, scale = self.rng, self.scale
        years = scale.years
        first_year = self.today.year - years
        groups = OccupationGroup.objects.bulk_create(
            fill_search_text(
                OccupationGroup(
                    name=f"กลุ่ม{rng.choice(OCCUPATIONS)} {start + i + 1}",
                    village=villages[(start + i) % len(villages)],
                    occupation=rng.choice(occupations),
                    founded_on=dt.date(first_year, 1, 1) - dt.timedelta(days=rng.randint(0, 300)),
                    stage=rng.choice(["supported", "self_reliant", "self_reliant", "forming"]),
                )  # fmt: skip
                for i in range(n)
            )
        )
        people = Person.objects.bulk_create(
            fill_search_text(
                Person(
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    village=g.village,
                    phone=f"08{rng.randint(10000000, 99999999)}",
                )
                for g in groups
                for _m in range(scale.members)
            )
        )
        memberships = Membership.objects.bulk_create(
            Membership(
                group=g,
                person=people[gi * scale.members + k],
                number=k + 1,
                joined_on=g.founded_on,
                is_founding=k < 10,
            )
            for gi, g in enumerate(groups)
            for k in range(scale.members)
        )
        roles = [r for r in Role if r != Role.ADVISOR]
        CommitteeSeat.objects.bulk_create(
            CommitteeSeat(
                group=g, membership=memberships[gi * scale.members + k], role=role, starts_on=g.founded_on
            )
            for gi, g in enumerate(groups)
            for k, role in enumerate(roles[: scale.members])
        )
        charters = Charter.objects.bulk_create(
            Charter(
                group=g,
                version=1,
                status="adopted",
                drafted_by=user,
                adopted_on=g.founded_on,
                adoption_note="generated",
            )
            for g in groups
        )
        CharterRule.objects.bulk_create(
            CharterRule(charter=c, position=i, text=t, standing_key=k)
            for c in charters
            for i, (k, t) in enumerate(STANDING_RULES, 1)
        )
        CharterFund.objects.bulk_create(
            CharterFund(charter=c, position=i, name=name, percent=Decimal(10))
            for c in charters
            for i, name in enumerate(["สวัสดิการสมาชิก", "ค่าตอบแทนกรรมการ", "สาธารณประโยชน์"], 1)
        )
        BookSettings.objects.bulk_create(BookSettings(group=g) for g in groups)
        accounts = MoneyAccount.objects.bulk_create(
            MoneyAccount(group=g, type="cash", name="เงินสด") for g in groups
        )
        tasks = WorkTask.objects.bulk_create(
            WorkTask(group=g, name="ผลิต", unit="hours", weight=Decimal(1)) for g in groups
        )
        fiscal = FiscalYear.objects.bulk_create(
            FiscalYear(
                group=g, starts_on=dt.date(first_year + y, 1, 1), ends_on=dt.date(first_year + y, 12, 31)
            )
            for g in groups
            for y in range(years)
        )
        entries, work, meetings_ = [], [], []
        for gi, g in enumerate(groups):
            number = 0
            for y in range(years):
                fy = fiscal[gi * years + y]
                for month in range(1, 13):
                    day = dt.date(first_year + y, month, rng.randint(1, 28))
                    for kind, code, low, high in (
                        ("income", "sales", 300_000, 1_500_000),
                        ("expense", "raw_materials", 100_000, 600_000),
                    ):
                        number += 1
                        entries.append(Entry(
                            group=g, fiscal_year=fy, number=number, date=day, kind=kind, category=categories[code],
                            amount=Decimal(rng.randint(low, high)) / 100, account=accounts[gi], recorded_by=user,
                        ))  # fmt: skip
                    for k in range(scale.members):
                        if rng.random() < scale.work_per_member_month:
                            work.append(WorkRecord(
                                group=g, membership=memberships[gi * scale.members + k], date=day, task=tasks[gi],
                                quantity=Decimal(rng.randint(4, 40)), weight=Decimal(1), status="confirmed", recorded_by=user,
                            ))  # fmt: skip
                    meetings_.append(
                        Meeting(
                            group=g,
                            kind="monthly",
                            date=day,
                            place="ที่ทำการกลุ่ม",
                            status="closed",
                            created_by=user,
                        )
                    )
        for part in chunks(entries, BATCH):
            Entry.objects.bulk_create(part)
        for part in chunks(work, BATCH):
            WorkRecord.objects.bulk_create(part)
        made = Meeting.objects.bulk_create(meetings_, batch_size=BATCH)
        by_group: dict[int, list[Membership]] = {}
        for m in memberships:
            by_group.setdefault(m.group_id, []).append(m)
        attendance = [
            Attendance(
                meeting=mt,
                membership=m,
                status="present" if rng.random() < 0.8 else "excused",
                recorded_by=user,
            )
            for mt in made
            for m in by_group[mt.group_id]
        ]
        for part in chunks(attendance, BATCH):
            Attendance.objects.bulk_create(part)
        for name, rows in (
            ("groups", groups),
            ("members", memberships),
            ("entries", entries),
            ("work records", work),
            ("meetings", made),
            ("attendance", attendance),
        ):
            self.count(name, len(rows))
