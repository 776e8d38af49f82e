"""A dividend run keeps its inputs exactly: whatever a slip, the Excel export or the API shows, a member can
recompute the amount she was paid from it — pool × her work ÷ the group's work, rounded half up to the
satang, plus the satang the largest-remainder rounding gave or took so the shares add up to the pool."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import DividendRun
from tests.bookkeeping.conftest import category

CENT = Decimal("0.01")


def recompute(pool: Decimal, part: Decimal, whole: Decimal, rounding: Decimal) -> Decimal:
    return (pool * part / whole).quantize(CENT, rounding=ROUND_HALF_UP) + rounding


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("−", "-").replace("+", ""))


@pytest.fixture
def run_of_35(group, officer, treasurer, production, cash, charter, add_members) -> DividendRun:
    """35 members, work in hours × a piece weight of 1.237 (five decimals), a profit of 66,058.27."""
    add_members(group, 30)
    task = services.add_work_task(
        group=group, name="บรรจุขวด", unit="hours", weight=Decimal("1.237"), by=officer
    )
    services.record_entry(
        group=group, by=treasurer, date=dt.date(2025, 3, 1), kind="income", category=category("income", "sales"),
        amount=Decimal("66058.27"), account=cash,
    )  # fmt: skip
    draw = random.Random(18)  # noqa: S311 - test data, not security
    for m in group.memberships.order_by("number"):
        services.record_work(
            group=group, membership=m, task=task, date=dt.date(2025, 5, 1), by=production,
            quantity=Decimal(draw.randint(1, 5000)).scaleb(-2), day_limit=False,  # a year's hours on one date
        )  # fmt: skip
    year = group.fiscal_years.get()
    services.close_year(year=year, by=treasurer)
    return services.create_dividend_run(year=year, by=treasurer)


def test_the_run_keeps_the_work_with_every_decimal(run_of_35) -> None:
    shares = list(run_of_35.shares.all())
    assert len(shares) == 35
    # quantity (2 places) × weight (3 places): five places, none lost
    assert any(s.work != s.work.quantize(Decimal("0.0001")) for s in shares)
    assert run_of_35.total_work == sum(s.work for s in shares)


def test_every_slip_reproduces_the_amount_paid(client_for, run_of_35, treasurer, group, monkeypatch) -> None:
    import weasyprint

    seen: list[str] = []

    class Html:  # the slip's HTML as WeasyPrint gets it: what the printed slip shows
        def __init__(self, string: str, base_url: str | None = None) -> None:
            seen.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-"

    monkeypatch.setattr(weasyprint, "HTML", Html)
    c = client_for(treasurer)
    year = run_of_35.fiscal_year
    rounded = 0
    for share in run_of_35.shares.all():
        r = c.get(f"/groups/{group.pk}/years/{year.pk}/dividends/{share.pk}/slip.pdf")
        assert r.status_code == 200
        html = seen.pop()
        pool, work, whole = re.search(r"ปันผลตามงาน = ([\d,.]+) × ([\d,.]+) ÷ ([\d,.]+)", html).groups()  # type: ignore[union-attr]
        found = re.search(r'data-rounding="work">([+\-−]?[\d,.]+)', html)
        rounding = number(found.group(1)) if found else Decimal(0)
        rounded += found is not None
        assert recompute(number(pool), number(work), number(whole), rounding) == share.work_amount, share
        assert f"{share.amount:,.2f} บาท" in html
    assert 0 < rounded < 35  # some slips show the largest remainder's satang, most need none


def test_the_excel_export_reproduces_every_amount(client_for, run_of_35, treasurer, group) -> None:
    year = run_of_35.fiscal_year
    r = client_for(treasurer).get(f"/groups/{group.pk}/years/{year.pk}/dividends.xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    pool, whole = Decimal(str(ws["D2"].value)), Decimal(str(ws["F2"].value))
    paid = {s.member_number: s.amount for s in run_of_35.shares.all()}
    rows = [row for row in ws.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)]
    assert len(rows) == 35
    for row in rows:
        number_, work, amount = row[0], Decimal(str(row[2])), Decimal(str(row[4]))
        rounding = Decimal(str(row[9])) if len(row) > 9 and row[9] is not None else Decimal(0)
        assert amount == paid[number_]
        assert recompute(pool, work, whole, rounding) == amount, row


def test_the_api_reproduces_every_amount(client_for, run_of_35, treasurer, group) -> None:
    year = run_of_35.fiscal_year
    body = client_for(treasurer).get(f"/api/v1/groups/{group.pk}/years/{year.pk}").json()
    run = body["dividends"]
    pool, whole = Decimal(run["pool"]), Decimal(run["total_work"])
    assert len(body["shares"]) == 35
    for sh in body["shares"]:
        got = recompute(pool, Decimal(sh["work"]), whole, Decimal(sh["work_rounding"]))
        assert got == Decimal(sh["work_amount"]) == Decimal(sh["amount"])
