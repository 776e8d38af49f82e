"""Adding members, bad input refused on the field, masking of national IDs, leaving (never deleting)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammachip.core.models import AuditEvent
from sammachip.groups.models import Membership
from sammachip.households.models import Person
from tests.conftest import make_national_id


def _form(occupation, **overrides):
    data = {
        "title": "นาง",
        "first_name": "มาลี",
        "last_name": "ศรีสุข",
        "national_id": make_national_id(777),
        "phone": "0891234567",
        "joined_on": "01/03/2567",
        "chosen_occupations": [occupation.pk],
    }
    data.update(overrides)
    return data


def test_chair_adds_a_member(client_for, chair, group, occupation) -> None:
    response = client_for(chair).post(f"/groups/{group.pk}/members/add/", _form(occupation))
    assert response.status_code == 302
    m = Membership.objects.get(group=group, person__first_name="มาลี")
    assert m.number == 6 and m.joined_on.isoformat() == "2024-03-01" and m.left_on is None
    assert m.person.national_id == make_national_id(777)
    assert AuditEvent.objects.filter(verb="groups.member.added", group_id=group.pk).count() == 6


def test_national_id_with_dashes_and_thai_digits_is_accepted(client_for, chair, group, occupation) -> None:
    nid = make_national_id(4321)
    typed = f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"
    response = client_for(chair).post(
        f"/groups/{group.pk}/members/add/", _form(occupation, national_id=typed)
    )
    assert response.status_code == 302
    assert Person.objects.filter(national_id=nid).exists()


def test_invalid_national_id_is_refused_on_the_field_and_nothing_saved(
    client_for, chair, group, occupation
) -> None:
    nid = make_national_id(777)
    wrong = nid[:12] + str((int(nid[12]) + 1) % 10)
    before = Person.objects.count()
    response = client_for(chair).post(
        f"/groups/{group.pk}/members/add/", _form(occupation, national_id=wrong)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["national_id"] == [
        "เลขประจำตัวประชาชนไม่ถูกต้อง ต้องมี 13 หลักและหลักตรวจสอบถูกต้อง"
    ]
    assert Person.objects.count() == before and group.memberships.count() == 5


def test_duplicate_active_member_is_refused(client_for, chair, group, occupation) -> None:
    existing = group.memberships.first().person
    response = client_for(chair).post(
        f"/groups/{group.pk}/members/add/",
        _form(
            occupation,
            national_id=existing.national_id,
            first_name=existing.first_name,
            last_name=existing.last_name,
        ),
    )
    assert response.status_code == 200
    assert "สมาชิกปัจจุบันของกลุ่มอยู่แล้ว" in response.context["form"].errors["national_id"][0]


def test_a_national_id_alone_does_not_bring_someone_in(
    client_for, other_group_chair, group, occupation
) -> None:
    """Another group's chair who knows an ID but not the name behind it adds nobody and learns nothing."""
    existing = group.memberships.first().person
    other = Membership.objects.get(person__user=other_group_chair).group
    before = Membership.objects.count()
    response = client_for(other_group_chair).post(
        f"/groups/{other.pk}/members/add/", _form(occupation, national_id=existing.national_id, phone="")
    )
    assert response.status_code == 200 and Membership.objects.count() == before
    page = response.content.decode()
    assert "ชื่ออื่น" in page and existing.first_name not in page and existing.phone not in page
    assert group.memberships.filter(person=existing).count() == 1


def test_member_must_have_chosen_the_occupation(client_for, chair, group, occupation) -> None:
    response = client_for(chair).post(
        f"/groups/{group.pk}/members/add/", _form(occupation, chosen_occupations=[])
    )
    assert response.status_code == 200
    assert "chosen_occupations" in response.context["form"].errors
    assert not Person.objects.filter(first_name="มาลี").exists()


def test_join_date_that_is_not_a_date_or_in_the_future(client_for, chair, group, occupation) -> None:
    c = client_for(chair)
    r1 = c.post(f"/groups/{group.pk}/members/add/", _form(occupation, joined_on="32/01/2567"))
    assert "joined_on" in r1.context["form"].errors
    r2 = c.post(f"/groups/{group.pk}/members/add/", _form(occupation, joined_on="01/01/2600"))
    assert r2.context["form"].errors["joined_on"] == ["วันที่นี้ยังมาไม่ถึง"]
    assert group.memberships.count() == 5


def test_plain_member_cannot_add_members(client_for, member, group, occupation) -> None:
    assert client_for(member).post(f"/groups/{group.pk}/members/add/", _form(occupation)).status_code == 404
    assert group.memberships.count() == 5


