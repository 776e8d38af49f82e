"""The PromptPay payload against published reference vectors of the Thai QR Payment standard (the
vectors the dtinth/promptpay-qr library publishes, used across Thai payment code)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sammachip.market.promptpay import PromptPayError, crc16, encode, normalize_id, payload

VECTORS = [
    ("0899999999", None, "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29"),
    ("0899999999", Decimal("420"), "00020101021229370016A000000677010111011300668999999995802TH53037645406420.006304CF9E"),
    ("0812345678", None, "00020101021129370016A000000677010111011300668123456785802TH530376463045D82"),
    ("0891234567", Decimal("13371337.75"), "00020101021229370016A000000677010111011300668912345675802TH5303764541113371337.756304B7D7"),
]  # fmt: skip


@pytest.mark.parametrize(("target", "amount", "expected"), VECTORS)
def test_reference_vectors(target: str, amount: Decimal | None, expected: str) -> None:
    assert payload(target, amount) == expected


def test_reference_vectors_of_ids_the_library_does_not_check() -> None:
    # The library's own examples use IDs without a valid check digit; our encoder gives the same bytes,
    # while `payload` (what the app uses) refuses such an ID.
    assert (
        encode("1111111111111")
        == "00020101021129370016A000000677010111021311111111111115802TH530376463047B5A"
    )
    assert encode("0000000000", Decimal("4.22")) == (
        "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469"
    )
    with pytest.raises(PromptPayError):
        payload("1111111111111")


def test_crc_is_ccitt_false() -> None:
    assert crc16("00020101021129370016A0000006770101110113006681222333353037645802TH6304") == "1DCF"
    assert crc16("123456789") == "29B1"  # the standard check value of CRC-16/CCITT-FALSE


def test_numbers_people_type_are_accepted_and_wrong_ones_refused() -> None:
    assert (
        normalize_id("081-234-5678")
        == normalize_id("+66 81 234 5678")
        == normalize_id("๐๘๑๒๓๔๕๖๗๘")
        == "0812345678"
    )
    assert normalize_id("0994000165510") == "0994000165510"  # a juristic tax ID (check digit valid)
    for bad in ("", "021234567", "12345", "1234567890123", "08123456789", "abc"):
        with pytest.raises(PromptPayError):
            normalize_id(bad)
    with pytest.raises(PromptPayError):
        payload("0812345678", Decimal("1.005"))
