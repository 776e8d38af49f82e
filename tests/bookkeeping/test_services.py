"""The books through their services and the database: append-only, closed years locked, exact sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import DividendShare, Entry, WorkRecord
from tests.bookkeeping.conftest import category
from tests.conftest import pass_resolution


def test_close_and_dividends_by_work(year_2025, treasurer, group, cash) -> None:
    close = services.close_year(year=year_2025, by=treasurer)
    assert (close.income, close.expense, close.net_profit) == (
        Decimal("12000.00"),
        Decimal("4000.00"),
        Decimal("8000.00"),
    )
    assert close.statement["split"]["dividend"] == "4800.00" and close.grants == Decimal("2000.00")
    run = services.create_dividend_run(year=year_2025, by=treasurer)
    amounts = [s.amount for s in run.shares.order_by("member_number")]
    assert amounts == [Decimal("800.00"), Decimal("1600.00"), Decimal("2400.00")]
    with pytest.raises(ValidationError):
        services.pay_dividends(run=run, on=dt.date(2026, 1, 10), account=cash, by=treasurer)
    pass_resolution(group, treasurer, on=dt.date(2026, 1, 5), kind="approve_year", fiscal_year=year_2025)
    run.refresh_from_db()
    assert run.status == "approved" and run.approval_resolution_id is not None
    services.pay_dividends(run=run, on=dt.date(2026, 1, 10), account=cash, by=treasurer)
    paid = Entry.objects.filter(category__role="dividend")
    assert paid.count() == 3 and sum(e.amount for e in paid) == Decimal("4800.00")
    assert all(e.fiscal_year.starts_on == dt.date(2026, 1, 1) for e in paid)


def test_closed_year_refuses_entries_and_work(year_2025, treasurer, production, group, cash, task) -> None:
    services.close_year(year=year_2025, by=treasurer)
    with pytest.raises(ValidationError):
        services.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 6, 1),
            kind="income",
            category=category("income", "sales"),
            amount=Decimal("1.00"),
            account=cash,
        )
    with pytest.raises(ValidationError):
        services.record_work(
            group=group,
            membership=group.memberships.first(),
            task=task,
            date=dt.date(2025, 6, 1),
            quantity=Decimal(1),
            by=production,
        )
    entry = Entry.objects.filter(fiscal_year=year_2025).order_by("number")[0]
    with pytest.raises(ValidationError):
        services.reverse_entry(entry=entry, reason="ผิด", by=treasurer)


@pytest.mark.django_db(transaction=True)
def test_database_refuses_editing_an_entry_or_writing_into_a_closed_year(year_2025, treasurer, group) -> None:
    entry = Entry.objects.filter(fiscal_year=year_2025).order_by("number")[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    services.close_year(year=year_2025, by=treasurer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            group=group, fiscal_year=year_2025, number=999, date=dt.date(2025, 6, 1), kind="income",
            category=entry.category, amount=Decimal("5.00"), account=entry.account, recorded_by=treasurer,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkRecord.objects.filter(group=group).update(quantity=Decimal(99))
    run = services.create_dividend_run(year=year_2025, by=treasurer)
    with pytest.raises(IntegrityError), transaction.atomic():
        DividendShare.objects.filter(run=run).update(amount=Decimal("1.00"))


def test_reversal_cancels_and_keeps_both(year_2025, treasurer, group) -> None:
    entry = Entry.objects.get(fiscal_year=year_2025, category__code="raw_materials")
    reversal = services.reverse_entry(entry=entry, reason="บันทึกซ้ำ", by=treasurer)
    assert reversal.amount == Decimal("-4000.00") and reversal.reverses == entry
    with pytest.raises(ValidationError):
        services.reverse_entry(entry=entry, reason="again", by=treasurer)
    close = services.close_year(year=year_2025, by=treasurer)
    assert close.expense == Decimal("0.00") and close.net_profit == Decimal("12000.00")


@pytest.mark.parametrize("amount", ["0", "-5", "1.005"])
def test_bad_amounts_are_refused(group, treasurer, cash, amount) -> None:
    with pytest.raises(ValidationError):
        services.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 6, 1),
            kind="income",
            category=category("income", "sales"),
            amount=Decimal(amount),
            account=cash,
        )
    assert not Entry.objects.exists()


def test_grant_needs_its_partner(group, treasurer, cash) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 6, 1),
            kind="income",
            category=category("income", "grant"),
            amount=Decimal("5"),
            account=cash,
        )
    assert "partner" in exc.value.message_dict


def test_work_for_someone_not_a_member_on_that_date(group, officer, production, task) -> None:
    m = group.memberships.order_by("number").last()
    with pytest.raises(ValidationError):
        services.record_work(
            group=group, membership=m, task=task, date=dt.date(2023, 1, 1), quantity=Decimal(1), by=production
        )
    from sammachip.groups import services as gs

    gs.end_membership(membership=m, on=dt.date(2025, 1, 31), reason="moved", by=officer)
    with pytest.raises(ValidationError):
        services.record_work(
            group=group, membership=m, task=task, date=dt.date(2025, 2, 1), quantity=Decimal(1), by=production
        )
    services.record_work(
        group=group, membership=m, task=task, date=dt.date(2025, 1, 31), quantity=Decimal(1), by=production
    )


def test_dividend_run_with_no_work_is_refused(group, treasurer, cash, charter) -> None:
    services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("100.00"),
        account=cash,
    )
    year = group.fiscal_years.get()
    services.close_year(year=year, by=treasurer)
    with pytest.raises(ValidationError) as exc:
        services.create_dividend_run(year=year, by=treasurer)
    assert exc.value.messages == ["ปีนี้ไม่มีงานที่ยืนยันแล้ว จึงแบ่งปันผลตามงานไม่ได้"]  # not any "ไม่มี"


def test_pending_work_does_not_count_until_confirmed(group, member, production, task, year_2025) -> None:
    own = group.memberships.get(person__user=member)
    record = services.record_work(
        group=group, membership=own, task=task, date=dt.date(2025, 6, 1), quantity=Decimal(5), by=member
    )
    before = services.work_by_member(group, year_2025.starts_on, year_2025.ends_on).get(own.pk, Decimal(0))
    services.confirm_work(record=record, accept=True, by=production)
    after = services.work_by_member(group, year_2025.starts_on, year_2025.ends_on)[own.pk]
    assert after - before == Decimal(5)


def test_exact_sums_over_many_small_amounts(group, treasurer, cash) -> None:
    for _ in range(300):
        services.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 6, 1),
            kind="income",
            category=category("income", "sales"),
            amount=Decimal("0.10"),
            account=cash,
        )
    services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 6, 1),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("999999999.99"),
        account=cash,
    )
    year = group.fiscal_years.get()
    totals = services.category_totals(year)
    assert totals[0].total == Decimal("1000000029.99")


def test_dividends_on_shares_follow_paid_up_shares(group, treasurer, cash, officer, production, task) -> None:
    from sammachip.groups import services as gs

    draft = gs.draft_charter(
        group=group, own_rules=[], settings={"reserve_percent": 10, "dividend_percent": 50, "share_dividend_percent": 20},
        funds=[("สวัสดิการสมาชิก", Decimal(20))], by=officer,
    )  # fmt: skip
    pass_resolution(group, officer, kind="adopt_charter", charter=draft)
    members = list(group.memberships.order_by("number"))
    shares = category("income", "shares")
    for m, amount in [(members[0], "100.00"), (members[1], "300.00")]:
        services.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 2, 1),
            kind="income",
            category=shares,
            amount=Decimal(amount),
            account=cash,
            membership=m,
        )
    services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("9600.00"),
        account=cash,
    )
    services.record_work(
        group=group,
        membership=members[2],
        task=task,
        date=dt.date(2025, 5, 1),
        quantity=Decimal(10),
        by=production,
    )
    year = group.fiscal_years.get()
    services.close_year(year=year, by=treasurer)
    run = services.create_dividend_run(year=year, by=treasurer)
    # profit 9,600 (the 400 of shares is capital, not income): 50% by work, 20% on shares
    assert (run.pool, run.share_pool, run.total_capital) == (
        Decimal("4800.00"),
        Decimal("1920.00"),
        Decimal("400.00"),
    )
    got = {s.member_number: (s.work_amount, s.capital_amount, s.amount) for s in run.shares.all()}
    assert got == {
        1: (Decimal("0.00"), Decimal("480.00"), Decimal("480.00")),
        2: (Decimal("0.00"), Decimal("1440.00"), Decimal("1440.00")),
        3: (Decimal("4800.00"), Decimal("0.00"), Decimal("4800.00")),
    }


def test_share_dividends_without_recorded_shares_are_refused(
    group, treasurer, cash, officer, production, task
) -> None:
    from sammachip.groups import services as gs

    draft = gs.draft_charter(
        group=group,
        own_rules=[],
        settings={"reserve_percent": 10, "dividend_percent": 50, "share_dividend_percent": 40},
        funds=[],
        by=officer,
    )
    pass_resolution(group, officer, kind="adopt_charter", charter=draft)
    services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("100.00"),
        account=cash,
    )
    services.record_work(
        group=group,
        membership=group.memberships.first(),
        task=task,
        date=dt.date(2025, 5, 1),
        quantity=Decimal(1),
        by=production,
    )
    year = group.fiscal_years.get()
    services.close_year(year=year, by=treasurer)
    with pytest.raises(ValidationError):
        services.create_dividend_run(year=year, by=treasurer)
    from sammachip.bookkeeping.models import DividendRun

    assert not DividendRun.objects.filter(fiscal_year=year).exists()


def test_split_that_does_not_add_to_100_is_refused_by_the_service(group, officer) -> None:
    from sammachip.groups import services as gs

    with pytest.raises(ValidationError):
        gs.draft_charter(
            group=group,
            own_rules=[],
            settings={"reserve_percent": 10, "dividend_percent": 60},
            funds=[("x", Decimal(20))],
            by=officer,
        )


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_deleting_entries_work_shares_and_votes(
    year_2025, treasurer, officer, group, cash
) -> None:
    """No code path loses a line of the books: a DELETE of an entry (of an open or a closed year), a work
    record, a dividend share or a vote is refused by the database itself — by the ORM or by plain SQL."""
    from django.db import connection

    from sammachip.meetings.models import Vote
    from sammachip.privacy import services as privacy

    def kept() -> tuple[int, ...]:
        return tuple(m.objects.count() for m in (Entry, WorkRecord, DividendShare, Vote))

    open_entry = services.record_entry(
        group=group, by=treasurer, date=dt.date(2026, 1, 5), kind="income",
        category=category("income", "sales"), amount=Decimal("15.00"), account=cash,
    )  # fmt: skip
    services.close_year(year=year_2025, by=treasurer)
    run = services.create_dividend_run(year=year_2025, by=treasurer)
    closed_entry = Entry.objects.filter(fiscal_year=year_2025).order_by("number")[0]
    counts = kept()
    assert all(counts) and run.shares.exists()
    for rows in (
        Entry.objects.filter(pk=open_entry.pk),
        Entry.objects.filter(pk=closed_entry.pk),
        WorkRecord.objects.filter(group=group),
        DividendShare.objects.filter(run=run),
        Vote.objects.all(),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.delete()
    for model in (Entry, WorkRecord, DividendShare, Vote):
        table = model._meta.db_table
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    assert kept() == counts
    # Erasure (PDPA) still anonymises a person who did work, holds a share and voted — deleting nothing.
    worker = WorkRecord.objects.filter(group=group).order_by("membership__number")[0].membership
    from sammachip.groups import services as group_services

    group_services.end_membership(membership=worker, on=dt.date(2026, 11, 1), reason="moved", by=officer)
    person = privacy.erase_person(person=worker.person, reason="ขอลบ", by=officer)
    assert person.national_id is None and person.first_name == privacy.ERASED_NAME
    assert kept() == counts


def test_charter_split_reads_the_funds_with_their_charter(group, charter, officer) -> None:
    """One query for the charter in force and its funds; a newer adopted version replaces the older."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sammachip.groups.models import Charter

    with CaptureQueriesContext(connection) as ctx:
        found, parts = services.charter_split(group)
    assert len(ctx.captured_queries) == 1
    assert found == charter and parts == Charter.objects.get(pk=charter.pk).split_parts()
    assert [key for key, _label, _percent in parts][:2] == ["reserve", "dividend"]
    assert any(key.startswith("fund:") for key, _label, _percent in parts)
    charter.funds.all().delete()  # a charter naming no fund: read alone
    found, parts = services.charter_split(group)
    assert found == charter and not any(key.startswith("fund:") for key, _label, _percent in parts)


