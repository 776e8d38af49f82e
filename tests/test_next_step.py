"""Empty states point to the step before (issue 20): a forum with no households says to add or import them
first; the district head sees stage proposals waiting on the home page and the district view, with what the
group still lacks."""

from __future__ import annotations

import datetime as dt

from sammachip.households import services as households
from sammachip.visits import services as visits


def test_a_forum_without_households_points_to_adding_them_first(client_for, officer, village) -> None:
    forum = households.create_forum(
        village=village, held_on=dt.date(2026, 10, 15), participants=3, by=officer
    )
    body = client_for(officer).get(f"/forums/{forum.pk}/").content.decode()
    assert 'id="no-households"' in body and "ต้องเพิ่มหรือนำเข้าครัวเรือนของหมู่บ้านก่อน" in body
    assert f'href="/villages/{village.pk}/#add-household"' in body
    assert 'href="/districts/9611/households/import/"' in body
    assert 'id="spending-form"' not in body  # no household to choose: no form to fill
    village_page = client_for(officer).get(f"/villages/{village.pk}/").content.decode()
    assert 'id="add-household"' in village_page


def test_the_head_sees_a_waiting_proposal_and_what_the_group_lacks(
    client_for, officer, district_head, group, outsider
) -> None:
    visits.propose_stage(group=group, reason="พร้อมแล้ว", by=officer)
    head = client_for(district_head)
    home = head.get("/").content.decode()
    assert 'id="stage-proposals"' in home and group.name in home
    assert f'href="/groups/{group.pk}/health/#proposals"' in home
    district = head.get("/district/9611/").content.decode()
    assert 'id="stage-proposals"' in district
    assert "ตำแหน่งกรรมการที่ยังว่าง: ประธาน" in district and "ยังไม่มีกฎกติกาที่ใช้บังคับ" in district
    health = head.get(f"/groups/{group.pk}/health/").content.decode()
    assert 'id="proposal-lacks"' in health and "ยังไม่มีกฎกติกาที่ใช้บังคับ" in health
    # the officer who proposed it is not asked to decide it; an outsider sees none of it
    assert 'id="stage-proposals"' not in client_for(officer).get("/").content.decode()
    assert 'id="stage-proposals"' not in client_for(outsider).get("/").content.decode()
    assert client_for(outsider).get("/district/9611/").status_code == 404
