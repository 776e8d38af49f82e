"""Pure arithmetic and parsing: money, Thai dates, national IDs."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sammachip.core import thaidate
from sammachip.core.money import AmountError, parse_amount, round_money, split_by_weight
from sammachip.core.thaiid import check_digit, is_valid_national_id, mask_national_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,250.50", "1250.50"), ("๑๒๕๐", "1250.00"), ("฿ 30", "30.00"), ("0.5", "0.50"), ("1250", "1250.00")],
)
def test_parse_amount_accepts_what_thai_users_type(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    # forty digits: more than the decimal context holds, once a 500 (rounding raised before the size check)
    "text",
    ["1.005", "abc", "1,25", "", "12,34,56", "1" * 40, "1" * 40 + ".50", "0." + "0" * 40 + "1", "9" * 13],
)
def test_parse_amount_refuses_rather_than_rounds(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


def test_round_money_is_half_up() -> None:
    assert round_money(Decimal("2.345")) == Decimal("2.35")
    assert round_money(Decimal("2.344")) == Decimal("2.34")


def test_split_gives_the_tie_to_the_earlier_key_and_nothing_without_work() -> None:
    parts = split_by_weight(
        Decimal("100.00"), {1: Decimal(1), 2: Decimal(1), 3: Decimal(1), 4: Decimal(0)}, order=[1, 2, 3, 4]
    )
    assert parts == {1: Decimal("33.34"), 2: Decimal("33.33"), 3: Decimal("33.33"), 4: Decimal("0.00")}


@given(
    pool=st.decimals(min_value=0, max_value=10_000_000, places=2),
    weights=st.lists(st.decimals(min_value=0, max_value=1000, places=2), min_size=1, max_size=40),
)
def test_split_always_adds_up_to_the_pool(pool: Decimal, weights: list[Decimal]) -> None:
    parts = split_by_weight(pool, dict(enumerate(weights)), order=list(range(len(weights))))
    if sum(weights) > 0:
        assert sum(parts.values()) == pool
    assert all(parts[i] == 0 for i, w in enumerate(weights) if w == 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07/03/2568", dt.date(2025, 3, 7)),
        ("7/3/2025", dt.date(2025, 3, 7)),
        ("๐๗/๐๓/๒๕๖๘", dt.date(2025, 3, 7)),
        ("2025-03-07", dt.date(2025, 3, 7)),
        ("29-02-2567", dt.date(2024, 2, 29)),
        # issue 20: what a phone's number pad types
        ("02122569", dt.date(2026, 12, 2)),
        ("02.12.2569", dt.date(2026, 12, 2)),
        ("02/12/2569", dt.date(2026, 12, 2)),
        ("2.12.2569", dt.date(2026, 12, 2)),
        ("๐๒๑๒๒๕๖๙", dt.date(2026, 12, 2)),
        ("02122026", dt.date(2026, 12, 2)),
        (" 02 / 12 / 2569 ", dt.date(2026, 12, 2)),
        ("29022567", dt.date(2024, 2, 29)),
        ("01012443", dt.date(1900, 1, 1)),  # a year ≥ 2400 is พ.ศ. (−543)
        ("01012199", dt.date(2199, 1, 1)),  # below 2400: C.E.
    ],
)
def test_parse_date_reads_buddhist_and_common_era(text: str, expected: dt.date) -> None:
    assert thaidate.parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2568", "hello", "07/03/25", "1/13/2568",
        # digits only: exactly dd mm yyyy, a real day, a year in range
        "2122569", "021225690", "021269", "31022569", "02132569", "00122569", "02120000", "0212 2569",
        "02/122569", "02..12.2569", "01012399",
    ],
)  # fmt: skip
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        thaidate.parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/2569", dt.date(2026, 10, 1)),
        ("3/2569", dt.date(2026, 3, 1)),
        ("102569", dt.date(2026, 10, 1)),  # digits only, from a phone's number pad
        ("032026", dt.date(2026, 3, 1)),
        ("10.2569", dt.date(2026, 10, 1)),
        ("10 / 2569", dt.date(2026, 10, 1)),
        ("๑๐๒๕๖๙", dt.date(2026, 10, 1)),
        ("มี.ค. 2569", dt.date(2026, 3, 1)),
        ("2026-03", dt.date(2026, 3, 1)),
        ("15/10/2569", dt.date(2026, 10, 1)),
        ("15102569", dt.date(2026, 10, 1)),
    ],
)
def test_parse_month_reads_what_people_type(text: str, expected: dt.date) -> None:
    assert thaidate.parse_month(text) == expected


@pytest.mark.parametrize("text", ["13/2569", "132569", "02569", "1025690", "10/69", "hello", "002569"])
def test_parse_month_refuses_what_is_not_a_month(text: str) -> None:
    with pytest.raises(ValueError):
        thaidate.parse_month(text)


def test_format_date_shows_buddhist_era_in_thai() -> None:
    from django.utils import translation

    with translation.override("th"):
        assert thaidate.format_date(dt.date(2025, 3, 7)) == "7 มี.ค. 2568"
    with translation.override("en"):
        assert thaidate.format_date(dt.date(2025, 3, 7)) == "7 Mar 2025"


def test_national_id_check_digit() -> None:
    assert is_valid_national_id("1-1017-00230-70-8") is (check_digit("110170023070") == 8)
    first = "310100123456"
    good = first + str(check_digit(first))
    assert is_valid_national_id(good)
    bad = first + str((check_digit(first) + 1) % 10)
    assert not is_valid_national_id(bad)
    assert not is_valid_national_id("12345")
    assert mask_national_id(good).endswith(good[-1]) and good[:9] not in mask_national_id(good)
