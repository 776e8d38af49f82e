"""Demo data: Sungai Padi district, Narathiwat — its real six subdistricts, invented villages and people."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from sammachip.accounts.models import StaffPosting, User
from sammachip.core.thaiid import check_digit
from sammachip.groups import services
from sammachip.groups.models import Membership, OccupationGroup, Role
from sammachip.households.models import OccupationType
from sammachip.places.models import District, PartnerAgency, Village
from sammachip.scale.guard import loaded_by, mark_loaded, refuse_foreign_data

PASSWORD = "sammachip-demo"  # noqa: S105 - the demo accounts are public by design
DISTRICT = "9611"  # สุไหงปาดี
VILLAGES = {
    "961101": [(1, "บ้านปะลุรู"), (3, "บ้านบาโงฮูมอ")],
    "961102": [(2, "บ้านสุไหงปาดี"), (5, "บ้านกาแลบือซา")],
    "961103": [(1, "บ้านโต๊ะเด็ง"), (4, "บ้านไอร์ปาโจ")],
    "961104": [(2, "บ้านสากอ"), (6, "บ้านลูโบ๊ะบาตู")],
    "961105": [(1, "บ้านริโก๋"), (3, "บ้านบาโงปูโละ")],
    "961106": [(1, "บ้านกาวะ"), (2, "บ้านตือระ")],
}
WOMEN = ["สุนีย์", "ฮาลีเมาะ", "มารีแย", "รอกีเยาะ", "นูรีซัน", "ซีตีเราะ", "อามีเนาะ", "กัลยา", "ปรียา", "ยูไนดะ",
         "สุภาพร", "ฟาตีเมาะ", "วันดี", "นิตยา", "ไซนับ"]  # fmt: skip
MEN = ["รุสนี", "อับดุลเลาะ", "สมชาย", "มะยูโซะ", "แวอาแซ", "อาหมัด", "สุริยา"]
LAST = ["แวมามุ", "สาและ", "ดอเลาะ", "บินอาแว", "ศรีสุข", "หะยีมะ", "ยูโซะ", "มะลี", "เจ๊ะเต๊ะ", "ทองดี"]
ACCOUNTS = [
    ("officer", "ปรีดา", "ใจดี", "officer", None),
    ("head", "วิไล", "รักชุมชน", "district_head", None),
    ("province", "สมศักดิ์", "มั่นคง", "province_staff", None),
]


def national_id(rng: random.Random) -> str:
    first = str(rng.choice([1, 3, 5])) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first + str(check_digit(first))


class Command(BaseCommand):
    help = "Load demo data for Sungai Padi district (safe to run again) and print the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        refuse_foreign_data("demo")
        if not loaded_by("demo"):
            with transaction.atomic():
                self.load()
                mark_loaded("demo", Village.objects.order_by("pk").first())  # type: ignore[arg-type]
        self.print_accounts()

    def load(self) -> None:
        rng = random.Random(2568)
        district = District.objects.get(code=DISTRICT)
        villages = {}
        for sub in district.subdistricts.all():
            for moo, name in VILLAGES.get(sub.code, []):
                villages[name] = Village.objects.create(subdistrict=sub, moo=moo, name=name)
        officer = None
        for username, first, last, role, _ in ACCOUNTS:
            user = User.objects.create_user(
                username=username, password=PASSWORD, first_name=first, last_name=last
            )
            posting = StaffPosting.objects.create(
                user=user,
                role=role,
                province=district.province,
                district=None if role == "province_staff" else district,
                starts_on=dt.date(2020, 10, 1),
            )
            if username == "officer":
                officer = user
                assert posting  # noqa: S101
        assert officer is not None  # noqa: S101
        soap = OccupationType.objects.get_or_create(name="ทำน้ำยาล้างจานและสบู่สมุนไพร")[0]
        batik = OccupationType.objects.get_or_create(name="ผ้าบาติกและผ้าปาเต๊ะ")[0]
        fish = OccupationType.objects.get_or_create(name="แปรรูปปลา (ปลาแห้ง ข้าวเกรียบปลา)")[0]
        for name in ["ปลูกผักปลอดสาร", "ขนมพื้นบ้าน (ขนมโค)", "เลี้ยงแพะ"]:
            OccupationType.objects.get_or_create(name=name)[0]
        self.partners(district)
        full = self.group(
            rng,
            officer,
            "กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ",
            villages["บ้านสากอ"],
            soap,
            dt.date(2023, 6, 12),
            OccupationGroup.Stage.SELF_RELIANT,
            14,
            "เริ่มจากเวทีวิเคราะห์รายจ่ายครัวเรือน: 32 ครัวเรือนซื้อน้ำยาล้างจานปีละกว่า 41,000 บาท",
        )
        self.full_committee(full, officer)
        self.charter(full, officer)
        self.books(rng, full)
        self.monthly_meetings(full)
        partial = self.group(
            rng,
            officer,
            "กลุ่มผ้าบาติกบ้านโต๊ะเด็ง",
            villages["บ้านโต๊ะเด็ง"],
            batik,
            dt.date(2025, 2, 3),
            OccupationGroup.Stage.SUPPORTED,
            9,
            "ผ้าบาติกลายดอกไม้ท้องถิ่น ขายในตลาดนัดและร้านของฝาก",
        )
        members = list(partial.memberships.order_by("number"))
        for role, m in zip(
            [Role.CHAIR, Role.VICE_CHAIR, Role.TREASURER, Role.PRODUCTION], members, strict=False
        ):
            services.appoint_committee_member(
                group=partial, membership=m, role=role, starts_on=partial.founded_on, by=officer
            )
        self.group(
            rng,
            officer,
            "กลุ่มแปรรูปปลาบ้านกาวะ",
            villages["บ้านกาวะ"],
            fish,
            dt.date(2026, 9, 20),
            OccupationGroup.Stage.FORMING,
            4,
            "กลุ่มใหม่ กำลังรวบรวมสมาชิกจากผลสำรวจความต้องการ",
        )
        from . import _demo_followup, _demo_market, _demo_onboarding, _demo_preparation

        _demo_preparation.load(rng, villages, officer, WOMEN + MEN, LAST)
        _demo_market.load()
        _demo_followup.load(officer)
        _demo_onboarding.load(officer)

    def partners(self, district: District) -> None:
        subs = {s.code: s for s in district.subdistricts.all()}
        rows = [
            (
                "องค์การบริหารส่วนตำบลสากอ",
                PartnerAgency.Kind.LOCAL_GOVERNMENT,
                ["961104"],
                "นายอาหมัด สาและ",
                "073000111",
            ),
            (
                "สำนักงานเกษตรอำเภอสุไหงปาดี",
                PartnerAgency.Kind.AGRICULTURE,
                [],
                "นางสาวจันทร์เพ็ญ ทองมา",
                "073000222",
            ),
            ("สำนักงานประมงอำเภอสุไหงปาดี", PartnerAgency.Kind.FISHERIES, [], "นายรุสลัน ดอเลาะ", "073000333"),
            ("กศน.อำเภอสุไหงปาดี", PartnerAgency.Kind.NON_FORMAL_EDUCATION, [], "นางมาลี ศรีสุข", "073000444"),
            (
                "ที่ทำการปกครองอำเภอสุไหงปาดี",
                PartnerAgency.Kind.ADMINISTRATION,
                [],
                "ปลัดอำเภอฝ่ายพัฒนา",
                "073000555",
            ),
        ]
        for name, kind, codes, contact, phone in rows:
            p = PartnerAgency.objects.create(
                name=name, kind=kind, district=district, contact_name=contact, phone=phone
            )
            p.subdistricts.set([subs[c] for c in codes])

    def group(
        self,
        rng: random.Random,
        officer: User,
        name: str,
        village: Village,
        occupation: OccupationType,
        founded: dt.date,
        stage: str,
        size: int,
        description: str,
    ) -> OccupationGroup:
        group = services.create_group(
            name=name,
            village=village,
            occupation=occupation,
            founded_on=founded,
            description=description,
            by=officer,
        )
        if stage != group.stage:
            services.change_stage(group=group, stage=stage, on=founded, by=officer)
        for i in range(size):
            man = rng.random() < 0.3
            title = "นาย" if man else rng.choice(["นาง", "นางสาว"])
            first = rng.choice(MEN if man else WOMEN)
            services.add_member(
                group=group,
                by=officer,
                joined_on=founded + dt.timedelta(days=0 if i < 7 else 30 * i),
                is_founding=i < 7,
                chosen_occupations=[occupation],
                person_data={
                    "title": title,
                    "first_name": first,
                    "last_name": rng.choice(LAST),
                    "national_id": national_id(rng),
                    "phone": f"08{rng.randint(10000000, 99999999)}",
                    "address": f"{rng.randint(1, 199)} {village}",
                    "skills": rng.choice(["", "", "ทำสบู่", "เย็บผ้า", "บัญชี"]),
                    "can_teach": rng.random() < 0.2,
                },
            )
        return group

    def full_committee(self, group: OccupationGroup, officer: User) -> None:
        members = list(group.memberships.order_by("number").select_related("person"))
        for role, membership in zip([r for r in Role if r != Role.ADVISOR], members, strict=False):
            services.appoint_committee_member(
                group=group,
                membership=membership,
                role=role,
                starts_on=dt.date(2025, 7, 1),
                term_ends_on=dt.date(2027, 6, 30),
                by=officer,
            )
        logins = [
            ("chair", members[0], "0810000001"),
            ("treasurer", members[2], "0810000002"),
            ("member", members[12], "0810000003"),
        ]
        for username, membership, phone in logins:
            self.login_for(membership, username, phone)
        activity_texts = [
            ("ผลิตน้ำยาล้างจานสมุนไพรมะกรูด", "ครัวเรือนซื้อน้ำยาล้างจานทุกเดือน อยากลดรายจ่ายและมีรายได้เสริม"),
            ("ทำสบู่ก้อนสมุนไพร", "สมาชิกอยากใช้สมุนไพรในหมู่บ้านให้เกิดรายได้"),
        ]
        for (name, need), proposer in zip(activity_texts, members[3:5], strict=True):
            services.add_activity(
                group=group,
                name=name,
                need=need,
                proposed_by=proposer,
                started_on=dt.date(2023, 7, 1),
                by=officer,
            )

    def login_for(self, membership: Membership, username: str, phone: str) -> None:
        person = membership.person
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            phone=phone,
        )
        person.phone = phone
        person.user = user
        person.save(update_fields=["phone", "user"])

    def charter(self, group: OccupationGroup, officer: User) -> None:
        draft = services.draft_charter(
            group=group,
            own_rules=[
                "สมาชิกต้องเข้าประชุมประจำเดือนทุกครั้ง หากไม่มาต้องแจ้งล่วงหน้า",
                "ค่าหุ้นหุ้นละ 100 บาท สมาชิกถือได้ไม่เกิน 20 หุ้น",
                "สินค้าทุกล็อตต้องผ่านการตรวจของฝ่ายตรวจสอบมาตรฐานก่อนจำหน่าย",
            ],
            settings={"work_unit": "hours", "spending_limit": 5000},
            by=officer,
        )
        self.vote(
            group,
            on=dt.date(2023, 7, 15),
            kind="adopt_charter",
            charter=draft,
            question="รับรองกฎกติกากลุ่ม ฉบับที่ 1",
        )

    def books(self, rng: random.Random, group: OccupationGroup) -> None:
        """Two years of the soap group's books: 2025 closed with dividends paid by work, 2026 running."""
        from decimal import Decimal

        from sammachip.bookkeeping import services as books
        from sammachip.bookkeeping.models import Category

        treasurer = User.objects.get(username="treasurer")
        members = list(group.memberships.order_by("number").select_related("person"))
        lead = members[6]
        lead_user = User.objects.create_user(
            username="production",
            password=PASSWORD,
            first_name=lead.person.first_name,
            last_name=lead.person.last_name,
        )
        lead.person.user = lead_user
        lead.person.save(update_fields=["user"])
        books.ensure_books(group)
        cash = group.money_accounts.get()
        bank = books.add_account(
            group=group,
            type="bank",
            name="ธ.ก.ส. ออมทรัพย์",
            bank="ธ.ก.ส.",
            number="020-1-56789-0",
            by=treasurer,
        )
        cat = {c.code: c for c in Category.objects.filter(group__isnull=True)}
        partner = PartnerAgency.objects.get(name="องค์การบริหารส่วนตำบลสากอ")
        hours = books.add_work_task(
            group=group, name="ผลิตและบรรจุน้ำยาล้างจาน", unit="hours", weight=Decimal(1), by=lead_user
        )
        books.add_work_task(
            group=group, name="ออกร้านขายสินค้า", unit="hours", weight=Decimal("1.5"), by=lead_user
        )
        for year in (2025, 2026):
            last_month = 12 if year == 2025 else 10
            if year == 2025:
                books.record_entry(group=group, by=treasurer, date=dt.date(2025, 1, 10), kind="income", category=cat["grant"],
                                   amount=Decimal("15000.00"), account=bank, partner=partner, note="งบส่งเสริมอาชีพ อบต.สากอ")  # fmt: skip
            for month in range(1, last_month + 1):
                day = dt.date(year, month, 5)
                sales = Decimal(rng.randint(650000, 1100000)) / 100
                books.record_entry(group=group, by=treasurer, date=day, kind="income", category=cat["sales"], amount=sales,
                                   account=cash, note="ขายน้ำยาล้างจานและสบู่", document_no=f"RC{year % 100}-{month:02d}")  # fmt: skip
                books.record_entry(group=group, by=treasurer, date=day + dt.timedelta(days=2), kind="expense", category=cat["raw_materials"],
                                   amount=Decimal(rng.randint(250000, 420000)) / 100, account=cash, note="หัวเชื้อ ขวด ฉลาก")  # fmt: skip
                if month % 3 == 0:
                    books.record_entry(group=group, by=treasurer, date=day + dt.timedelta(days=10), kind="expense", category=cat["transport"],
                                       amount=Decimal(rng.randint(30000, 80000)) / 100, account=cash, note="ส่งของร้านในอำเภอ")  # fmt: skip
                for m in members:
                    if rng.random() < 0.8:
                        books.record_work(group=group, membership=m, task=hours, date=day + dt.timedelta(days=1),
                                          quantity=Decimal(rng.randint(4, 24)), by=lead_user)  # fmt: skip
            if year == 2025:
                fy = group.fiscal_years.get(starts_on=dt.date(2025, 1, 1))
                books.close_year(year=fy, by=treasurer)
                run = books.create_dividend_run(year=fy, by=treasurer)
                assert run.status == "draft"  # noqa: S101 - approved by the general meeting below
                self.vote(
                    group,
                    on=dt.date(2026, 1, 18),
                    kind="approve_year",
                    fiscal_year=fy,
                    question="อนุมัติงบกำไรขาดทุนและเงินปันผลปีบัญชี 2568",
                )
                books.pay_dividends(run=run, on=dt.date(2026, 1, 20), account=cash, by=treasurer)

    def vote(self, group: OccupationGroup, *, on: dt.date, kind: str, question: str, **kwargs: Any) -> None:
        """A general meeting where the chair records a show of hands and the officer witnesses the count."""
        from sammachip.meetings import services as meetings

        chair = User.objects.get(username="chair")
        officer = User.objects.get(username="officer")
        meeting = meetings.schedule_meeting(
            group=group, kind="general", date=on, place="ศาลาอเนกประสงค์หมู่ 2", agenda=[question], by=chair
        )
        meetings.open_meeting(meeting=meeting, by=chair)
        members = meetings.eligible_members(meeting)
        marks = {m.pk: ("present" if i % 9 else "excused", None) for i, m in enumerate(members, 1)}
        meetings.record_attendance(meeting=meeting, marks=marks, by=chair)
        resolution = meetings.propose_resolution(
            group=group, meeting=meeting, question=question, kind=kind, by=chair, **kwargs
        )  # type: ignore[arg-type]
        for m in members:
            if marks[m.pk][0] == "present":
                meetings.cast_vote(resolution=resolution, membership=m, choice="yes", by=chair)
        meetings.witness_tally(resolution=resolution, by=officer)
        meetings.close_resolution(resolution=resolution, by=chair)
        item = meeting.items.get()
        meetings.write_minutes(
            meeting=meeting,
            body={str(item.pk): f"ที่ประชุมพิจารณาแล้ว มีมติเห็นชอบ ({question})"},
            general="",
            by=chair,
        )
        meetings.close_meeting(meeting=meeting, by=chair)

    def monthly_meetings(self, group: OccupationGroup) -> None:
        """Monthly meetings of 2026 with attendance, minutes approved at the next one, ideas and duties."""
        from sammachip.meetings import services as meetings

        rng = random.Random(7)
        chair = User.objects.get(username="chair")
        officer = User.objects.get(username="officer")
        members = list(group.memberships.current().select_related("person").order_by("number"))
        idea = meetings.raise_idea(
            group=group,
            author=members[12],
            kind="idea",
            text="ลองทำน้ำยาล้างจานกลิ่นตะไคร้ ขายที่ตลาดนัดวันศุกร์",
            by=chair,
        )
        meetings.raise_idea(
            group=group, author=members[8], kind="problem", text="ขวดบรรจุรั่ว ลูกค้าคืนของ 3 ขวด", by=chair
        )
        previous = None
        for month in range(2, 11):
            on = dt.date(2026, month, 25)
            meeting = meetings.schedule_meeting(
                group=group, kind="monthly", date=on, place="ที่ทำการกลุ่ม", called_by=members[0],
                agenda=["แจ้งเพื่อทราบ", "รายงานรายรับรายจ่ายประจำเดือน", "เรื่องอื่น ๆ"], by=chair,
            )  # fmt: skip
            meetings.open_meeting(meeting=meeting, by=chair)
            marks = {m.pk: ("present" if rng.random() < 0.85 else "excused", None) for m in members}
            meetings.record_attendance(meeting=meeting, marks=marks, by=chair)
            if month == 3:
                meetings.add_agenda_item(
                    meeting=meeting, title="ข้อเสนอ: น้ำยาล้างจานกลิ่นตะไคร้", idea=idea, by=chair
                )
            if previous is not None:
                minutes = previous.minutes.get()
                r = meetings.propose_resolution(group=group, meeting=meeting, kind="approve_minutes", minutes=minutes,
                                                question=f"รับรองรายงานการประชุมวันที่ {previous.date:%d/%m}/{previous.date.year + 543}", by=chair)  # fmt: skip
                for m in members:
                    if marks[m.pk][0] == "present":
                        meetings.cast_vote(resolution=r, membership=m, choice="yes", by=chair)
                meetings.witness_tally(resolution=r, by=officer)
                meetings.close_resolution(resolution=r, by=chair)
            items = list(meeting.items.all())
            body = {
                str(items[0].pk): "ประธานแจ้งยอดขายเดือนที่ผ่านมา",
                str(items[1].pk): "เหรัญญิกรายงานรายรับรายจ่าย ที่ประชุมรับทราบ",
            }
            meetings.write_minutes(meeting=meeting, body=body, general="", by=chair)
            if month == 3:
                meetings.record_outcome(
                    idea=idea, outcome="ทดลองผลิต 50 ขวดในเดือนเมษายน ฝ่ายผลิตรับผิดชอบ", by=chair
                )
                meetings.assign_duty(
                    group=group,
                    meeting=meeting,
                    assignee=members[6],
                    title="ทดลองผลิตน้ำยากลิ่นตะไคร้ 50 ขวด",
                    due_on=dt.date(2026, 4, 30),
                    by=chair,
                )
                meetings.assign_duty(
                    group=group,
                    meeting=meeting,
                    assignee=members[12],
                    title="สอบถามราคาขวดจากร้านในอำเภอ",
                    due_on=dt.date(2026, 4, 15),
                    by=chair,
                )
            meetings.close_meeting(meeting=meeting, by=chair)
            previous = meeting
        meetings.record_inspection(group=group, inspector=members[7], date=dt.date(2026, 9, 3), subject="ตรวจฉลากและวันหมดอายุสินค้าล็อตกันยายน",
                                   findings="ฉลากครบ 48 ขวด พบฝาหลวม 2 ขวด แยกออกแล้ว", by=chair)  # fmt: skip

    def print_accounts(self) -> None:
        self.stdout.write(
            f"\nSammachip demo — log in at http://127.0.0.1:8000/  (password for every account: {PASSWORD})"
        )
        rows = [
            ("officer", "พัฒนากร (officer), Sungai Padi district"),
            ("head", "พัฒนาการอำเภอ (district head)"),
            ("province", "สำนักงานพัฒนาชุมชนจังหวัดนราธิวาส (province staff)"),
            ("chair / 0810000001", "ประธานกลุ่ม (chair), กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ"),
            ("treasurer / 0810000002", "เหรัญญิก (treasurer), same group"),
            ("member / 0810000003", "สมาชิก (member), same group"),
            ("production", "ฝ่ายผลิต (production lead), same group"),
        ]
        for login, who in rows:
            self.stdout.write(f"  {login:<24} {who}")
