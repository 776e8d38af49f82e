"""A member file is checked and confirmed in a fixed number of queries: the rules run over the whole file
at once (one query per rule per file), so a sheet of 5,000 members costs what a sheet of 10 does."""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from sammachip.core.models import AuditEvent
from sammachip.groups.models import Membership
from sammachip.onboarding import services
from sammachip.places.models import District
from tests.conftest import make_national_id


def _sheet(group, count: int, start: int) -> bytes:  # type: ignore[no-untyped-def]
    wb = Workbook()
    wb.active.append(["ชื่อกลุ่ม", "ชื่อ-นามสกุล", "เลขบัตรประชาชน", "เบอร์โทร", "วันที่สมัคร"])
    for i in range(count):
        wb.active.append([group.name, f"นางสมศรี ใจดี{start + i}", make_national_id(start + i), "0812345678",
                          "15/01/2567"])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _queries(officer, group, count: int, start: int, *, confirm: bool) -> int:  # type: ignore[no-untyped-def]
    district = District.objects.get(code="9611")
    batch = services.start(district=district, kind="members", name="m.xlsx", content=_sheet(group, count, start),
                           by=officer)  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        if confirm:
            services.confirm(batch=batch, by=officer)
        else:
            services.check(batch, officer)
    batch.refresh_from_db()
    assert batch.preview["counts"]["created"] == count, batch.preview["rows"][:2]
    return len(ctx.captured_queries)


def test_checking_members_takes_as_many_queries_for_50_rows_as_for_10(officer, group) -> None:
    _queries(officer, group, 3, 800000, confirm=False)  # lookups Django keeps once loaded (content types…)
    before = Membership.objects.count()
    ten = _queries(officer, group, 10, 810000, confirm=False)
    fifty = _queries(officer, group, 50, 820000, confirm=False)
    assert fifty == ten, (ten, fifty)
    assert Membership.objects.count() == before  # the check writes nothing


def test_confirming_members_grows_only_by_insert_batches(officer, group) -> None:
    """Confirming writes in bulk: the same queries for 10 and 50 rows (each insert holds up to 500 rows),
    and still one audit event per member added, as when added one by one on the page."""
    _queries(officer, group, 3, 800000, confirm=True)
    before = Membership.objects.count()
    ten = _queries(officer, group, 10, 830000, confirm=True)
    fifty = _queries(officer, group, 50, 840000, confirm=True)
    assert fifty == ten, (ten, fifty)
    assert Membership.objects.count() == before + 60
    added = AuditEvent.objects.filter(verb="groups.member.added", group_id=group.pk)
    assert added.count() >= 63
    numbers = list(Membership.objects.filter(group=group).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    newest = Membership.objects.filter(group=group).order_by("-number").select_related("person")[0]
    assert (
        newest.person.national_id == make_national_id(840049) and newest.person.village_id == group.village_id
    )
    assert group.occupation in newest.person.chosen_occupations.all()
