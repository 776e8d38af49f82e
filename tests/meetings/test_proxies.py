"""A proxy (มอบฉันทะ) is held by a member present at the meeting: one rule, on the page and in the API,
refused on the represented member's field (issue 18)."""

from __future__ import annotations

import json

from sammachip.meetings.models import Attendance, Meeting
from tests.meetings.test_pages import _open_meeting
from tests.test_api import bearer


def _members(group):
    return list(group.memberships.order_by("number"))


def test_a_proxy_held_by_an_absent_member_is_refused_on_the_page(client_for, chair, group) -> None:
    c = client_for(chair)
    meeting = _open_meeting(c, group)
    first, *middle, last = _members(group)
    marks = {f"status_{m.pk}": "present" for m in middle}
    marks[f"status_{first.pk}"] = "absent"
    marks[f"status_{last.pk}"] = "represented"
    marks[f"rep_{last.pk}"] = str(first.pk)
    r = c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks)
    assert r.status_code == 422
    page = r.content.decode()
    assert f'id="rep-error-{last.pk}"' in page and "ไม่ได้อยู่ในที่ประชุม" in page
    assert f'id="rep-error-{first.pk}"' not in page
    assert not Attendance.objects.filter(meeting=meeting).exists()  # nothing of the refused save is kept
    # What was typed is kept, so fixing the holder is one change.
    assert f'<option value="{first.pk}" selected>' in page
    marks[f"status_{first.pk}"] = "present"
    assert c.post(f"/groups/{group.pk}/meetings/{meeting.pk}/attendance/", marks).status_code == 302
    represented = Attendance.objects.get(meeting=meeting, membership=last)
    assert (represented.status, represented.represented_by_id) == ("represented", first.pk)


def test_a_proxy_held_by_an_absent_member_is_refused_in_the_api(client_for, chair, member, group) -> None:
    meeting = _open_meeting(client_for(chair), group)
    first, second, *rest = _members(group)
    url = f"/api/v1/groups/{group.pk}/meetings/{meeting.pk}/attendance"

    def post(who, marks):
        return bearer(who).post(url, json.dumps({"marks": marks}), content_type="application/json")

    everyone = [{"member_id": m.pk, "status": "present"} for m in rest]
    assert post(member, everyone).status_code == 404  # only whoever runs meetings marks attendance
    r = post(
        chair,
        everyone
        + [
            {"member_id": first.pk, "status": "excused"},
            {"member_id": second.pk, "status": "represented", "represented_by_id": first.pk},
        ],
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == [f"represented_by_{second.pk}"]
    assert not Attendance.objects.filter(meeting=meeting).exists()
    r = post(
        chair,
        everyone
        + [
            {"member_id": first.pk, "status": "present"},
            {"member_id": second.pk, "status": "represented", "represented_by_id": first.pk},
        ],
    )
    assert r.status_code == 200
    assert {"member_id": second.pk, "status": "represented", "represented_by_id": first.pk} in r.json()[
        "attendance"
    ]
    # The holder marked absent later, while still holding the proxy: refused too.
    assert post(chair, [{"member_id": first.pk, "status": "absent"}]).status_code == 422
    assert Attendance.objects.get(meeting=meeting, membership=first).status == "present"
    assert Meeting.objects.get(pk=meeting.pk).status == "open"
