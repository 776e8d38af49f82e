"""What one uploaded file may cost an import: a workbook that unpacks to hundreds of megabytes, claims a million
rows by 16,384 columns, holds a million rows, a giant cell, or one long text referenced everywhere — and CSV
files with too many columns or giant cells — are refused with a clear Thai message on the upload page, within a
small bound of memory, and nothing is stored (no import batch, no row, no file)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sammachip.bookkeeping.models import Entry
from sammachip.core import tabular
from sammachip.households.models import Household, NeedsAnswer, SpendingLine
from sammachip.onboarding.models import ImportBatch
from sammachip.places.models import Village
from tests import test_import_fuzz

targets = test_import_fuzz.targets  # the fixture of every import page

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADERS = ["บ้านเลขที่", "เดือน", "รายการ", "จำนวนเงิน", "ชื่อหมู่บ้าน", "ตำบล", "หมู่ที่"]


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _header() -> bytes:
    cells = b"".join(_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADERS))
    return b'<row r="1">' + cells + b"</row>"


def workbook(body: Iterable[bytes], *, dimension: str = "", shared: bytes = b"") -> bytes:
    """A real .xlsx (openpyxl's own parts) whose first sheet is `body`, written as it streams: the test never
    holds the unpacked sheet in memory."""
    from openpyxl import Workbook

    base = io.BytesIO()
    Workbook().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(info.filename, "w", force_zip64=True) as f:
                    f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + NS + b">")
                    if dimension:
                        f.write(f'<dimension ref="{dimension}"/>'.encode())
                    f.write(b"<sheetData>")
                    for part in body:
                        f.write(part)
                    f.write(b"</sheetData></worksheet>")
            elif info.filename == "[Content_Types].xml" and shared:
                types = src.read(info.filename).replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
                dst.writestr(info.filename, types)
            elif info.filename == "xl/_rels/workbook.xml.rels" and shared:
                rels = src.read(info.filename).replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
                dst.writestr(info.filename, rels)
            else:
                dst.writestr(info, src.read(info.filename))
        if shared:
            dst.writestr("xl/sharedStrings.xml", b"<sst " + NS + b"><si><t>" + shared + b"</t></si></sst>")
    return out.getvalue()


def unpacks_to_megabytes(mb: int) -> bytes:
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000  # about 1 MB
    return workbook(row for _ in range(mb))


def claims_a_million_rows_by_16384_columns() -> bytes:
    """The assessment's 12 KB workbook: 12,000 rows of one cell under a dimension of A1:XFD1048576 (openpyxl
    pads every row to it: 200 million cells, 1.6 GB of memory, 780 MB in the database)."""
    rows = (b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(2, 12_002))
    return workbook([_header(), *rows], dimension="A1:XFD1048576")


def a_million_rows() -> bytes:
    """A header, then row 1,048,576: every row between is read as an empty one."""
    return workbook([_header(), b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'])


def columns_to_xfd() -> bytes:
    return workbook([_header(), b'<row r="2"><c r="XFD2"><v>1</v></c></row>'])


def a_giant_cell() -> bytes:
    return workbook([_header(), b'<row r="2">' + _cell("A2", "ก" * 100_000) + b"</row>"])


def one_long_text_everywhere() -> bytes:
    """One 4,000-character text in the shared strings, referenced by 6,000 cells: 24 million characters."""
    cells = b"".join(f'<c r="{chr(65 + c)}{{r}}" t="s"><v>0</v></c>'.encode() for c in range(20))
    rows = (b'<row r="%d">' % r + cells.replace(b"{r}", str(r).encode()) + b"</row>" for r in range(2, 302))
    return workbook([_header(), *rows], shared=b"x" * 4_000)


_made: dict[str, bytes] = {}


def made(name: str) -> bytes:
    """Each bomb built once per run (the largest takes a second)."""
    if name not in _made:
        _made[name] = BOMBS[name][1]()
    return _made[name]


BOMBS = {
    # name: (file name, content, the Thai words the refusal says)
    "unpacks to 120 MB": ("bomb.xlsx", lambda: unpacks_to_megabytes(120), "เมื่อแตกออก"),
    "packed 1,000 to 1": ("bomb.xlsx", lambda: unpacks_to_megabytes(20), "บันทึกใหม่"),
    "claims A1:XFD1048576": ("dim.xlsx", claims_a_million_rows_by_16384_columns, "16384 คอลัมน์"),
    "a million rows": ("rows.xlsx", a_million_rows, "200000 แถว"),
    "16,384 columns": ("wide.xlsx", columns_to_xfd, "200 คอลัมน์"),
    "a giant cell": ("cell.xlsx", a_giant_cell, "ยาวเกิน 5000"),
    "one long text everywhere": ("shared.xlsx", one_long_text_everywhere, "ข้อความรวมเกิน"),
    "CSV: 1,000 columns": ("wide.csv", lambda: ",".join(["x"] * 1_000).encode(), "200 คอลัมน์"),
    "CSV: a 200,000-character cell": ("cell.csv", lambda: b"a,b\n" + b"x" * 200_000 + b",1\n", "ยาวเกิน 5000"),
    "CSV: a 6,000-character cell": ("cell.csv", lambda: b"a,b\n" + b"x" * 6_000 + b",1\n", "ยาวเกิน 5000"),
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_a_bomb_is_refused_before_it_costs_memory(bomb) -> None:
    name, _make, words = BOMBS[bomb]
    content = made(bomb)
    assert len(content) < 3 * 1024 * 1024  # small to send
    tracemalloc.start()
    try:
        with pytest.raises(tabular.TooLarge, match=words):
            tabular.raw_table(name, content)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"


def test_a_file_over_20_mb_is_refused_unread() -> None:
    with pytest.raises(tabular.TooLarge, match="20"):
        tabular.raw_table("big.csv", b"x" * (tabular.MAX_FILE_BYTES + 1))


def _stored() -> tuple[int, ...]:
    models = (ImportBatch, Household, SpendingLine, NeedsAnswer, Village, Entry)
    return tuple(m.objects.count() for m in models)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "bomb", ["unpacks to 120 MB", "claims A1:XFD1048576", "one long text everywhere", "CSV: 1,000 columns"]
)
@pytest.mark.parametrize(
    "target", ["households", "spending", "survey", "villages", "district members", "cash book"]
)
def test_every_import_page_refuses_a_bomb_and_stores_nothing(
    client_for, targets, target, bomb, settings
) -> None:
    user, url, extra = targets[target]
    name, _make, words = BOMBS[bomb]
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*")) if media.exists() else []
    before = _stored()
    r = client_for(user).post(url, {"file": SimpleUploadedFile(name, made(bomb)), **extra})
    assert r.status_code == 422
    assert words in r.content.decode()
    assert _stored() == before
    assert (sorted(media.rglob("*")) if media.exists() else []) == files_before


def test_the_upload_forms_refuse_a_file_over_20_mb(client_for, targets) -> None:
    for target in ("households", "villages"):
        user, url, extra = targets[target]
        big = SimpleUploadedFile("big.csv", b"x" * (tabular.MAX_FILE_BYTES + 1))
        r = client_for(user).post(url, {"file": big, **extra})
        assert r.status_code in (200, 422) and "20 MB" in r.content.decode()
        assert not ImportBatch.objects.exists() and not Household.objects.exists()
