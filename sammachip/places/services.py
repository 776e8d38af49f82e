"""Villages entered one by one or imported from CSV per district: checked row by row, all or nothing."""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.utils.translation import gettext as _

from sammachip.core.models import record_event
from sammachip.core.tabular import ImportResult, RowError

from .models import District, Subdistrict, Village

VILLAGE_COLUMNS = ["subdistrict", "moo", "name", "code"]
VILLAGE_HEADERS_TH = {"ตำบล": "subdistrict", "หมู่ที่": "moo", "ชื่อหมู่บ้าน": "name", "รหัสหมู่บ้าน": "code"}


@transaction.atomic
def add_village(*, subdistrict: Subdistrict, moo: int, name: str, code: str | None, by: object) -> Village:
    village = Village(subdistrict=subdistrict, moo=moo, name=name.strip(), code=code or None)
    village.full_clean()
    village.save()
    record_event(
        target=village, verb="places.village.added", actor=by, data={"moo": moo, "name": village.name}
    )
    return village


def _subdistrict_lookup(district: District) -> dict[str, Subdistrict]:
    lookup: dict[str, Subdistrict] = {}
    for s in district.subdistricts.all():
        for key in (s.code, s.name_th, s.name_th.replace(" ", ""), s.name_en.lower()):
            lookup[key] = s
        lookup["ต." + s.name_th] = s
        lookup["ตำบล" + s.name_th] = s
    return lookup


def read_csv(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for raw in reader:
        row = {}
        for header, value in raw.items():
            if header is None:
                continue
            key = VILLAGE_HEADERS_TH.get(header.strip(), header.strip().lower())
            row[key] = (value or "").strip()
        rows.append(row)
    return rows


def import_villages(*, district: District, content: bytes, by: object) -> ImportResult:
    """Import villages from CSV. Any error refuses the whole file; a village already there is left alone."""
    result = ImportResult()
    try:
        rows = read_csv(content)
    except UnicodeDecodeError:
        result.errors.append(
            RowError(1, "", _("The file is not UTF-8 CSV. Save it from Excel as “CSV UTF-8”."))
        )
        return result
    if not rows:
        result.errors.append(RowError(1, "", _("The file has no rows.")))
        return result
    missing = [c for c in ("subdistrict", "moo", "name") if c not in rows[0]]
    if missing:
        result.errors.append(RowError(1, ", ".join(missing), _("These columns are missing.")))
        return result
    lookup = _subdistrict_lookup(district)
    existing = {(v.subdistrict_id, v.moo): v for v in Village.objects.in_district(district)}
    codes = set(Village.objects.exclude(code=None).values_list("code", flat=True))
    seen: set[tuple[int, int]] = set()
    to_create: list[Village] = []
    for number, row in enumerate(rows, start=2):
        village = _check_row(row, number, lookup, result)
        if village is None:
            continue
        key = (village.subdistrict_id, village.moo)
        if key in seen:
            result.errors.append(RowError(number, "moo", _("This village appears twice in the file.")))
            continue
        seen.add(key)
        if key in existing:
            if existing[key].name != village.name:
                result.errors.append(
                    RowError(
                        number,
                        "name",
                        _("หมู่ %(moo)s already exists as “%(name)s”.")
                        % {"moo": village.moo, "name": existing[key].name},
                    )
                )
            else:
                result.unchanged += 1
            continue
        if village.code and village.code in codes:
            result.errors.append(RowError(number, "code", _("This village code is already used.")))
            continue
        if village.code:
            codes.add(village.code)
        to_create.append(village)
    if result.errors:
        return result
    with transaction.atomic():
        Village.objects.bulk_create(to_create)
        record_event(
            target=district,
            verb="places.village.imported",
            actor=by,
            data={"created": len(to_create), "unchanged": result.unchanged},
        )
    result.created = len(to_create)
    return result


def _check_row(
    row: dict[str, str], number: int, lookup: dict[str, Subdistrict], result: ImportResult
) -> Village | None:
    subdistrict = lookup.get(row.get("subdistrict", "")) or lookup.get(row.get("subdistrict", "").lower())
    ok = True
    if subdistrict is None:
        result.errors.append(RowError(number, "subdistrict", _("Unknown subdistrict in this district.")))
        ok = False
    moo_text = row.get("moo", "").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if not moo_text.isdigit() or not 1 <= int(moo_text) <= 99:
        result.errors.append(
            RowError(number, "moo", _("The village number must be a whole number from 1 to 99."))
        )
        ok = False
    if not row.get("name"):
        result.errors.append(RowError(number, "name", _("The village name is empty.")))
        ok = False
    code = row.get("code") or None
    if code and not (code.isdigit() and len(code) == 8):
        result.errors.append(RowError(number, "code", _("A village code has 8 digits.")))
        ok = False
    if not ok or subdistrict is None:
        return None
    return Village(subdistrict=subdistrict, moo=int(moo_text), name=row["name"], code=code)


def village_template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(VILLAGE_HEADERS_TH))
    writer.writerow(["สากอ", "1", "บ้านตัวอย่าง", ""])
    return "\ufeff" + out.getvalue()