def test_national_ids_are_masked_except_for_the_officer_and_the_member(
    client_for, officer, district_head, member, chair, group
) -> None:
    own = Membership.objects.get(person__user=member)
    other = group.memberships.order_by("number").last()  # nobody logged in is this person
    assert (
        other.person.national_id in client_for(officer).get(f"/groups/{group.pk}/members/").content.decode()
    )
    for viewer in (district_head, chair, member):
        body = client_for(viewer).get(f"/groups/{group.pk}/members/").content.decode()
        assert other.person.national_id not in body
        assert other.person.masked_national_id in body
    own_page = client_for(member).get(f"/groups/{group.pk}/members/{own.pk}/").content.decode()
    assert own.person.national_id in own_page


def test_member_list_query_count_does_not_grow_with_members(
    client_for, officer, group, add_members, settings
) -> None:
    c = client_for(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/groups/{group.pk}/members/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    # session, user, group, the officer's postings and their subdistricts, seats, members, the log of IDs seen
    assert small == 8
    add_members(group, 25)
    assert count() == small


def test_member_page_reads_her_memberships_once(client_for, officer, group) -> None:
    m = group.memberships.order_by("number")[2]
    c = client_for(officer)
    c.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(f"/groups/{group.pk}/members/{m.pk}/").status_code == 200
    # session, user, group, postings, subdistricts, her memberships with their groups' places (the page's
    # one, covers_person's and her other groups), seats, duties, the log of the ID seen
    assert len(ctx.captured_queries) == 9


def test_member_leaves_with_date_and_reason_and_is_kept(client_for, chair, group) -> None:
    m = group.memberships.order_by("number").last()
    response = client_for(chair).post(
        f"/groups/{group.pk}/members/{m.pk}/leave/",
        {"left_on": "01/06/2567", "leave_reason": "moved", "leave_note": "ย้ายไปยะลา", "confirm": "on"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.left_on.isoformat() == "2024-06-01" and m.leave_reason == "moved"
    assert Membership.objects.filter(pk=m.pk).exists()
    assert m.person.full_name not in client_for(chair).get(f"/groups/{group.pk}/members/").content.decode()
    assert (
        m.person.full_name in client_for(chair).get(f"/groups/{group.pk}/members/?show=all").content.decode()
    )


def test_leaving_ends_committee_seats(client_for, officer, chair, group) -> None:
    m = Membership.objects.get(person__user=chair)
    c = client_for(officer)
    url = f"/groups/{group.pk}/members/{m.pk}/leave/"
    page = c.get(url).content.decode()  # what leaving does, the seat named, before anything is ended
    assert 'name="confirm"' in page and m.person.full_name in page and "ประธาน" in page
    assert "ย้อนกลับไม่ได้" in page
    r = c.post(url, {"left_on": "01/06/2567", "leave_reason": "resigned"})
    assert r.status_code == 200 and "confirm" in r.context["form"].errors
    m.refresh_from_db()
    assert m.left_on is None and group.committee_seats.current().filter(role="chair").exists()
    c.post(url, {"left_on": "01/06/2567", "leave_reason": "resigned", "confirm": "on"})
    assert not group.committee_seats.current().filter(role="chair").exists()


def test_edit_member_keeps_hidden_national_id(client_for, district_head, group) -> None:
    """The district head covers every group of the person but does not see full IDs: the edit keeps it."""
    m = group.memberships.order_by("number").last()
    nid = m.person.national_id
    page = client_for(district_head).get(f"/groups/{group.pk}/members/{m.pk}/edit/").content.decode()
    assert 'name="national_id"' not in page
    response = client_for(district_head).post(
        f"/groups/{group.pk}/members/{m.pk}/edit/",
        {"first_name": "ใหม่", "last_name": "ชื่อ", "phone": "0899999999", "national_id": "1111111111119"},
    )
    assert response.status_code == 302
    m.person.refresh_from_db()
    assert m.person.first_name == "ใหม่" and m.person.national_id == nid
    event = AuditEvent.objects.filter(verb="groups.member.updated").latest("id")
    assert nid not in str(event.data) and event.person_id == m.person_id


def test_the_committee_does_not_edit_a_person(client_for, chair, group) -> None:
    """A person's name, phone and address are hers and the covering officer's, not the chair's."""
    m = group.memberships.order_by("number").last()
    c = client_for(chair)
    assert c.get(f"/groups/{group.pk}/members/{m.pk}/edit/").status_code == 404
    r = c.post(f"/groups/{group.pk}/members/{m.pk}/edit/", {"first_name": "ใหม่", "last_name": "ชื่อ"})
    assert r.status_code == 404
    m.person.refresh_from_db()
    assert m.person.first_name != "ใหม่"
    page = c.get(f"/groups/{group.pk}/members/{m.pk}/").content.decode()
    assert f"/members/{m.pk}/edit/" not in page and f"/members/{m.pk}/leave/" in page
    assert 'id="person-owner-note"' in page


def test_a_member_corrects_her_own_details_but_not_her_id(client_for, member, group) -> None:
    m = group.memberships.get(person__user=member)
    nid = m.person.national_id
    c = client_for(member)
    assert 'name="national_id"' not in c.get(f"/groups/{group.pk}/members/{m.pk}/edit/").content.decode()
    r = c.post(
        f"/groups/{group.pk}/members/{m.pk}/edit/",
        {"first_name": "สมใจ", "last_name": "ทดสอบ", "phone": "0812223333", "national_id": "1111111111119"},
    )
    assert r.status_code == 302
    m.person.refresh_from_db()
    assert (m.person.first_name, m.person.phone, m.person.national_id) == ("สมใจ", "0812223333", nid)
    other = group.memberships.exclude(pk=m.pk).first()
    assert (
        c.post(
            f"/groups/{group.pk}/members/{other.pk}/edit/", {"first_name": "x", "last_name": "y"}
        ).status_code
        == 404
    )


def test_officer_gives_a_member_a_login_shown_once(client_for, officer, group) -> None:
    from django.test import Client

    m = group.memberships.order_by("number").last()
    c = client_for(officer)
    assert c.post(f"/groups/{group.pk}/members/{m.pk}/login/").status_code == 302
    page = c.get(f"/groups/{group.pk}/members/{m.pk}/").content.decode()
    assert 'id="one-time-password"' in page
    password = page.split("<code>")[1].split("</code>")[0]
    assert 'id="one-time-password"' not in c.get(f"/groups/{group.pk}/members/{m.pk}/").content.decode()
    m.person.refresh_from_db()
    assert m.person.user is not None and m.person.user.phone == m.person.phone
    assert AuditEvent.objects.filter(verb="accounts.member_login.granted", group_id=group.pk).exists()
    member_client = Client()
    assert (
        member_client.post("/accounts/login/", {"username": m.person.phone, "password": password}).status_code
        == 302
    )
    r = member_client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": "ผักบุ้ง-2568-ok", "new_password2": "ผักบุ้ง-2568-ok"},
    )
    assert r.status_code == 302


@pytest.mark.parametrize("who", ["member", "chair"])
def test_members_and_the_committee_cannot_give_logins(request, client_for, who, group) -> None:
    user = request.getfixturevalue(who)
    m = group.memberships.order_by("number").last()
    assert client_for(user).post(f"/groups/{group.pk}/members/{m.pk}/login/").status_code == 404
    m.person.refresh_from_db()
    assert m.person.user is None


def test_member_page_shows_her_other_groups_as_far_as_the_viewer_sees_them(
    client_for, officer, member, chair, group, village, other_village, occupation, add_members
) -> None:
    """Her other groups come from the one read of her memberships: the area's staff see those in their
    area, she sees all of hers, a fellow member only the groups he is in himself."""
    import datetime as dt

    from sammachip.groups import services
    from tests.conftest import FOUNDED

    mine = Membership.objects.get(group=group, person__user=member)
    near = services.create_group(
        name="กลุ่มใกล้บ้าน", village=village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    far = services.create_group(
        name="กลุ่มต่างอำเภอ", village=other_village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    for other in (near, far):
        add_members(other, 1)
        Membership.objects.create(group=other, person=mine.person, number=9, joined_on=FOUNDED)
    url = f"/groups/{group.pk}/members/{mine.pk}/"

    def shown(user) -> set[str]:
        body = client_for(user).get(url).content.decode()
        return {name for name in (near.name, far.name) if name in body}

    assert shown(officer) == {near.name}  # the other district's group is outside his area
    assert shown(member) == {near.name, far.name}  # her own groups, all of them
    assert shown(chair) == set()  # a fellow member sees none of her other groups
    Membership.objects.create(group=far, person=Person.objects.get(user=chair), number=10, joined_on=FOUNDED)
    assert shown(chair) == {far.name}  # ... but a group he is in himself
    Membership.objects.filter(group=far, person=mine.person).update(
        left_on=FOUNDED + dt.timedelta(days=30), leave_reason="moved"
    )
    assert shown(member) == {near.name}  # a group she has left is hers no more to see
    assert shown(chair) == {far.name}  # he still is in it: her past membership there shows
