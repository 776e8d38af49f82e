"""Uploaded photos: checked to be a real JPEG, PNG or WebP under a size limit, then re-encoded as JPEG
under a name we choose — never the uploader's file name. The EXIF orientation is applied first (a phone
photo taken upright stays upright), then every piece of metadata is dropped (GPS position, device, owner):
only the pixels are kept, bounded in size."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_PHOTO_BYTES = 8 * 1024 * 1024


def reencode(
    upload: Any, *, field: str, max_side: int = 1600, quality: int = 82
) -> tuple[ContentFile, int, int]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({field: _("A photo is larger than 8 MB.")})
    try:
        upload.seek(0)
        Image.open(upload).verify()
        upload.seek(0)
        image: Image.Image = Image.open(upload)
        kind = image.format
        image.load()
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({field: _("A file is not a photo (JPG, PNG or WebP).")}) from exc
    if kind not in ("JPEG", "PNG", "WEBP"):
        raise ValidationError({field: _("A file is not a photo (JPG, PNG or WebP).")})
    image = image.convert("RGB")
    image.thumbnail((max_side, max_side))
    bare = Image.new("RGB", image.size)  # a fresh image: no info, EXIF, ICC or XMP is carried over
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=quality, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg"), bare.width, bare.height
