"""Thai QR Payment (PromptPay) payloads, EMVCo merchant-presented mode: tag-length-value fields closed
by a CRC-16/CCITT-FALSE checksum. Pure functions; no ORM."""

from __future__ import annotations

import binascii
import re
from decimal import Decimal

from sammachip.core.thaiid import is_valid_national_id

PROMPTPAY_AID = "A000000677010111"
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class PromptPayError(ValueError):
    pass


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
    return f"{binascii.crc_hqx(data.encode('ascii'), 0xFFFF):04X}"


def normalize_id(raw: str) -> str:
    """A Thai mobile number (0812345678, +66 81 234 5678) or a 13-digit national/tax ID, digits only.
    Refuses anything else."""
    digits = re.sub(r"[\s\-().]", "", (raw or "").translate(THAI_DIGITS))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    if re.fullmatch(r"0[689]\d{8}", digits):
        return digits
    if re.fullmatch(r"\d{13}", digits) and is_valid_national_id(digits):
        return digits  # a citizen's ID or a juristic tax ID (starts with 0): the same check digit
    raise PromptPayError("not a PromptPay number")


def payload(promptpay_id: str, amount: Decimal | None = None) -> str:
    """The string a banking app reads, for a checked mobile number or 13-digit ID."""
    return encode(normalize_id(promptpay_id), amount)


def encode(target: str, amount: Decimal | None = None) -> str:
    """Encode a 10-digit mobile number or a 13-digit ID as given. With an amount the code is for one
    payment (point of initiation 12), without it the payer types the amount (11)."""
    if len(target) == 10:
        account = _tlv("01", "0066" + target[1:])
    else:
        account = _tlv("02", target)
    fields = [
        _tlv("00", "01"),
        _tlv("01", "12" if amount else "11"),
        _tlv("29", _tlv("00", PROMPTPAY_AID) + account),
        _tlv("58", "TH"),
        _tlv("53", "764"),
    ]
    if amount:
        if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise PromptPayError("amount")
        fields.append(_tlv("54", f"{amount:.2f}"))
    data = "".join(fields) + "6304"
    return data + crc16(data)


def qr_svg(data: str, *, scale: int = 4) -> str:
    """An inline SVG QR code (no XML declaration, path-only: a few kilobytes)."""
    import segno

    return str(segno.make(data, error="m", micro=False).svg_inline(scale=scale, border=2, omitsize=True))


def qr_svg_document(data: str, *, scale: int = 4) -> bytes:
    """A standalone SVG file (with its XML namespace) for an <img> or a download."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True
    )
    return out.getvalue()
