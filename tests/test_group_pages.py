"""Group list, creation, the group page (5 ก at a glance), stage, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammachip.core.models import AuditEvent
from sammachip.groups.models import OccupationGroup


def test_officer_creates_a_group_in_their_area(client_for, officer, village, occupation) -> None:
    c = client_for(officer)
    response = c.post(
        "/groups/new/",
        {
            "name": "กลุ่มทอผ้า",
            "village": village.pk,
            "occupation": "",
            "new_occupation": "ทอผ้า",
            "founded_on": "01/02/2568",
        },
    )
    group = OccupationGroup.objects.get(name="กลุ่มทอผ้า")
    assert response.status_code == 302 and response["Location"] == f"/groups/{group.pk}/"
    assert group.founded_on.isoformat() == "2025-02-01"  # พ.ศ. 2568 read as 2025
    assert group.occupation.name == "ทอผ้า" and group.stage == "forming"
    assert AuditEvent.objects.filter(verb="groups.group.created", group_id=group.pk, actor=officer).exists()


def test_a_date_that_is_not_a_date_is_refused_on_the_field(client_for, officer, village, occupation) -> None:
    c = client_for(officer)
    response = c.post(
        "/groups/new/",
        {"name": "กลุ่มใหม่", "village": village.pk, "occupation": occupation.pk, "founded_on": "31/02/2568"},
    )
    assert response.status_code == 200
    assert "วันที่" in response.context["form"].errors["founded_on"][0]
    assert not OccupationGroup.objects.filter(name="กลุ่มใหม่").exists()


def test_officer_cannot_create_a_group_in_a_village_outside_their_area(
    client_for, officer, other_village, occupation
) -> None:
    c = client_for(officer)
    response = c.post(
        "/groups/new/",
        {"name": "x", "village": other_village.pk, "occupation": occupation.pk, "founded_on": "01/02/2568"},
    )
    assert response.status_code == 200 and "village" in response.context["form"].errors
    assert not OccupationGroup.objects.filter(name="x").exists()


def test_group_page_shows_the_five_k_and_what_is_missing(client_for, officer, group, chair) -> None:
    response = client_for(officer).get(f"/groups/{group.pk}/")
    assert response.status_code == 200
    summary = response.context["five_k"]
    assert summary.members.done is False  # 5 members, 7 needed
    assert summary.committee.done is False and "treasurer" in summary.committee.missing
    assert "chair" not in summary.committee.missing
    body = response.content.decode()
    assert "เหรัญญิก" in body  # the empty treasurer seat is named, in Thai


def test_member_sees_their_group_page(client_for, member, group) -> None:
    assert client_for(member).get(f"/groups/{group.pk}/").status_code == 200


def test_group_list_is_scoped_to_the_area(client_for, officer, other_district_officer, group) -> None:
    assert group.name in client_for(officer).get("/groups/").content.decode()
    response = client_for(other_district_officer).get("/groups/")
    assert group.name not in response.content.decode()


def test_group_list_htmx_search_returns_only_the_table(client_for, officer, group) -> None:
    response = client_for(officer).get("/groups/", {"q": "น้ำยา"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="group-table">') and group.name in body and "<html" not in body
    miss = client_for(officer).get("/groups/", {"q": "ไม่มีกลุ่มนี้"}, HTTP_HX_REQUEST="true")
    assert group.name not in miss.content.decode()


def test_group_list_query_count_does_not_grow_with_groups(
    client_for, officer, village, occupation, add_members
) -> None:
    from sammachip.groups import services

    c = client_for(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/groups/").status_code == 200
        return len(ctx.captured_queries)

    services.create_group(
        name="g0", village=village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
    )
    small = count()
    for i in range(1, 15):
        g = services.create_group(
            name=f"g{i}", village=village, occupation=occupation, founded_on=dt.date(2024, 1, 1), by=officer
        )
        add_members(g, 2)
    assert count() == small


def test_officer_changes_stage_and_it_is_audited(client_for, officer, group) -> None:
    response = client_for(officer).post(
        f"/groups/{group.pk}/stage/", {"stage": "supported", "on": "01/06/2567"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.stage == "supported"
    assert AuditEvent.objects.filter(verb="groups.group.stage_changed", group_id=group.pk).exists()


def test_chair_cannot_change_the_stage(client_for, chair, group) -> None:
    assert (
        client_for(chair)
        .post(f"/groups/{group.pk}/stage/", {"stage": "self_reliant", "on": "01/06/2567"})
        .status_code
        == 404
    )
    group.refresh_from_db()
    assert group.stage == "forming"


def test_history_lists_audit_events(client_for, officer, group) -> None:
    response = client_for(officer).get(f"/groups/{group.pk}/history/")
    assert response.status_code == 200
    assert "เพิ่มสมาชิก" in response.content.decode()  # the verb shown as words, in Thai


@pytest.mark.parametrize("path", ["/groups/{g}/", "/groups/{g}/history/", "/groups/{g}/stage/"])
def test_dissolved_group_still_readable(client_for, officer, group, path) -> None:
    from sammachip.groups import services

    services.change_stage(group=group, stage="dissolved", on=dt.date(2025, 1, 1), by=officer)
    assert client_for(officer).get(path.format(g=group.pk)).status_code == 200


def test_every_list_counts_the_group_s_current_members(client_for, chair, member, officer, group) -> None:
    """A member's home page joins the group through her own membership: the count is still the group's
    (5 founding, one of them left), for her, the officer, the group list and the API."""
    from sammachip.groups.models import Membership

    leaver = group.memberships.order_by("-number")[0]
    Membership.objects.filter(pk=leaver.pk).update(left_on=group.founded_on, leave_reason="moved")
    for user in (chair, member, officer):
        c = client_for(user)
        home = c.get("/").content.decode()
        assert "สมาชิก 4 คน" in home, user
        rows = c.get("/api/v1/groups").json()["items"]
        assert [g["member_count"] for g in rows if g["id"] == group.pk] == [4], user
    listing = client_for(officer).get("/groups/")
    assert [g.current_member_count for g in listing.context["page"] if g.pk == group.pk] == [4]


# The group page's reads: session, the user with her member record, postings (and for staff their
# subdistricts), the group, her membership with its seats (not asked for staff without a member record); then the committee, the charter, the activities, the member counts, the meetings
# (one grouped query) and the last changes. The 5 ก is worked out from the rows the page shows anyway.
GROUP_PAGE_QUERIES = {"officer": 11, "treasurer": 11}


@pytest.mark.parametrize("who", sorted(GROUP_PAGE_QUERIES))
def test_the_group_page_asks_the_same_few_questions_however_big_the_group(
    request, client_for, who, group, officer, treasurer, chair, add_members
) -> None:
    from sammachip.groups import services
    from tests.followup.test_health_agrees import hold

    c = client_for(request.getfixturevalue(who))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/groups/{group.pk}/").status_code == 200
        return len(ctx.captured_queries)

    assert count() == GROUP_PAGE_QUERIES[who]
    add_members(group, 12)
    for day in (dt.date(2026, 8, 12), dt.date(2026, 9, 12), dt.date(2026, 10, 12)):
        hold(group, chair, "monthly", day)
    proposer = group.memberships.order_by("number")[0]
    for i, name in enumerate(("ผลิตน้ำยาล้างจาน", "ขายที่ตลาดนัด", "ผลิตสบู่", "ทำบัญชี", "ผลิตแชมพู", "อบรม")):
        services.add_activity(
            group=group,
            name=name,
            need="รายได้เสริม",
            proposed_by=proposer,
            started_on=dt.date(2026, 1, 1 + i),
            by=officer,
        )
    page = c.get(f"/groups/{group.pk}/")
    assert page.context["member_count"] == 17 and page.context["five_k"].meetings.done
    assert [a.name for a in page.context["activities"]] == ["อบรม", "ผลิตแชมพู", "ทำบัญชี", "ผลิตสบู่", "ขายที่ตลาดนัด"]
    assert count() == GROUP_PAGE_QUERIES[who]
