"""Money is exact on every database: the rules the database checks and the sums it makes compare whole
satang, so a valid amount is never refused because SQLite keeps decimals as floats (553.02 + 108.42 is
661.4399999999999 there). Property tests drive the real services and pages with random amounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import DividendRun, FiscalYear
from sammachip.visits.models import AnnualReport
from tests.bookkeeping.conftest import category
from tests.conftest import pass_resolution

# Whole satang, ฿0.01 to ฿100,000.00, as Decimals with two places.
SATANG = st.integers(min_value=1, max_value=10_000_000).map(lambda n: Decimal(n).scaleb(-2))
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
YEAR = dt.date(2025, 1, 1)


@contextmanager
def rolled_back() -> Iterator[None]:
    """One hypothesis example in its own savepoint, undone at its end (the test's fixtures stay)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def share_charter(group, officer):
    """50% by work, 20% on shares, 10% reserve, 20% a welfare fund; any expense here is within the limit."""
    from sammachip.groups import services as gs

    draft = gs.draft_charter(
        group=group, own_rules=[], settings={"reserve_percent": 10, "dividend_percent": 50, "share_dividend_percent": 20, "spending_limit": 10**9},
        funds=[("สวัสดิการสมาชิก", Decimal(20))], by=officer,
    )  # fmt: skip
    pass_resolution(group, officer, kind="adopt_charter", charter=draft)
    return draft


def _entry(group, by, cash, day, kind, code, amount, **extra):  # type: ignore[no-untyped-def]
    return services.record_entry(
        group=group,
        by=by,
        date=day,
        kind=kind,
        category=category(kind, code),
        amount=amount,
        account=cash,
        **extra,
    )


def _year_with_work_and_shares(group, treasurer, production, task, cash, *, sales, shares, hours):  # type: ignore[no-untyped-def]
    members = list(group.memberships.order_by("number"))
    for m, amount in zip(members, shares, strict=False):
        _entry(group, treasurer, cash, YEAR, "income", "opening_shares", amount, membership=m)
    _entry(group, treasurer, cash, dt.date(2025, 3, 1), "income", "sales", sales)
    for m, quantity in zip(members, hours, strict=False):
        services.record_work(
            group=group, membership=m, task=task, date=dt.date(2025, 5, 1), quantity=quantity, by=production,
            day_limit=False,  # a year's hours on one date, as an old ledger brings them
        )  # fmt: skip
    return FiscalYear.objects.get(group=group, starts_on=YEAR)


def test_dividend_run_page_when_a_members_two_parts_do_not_add_up_in_float(
    client_for, group, treasurer, production, task, cash, share_charter
) -> None:
    # Profit 1,000.08: 500.04 by work and 200.02 on shares, both to member 1 — 700.06 in all, which SQLite's
    # floats make 700.0599999999999 when it adds the two parts.
    year = _year_with_work_and_shares(
        group,
        treasurer,
        production,
        task,
        cash,
        sales=Decimal("1000.08"),
        shares=[Decimal(100)],
        hours=[Decimal(5)],
    )
    c = client_for(treasurer)
    assert c.post(f"/groups/{group.pk}/years/{year.pk}/close/", {"confirm": "yes"}).status_code == 302
    assert c.post(f"/groups/{group.pk}/years/{year.pk}/dividends/").status_code == 302
    share = DividendRun.objects.get(fiscal_year=year).shares.get()
    assert (share.work_amount, share.capital_amount, share.amount) == (
        Decimal("500.04"),
        Decimal("200.02"),
        Decimal("700.06"),
    )


def test_annual_report_page_with_income_less_expense_not_exact_in_float(client_for, group, treasurer) -> None:
    r = client_for(treasurer).post(
        f"/groups/{group.pk}/reports/",
        {"fiscal_year_start": "2024-01-01", "income": "1,250.50", "expense": "1,000.20"},
    )
    assert r.status_code == 302
    assert AnnualReport.objects.get().net_profit == Decimal("250.30")


def test_annual_report_from_a_closed_years_books_not_exact_in_float(
    client_for, group, treasurer, cash, charter
) -> None:
    _entry(group, treasurer, cash, dt.date(2025, 3, 1), "income", "sales", Decimal("1250.50"))
    _entry(group, treasurer, cash, dt.date(2025, 3, 2), "expense", "raw_materials", Decimal("1000.20"))
    services.close_year(year=group.fiscal_years.get(), by=treasurer)
    r = client_for(treasurer).post(f"/groups/{group.pk}/reports/", {"fiscal_year_start": "2025-01-01"})
    assert r.status_code == 302
    report = AnnualReport.objects.get()
    assert report.from_books and report.net_profit == Decimal("250.30")


@PROPERTY
@given(
    sales=SATANG,
    shares=st.lists(SATANG, min_size=1, max_size=3),
    hours=st.lists(
        st.integers(min_value=1, max_value=100_000).map(lambda n: Decimal(n).scaleb(-2)),
        min_size=1,
        max_size=3,
    ),
)
def test_any_dividend_run_is_stored_as_computed(
    group, treasurer, production, task, cash, share_charter, sales, shares, hours
) -> None:
    with rolled_back():
        year = _year_with_work_and_shares(
            group, treasurer, production, task, cash, sales=sales, shares=shares, hours=hours
        )
        close = services.close_year(year=year, by=treasurer)
        assert close.net_profit == sales
        run = services.create_dividend_run(year=year, by=treasurer)
        stored = list(run.shares.all())
        assert all(s.amount == s.work_amount + s.capital_amount for s in stored)
        assert sum(s.work_amount for s in stored) == run.pool
        assert sum(s.capital_amount for s in stored) == run.share_pool
        if run.share_pool:  # (a profit of a few satang leaves nothing to pay on shares)
            assert run.total_capital == sum(shares, Decimal(0))


@PROPERTY
@given(income=SATANG, expense=SATANG)
def test_any_typed_annual_report_is_accepted_on_the_page(
    client_for, group, treasurer, income, expense
) -> None:
    c = client_for(treasurer)
    with rolled_back():
        r = c.post(
            f"/groups/{group.pk}/reports/",
            {"fiscal_year_start": "2024-01-01", "income": f"{income:,.2f}", "expense": f"{expense:,.2f}"},
        )
        assert r.status_code == 302
        report = AnnualReport.objects.get()
        assert (report.income, report.expense, report.net_profit) == (income, expense, income - expense)


@PROPERTY
@given(income=SATANG, expense=SATANG)
def test_any_closed_year_reports_from_its_books(
    client_for, group, treasurer, cash, share_charter, income, expense
) -> None:
    c = client_for(treasurer)
    with rolled_back():
        # money held before the year, so any expense is covered (not part of the year's P&L)
        _entry(group, treasurer, cash, YEAR, "income", "opening_balance", Decimal("200000.00"))
        _entry(group, treasurer, cash, dt.date(2025, 3, 1), "income", "sales", income)
        _entry(group, treasurer, cash, dt.date(2025, 3, 2), "expense", "raw_materials", expense)
        services.close_year(year=group.fiscal_years.get(), by=treasurer)
        assert c.post(f"/groups/{group.pk}/reports/", {"fiscal_year_start": "2025-01-01"}).status_code == 302
        assert AnnualReport.objects.get().net_profit == income - expense


def test_year_page_total_of_dividends_keeps_its_satang(
    client_for, group, treasurer, production, task, cash, share_charter
) -> None:
    # 500.04 by work + 200.02 on shares: the page once added them in the template (`add` turns each into
    # an int) and showed 700.00.
    year = _year_with_work_and_shares(
        group,
        treasurer,
        production,
        task,
        cash,
        sales=Decimal("1000.08"),
        shares=[Decimal(100)],
        hours=[Decimal(5)],
    )
    services.close_year(year=year, by=treasurer)
    services.create_dividend_run(year=year, by=treasurer)
    page = client_for(treasurer).get(f"/groups/{group.pk}/years/{year.pk}/").content.decode()
    footer = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert "700.06" in footer and "700.00" not in footer
