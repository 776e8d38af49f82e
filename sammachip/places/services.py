"""Villages entered one by one (the district import brings many in: sammachip.onboarding)."""

from __future__ import annotations

from django.db import transaction

from sammachip.core.models import record_event

from .models import Subdistrict, Village


@transaction.atomic
def add_village(*, subdistrict: Subdistrict, moo: int, name: str, code: str | None, by: object) -> Village:
    village = Village(subdistrict=subdistrict, moo=moo, name=name.strip(), code=code or None)
    village.full_clean()
    village.save()
    record_event(
        target=village, verb="places.village.added", actor=by, data={"moo": moo, "name": village.name}
    )
    return village
