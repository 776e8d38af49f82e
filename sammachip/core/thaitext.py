"""Amounts in Thai words for receipts and slips, built from Decimal (pythainlp's bahttext takes floats); and
the order of Thai names, as a Thai dictionary sorts them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from sammachip.core.money import round_money

T = TypeVar("T")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def baht_in_words(amount: Decimal) -> str:
    """1250.50 → "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"; whole baht end with "ถ้วน"."""
    from pythainlp.util import num_to_thaiword

    value = round_money(Decimal(amount))
    negative = value < 0
    value = abs(value)
    baht = int(value)
    satang = int((value - baht) * 100)
    text = ("ลบ" if negative else "") + (num_to_thaiword(baht) if baht else "ศูนย์") + "บาท"
    if baht == 0 and satang:
        text = "ลบ" if negative else ""
    if satang:
        text += num_to_thaiword(satang) + "สตางค์"
    else:
        text += "ถ้วน"
    return text


_TONE = re.compile(r"[\u0e47-\u0e4c]")
_LEADING_VOWEL = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")


def thai_key(text: str) -> str:
    """The sort key of PyThaiNLP's `collate` (Thai dictionary order): a leading vowel เ แ โ ใ ไ sorts
    under the consonant it is written before, and tone marks count only after everything else. Python's
    own order and the databases' put every เ… name after every ฮ… name. Lists of people, groups, villages
    and households are sorted with it after the query (and paginated after sorting): the same order on
    SQLite and PostgreSQL, whatever collation the database was created with."""
    tone = _TONE.search(text)
    return _LEADING_VOWEL.sub(r"\2\1", _TONE.sub("", text)) + (tone.group() if tone else "")


def thai_sorted(rows: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`rows` in Thai dictionary order of `name(row)`; rows with the same name keep their order."""
    return sorted(rows, key=lambda row: thai_key(name(row)))


def thai_ordered_ids(rows: Any, field: str = "name") -> list[int]:
    """The primary keys of a queryset in Thai order of `field` (then by key), read as (pk, name) pairs only:
    a long list is sorted without loading its rows, then a page of them is fetched (`in_order`)."""
    pairs = rows.order_by().values_list("pk", field)
    return [pk for pk, _name in sorted(pairs, key=lambda pair: (thai_key(pair[1] or ""), pair[0]))]


def in_order(rows: Iterable[T], ids: list[int]) -> list[T]:
    """`rows` (each with a pk among `ids`) in the order of `ids`."""
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row.pk])  # type: ignore[attr-defined]


# Characters that show nothing but break a match: zero-width space and joiners, the byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A dash, dot or space between two digits (081-234-5678, 081 234 5678, 1.2.3): a phone or code written in parts.
_DIGIT_JOIN = re.compile(r"(?<=\d)[\-\u2010-\u2015.\s](?=\d)")


def search_key(*parts: str | None) -> str:
    """The form in which text is both stored for search and searched for, so that what one officer typed
    matches what another typed: PyThaiNLP's `normalize` (sara am typed as nikhahit + sara aa, a tone mark
    typed before its vowel, doubled vowels and spaces), invisible characters removed, Thai digits as Arabic
    digits, the dashes and spaces inside a number removed (081-234-5678 is 0812345678) and small letters."""
    from pythainlp.util import normalize

    out = []
    for part in parts:
        if part:
            text = normalize(_INVISIBLE.sub("", part).translate(_THAI_DIGITS))
            out.append(_DIGIT_JOIN.sub("", text).casefold())
    return " ".join(" ".join(out).split())


def search_words(query: str, *, limit: int = 8) -> list[str]:
    """The words of a search, each in the stored form: every one of them must be found (any part of a word)."""
    words = search_key(query[:200]).split()
    return list(dict.fromkeys(words))[:limit]


def fill_search_text(rows: Iterable[T]) -> list[T]:
    """Set `search_text` on rows about to be bulk-created (their `save()` is not called): each model
    says which of its fields are searched in `search_parts()`."""
    out = list(rows)
    for row in out:
        row.search_text = search_key(*row.search_parts())  # type: ignore[attr-defined]
    return out
