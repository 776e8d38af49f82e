"""The public flyer (a PDF drawn by WeasyPrint) answers a browser that already has it with 304, and any
change to what it shows gives it a new ETag."""

from __future__ import annotations

import pytest
from django.test import Client

from sammachip.market.models import MarketProfile, Product
from tests.market.test_pages import marketing, page  # noqa: F401 - the published page of test_pages


@pytest.mark.usefixtures("page")
def test_the_flyer_answers_304_to_a_matching_etag_and_changes_with_its_products() -> None:
    anon = Client()
    first = anon.get("/g/soap-sako/flyer.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    etag = first["ETag"]
    assert etag
    again = anon.get("/g/soap-sako/flyer.pdf", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    # a product's new price is on the flyer: a new ETag, and the old one draws the PDF again
    product = Product.objects.get()
    product.price = product.price + 1
    product.save()
    changed = anon.get("/g/soap-sako/flyer.pdf", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.content.startswith(b"%PDF")
    assert changed["ETag"] != etag
    # so does the page's own text
    MarketProfile.objects.update(location="ตลาดนัดวันศุกร์")
    assert anon.get("/g/soap-sako/flyer.pdf", HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


@pytest.mark.usefixtures("page")
def test_a_hidden_page_has_no_flyer_even_with_an_old_etag() -> None:
    anon = Client()
    etag = anon.get("/g/soap-sako/flyer.pdf")["ETag"]
    MarketProfile.objects.update(is_published=False)
    assert anon.get("/g/soap-sako/flyer.pdf", HTTP_IF_NONE_MATCH=etag).status_code == 404
