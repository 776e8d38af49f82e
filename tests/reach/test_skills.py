"""Skills members can teach (seed 7: develop local sages): kept on the member, imported with the members, found
across the district by an officer; a study visit between two groups recorded on both sides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sammachip.core.models import AuditEvent
from sammachip.groups import services
from sammachip.groups.models import OccupationGroup, Role
from sammachip.market.models import StudyVisit
from tests.conftest import FOUNDED, make_national_id
from tests.onboarding.test_imports import upload, xlsx

pytestmark = pytest.mark.django_db


def test_member_import_keeps_skills_and_who_can_teach(
    client_for: Any, officer: Any, group: OccupationGroup
) -> None:
    c = client_for(officer)
    somsri, malee = make_national_id(910001), make_national_id(910002)
    rows = [
        ["ชื่อกลุ่ม", "ชื่อ-นามสกุล", "เลขบัตรประชาชน", "วันที่สมัคร", "ทักษะ", "สอนได้"],
        [group.name, "นางสมศรี ใจงาม", somsri, "15/01/2567", "ทำสบู่สมุนไพร,  เย็บผ้า", "ใช่"],
        [group.name, "นางมาลี ดีงาม", malee, "15/01/2567", "ทำบัญชี", ""],
    ]
    batch = upload(c, "members", xlsx(rows))
    assert batch.preview["counts"]["created"] == 2, batch.preview
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    person = group.memberships.get(person__national_id=somsri).person
    assert (person.skills, person.can_teach) == ("ทำสบู่สมุนไพร, เย็บผ้า", True)
    other = group.memberships.get(person__national_id=malee).person
    assert (other.skills, other.can_teach) == ("ทำบัญชี", False)
    # added in one batch (no save() per row), she is still found by search: her stored search form is filled
    found = c.get(f"/groups/{group.pk}/search/", {"q": "สมศรี"}).content.decode()
    assert "ใจงาม" in found
    # the same file again with a new skill: her record follows; a blank cell clears nothing
    rows[1][4] = "ทำสบู่สมุนไพร, เย็บผ้า, ทำเทียนหอม"
    rows[2][4] = ""
    batch = upload(c, "members", xlsx(rows))
    assert batch.preview["counts"] == {"created": 0, "updated": 1, "unchanged": 1, "refused": 0}
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    person.refresh_from_db()
    other.refresh_from_db()
    assert "ทำเทียนหอม" in person.skills and other.skills == "ทำบัญชี"


@pytest.fixture
def teachers(group: OccupationGroup, other_village: Any, officer: Any) -> dict[str, Any]:
    def add(first: str, skills: str, can_teach: bool, n: int) -> Any:
        m = services.add_member(
            group=group, by=officer, joined_on=FOUNDED, chosen_occupations=[group.occupation],
            person_data={"first_name": first, "last_name": "ครูบ้าน", "national_id": make_national_id(920000 + n),
                         "phone": f"08{n:08d}", "skills": skills, "can_teach": can_teach},
        )  # fmt: skip
        return m.person

    return {
        "soap": add("สมศรี", "ทำสบู่สมุนไพร, ทำน\u0e4d\u0e49\u0e32ยาล้างจาน", True, 1),
        "cloth": add("มาลี", "เย็บผ้าบาติก", True, 2),
        "quiet": add("สุดา", "ทำสบู่", False, 3),  # knows it, has not said she teaches
    }


def test_officer_finds_who_can_teach_across_the_district(
    client_for: Any, officer: Any, district_head: Any, teachers: dict
) -> None:
    url = reverse("search:teachers", args=["9611"])
    page = client_for(officer).get(url, {"q": "สบู่"}).content.decode()
    results = page.split('id="results"')[1]
    assert "สมศรี" in results and "มาลี" not in results and "สุดา" not in results
    assert "0800000001" in results  # to call her
    # น้ำ typed as the stored broken form, or as it should be: found either way
    for q in ("น้ำยา", "น\u0e4d\u0e49\u0e32ยา"):
        assert "สมศรี" in client_for(officer).get(url, {"q": q}).content.decode().split('id="results"')[1]
    every = client_for(district_head).get(url).content.decode().split('id="results"')[1]
    assert "สมศรี" in every and "มาลี" in every and "สุดา" not in every
    api = client_for(officer).get("/api/v1/places/districts/9611/teachers", {"q": "บาติก"})
    assert api.status_code == 200
    assert [(t["name"], t["groups"]) for t in api.json()] == [("มาลี ครูบ้าน", ["กลุ่มน้ำยาล้างจาน"])]


def test_teachers_refused_outside_the_district(
    client_for: Any, outsider: Any, other_district_officer: Any, member: Any, teachers: dict
) -> None:
    url = reverse("search:teachers", args=["9611"])
    for user in (outsider, other_district_officer, member):
        assert client_for(user).get(url, {"q": "สบู่"}).status_code == 404
        assert client_for(user).get("/api/v1/places/districts/9611/teachers").status_code == 404


@pytest.fixture
def visitors(village: Any, occupation: Any, officer: Any, add_members: Any) -> OccupationGroup:
    g = services.create_group(
        name="กลุ่มสบู่บ้านใหม่", village=village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    add_members(g, 1)
    return g


@pytest.fixture
def seller(group: OccupationGroup, officer: Any) -> Any:
    from tests.conftest import _login_member

    m = group.memberships.order_by("number")[3]
    services.appoint_committee_member(
        group=group, membership=m, role=Role.MARKETING, starts_on=FOUNDED, by=officer
    )
    return _login_member(m, "seller")


def test_a_study_visit_is_on_both_groups_records(
    client_for: Any, seller: Any, officer: Any, group: OccupationGroup, visitors: OccupationGroup
) -> None:
    c = client_for(seller)
    url = reverse("market:study_visits", args=[group.pk])
    form = c.get(url).content.decode()
    assert visitors.name in form  # the district's groups to choose from
    r = c.post(url, {
        "visiting_group": visitors.pk, "visitors": "", "visited_on": "20/11/2569", "people": "12", "fee": "600",
        "note": "เรียนทำสบู่สมุนไพรกับคุณสมศรี",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    visit = StudyVisit.objects.get()
    assert (visit.group, visit.visiting_group, visit.visitors, visit.fee) == (
        group, visitors, visitors.name, Decimal("600.00"),
    )  # fmt: skip
    assert visit.visited_on == dt.date(2026, 11, 20)
    assert AuditEvent.objects.filter(verb="market.study_visit.made", group_id=visitors.pk).exists()
    # the host's page lists it hosted; the visiting group's page lists it made
    assert "เรียนทำสบู่สมุนไพร" in c.get(url).content.decode().split('id="made"')[0]
    theirs = client_for(officer).get(reverse("market:study_visits", args=[visitors.pk])).content.decode()
    made = theirs.split('id="made"')[1]
    assert group.name in made and "เรียนทำสบู่สมุนไพร" in made
    api = client_for(officer).get(f"/api/v1/groups/{visitors.pk}/study-visits")
    assert api.status_code == 200
    assert [(v["host"], v["visitor"], v["people"]) for v in api.json()["made"]] == [
        (group.name, visitors.name, 12)
    ]
    assert api.json()["hosted"] == []


def test_a_study_visit_needs_its_visitors_and_refuses_outsiders(
    client_for: Any, seller: Any, member: Any, outsider: Any, group: OccupationGroup
) -> None:
    url = reverse("market:study_visits", args=[group.pk])
    data = {"visiting_group": "", "visitors": "", "visited_on": "20/11/2569", "people": "5", "fee": "0"}
    r = client_for(seller).post(url, data)
    assert r.status_code == 422 and "visitors" in r.context["form"].errors
    # a group cannot be its own visitor: it is not among the choices
    r = client_for(seller).post(url, data | {"visiting_group": group.pk})
    assert r.status_code == 422 and "visiting_group" in r.context["form"].errors
    assert client_for(member).post(url, data | {"visitors": "กศน."}).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(f"/api/v1/groups/{group.pk}/study-visits").status_code == 404
    assert not StudyVisit.objects.exists()
