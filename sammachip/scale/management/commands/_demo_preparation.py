"""Demo preparation data: บ้านสากอ's households, two expenditure forums years apart, the needs survey,
the community plans that led to its soap group, a proposal still waiting, and a community forum."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sammachip.accounts.models import User
from sammachip.groups.models import OccupationGroup
from sammachip.households import services as hh
from sammachip.households.models import Household, OccupationType, SpendingItem
from sammachip.places.models import PartnerAgency, Village
from sammachip.plans import services as plans

# item: (share of households that buy it, monthly baht low, high)
PATTERN = {
    "ข้าวสาร": (0.95, 600, 1200), "ผัก": (0.9, 250, 600), "เนื้อสัตว์และปลา": (0.95, 600, 1500),
    "น้ำพริกและเครื่องปรุง": (0.8, 80, 220), "ขนมและของว่าง": (0.85, 200, 500), "เครื่องดื่ม": (0.7, 150, 400),
    "น้ำยาล้างจาน": (0.8, 80, 135), "ผงซักฟอกและน้ำยาซักผ้า": (0.9, 100, 250), "แชมพูสระผม": (0.75, 60, 150),
    "สบู่": (0.8, 40, 100), "ปุ๋ย": (0.45, 300, 900), "อาหารสัตว์": (0.25, 200, 600), "ค่าไฟฟ้า": (1.0, 300, 750),
    "แก๊สหุงต้ม": (0.8, 120, 220), "น้ำมันเชื้อเพลิง": (0.85, 400, 1100), "ค่าเดินทาง": (0.5, 100, 400),
    "ค่าเล่าเรียนและอุปกรณ์การเรียน": (0.45, 200, 900), "ค่ารักษาพยาบาลและยา": (0.35, 50, 400), "ชำระหนี้": (0.5, 500, 2500),
}  # fmt: skip


def households(
    rng: random.Random, village: Village, count: int, names: list[str], last: list[str], officer: User
) -> list[Household]:
    return [
        hh.add_household(
            village=village,
            house_no=f"{n}/{village.moo}",
            head_name=f"{rng.choice(names)} {rng.choice(last)}",
            member_count=rng.randint(2, 7),
            consent=True,
            by=officer,
        )
        for n in range(1, count + 1)
    ]


def forum(
    rng: random.Random,
    village: Village,
    houses: list[Household],
    held_on: dt.date,
    growth: float,
    officer: User,
) -> None:
    items = {i.name: i for i in SpendingItem.objects.all()}
    f = hh.create_forum(village=village, held_on=held_on, participants=len(houses) + 6, by=officer)
    months = [(held_on.replace(day=1) - dt.timedelta(days=1)).replace(day=1), held_on.replace(day=1)]
    for house in houses:
        picks = {name: (lo, hi) for name, (share, lo, hi) in PATTERN.items() if rng.random() < share}
        for month in months:
            amounts = {
                items[name]: Decimal(int(rng.randint(lo, hi) * growth)) for name, (lo, hi) in picks.items()
            }
            hh.record_spending(forum=f, household=house, month=month, amounts=amounts, by=officer)


def load(
    rng: random.Random, villages: dict[str, Village], officer: User, names: list[str], last: list[str]
) -> None:
    sako, kawa = villages["บ้านสากอ"], villages["บ้านกาวะ"]
    sako_houses = households(rng, sako, 40, names, last, officer)
    kawa_houses = households(rng, kawa, 18, names, last, officer)
    forum(rng, sako, sako_houses, dt.date(2023, 3, 10), 0.9, officer)
    forum(rng, sako, sako_houses, dt.date(2026, 10, 20), 1.0, officer)
    forum(rng, kawa, kawa_houses, dt.date(2026, 8, 14), 1.0, officer)
    soap = OccupationType.objects.get(name="ทำน้ำยาล้างจานและสบู่สมุนไพร")
    compost = OccupationType.objects.get(name="ทำปุ๋ยอินทรีย์")
    snacks = OccupationType.objects.get(name="ขนมพื้นบ้าน (ขนมโค)")
    fish = OccupationType.objects.get(name="แปรรูปปลา (ปลาแห้ง ข้าวเกรียบปลา)")
    for occupation, houses, skills in [
        (soap, sako_houses[:9], "เคยทำน้ำยาล้างจานใช้เอง"),
        (compost, sako_houses[5:11], "ทำสวนยาง มีมูลสัตว์"),
        (snacks, sako_houses[20:24], "ทำขนมขายในงานบุญ"),
        (fish, kawa_houses[:7], "ออกเรือประมงพื้นบ้าน"),
    ]:
        for house in houses:
            hh.save_need(
                household=house,
                occupation=occupation,
                people=rng.randint(1, 3),
                skills=skills,
                hours_per_week=rng.choice([4, 6, 8, 10, 12]),
                surveyed_on=dt.date(2026, 10, 27) if occupation != soap else dt.date(2023, 3, 20),
                by=officer,
            )
    lao = PartnerAgency.objects.get(name="องค์การบริหารส่วนตำบลสากอ")
    agriculture = PartnerAgency.objects.get(name="สำนักงานเกษตรอำเภอสุไหงปาดี")
    fisheries = PartnerAgency.objects.get(name="สำนักงานประมงอำเภอสุไหงปาดี")
    soap_item = SpendingItem.objects.get(name="น้ำยาล้างจาน")
    # 2566: the soap project that became the group
    plan_2566 = plans.open_plan(village=sako, year=2566, by=officer)
    project = plans.add_project(
        plan=plan_2566, by=officer, title="ทำน้ำยาล้างจานสมุนไพรใช้เองและจำหน่าย",
        objective="ลดรายจ่ายค่าน้ำยาล้างจานของครัวเรือน และสร้างรายได้จากการขายในหมู่บ้าน",
        kind="occupation", occupation=soap, item=soap_item, target_households=32, budget=Decimal("30000"),
        funding="partner", partner=lao, forum=sako.expenditure_forums.order_by("held_on").first(),
        expectations="อยากมีรายได้เสริมเดือนละ 1,500 บาท ทำงานที่บ้านได้ แบ่งปันผลตามงานที่ทำ",
    )  # fmt: skip
    proposal = plans.create_proposal(
        project=project,
        partner=lao,
        amount_requested=Decimal("30000"),
        on=dt.date(2023, 4, 3),
        note="แนบแผนชุมชนและรายชื่อผู้สนใจ",
        by=officer,
    )
    for status, on, amount in [
        ("submitted", dt.date(2023, 4, 5), None),
        ("under_review", dt.date(2023, 4, 20), None),
        ("approved", dt.date(2023, 5, 15), Decimal("25000")),
        ("funded", dt.date(2023, 6, 1), Decimal("25000")),
    ]:
        plans.change_proposal_status(
            proposal=proposal, status=status, on=on, amount=amount, note="", by=officer
        )
    group = OccupationGroup.objects.get(name="กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ")
    group.project = project
    group.save(update_fields=["project"])
    project.status = "under_way"
    project.save(update_fields=["status"])
    plans.add_coordination_note(
        partner=lao,
        on=dt.date(2023, 4, 18),
        note="นายก อบต. รับเรื่อง นัดพิจารณาในการประชุมสภา",
        proposal=proposal,
        by=officer,
    )
    # 2569: compost, proposed and waiting on agriculture; snacks, the village's own money
    plan_2569 = plans.open_plan(village=sako, year=2569, by=officer)
    compost_project = plans.add_project(
        plan=plan_2569, by=officer, title="ทำปุ๋ยอินทรีย์จากมูลสัตว์และเศษพืช", objective="ลดค่าปุ๋ยเคมีของสวนยางและสวนผัก",
        kind="occupation", occupation=compost, item=SpendingItem.objects.get(name="ปุ๋ย"), target_households=18,
        budget=Decimal("45000"), funding="partner", partner=agriculture, forum=sako.expenditure_forums.first(),
        expectations="อยากได้ความรู้การหมักปุ๋ยและเครื่องบดย่อย",
    )  # fmt: skip
    for house in sako_houses[5:11]:
        first, _, surname = house.head_name.partition(" ")
        plans.add_prospective_member(
            project=compost_project,
            household=house,
            first_name=first,
            last_name=surname or "-",
            wants="ลดค่าปุ๋ย",
            by=officer,
        )
    compost_proposal = plans.create_proposal(
        project=compost_project,
        partner=agriculture,
        amount_requested=Decimal("45000"),
        on=dt.date(2026, 11, 6),
        note="",
        by=officer,
    )
    plans.change_proposal_status(
        proposal=compost_proposal,
        status="submitted",
        on=dt.date(2026, 11, 10),
        amount=None,
        note="ยื่นที่สำนักงานเกษตรอำเภอ",
        by=officer,
    )
    plans.add_coordination_note(
        partner=agriculture,
        on=dt.date(2026, 11, 17),
        note="เกษตรอำเภอนัดลงพื้นที่ดูแปลงสาธิต",
        proposal=compost_proposal,
        by=officer,
    )
    snack_project = plans.add_project(
        plan=plan_2569, by=officer, title="ขนมพื้นบ้านขายในตลาดนัด", objective="ใช้แป้งและน้ำตาลมะพร้าวในหมู่บ้านทำขนมขาย",
        kind="occupation", occupation=snacks, target_households=6, budget=Decimal("8000"), funding="village",
    )  # fmt: skip
    forum_2569 = plans.hold_community_forum(
        village=sako,
        held_on=dt.date(2026, 11, 5),
        place="ศาลาประชาคมบ้านสากอ",
        note="ผู้เข้าร่วม 64 คน",
        by=officer,
    )
    plans.present_project(
        forum=forum_2569,
        project=compost_project,
        outcome="supported",
        note="เห็นชอบให้เสนอเกษตรอำเภอ",
        by=officer,
    )
    plans.present_project(
        forum=forum_2569, project=snack_project, outcome="revise", note="ให้สำรวจราคาวัตถุดิบเพิ่ม", by=officer
    )
    # Kawa: the fish group came from fisheries' support
    plan_kawa = plans.open_plan(village=kawa, year=2569, by=officer)
    fish_project = plans.add_project(
        plan=plan_kawa, by=officer, title="แปรรูปปลาหลังออกเรือ", objective="เพิ่มมูลค่าปลาที่จับได้ ทำปลาแห้งและข้าวเกรียบปลา",
        kind="occupation", occupation=fish, item=SpendingItem.objects.get(name="เนื้อสัตว์และปลา"), target_households=7,
        budget=Decimal("20000"), funding="partner", partner=fisheries, forum=kawa.expenditure_forums.first(),
    )  # fmt: skip
    fish_proposal = plans.create_proposal(
        project=fish_project,
        partner=fisheries,
        amount_requested=Decimal("20000"),
        on=dt.date(2026, 8, 20),
        note="",
        by=officer,
    )
    plans.change_proposal_status(
        proposal=fish_proposal, status="submitted", on=dt.date(2026, 8, 22), amount=None, note="", by=officer
    )
    plans.change_proposal_status(
        proposal=fish_proposal,
        status="approved",
        on=dt.date(2026, 9, 15),
        amount=Decimal("18000"),
        note="",
        by=officer,
    )
    fish_group = OccupationGroup.objects.get(name="กลุ่มแปรรูปปลาบ้านกาวะ")
    fish_group.project = fish_project
    fish_group.save(update_fields=["project"])
    fish_project.status = "under_way"
    fish_project.save(update_fields=["status"])
