"""Villages entered or imported per district (all or nothing), and partner agencies."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from sammachip.places.models import PartnerAgency, Village


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("villages.csv", ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def test_province_and_districts_are_loaded_from_dopa_codes(db) -> None:
    from sammachip.places.models import District, Province, Subdistrict
    from tests.conftest import ensure_geography

    ensure_geography()
    assert (
        Province.objects.count() == 77
        and District.objects.count() == 928
        and Subdistrict.objects.count() == 7436
    )
    names = list(Subdistrict.objects.filter(district__code="9611").values_list("name_th", flat=True))
    assert names == ["ปะลุรู", "สุไหงปาดี", "โต๊ะเด็ง", "สากอ", "ริโก๋", "กาวะ"]


def test_officer_adds_a_village(client_for, officer, sungai_padi) -> None:
    sub = sungai_padi.subdistricts.get(code="961101")
    r = client_for(officer).post(
        "/places/districts/9611/", {"subdistrict": sub.pk, "moo": "7", "name": "บ้านใหม่", "code": "96110107"}
    )
    assert r.status_code == 302
    assert Village.objects.filter(subdistrict=sub, moo=7, name="บ้านใหม่", code="96110107").exists()


def test_village_code_must_have_8_digits(client_for, officer, sungai_padi) -> None:
    sub = sungai_padi.subdistricts.first()
    r = client_for(officer).post(
        "/places/districts/9611/", {"subdistrict": sub.pk, "moo": "7", "name": "x", "code": "123"}
    )
    assert r.status_code == 200 and r.context["form"].errors["code"] == ["รหัสหมู่บ้านมี 8 หลัก"]
    assert not Village.objects.exists()


def _import_villages(c, data: str):  # type: ignore[no-untyped-def]
    from sammachip.onboarding.models import ImportBatch

    r = c.post("/districts/9611/imports/", {"kind": "villages", "file": _csv(data)})
    assert r.status_code == 302, r.content.decode()[:2000]
    return ImportBatch.objects.latest("pk")


def test_import_villages_from_csv(client_for, officer, sungai_padi) -> None:
    data = "ตำบล,หมู่ที่,ชื่อหมู่บ้าน,รหัสหมู่บ้าน\nสากอ,1,บ้านสากอ,\nปะลุรู,๒,บ้านปะลุรู,96110102\n"
    c = client_for(officer)
    batch = _import_villages(c, data)
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 302
    assert Village.objects.count() == 2 and Village.objects.get(code="96110102").moo == 2
    again = _import_villages(c, data)
    assert again.preview["counts"]["unchanged"] == 2  # the same file twice changes nothing
    assert c.post(f"/imports/{again.pk}/", {"action": "confirm"}).status_code == 302
    assert Village.objects.count() == 2


def test_import_with_a_bad_row_saves_nothing_and_names_row_and_column(
    client_for, officer, sungai_padi
) -> None:
    data = "ตำบล,หมู่ที่,ชื่อหมู่บ้าน,รหัสหมู่บ้าน\nสากอ,1,บ้านสากอ,\nไม่มีตำบลนี้,2,บ้านผิด,\nสากอ,abc,บ้านเลขผิด,\n"
    c = client_for(officer)
    batch = _import_villages(c, data)
    errors = [(r["row"], r["column"]) for r in batch.preview["rows"] if r["action"] == "refused"]
    assert errors == [(3, "subdistrict"), (4, "moo")]
    assert "ไม่ใช่ตำบลในอำเภอนี้" in c.get(f"/imports/{batch.pk}/").content.decode()
    assert c.post(f"/imports/{batch.pk}/", {"action": "confirm"}).status_code == 422
    assert not Village.objects.exists()


def test_import_refuses_a_file_that_is_not_utf8(client_for, officer, sungai_padi) -> None:
    upload = SimpleUploadedFile("v.csv", "ตำบล,หมู่ที่\n".encode("cp874"), content_type="text/csv")
    r = client_for(officer).post("/districts/9611/imports/", {"kind": "villages", "file": upload})
    assert r.status_code == 422 and "UTF-8" in r.content.decode()


def test_template_csv_downloads(client_for, officer, sungai_padi) -> None:
    from openpyxl import load_workbook

    r = client_for(officer).get("/districts/9611/imports/template-villages.xlsx")
    assert r.status_code == 200 and "ชื่อหมู่บ้าน *" in [
        c.value for c in load_workbook(io.BytesIO(r.content)).active[1]
    ]


def test_partner_agency_with_area_and_contact(client_for, officer, sungai_padi) -> None:
    sub = sungai_padi.subdistricts.get(code="961104")
    r = client_for(officer).post(
        "/places/districts/9611/partners/",
        {
            "name": "อบต.สากอ",
            "kind": "lao",
            "subdistricts": [sub.pk],
            "contact_name": "นายอาหมัด",
            "phone": "073000111",
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    p = PartnerAgency.objects.get(name="อบต.สากอ")
    assert list(p.subdistricts.all()) == [sub] and p.district == sungai_padi
    r = client_for(officer).post(
        f"/places/partners/{p.pk}/edit/",
        {"name": "อบต.สากอ", "kind": "lao", "phone": "073000999", "is_active": "on"},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.phone == "073000999"


def test_district_head_sees_but_member_does_not(client_for, district_head, member, sungai_padi) -> None:
    assert client_for(district_head).get("/places/districts/9611/").status_code == 200
    assert client_for(member).get("/places/districts/9611/").status_code == 404


def test_other_district_officer_cannot_add_villages_here(
    client_for, other_district_officer, sungai_padi
) -> None:
    sub = sungai_padi.subdistricts.first()
    r = client_for(other_district_officer).post(
        "/places/districts/9611/", {"subdistrict": sub.pk, "moo": "7", "name": "x"}
    )
    assert r.status_code == 404 and not Village.objects.exists()
