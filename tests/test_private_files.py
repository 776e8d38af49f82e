"""Uploaded files are private and honest: receipts, visit photos and proposal documents are served only
through views that check access (404 to anyone else, anonymous included), never from /media/; every photo
is re-encoded upright, without its EXIF (GPS, device, owner), under a name of ours and a bounded size."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sammachip.bookkeeping.models import Entry
from sammachip.visits.models import VisitPhoto
from tests.bookkeeping.conftest import category


def phone_photo(name: str = "IMG_0001 สมศรี.jpg") -> SimpleUploadedFile:
    """A phone photo held sideways: stored 400 wide and 200 high with Orientation=6 (turn 90° clockwise to
    show it upright, 200 wide and 400 high), with a GPS position, a camera model and an owner's name."""
    from PIL import Image

    image = Image.new("RGB", (400, 200), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 40, 200))  # a blue band on the stored left: the top when upright
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    exif[0x0110] = "Pixel 7"  # Model
    exif[0x013B] = "Somsri Jaidee"  # Artist
    exif[0x8825] = {1: "N", 2: (6.0, 25.0, 0.0), 3: "E", 4: (101.0, 49.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _assert_upright_and_bare(data: bytes) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.size == (200, 400)  # turned upright before the metadata was dropped
    red, _green, blue = image.convert("RGB").getpixel((100, 5))  # type: ignore[misc]
    assert blue > 150 and red < 100, (red, blue)  # the blue band is at the top
    assert not image.getexif() and "exif" not in image.info
    assert b"Pixel 7" not in data and b"Somsri" not in data


def test_a_receipt_photo_is_served_upright_and_bare_to_the_group_only(
    client_for, treasurer, member, officer, outsider, other_district_officer, other_group_chair, group, cash
) -> None:
    c = client_for(treasurer)
    r = c.post(
        f"/groups/{group.pk}/books/",
        {"date": "05/03/2568", "category": category("income", "sales").pk, "amount": "120",
         "account": cash.pk, "receipt_photo": phone_photo()},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    entry = Entry.objects.get(group=group)
    stored = entry.receipt_photo.name or ""
    assert re.fullmatch(r"receipts/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored), stored
    page = c.get(f"/groups/{group.pk}/books/entries/{entry.pk}/").content.decode()
    assert "/media/" not in page
    link = f"/groups/{group.pk}/books/entries/{entry.pk}/receipt-photo/"
    assert f'href="{link}"' in page
    for reader in (treasurer, member, officer):
        r = client_for(reader).get(link)
        assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
        assert "private" in r["Cache-Control"]
        _assert_upright_and_bare(b"".join(r.streaming_content))
    for stranger in (outsider, other_district_officer, other_group_chair):
        assert client_for(stranger).get(link).status_code == 404
    assert Client().get(link).status_code == 404
    assert Client().get(f"/media/{stored}").status_code == 404
    assert client_for(treasurer).get(f"/media/{stored}").status_code == 404


def test_an_entry_without_a_photo_has_no_photo_to_serve(client_for, treasurer, group, cash) -> None:
    c = client_for(treasurer)
    c.post(
        f"/groups/{group.pk}/books/",
        {
            "date": "05/03/2568",
            "category": category("income", "sales").pk,
            "amount": "10",
            "account": cash.pk,
        },
    )
    entry = Entry.objects.get(group=group)
    assert c.get(f"/groups/{group.pk}/books/entries/{entry.pk}/receipt-photo/").status_code == 404


def test_a_visit_photo_is_stored_upright_and_bare(client_for, officer, outsider, group) -> None:
    c = client_for(officer)
    r = c.post(
        f"/groups/{group.pk}/visits/",
        {"visited_on": "20/11/2569", "purpose": "follow_up", "people_present": "6", "photos": phone_photo()},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    photo = VisitPhoto.objects.get()
    assert (photo.width, photo.height) == (200, 400)
    url = f"/groups/{group.pk}/visit-photos/{photo.pk}/"
    _assert_upright_and_bare(b"".join(c.get(url).streaming_content))
    assert client_for(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_a_proposal_document_is_refused_to_anyone_outside_the_area(
    client_for, officer, district_head, outsider, other_district_officer, village, sungai_padi, occupation
) -> None:
    from decimal import Decimal

    from sammachip.places.models import PartnerAgency
    from sammachip.plans import services as plans

    partner = PartnerAgency.objects.create(name="อบต.", kind="lao", district=sungai_padi)
    plan = plans.open_plan(village=village, year=2026, by=officer)
    project = plans.add_project(
        plan=plan, by=officer, title="x", objective="x", kind="occupation", occupation=occupation,
        target_households=1, budget=Decimal(10), funding="village",
    )  # fmt: skip
    proposal = plans.create_proposal(
        project=project, partner=partner, amount_requested=Decimal(10), on=dt.date(2026, 10, 1), note="", by=officer
    )  # fmt: skip
    document = plans.attach_document(
        proposal=proposal, upload=SimpleUploadedFile("budget.pdf", b"%PDF-1.4 x"), by=officer
    )
    url = f"/proposal-documents/{document.pk}/"
    assert client_for(officer).get(url).status_code == 200
    assert client_for(district_head).get(url).status_code == 200
    for stranger in (outsider, other_district_officer):
        assert client_for(stranger).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert Client().get(f"/media/{document.file.name}").status_code == 404
