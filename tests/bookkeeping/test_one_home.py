"""Rules written once: what the page, the API and the import share comes from one place, so the three
answer alike (a typed occupation, who records whose work and whether it counts at once)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import WorkRecord
from sammachip.groups.models import OccupationGroup
from sammachip.households.models import OccupationType
from tests.test_api import bearer


def test_a_typed_occupation_is_found_alike_by_the_page_and_the_api(client_for, officer, village) -> None:
    known = OccupationType.objects.create(name="ทำสบู่ Herbal")
    page = client_for(officer).post(
        "/groups/new/",
        {"name": "กลุ่มสบู่", "village": village.pk, "occupation": "", "new_occupation": "  ทำสบู่   herbal ",
         "founded_on": "01/02/2568"},
    )  # fmt: skip
    assert page.status_code == 302
    api = bearer(officer).post(
        "/api/v1/groups",
        {
            "name": "กลุ่มสบู่ 2",
            "village_id": village.pk,
            "occupation": "ทำสบู่ HERBAL",
            "founded_on": "2025-02-01",
        },
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    assert set(OccupationGroup.objects.values_list("occupation_id", flat=True)) == {known.pk}
    assert OccupationType.objects.filter(name__icontains="herbal").count() == 1


def test_who_records_whose_work_is_one_rule_for_page_and_api(
    client_for, group, officer, member, production, task
) -> None:
    own = group.memberships.get(person__user=member)
    other = group.memberships.exclude(pk=own.pk).exclude(person__user=production).first()
    body = {"date": "2025-06-01", "task_id": task.pk, "quantity": "2"}
    url = f"/api/v1/groups/{group.pk}/work"

    def send(user, membership):  # type: ignore[no-untyped-def]
        return bearer(user).post(url, {**body, "member_id": membership.pk}, content_type="application/json")

    assert send(member, other).status_code == 404  # a member records only her own
    assert send(member, own).json()["status"] == "pending"  # …which waits for the lead
    assert send(production, other).json()["status"] == "confirmed"
    assert send(officer, other).json()["status"] == "confirmed"  # the area's officer, as the import does
    # the page follows the same rule: the member's form offers only herself, the officer's everyone
    page = client_for(member).post(
        f"/groups/{group.pk}/work/",
        {"form": "work", "membership": other.pk, "task": task.pk, "date": "01/06/2568", "quantity": "1"},
    )
    assert page.status_code == 422
    assert client_for(officer).post(
        f"/groups/{group.pk}/work/",
        {"form": "work", "membership": other.pk, "task": task.pk, "date": "01/06/2568", "quantity": "1"},
    ).status_code == 302  # fmt: skip
    by_status = sorted(WorkRecord.objects.values_list("recorded_by__username", "status"))
    assert by_status == [
        ("member", "pending"), ("officer", "confirmed"), ("officer", "confirmed"), ("production", "confirmed"),
    ]  # fmt: skip


def test_the_service_itself_refuses_a_member_recording_anothers_work(group, member, task) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    other = group.memberships.exclude(person__user=member).first()
    with pytest.raises(ValidationError) as refused:
        books.record_work(
            group=group, membership=other, task=task, date=dt.date(2025, 6, 1), quantity=Decimal(1), by=member
        )
    assert "membership" in refused.value.message_dict
    assert not WorkRecord.objects.exists()
