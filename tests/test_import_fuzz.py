"""Every import refuses malformed files with a clear message and saves nothing: broken encodings, wrong
columns, a zip that is not a workbook, formulas in cells, empty files, a huge file, binary junk."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sammachip.bookkeeping.models import Entry
from sammachip.households.models import Household, NeedsAnswer, SpendingLine
from sammachip.onboarding.models import ImportBatch
from sammachip.places.models import Village


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BAD_FILES = {
    "cp874": ("f.csv", "บ้านเลขที่,เดือน,รายการ,จำนวนเงิน\n1,10/2569,ข้าว,5\n".encode("cp874")),
    "empty": ("f.csv", b""),
    "wrong columns": ("f.csv", b"a,b,c\n1,2,3\n"),
    "not a workbook": ("f.xlsx", b"PK\x03\x04 this is not really a zip"),
    "binary junk": ("f.csv", bytes(range(256)) * 40),
    "formulas": (
        "f.xlsx",
        _xlsx(
            [
                [
                    "บ้านเลขที่",
                    "เดือน",
                    "รายการ",
                    "จำนวนเงิน",
                    "หมู่บ้าน",
                    "หัวหน้าครัวเรือน",
                    "วันที่",
                    "รายรับ/รายจ่าย",
                    "หมวด",
                    "อาชีพที่ต้องการ",
                ],
                [
                    "=1+1",
                    "=NOW()",
                    '=HYPERLINK("http://x")',
                    "=SUM(A1:A2)",
                    "=A1",
                    "=cmd|' /C calc'!A0",
                    "=TODAY()",
                    "=1",
                    "=2",
                    "=3",
                ],
            ]
        ),
    ),  # fmt: skip
    "huge": ("f.csv", ("บ้านเลขที่,เดือน,รายการ,จำนวนเงิน\n" + "1,10/2569,ข้าวสาร,abc\n" * 210_000).encode()),
}


@pytest.fixture
def targets(officer, village, group, treasurer, cash):
    from sammachip.households import services

    forum = services.create_forum(
        village=village, held_on=__import__("datetime").date(2026, 10, 20), participants=1, by=officer
    )
    return {
        "households": (officer, "/districts/9611/households/import/", {"consent": "on"}),
        "spending": (officer, f"/forums/{forum.pk}/import/", {}),
        "survey": (officer, f"/villages/{village.pk}/survey/import/", {}),
        "villages": (officer, "/districts/9611/imports/", {"kind": "villages"}),
        "district groups": (officer, "/districts/9611/imports/", {"kind": "groups"}),
        "district members": (officer, "/districts/9611/imports/", {"kind": "members"}),
        "district work": (officer, "/districts/9611/imports/", {"kind": "work"}),
        "district opening": (officer, "/districts/9611/imports/", {"kind": "opening"}),
        "cash book": (treasurer, f"/groups/{group.pk}/books/import/", {}),
    }


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize(
    "target",
    [
        "households",
        "spending",
        "survey",
        "villages",
        "district groups",
        "district members",
        "district work",
        "district opening",
        "cash book",
    ],
)
def test_malformed_files_are_refused_cleanly(client_for, targets, target, kind) -> None:
    user, url, extra = targets[target]
    name, content = BAD_FILES[kind]
    before = (
        Household.objects.count(),
        SpendingLine.objects.count(),
        NeedsAnswer.objects.count(),
        Village.objects.count(),
        Entry.objects.count(),
    )
    c = client_for(user)
    r = c.post(url, {"file": SimpleUploadedFile(name, content), **extra})
    if r.status_code == 302 and r["Location"].startswith("/imports/"):
        # the district import keeps a readable file for matching columns and the preview: nothing saved yet
        r = c.get(r["Location"])
        assert r.status_code == 200 and 'id="confirm"' not in r.content.decode()
        assert ImportBatch.objects.get().status != "done"
    assert r.status_code in (200, 422), (
        r.status_code
    )  # a page with the reason, never a 500 or a redirect to success
    body = r.content.decode()
    assert 'role="alert"' in body or "errors" in body or 'id="mapping"' in body or "action-refused" in body
    after = (
        Household.objects.count(),
        SpendingLine.objects.count(),
        NeedsAnswer.objects.count(),
        Village.objects.count(),
        Entry.objects.count(),
    )
    assert after == before
