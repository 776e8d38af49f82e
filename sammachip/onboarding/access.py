from __future__ import annotations

from django.http import Http404

from sammachip.accounts.access import can_manage_staff
from sammachip.accounts.models import User
from sammachip.places.access import access_district
from sammachip.places.models import District

from .models import ImportBatch


def access_batch(user: User, batch_id: int) -> ImportBatch:
    """An import is the officer's who uploaded it, and the district head's above them: they see it (its cells
    hold national IDs and phones), correct it and confirm it. Another officer of the district — perhaps posted
    to other subdistricts — gets 404, as anyone else does."""
    batch = ImportBatch.objects.select_related("district", "created_by").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    district = access_district(user, batch.district.code, manage=True)
    if batch.created_by_id != user.pk and not can_manage_staff(user, district.pk):
        raise Http404
    return batch


def visible_batches(user: User, district: District):  # -> QuerySet[ImportBatch]
    batches = district.import_batches.select_related("created_by")
    return batches if can_manage_staff(user, district.pk) else batches.filter(created_by=user)
