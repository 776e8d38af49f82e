from __future__ import annotations

from django.http import Http404

from sammachip.accounts.models import User
from sammachip.places.access import access_district

from .models import ImportBatch


def access_batch(user: User, batch_id: int) -> ImportBatch:
    """An import is the district's: its officers and head see and confirm it; anyone else gets 404."""
    batch = ImportBatch.objects.select_related("district", "created_by").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    access_district(user, batch.district.code, manage=True)
    return batch