def test_year_figures_agree_with_category_totals_and_balances(group, year_2025, treasurer, cash) -> None:
    """The open year's statement reads its category totals and its balances in one GROUP BY: the same
    figures as the two functions the close uses, with entries of other years before and after it."""
    from sammachip.bookkeeping.models import MoneyAccount

    bank = services.add_account(group=group, type=MoneyAccount.Type.BANK, name="ออมทรัพย์", bank="ธ.ก.ส.",
                                number="123", by=treasurer)  # fmt: skip
    services.add_account(group=group, type=MoneyAccount.Type.BANK, name="ยังไม่ใช้", bank="ธ.ก.ส.",
                         number="456", by=treasurer)  # fmt: skip
    sales = category("income", "sales")
    services.record_entry(group=group, by=treasurer, date=dt.date(2025, 8, 3), kind="income",
                          category=sales, amount=Decimal("77.77"), account=bank)  # fmt: skip
    services.record_entry(group=group, by=treasurer, date=dt.date(2026, 2, 3), kind="income",
                          category=sales, amount=Decimal("5.01"), account=bank)  # fmt: skip
    services.record_entry(group=group, by=treasurer, date=dt.date(2024, 12, 31), kind="income",
                          category=sales, amount=Decimal("12.34"), account=cash)  # fmt: skip
    for year in group.fiscal_years.all():
        totals, balances = services.year_figures(year)
        assert totals == services.category_totals(year)
        assert balances == services.balances(group, year.ends_on)
    assert any(b["name"] == "ยังไม่ใช้" and b["balance"] == 0 for b in balances)
