"""Powers over a person — her login and password, her name, national ID, phone and address — belong to her
and to staff whose area covers every group she is in. The breach this closes: the chair of a Bangkok group
added the Sungai Padi treasurer (matched by her national ID) to his own group, then changed her phone and
set a new password for her login, signed in as her and wrote in the Sungai Padi books.

The sweep: one person in three groups (Sungai Padi subdistrict 961104, Sungai Padi subdistrict 961101, and
Bangkok). Every role that may act on one of her memberships but not on all of them tries every action that
changes her account or her record, through each group it can reach, and through the district import: each
answers 404 (the import refuses the row), and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from sammachip.accounts.models import ApiToken, StaffPosting, User
from sammachip.core.models import AuditEvent
from sammachip.groups import services
from sammachip.groups.models import CommitteeSeat, Membership, OccupationGroup, Role
from sammachip.households.models import Person
from sammachip.places.models import District, Province, Village
from tests.conftest import FOUNDED, _login_member, _staff, ensure_geography, make_national_id
from tests.onboarding.test_imports import outcome, upload, xlsx


@pytest.fixture
def bangkok_group(db: None, occupation, officer, add_members) -> OccupationGroup:  # type: ignore[no-untyped-def]
    ensure_geography()
    district = District.objects.get(code="1001")
    village = Village.objects.create(
        subdistrict=district.subdistricts.order_by("code")[0], moo=1, name="บ้านกรุง"
    )
    group = services.create_group(
        name="กลุ่มทดสอบกรุงเทพ", village=village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    add_members(group, 2)
    return group


@pytest.fixture
def bangkok_chair(bangkok_group: OccupationGroup, officer: User) -> User:
    m = bangkok_group.memberships.order_by("number")[0]
    services.appoint_committee_member(
        group=bangkok_group, membership=m, role=Role.CHAIR, starts_on=FOUNDED, by=officer
    )
    return _login_member(m, "bangkok-chair")


def test_a_chair_elsewhere_adds_the_treasurer_and_gains_nothing_over_her(
    client_for: Callable, treasurer: User, group: OccupationGroup, bangkok_group: OccupationGroup,
    bangkok_chair: User,
) -> None:  # fmt: skip
    """The assessment's breach, step by step: adding her works (she may join), nothing after it does."""
    person = Person.objects.get(user=treasurer)
    treasurer.set_password("her-own-password-1")
    treasurer.save()
    c = client_for(bangkok_chair)
    r = c.post(f"/groups/{bangkok_group.pk}/members/add/", {
        "national_id": person.national_id, "first_name": person.first_name, "last_name": person.last_name,
        "joined_on": "01/11/2569", "chosen_occupations": [bangkok_group.occupation_id],
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    joined = Membership.objects.get(group=bangkok_group, person=person)
    before = (Person.objects.filter(pk=person.pk).values().get(), User.objects.get(pk=treasurer.pk).password)
    member_page = c.get(f"/groups/{bangkok_group.pk}/members/{joined.pk}/").content.decode()
    assert group.name not in member_page  # her other group is not shown to him
    assert "/login/" not in member_page and f"/members/{joined.pk}/edit/" not in member_page
    for url, data in [
        (f"/groups/{bangkok_group.pk}/members/{joined.pk}/edit/", {"first_name": "x", "last_name": "y", "phone": "0899999999", "address": "กทม."}),
        (f"/groups/{bangkok_group.pk}/members/{joined.pk}/login/", {}),
        (f"/groups/{bangkok_group.pk}/members/{joined.pk}/export.json", None),
        (f"/groups/{bangkok_group.pk}/members/{joined.pk}/erase/", {"decision": "erase", "reason": "x"}),
    ]:  # fmt: skip
        assert c.get(url).status_code in (404, 405)
        if data is not None:
            assert c.post(url, data).status_code == 404
    assert (
        Person.objects.filter(pk=person.pk).values().get(),
        User.objects.get(pk=treasurer.pk).password,
    ) == before
    # he cannot sign in as her; she still can, and is told who added her to which group
    assert not Client().login(username=person.phone, password="sammachip")
    her = Client()
    assert (
        her.post("/accounts/login/", {"username": person.phone, "password": "her-own-password-1"}).status_code
        == 302
    )
    home = her.get("/").content.decode()
    assert 'id="account-notices"' in home and "กลุ่มทดสอบกรุงเทพ" in home
    assert her.post("/accounts/notices/", {"next": "home"}).status_code == 302
    assert 'id="account-notices"' not in her.get("/").content.decode()
    assert "กลุ่มทดสอบกรุงเทพ" in her.get("/accounts/notices/").content.decode()  # the history stays


PERSON_ROLES = [
    *[f"bangkok_seat:{r.value}" for r in Role],
    "bangkok_officer", "bangkok_head", "bangkok_province",
    "officer", "district_head", "province", "officer_other_subdistrict",
]  # fmt: skip


@pytest.fixture
def shared_person(group: OccupationGroup, bangkok_group: OccupationGroup, officer: User, treasurer: User):  # type: ignore[no-untyped-def]
    """The treasurer of the Sungai Padi group, also a member of a group in another subdistrict of Sungai
    Padi and of a Bangkok group, with a login and an API token."""
    person = Person.objects.get(user=treasurer)
    here = District.objects.get(code="9611")
    village = Village.objects.create(subdistrict=here.subdistricts.get(code="961101"), moo=4, name="บ้านอื่น")
    third = services.create_group(
        name="กลุ่มตำบลอื่น", village=village, occupation=group.occupation, founded_on=FOUNDED, by=officer
    )
    for g in (bangkok_group, third):
        services.add_member(
            group=g, by=officer, joined_on=FOUNDED, person=person, chosen_occupations=[g.occupation]
        )
    ApiToken.issue(user=treasurer, name="her phone")
    return person


def _someone(role: str, bangkok_group: OccupationGroup, request: pytest.FixtureRequest) -> User:
    bangkok = bangkok_group.village.subdistrict.district
    if role.startswith("bangkok_seat:"):
        m = bangkok_group.memberships.order_by("number")[0]
        services.appoint_committee_member(
            group=bangkok_group, membership=m, role=role.split(":")[1], starts_on=FOUNDED,
            by=request.getfixturevalue("officer"),
        )  # fmt: skip
        return _login_member(m, "seat")
    if role == "bangkok_officer":
        return _staff("bkk-officer", "officer", bangkok, bangkok.province_id)
    if role == "bangkok_head":
        return _staff("bkk-head", "district_head", bangkok, bangkok.province_id)
    if role == "bangkok_province":
        return _staff("bkk-province", "province_staff", None, bangkok.province_id)
    if role == "province":
        return _staff("nrt-province", "province_staff", None, Province.objects.get(code="96").pk)
    if role == "officer_other_subdistrict":
        here = District.objects.get(code="9611")
        user = _staff("o-961101", "officer", here, here.province_id)
        user.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
        return user
    return request.getfixturevalue(role)


def _state(person: Person, skip: str = "-") -> tuple:
    user = User.objects.get(person=person)
    return (
        Person.objects.filter(pk=person.pk).values().get(), user.password, user.is_active, user.phone,
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).count(),
        AuditEvent.objects.exclude(verb__startswith=skip).count(),
        Membership.objects.filter(person=person, left_on__isnull=True).count(), CommitteeSeat.objects.count(),
    )  # fmt: skip


@pytest.mark.parametrize("role", PERSON_ROLES)
def test_no_role_that_covers_only_some_of_her_groups_acts_on_her(
    request: pytest.FixtureRequest, role: str, shared_person: Person, bangkok_group: OccupationGroup
) -> None:
    user = _someone(role, bangkok_group, request)
    c = Client()
    c.force_login(user)
    before = _state(shared_person)
    reached = 0
    for m in Membership.objects.filter(person=shared_person):
        base = f"/groups/{m.group_id}/members/{m.pk}/"
        if c.get(base).status_code != 200:
            continue  # not a group this role can open at all: the group sweep covers that
        reached += 1
        for url, data in [
            (base + "edit/", {"first_name": "ยึด", "last_name": "บัญชี", "phone": "0899999999", "address": "x"}),
            (base + "login/", {}),
            (base + "export.json", None),
            (base + "erase/", {"decision": "erase", "reason": "x"}),
        ]:
            assert c.get(url).status_code in (404, 405), (role, url)
            if data is not None:
                assert c.post(url, data).status_code == 404, (role, url)
        page = c.get(base).content.decode()
        assert base + "edit/" not in page and base + "login/" not in page
    assert reached >= 1  # each role reaches at least one of her memberships
    if role in ("officer", "district_head", "officer_other_subdistrict"):  # staff of Sungai Padi: the import
        sheet: list[list] = [["ชื่อกลุ่ม", "เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "โทรศัพท์", "วันที่เป็นสมาชิก"]]
        for name in ("กลุ่มน้ำยาล้างจาน", "กลุ่มตำบลอื่น"):
            sheet.append([name, shared_person.national_id, shared_person.first_name, shared_person.last_name,
                          "0899999999", "15/01/2567"])  # fmt: skip
        batch = upload(c, "members", xlsx(sheet))
        assert batch.preview["counts"]["created"] == batch.preview["counts"]["updated"] == 0
        c.post(f"/imports/{batch.pk}/", {"action": "confirm"})
        assert _state(shared_person, skip="onboarding.") == before  # none were there before the upload
        return
    assert _state(shared_person) == before


def test_staff_covering_every_group_and_the_person_herself(
    client_for: Callable, shared_person: Person, treasurer: User, bangkok_group: OccupationGroup
) -> None:
    """The positive side: an administrator covers every area; she corrects her own details; and once she has
    left the other groups, the Sungai Padi officer covers her again."""
    admin = User.objects.create_superuser(username="admin", password="pw-123456")
    m = Membership.objects.filter(person=shared_person).order_by("pk").first()
    assert m is not None
    mine = client_for(treasurer)
    assert mine.post(f"/groups/{m.group_id}/members/{m.pk}/edit/", {
        "first_name": shared_person.first_name, "last_name": shared_person.last_name, "phone": shared_person.phone,
        "address": "12 ม.2",
    })["Location"] == f"/groups/{m.group_id}/members/{m.pk}/"  # fmt: skip
    shared_person.refresh_from_db()
    assert shared_person.address == "12 ม.2"
    r = client_for(admin).post(f"/groups/{m.group_id}/members/{m.pk}/login/")
    assert r.status_code == 302
    events = AuditEvent.objects.filter(verb="accounts.member_login.reset")
    # the reset shows in the history of each of her three groups, and once on her home page
    assert set(events.values_list("group_id", flat=True)) == set(
        Membership.objects.filter(person=shared_person).values_list("group_id", flat=True)
    )
    assert events.filter(person_id=shared_person.pk).count() == 1
    assert ApiToken.objects.filter(user=treasurer).exists()
    for other in Membership.objects.filter(person=shared_person).exclude(
        group__village__subdistrict__code="961104"
    ):
        services.end_membership(membership=other, on=dt.date(2026, 11, 1), reason="moved", by=admin)
    officer = User.objects.get(username="officer")
    r = client_for(officer).post(f"/groups/{m.group_id}/members/{m.pk}/login/")
    assert r.status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.member_login.reset", actor=officer).count() == 1


def test_an_officer_of_another_subdistrict_cannot_import_committee_seats(
    client_for: Callable, officer: User, group: OccupationGroup
) -> None:
    """The second breach: an officer posted to subdistrict 961101 appointed an advisor on a group of 961104
    through the district import, although its pages refuse him the group."""
    here = District.objects.get(code="9611")
    other = _staff("o-961101", "officer", here, here.province_id)
    other.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
    m = group.memberships.order_by("number")[3]
    sheet: list[list] = [["ชื่อกลุ่ม", "ตำแหน่ง", "เลขประจำตัวประชาชน", "วันที่เริ่ม"],
             [group.name, "ที่ปรึกษา", m.person.national_id, "01/11/2569"]]  # fmt: skip
    c = client_for(other)
    assert c.get(f"/groups/{group.pk}/committee/").status_code == 404
    batch = upload(c, "committee", xlsx(sheet))
    row = outcome(batch, 2)
    assert row["action"] == "refused" and row["column"] == "group" and "นอกพื้นที่" in row["message"]
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 422
    assert not CommitteeSeat.objects.filter(group=group, role=Role.ADVISOR).exists()
    # the group's own officer confirms the same file: the seat is made
    batch = upload(client_for(officer), "committee", xlsx(sheet))
    assert client_for(officer).post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    assert CommitteeSeat.objects.filter(group=group, role=Role.ADVISOR, membership=m).exists()


def test_a_posting_is_checked_again_at_confirm(
    client_for: Callable, officer: User, group: OccupationGroup
) -> None:
    """Checked by the group's officer, confirmed after his posting moved to another subdistrict: refused."""
    m = group.memberships.order_by("number")[3]
    sheet: list[list] = [["ชื่อกลุ่ม", "ตำแหน่ง", "เลขประจำตัวประชาชน", "วันที่เริ่ม"],
             [group.name, "ที่ปรึกษา", m.person.national_id, "01/11/2569"]]  # fmt: skip
    c = client_for(officer)
    batch = upload(c, "committee", xlsx(sheet))
    assert outcome(batch, 2)["action"] == "created"
    posting = StaffPosting.objects.get(user=officer)
    posting.subdistricts.set([group.village.subdistrict.district.subdistricts.get(code="961101")])
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 422
    assert not CommitteeSeat.objects.filter(group=group, role=Role.ADVISOR).exists()


def _import_rows(group: OccupationGroup) -> dict[str, list[list]]:
    m = group.memberships.order_by("number")[3]
    return {
        "villages": [["ตำบล", "หมู่ที่", "ชื่อหมู่บ้าน"], ["961104", "9", "บ้านเก้า"]],
        "groups": [["ชื่อกลุ่ม", "หมู่บ้าน", "อาชีพ", "วันที่ก่อตั้ง"], ["กลุ่มใหม่", "2", "จักสาน", "01/02/2567"]],
        "members": [["ชื่อกลุ่ม", "เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "วันที่เป็นสมาชิก"],
                    [group.name, make_national_id(4242), "มาลี", "ศรีสุข", "01/02/2567"]],
        "committee": [["ชื่อกลุ่ม", "ตำแหน่ง", "เลขประจำตัวประชาชน", "วันที่เริ่ม"],
                      [group.name, "ที่ปรึกษา", m.person.national_id, "01/11/2569"]],
        "charters": [["ชื่อกลุ่ม", "วันที่รับรอง", "ทุนสำรอง %", "ปันผลตามงาน %", "กองทุนอื่น"],
                     [group.name, "01/02/2567", "10", "60", "สวัสดิการ 20; กรรมการ 10"]],
        "work": [["ชื่อกลุ่ม", "เลขประจำตัวประชาชน", "งาน", "วันที่", "จำนวน"],
                 [group.name, m.person.national_id, "ผลิตน้ำยา", "01/11/2569", "4.5"]],
        "opening": [["ชื่อกลุ่ม", "วันที่ยกมา", "เงินสด/บัญชีธนาคาร", "ยอดยกมา (บาท)"],
                    [group.name, "31/10/2569", "เงินสด", "1250.50"]],
    }  # fmt: skip


def _records() -> tuple[int, ...]:
    from sammachip.bookkeeping.models import Entry, WorkRecord
    from sammachip.groups.models import Charter

    return (
        Village.objects.count(), OccupationGroup.objects.count(), Membership.objects.count(),
        CommitteeSeat.objects.count(), Charter.objects.count(), WorkRecord.objects.count(), Entry.objects.count(),
        AuditEvent.objects.exclude(verb__startswith="onboarding.").count(),
    )  # fmt: skip


@pytest.mark.parametrize(
    "kind", ["villages", "groups", "members", "committee", "charters", "work", "opening"]
)
def test_every_import_replayed_outside_the_posting_writes_nothing(
    client_for: Callable, officer: User, group: OccupationGroup, kind: str
) -> None:
    """Each kind of district import, with a row about subdistrict 961104, sent by an officer posted to 961101:
    refused at check, and confirm writes nothing. The same file from the group's own officer goes in."""
    here = District.objects.get(code="9611")
    colleague = _staff("o-961101", "officer", here, here.province_id)
    colleague.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
    rows = _import_rows(group)[kind]
    before = _records()
    c = client_for(colleague)
    batch = upload(c, kind, xlsx(rows))
    assert outcome(batch, 2)["action"] == "refused" and "นอกพื้นที่" in outcome(batch, 2)["message"]
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 422
    assert _records() == before
    own = client_for(officer)
    batch = upload(own, kind, xlsx(rows))
    assert outcome(batch, 2)["action"] in ("created", "updated"), outcome(batch, 2)
    assert own.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    assert _records() != before


def _bangkok_adds_her(
    client_for: Callable, chair: User, group: OccupationGroup, person: Person, **typed: str
):  # type: ignore[no-untyped-def]
    return client_for(chair).post(f"/groups/{group.pk}/members/add/", {
        "national_id": person.national_id, "first_name": person.first_name, "last_name": person.last_name,
        "joined_on": "01/11/2569", "chosen_occupations": [group.occupation_id], **typed,
    })  # fmt: skip


def test_she_declines_a_group_she_did_not_join_and_her_officer_covers_her_again(
    client_for: Callable, treasurer: User, officer: User, group: OccupationGroup,
    bangkok_group: OccupationGroup, bangkok_chair: User,
) -> None:  # fmt: skip
    """Adding her elsewhere takes her officer's powers over her account away (no one covers both provinces):
    her officer is told why, and she ends the membership she never agreed to from her home page."""
    person = Person.objects.get(user=treasurer)
    chair = client_for(bangkok_chair)
    r = chair.post(f"/groups/{bangkok_group.pk}/members/add/", {
        "national_id": person.national_id, "first_name": person.first_name, "last_name": person.last_name,
        "joined_on": "01/11/2569", "chosen_occupations": [bangkok_group.occupation_id], "phone": "0812223333",
        "title": "นาง",
    })  # fmt: skip
    assert r.status_code == 302
    assert "ข้อมูลเดิม" in chair.get(r["Location"]).content.decode()
    person.refresh_from_db()
    assert person.phone != "0812223333"  # what he typed beyond her name is not his to change
    own = group.memberships.get(person=person)
    page = client_for(officer).get(f"/groups/{group.pk}/members/{own.pk}/").content.decode()
    assert 'id="person-elsewhere-note"' in page and f"/members/{own.pk}/login/" not in page
    assert client_for(officer).post(f"/groups/{group.pk}/members/{own.pk}/login/").status_code == 404
    joined = Membership.objects.get(group=bangkok_group, person=person)
    her = client_for(treasurer)
    assert f"/accounts/notices/decline/{joined.pk}/" in her.get("/").content.decode()
    assert client_for(bangkok_chair).post(f"/accounts/notices/decline/{joined.pk}/").status_code == 404
    assert her.post(f"/accounts/notices/decline/{joined.pk}/").status_code == 302
    joined.refresh_from_db()
    assert joined.left_on is not None and joined.leave_reason == "other"
    assert AuditEvent.objects.filter(verb="groups.member.left", group_id=bangkok_group.pk).exists()
    assert client_for(officer).post(f"/groups/{group.pk}/members/{own.pk}/login/").status_code == 302


def test_a_membership_she_took_part_in_is_not_declined(
    client_for: Callable, treasurer: User, officer: User, bangkok_group: OccupationGroup, bangkok_chair: User
) -> None:
    person = Person.objects.get(user=treasurer)
    assert _bangkok_adds_her(client_for, bangkok_chair, bangkok_group, person).status_code == 302
    joined = Membership.objects.get(group=bangkok_group, person=person)
    services.appoint_committee_member(
        group=bangkok_group,
        membership=joined,
        role=Role.MARKETING,
        starts_on=dt.date(2026, 11, 2),
        by=officer,
    )
    assert client_for(treasurer).post(f"/accounts/notices/decline/{joined.pk}/").status_code == 302
    joined.refresh_from_db()
    assert joined.left_on is None
    # her own group's chair records her leaving instead: she is told of that too
    services.end_membership(membership=joined, on=dt.date(2026, 11, 20), reason="resigned", by=officer)
    assert "ลาออก" in client_for(treasurer).get("/").content.decode()


def test_the_name_behind_an_id_is_compared_as_thai_is_typed(
    client_for: Callable, bangkok_group: OccupationGroup, bangkok_chair: User, group: OccupationGroup
) -> None:
    """A title typed into the first name and sara am typed as two strokes (น + ํ + ้ + า) still match."""
    person = group.memberships.order_by("number")[4].person
    Person.objects.filter(pk=person.pk).update(first_name="น้ำฝน")
    person.refresh_from_db()
    r = _bangkok_adds_her(
        client_for, bangkok_chair, bangkok_group, person, first_name="นางน\u0e4d\u0e49\u0e32ฝน"
    )
    assert r.status_code == 302, r.content.decode()[:500]
    other = group.memberships.order_by("number")[3].person
    r = _bangkok_adds_her(client_for, bangkok_chair, bangkok_group, other, first_name="ใครก็ได้")
    assert r.status_code in (200, 422) and "ตามบัตรประชาชน" in r.content.decode()
    assert not Membership.objects.filter(group=bangkok_group, person=other).exists()


def test_her_changed_phone_moves_her_login_and_thai_digits_are_fine(
    client_for: Callable, member: User, group: OccupationGroup
) -> None:
    m = group.memberships.get(person__user=member)
    member.set_password("her-password-1")
    member.save()
    c = Client()
    assert c.login(username=m.person.phone, password="her-password-1")
    r = c.post(f"/groups/{group.pk}/members/{m.pk}/edit/", {
        "first_name": m.person.first_name, "last_name": m.person.last_name, "phone": "๐๘๑-๒๓๔-๕๖๗๘",
    })  # fmt: skip
    assert r.status_code == 302
    m.person.refresh_from_db()
    member.refresh_from_db()
    assert m.person.phone == member.phone == "0812345678"
    assert Client().login(username="0812345678", password="her-password-1")


def test_the_decline_is_offered_only_where_she_took_no_part(
    client_for: Callable, member: User, group: OccupationGroup
) -> None:
    """Her own group, where she holds a seat, is announced but offers no 'I did not agree' button."""
    m = group.memberships.get(person__user=member)
    services.appoint_committee_member(
        group=group,
        membership=m,
        role=Role.MARKETING,
        starts_on=FOUNDED,
        by=User.objects.get(username="officer"),
    )
    home = client_for(member).get("/").content.decode()
    assert 'id="account-notices"' in home and f"/accounts/notices/decline/{m.pk}/" not in home
