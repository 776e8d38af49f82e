"""Demo follow-up data: the officer's visits to the three groups (quarterly, monthly, weekly), problems
solved and open, agreed actions, the soap group's annual report from its closed books, a stage proposal
waiting for the district head, and today's health snapshots."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sammachip.accounts.models import User
from sammachip.groups.models import OccupationGroup
from sammachip.visits import health, services
from sammachip.visits.models import Problem


def load(officer: User) -> None:
    soap = OccupationGroup.objects.get(name="กลุ่มน้ำยาล้างจานสมุนไพรบ้านสากอ")
    batik = OccupationGroup.objects.get(name="กลุ่มผ้าบาติกบ้านโต๊ะเด็ง")
    fish = OccupationGroup.objects.get(name="กลุ่มแปรรูปปลาบ้านกาวะ")
    visit = services.record_visit
    visit(group=soap, by=officer, visited_on=dt.date(2025, 12, 10), purpose="books", present="ประธาน เหรัญญิก ฝ่ายบัญชี",
          people_present=5, observed="ปิดบัญชีปี 2568 ครบ กำไรเพิ่มจากปีก่อน", advice="นำงบกำไรขาดทุนเข้าประชุมใหญ่",
          new_problems=["ขวดบรรจุจากร้านในเมืองราคาขึ้น"])  # fmt: skip
    problem = Problem.objects.get(group=soap, status="open")
    visit(group=soap, by=officer, visited_on=dt.date(2026, 3, 12), purpose="production", present="ฝ่ายผลิต สมาชิก 8 คน",
          people_present=9, observed="ผลิตได้เดือนละ 600 ขวด", advice="สั่งขวดรวมกับกลุ่มอื่นในตำบล",
          solved={problem.pk: "สั่งขวดรวมกับกลุ่มบาติก ได้ราคาส่ง"})  # fmt: skip
    visit(group=soap, by=officer, visited_on=dt.date(2026, 6, 15), purpose="marketing", present="ฝ่ายการตลาด",
          people_present=3, observed="วางขายในร้านค้าชุมชน 4 แห่ง", advice="ทำฉลากมีวันผลิตและวันหมดอายุ")  # fmt: skip
    visit(group=soap, by=officer, visited_on=dt.date(2026, 9, 14), purpose="follow_up", present="ประธาน สมาชิก 11 คน",
          people_present=12, observed="ประชุมทุกเดือน บันทึกงานครบ", advice="เตรียมยื่นขอ มผช.",
          actions=[services.ActionIn("ยื่นเอกสารขอ มผช. ที่สำนักงานอุตสาหกรรมจังหวัด", "ฝ่ายตรวจสอบมาตรฐาน", dt.date(2026, 12, 15))])  # fmt: skip
    for day, observed in [(dt.date(2026, 7, 6), "ลายผ้าใหม่ 3 ลาย"), (dt.date(2026, 8, 10), "ผ้าขายช้า ค้างสต็อก 40 ผืน"),
                          (dt.date(2026, 10, 5), "ยังขายได้น้อย สมาชิกมาประชุมไม่ครบ")]:  # fmt: skip
        visit(group=batik, by=officer, visited_on=day, purpose="follow_up", present="ประธาน รองประธาน", people_present=4,
              observed=observed, advice="หาตลาดใหม่ ออกบูธงานกาชาด",
              new_problems=["ผ้าค้างสต็อก ขายไม่ออก"] if day.month == 8 else [],
              actions=[services.ActionIn("ติดต่อร้านของฝากในเมืองฝากขาย", "ฝ่ายการตลาด", dt.date(2026, 11, 20))] if day.month == 10 else [])  # fmt: skip
    for day in (dt.date(2026, 9, 23), dt.date(2026, 10, 7), dt.date(2026, 10, 28), dt.date(2026, 11, 18)):
        visit(group=fish, by=officer, visited_on=day, purpose="follow_up", present="สมาชิกผู้ก่อตั้ง", people_present=4,
              observed="ทดลองทำข้าวเกรียบปลา", advice="บันทึกต้นทุนทุกครั้งที่ผลิต")  # fmt: skip
    year = soap.fiscal_years.filter(closed_at__isnull=False).order_by("-starts_on").first()
    treasurer = User.objects.get(username="treasurer")
    if year is not None:
        services.submit_annual_report(
            group=soap, fiscal_year_start=year.starts_on, by=treasurer, note="ผ่านที่ประชุมใหญ่แล้ว"
        )
    services.propose_stage(group=fish, reason="สมาชิกผู้ก่อตั้งครบ เริ่มผลิตและขายในตลาดนัดแล้ว", by=officer)
    groups = list(OccupationGroup.objects.select_related("village__subdistrict"))
    health.store_snapshots(groups, timezone.localdate())
