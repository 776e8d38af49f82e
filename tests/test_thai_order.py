"""Names are listed as a Thai dictionary sorts them (PyThaiNLP's collate: a leading vowel เ แ โ ใ ไ sorts
under its consonant), the same on SQLite and PostgreSQL, in pages, the API and exports."""

from __future__ import annotations

from pythainlp.util import collate

from sammachip.accounts.models import ApiToken
from sammachip.core.thaitext import thai_key, thai_sorted
from sammachip.groups import services
from tests.conftest import FOUNDED

NAMES = ["กลุ่มไก่ย่าง", "กลุ่มขนมไทย", "กลุ่มเกษตร", "กลุ่มกล้วยตาก", "กลุ่มโคขุน", "กลุ่มแกงไตปลา"]
THAI_ORDER = ["กลุ่มกล้วยตาก", "กลุ่มเกษตร", "กลุ่มแกงไตปลา", "กลุ่มไก่ย่าง", "กลุ่มขนมไทย", "กลุ่มโคขุน"]


def test_the_key_is_pythainlp_s_order() -> None:
    words = ["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว", "วันที่", "แม่", "โต๊ะ", "ใจ", "ก่อน", "กอ"]
    assert sorted(words, key=thai_key) == collate(words)
    assert thai_sorted(NAMES, str) == collate(NAMES) == THAI_ORDER
    assert sorted(NAMES) != THAI_ORDER  # what the code point order (and the databases) gave


def _order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=text.index)


def test_groups_are_listed_in_thai_order_everywhere(client_for, officer, village, occupation) -> None:
    for name in NAMES:
        services.create_group(
            name=name, village=village, occupation=occupation, founded_on=FOUNDED, by=officer
        )
    c = client_for(officer)
    assert _order(c.get("/").content.decode(), NAMES) == THAI_ORDER
    assert _order(c.get("/groups/").content.decode(), NAMES) == THAI_ORDER
    assert _order(c.get("/district/9611/").content.decode(), NAMES) == THAI_ORDER
    _t, key = ApiToken.issue(user=officer, name="t")
    items = c.get("/api/v1/groups", HTTP_AUTHORIZATION=f"Bearer {key}").json()["items"]
    assert [g["name"] for g in items] == THAI_ORDER
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(c.get("/district/9611/?format=xlsx").content)).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v in NAMES]  # type: ignore[union-attr]
    assert cells == THAI_ORDER


def test_the_group_list_pages_after_sorting(client_for, officer, village, occupation, settings) -> None:
    from sammachip.groups import views

    for name in NAMES:
        services.create_group(
            name=name, village=village, occupation=occupation, founded_on=FOUNDED, by=officer
        )
    c = client_for(officer)
    size = views.PAGE_SIZE
    views.PAGE_SIZE = 4
    try:
        first = [g.name for g in c.get("/groups/").context["page"]]
        second = [g.name for g in c.get("/groups/?page=2").context["page"]]
    finally:
        views.PAGE_SIZE = size
    assert first + second == THAI_ORDER


def test_staff_are_listed_in_thai_order(client_for, district_head, sungai_padi) -> None:
    from tests.conftest import _staff

    people = ["ไพรัช", "สมชาย", "เกศินี", "กมล", "โชติ"]
    for name in people:
        _staff(name, "officer", sungai_padi, sungai_padi.province_id)
    page = client_for(district_head).get("/places/districts/9611/staff/")
    officers = [p.user.first_name for p in page.context["current"] if p.role == "officer"]
    assert officers == collate(people) == ["กมล", "เกศินี", "โชติ", "ไพรัช", "สมชาย"]
