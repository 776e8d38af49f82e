"""Loading the official province/district/subdistrict list from geothai (data: CC BY 4.0, GeoThai)."""

from __future__ import annotations

from typing import Any


def load_geography(Province: Any, District: Any, Subdistrict: Any) -> int:  # noqa: N803 - model classes
    """Insert every area not yet present; returns how many rows were added. Safe to run again."""
    import geothai

    have = set(Province.objects.values_list("code", flat=True))
    provinces = [
        Province(code=p.code, name_th=p.name_th, name_en=p.name_en)
        for p in geothai.provinces()
        if p.code not in have
    ]
    Province.objects.bulk_create(provinces)
    province_ids = dict(Province.objects.values_list("code", "id"))
    have_d = set(District.objects.values_list("code", flat=True))
    districts = [
        District(code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=province_ids[p.code])
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
        if d.code not in have_d
    ]
    District.objects.bulk_create(districts, batch_size=500)
    district_ids = dict(District.objects.values_list("code", "id"))
    have_s = set(Subdistrict.objects.values_list("code", flat=True))
    subdistricts = [
        Subdistrict(
            code=s.code,
            name_th=s.name_th,
            name_en=s.name_en,
            district_id=district_ids[s.district_code],
            postal_code=(s.postal_codes or ("",))[0],
        )
        for code in district_ids
        for s in geothai.subdistricts(code)
        if s.code not in have_s
    ]
    Subdistrict.objects.bulk_create(subdistricts, batch_size=1000)
    return len(provinces) + len(districts) + len(subdistricts)
