"""The books through the pages: record, reverse, daily book, settings, work, close, dividends, PDFs, Excel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import Category, DividendRun, Entry, FiscalYear, WorkRecord, WorkTask
from sammachip.core.models import AuditEvent
from tests.bookkeeping.conftest import category


def test_treasurer_records_an_entry_typed_the_thai_way(client_for, treasurer, group, cash) -> None:
    c = client_for(treasurer)
    r = c.post(
        f"/groups/{group.pk}/books/",
        {
            "date": "05/03/2568",
            "category": category("income", "sales").pk,
            "amount": "1,250.50",
            "account": cash.pk,
            "note": "ขาย 50 ขวด",
        },
    )
    assert r.status_code == 302
    e = Entry.objects.get(group=group)
    assert (e.amount, e.kind, e.date, e.number) == (Decimal("1250.50"), "income", dt.date(2025, 3, 5), 1)
    assert AuditEvent.objects.filter(verb="bookkeeping.entry.recorded", group_id=group.pk).exists()
    page = c.get(f"/groups/{group.pk}/books/?year={e.fiscal_year_id}&month=2025-03").content.decode()
    assert "1,250.50" in page and "ขาย 50 ขวด" in page


def test_bad_amounts_are_refused_on_the_field(client_for, treasurer, group, cash) -> None:
    c = client_for(treasurer)
    for amount, message in [
        ("0", "มากกว่าศูนย์"),
        ("-5", "มากกว่าศูนย์"),
        ("abc", "1,250.50"),
        ("12.345", "สองตำแหน่ง"),
        ("1" * 40, "มากเกินไป"),  # more digits than Decimal's context: once a 500
    ]:
        r = c.post(
            f"/groups/{group.pk}/books/",
            {
                "date": "05/03/2568",
                "category": category("income", "sales").pk,
                "amount": amount,
                "account": cash.pk,
            },
        )
        assert r.status_code == 422
        assert message in r.context["form"].errors["amount"][0]
    assert not Entry.objects.exists()


def test_a_day_the_calendar_does_not_have_is_named_as_such_on_the_field(
    client_for, treasurer, group, cash
) -> None:
    """31/02/2569 is typed right but is no day: the message says the month's length, not the format."""
    c = client_for(treasurer)
    for typed, message in [
        ("31/02/2569", "กุมภาพันธ์ 2569 มี 28 วัน ไม่มีวันที่ 31"),
        ("29/02/2568", "กุมภาพันธ์ 2568 มี 28 วัน ไม่มีวันที่ 29"),
        ("31/04/2569", "เมษายน 2569 มี 30 วัน ไม่มีวันที่ 31"),
        ("05/13/2569", "ไม่มีเดือนที่ 13"),
        ("3102569", "เช่น 07/03/2568"),  # not read as a date at all: the format's example
    ]:
        r = c.post(
            f"/groups/{group.pk}/books/",
            {
                "date": typed,
                "category": category("income", "sales").pk,
                "amount": "1,250.50",
                "account": cash.pk,
            },
        )
        assert r.status_code == 422
        assert message in r.context["form"].errors["date"][0], (typed, r.context["form"].errors["date"])
        assert message in r.content.decode()
    assert not Entry.objects.exists()


def test_members_read_but_do_not_write_the_books(client_for, member, officer, group, cash) -> None:
    assert client_for(member).get(f"/groups/{group.pk}/books/").status_code == 200
    for who in (member, officer):
        r = client_for(who).post(
            f"/groups/{group.pk}/books/",
            {
                "date": "05/03/2568",
                "category": category("income", "sales").pk,
                "amount": "10",
                "account": cash.pk,
            },
        )
        assert r.status_code == 404
    assert not Entry.objects.exists()


def test_reverse_through_the_page(client_for, treasurer, group, cash) -> None:
    services.record_entry(  # money in the box to pay the expense from
        group=group, by=treasurer, date=dt.date(2025, 3, 1), kind="income", category=category("income", "sales"),
        amount=Decimal("500.00"), account=cash,
    )  # fmt: skip
    e = services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 5),
        kind="expense",
        category=category("expense", "transport"),
        amount=Decimal("300.00"),
        account=cash,
    )
    c = client_for(treasurer)
    r = c.post(f"/groups/{group.pk}/books/entries/{e.pk}/", {"reason": "พิมพ์ผิด"})
    assert r.status_code == 302
    assert Entry.objects.get(reverses=e).amount == Decimal("-300.00")
    assert Entry.objects.get(pk=e.pk).amount == Decimal("300.00")  # the original stays as it was


def test_receipt_pdf_in_thai(client_for, member, treasurer, group, cash) -> None:
    e = services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 5),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("1250.50"),
        account=cash,
    )
    r = client_for(member).get(f"/groups/{group.pk}/books/entries/{e.pk}/receipt.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_daily_book_query_count_is_constant(client_for, treasurer, group, cash) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client_for(treasurer).get(f"/groups/{group.pk}/books/?month=2025-03").status_code == 200
        return len(ctx.captured_queries)

    services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("1"),
        account=cash,
    )
    small = count()
    for day in range(2, 28):
        services.record_entry(
            group=group,
            by=treasurer,
            date=dt.date(2025, 3, day),
            kind="income",
            category=category("income", "sales"),
            amount=Decimal("1"),
            account=cash,
        )
    assert count() == small


def test_daily_book_for_readers_writes_nothing_and_brings_the_balance_forward(
    client_for, treasurer, member, officer, group, cash
) -> None:
    """A reader gets the month, its brought-forward balance (income less expense before it, reversals
    included) and the year menu, with no form and without the form's queries; a year that is not the
    group's answers 404."""
    rec = services.record_entry
    sales, materials = category("income", "sales"), category("expense", "raw_materials")
    rec(group=group, by=treasurer, date=dt.date(2025, 1, 5), kind="income", category=sales,
        amount=Decimal("1000.25"), account=cash)  # fmt: skip
    wrong = rec(group=group, by=treasurer, date=dt.date(2025, 1, 6), kind="expense", category=materials,
                amount=Decimal("300.10"), account=cash)  # fmt: skip
    services.reverse_entry(entry=wrong, reason="พิมพ์ผิด", by=treasurer)
    rec(group=group, by=treasurer, date=dt.date(2025, 2, 7), kind="expense", category=materials,
        amount=Decimal("200.05"), account=cash)  # fmt: skip
    url = f"/groups/{group.pk}/books/?month=2025-03"
    for reader in (member, officer):
        c = client_for(reader)
        c.get("/")  # the session is made before counting
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
        assert r.status_code == 200 and r.context["form"] is None
        assert r.context["brought_forward"] == Decimal("800.20")
        assert [y.starts_on.year for y in r.context["years"]] == [2025]
        assert not [
            q for q in ctx.captured_queries if "bookkeeping_" in q["sql"] and "SELECT" not in q["sql"]
        ]
        # session, user, group, postings, the officer's subdistricts or the member's membership, the years,
        # the balance brought forward, the month's entries
        assert len(ctx.captured_queries) == 8
    assert client_for(treasurer).get(url).context["form"] is not None
    january = client_for(member).get(f"/groups/{group.pk}/books/?month=2025-01").content.decode()
    rows = [r for r in january.split("<tr") if "entry-no" in r]
    assert len(rows) == 3 and all('class="muted"' in r for r in rows[1:]) and 'class="muted"' not in rows[0]
    assert "ถูกกลับรายการ" in rows[1] and '<span class="badge">กลับรายการ' in rows[2]
    assert f'href="/groups/{group.pk}/books/entries/{wrong.pk}/"' in rows[1]
    assert '<option value="2025-01" selected>มกราคม 2568</option>' in january
    other = FiscalYear.objects.exclude(group=group).first()
    for bad in ("999999", "x", str(other.pk) if other else "999998"):
        assert client_for(member).get(f"/groups/{group.pk}/books/?year={bad}").status_code == 404


def test_group_adds_its_own_category_and_account(client_for, treasurer, group) -> None:
    c = client_for(treasurer)
    assert (
        c.post(
            f"/groups/{group.pk}/books/settings/",
            {"form": "category", "kind": "expense", "name": "ค่าบรรจุภัณฑ์"},
        ).status_code
        == 302
    )
    assert Category.objects.filter(group=group, name="ค่าบรรจุภัณฑ์").exists()
    assert (
        c.post(
            f"/groups/{group.pk}/books/settings/",
            {
                "form": "account",
                "type": "bank",
                "name": "ธ.ก.ส. ออมทรัพย์",
                "bank": "ธ.ก.ส.",
                "number": "020-1-23456-7",
            },
        ).status_code
        == 302
    )
    assert group.money_accounts.filter(type="bank").exists()


def test_member_records_own_work_and_production_lead_confirms(
    client_for, member, production, group, task
) -> None:
    own = group.memberships.get(person__user=member)
    r = client_for(member).post(
        f"/groups/{group.pk}/work/",
        {"form": "work", "membership": own.pk, "date": "01/06/2568", "task": task.pk, "quantity": "4.5"},
    )
    assert r.status_code == 302
    record = WorkRecord.objects.get(membership=own)
    assert record.status == "pending"
    other = group.memberships.exclude(pk=own.pk).first()
    r = client_for(member).post(
        f"/groups/{group.pk}/work/",
        {"form": "work", "membership": other.pk, "date": "01/06/2568", "task": task.pk, "quantity": "4"},
    )
    assert r.status_code == 422 and "membership" in r.context["form"].errors  # only their own
    assert (
        client_for(production)
        .post(f"/groups/{group.pk}/work/{record.pk}/confirm/", {"accept": "1"})
        .status_code
        == 302
    )
    record.refresh_from_db()
    assert record.status == "confirmed"
    page = client_for(member).get(f"/groups/{group.pk}/work/").content.decode()
    assert 'id="own-total"' in page and "4.5" in page


def test_close_year_run_approve_pay_and_member_sees_slip(
    client_for, year_2025, treasurer, chair, member, group, cash
) -> None:
    t = client_for(treasurer)
    assert t.post(f"/groups/{group.pk}/years/{year_2025.pk}/close/", {"confirm": "yes"}).status_code == 302
    year_2025.refresh_from_db()
    assert year_2025.is_closed
    assert t.post(f"/groups/{group.pk}/years/{year_2025.pk}/dividends/").status_code == 302
    run = DividendRun.objects.get(fiscal_year=year_2025)
    assert run.pool == Decimal("4800.00") and run.shares.count() == 3
    # Nobody approves a run by a form of its own: only a general meeting's resolution does.
    page = t.get(f"/groups/{group.pk}/years/{year_2025.pk}/").content.decode()
    assert 'id="needs-resolution"' in page
    from tests.conftest import pass_resolution

    pass_resolution(group, chair, on=dt.date(2026, 1, 10), kind="approve_year", fiscal_year=year_2025)
    r = t.post(
        f"/groups/{group.pk}/years/{year_2025.pk}/dividends/pay/",
        {"paid_on": "15/01/2569", "account": cash.pk, "confirm": "on"},
    )
    assert r.status_code == 302
    run.refresh_from_db()
    assert run.status == "paid" and Entry.objects.filter(category__role="dividend").count() == 3
    own = group.memberships.get(person__user=member)
    share = run.shares.get(membership=own)
    m = client_for(member)
    page = m.get(f"/groups/{group.pk}/years/{year_2025.pk}/").content.decode()
    assert 'id="own-share"' in page and "2,400.00" in page
    slip = m.get(f"/groups/{group.pk}/years/{year_2025.pk}/dividends/{share.pk}/slip.pdf")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    others = run.shares.exclude(pk=share.pk)[0]
    assert m.get(f"/groups/{group.pk}/years/{year_2025.pk}/dividends/{others.pk}/slip.pdf").status_code == 404
    xlsx = t.get(f"/groups/{group.pk}/years/{year_2025.pk}/dividends.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    amounts = [row[4] for row in ws.iter_rows(min_row=5, max_row=7, values_only=True)]
    assert [Decimal(str(a)) for a in amounts] == [Decimal("800"), Decimal("1600"), Decimal("2400")]
    assert t.get(f"/groups/{group.pk}/years/{year_2025.pk}/report.pdf").content.startswith(b"%PDF")


def test_paying_before_approval_is_refused(client_for, year_2025, treasurer, group, cash) -> None:
    services.close_year(year=year_2025, by=treasurer)
    services.create_dividend_run(year=year_2025, by=treasurer)
    r = client_for(treasurer).post(
        f"/groups/{group.pk}/years/{year_2025.pk}/dividends/pay/",
        {"paid_on": "15/01/2569", "account": cash.pk, "confirm": "on"},
    )
    assert r.status_code == 422 and "ที่ประชุมใหญ่" in str(r.context["pay_form"].errors)
    assert not Entry.objects.filter(category__role="dividend").exists()


def test_member_cannot_close_the_year(client_for, member, year_2025, group) -> None:
    assert (
        client_for(member)
        .post(f"/groups/{group.pk}/years/{year_2025.pk}/close/", {"confirm": "yes"})
        .status_code
        == 404
    )
    assert not FiscalYear.objects.get(pk=year_2025.pk).is_closed


def test_a_work_quantity_with_three_decimals_is_refused_in_thai(client_for, production, group, task) -> None:
    """Django's number limits were left in English by its Thai catalogue (ours gives them)."""
    own = group.memberships.get(person__user=production)
    r = client_for(production).post(
        f"/groups/{group.pk}/work/",
        {"form": "work", "membership": own.pk, "date": "01/06/2568", "task": task.pk, "quantity": "1.255"},
    )
    assert r.status_code == 422
    assert r.context["form"].errors["quantity"] == ["ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"]
    assert "Ensure" not in r.content.decode()
    assert not WorkRecord.objects.exists()


def test_work_page_shows_todays_year_else_the_latest_in_the_same_queries(
    client_for, treasurer, group, cash, settings
) -> None:
    c = client_for(treasurer)
    url = f"/groups/{group.pk}/work/"

    def view() -> tuple[FiscalYear, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(url)
        assert response.status_code == 200
        return response.context["year"], len(ctx.captured_queries)

    old = services.year_for(group, dt.date(2020, 6, 1))
    older = services.year_for(group, dt.date(2019, 6, 1))
    assert not old.starts_on <= services.today() <= old.ends_on
    shown, without_today = view()
    assert shown == old  # no year holds today yet: the latest one
    current = services.year_for(group, services.today())
    shown, with_today = view()
    assert shown == current and with_today == without_today
    services.year_for(group, services.today() + dt.timedelta(days=400))  # a later year opened ahead
    shown, _count = view()
    assert shown == current and older.pk != shown.pk


def test_a_reversed_entry_says_it_is_cancelled_on_the_page_and_its_receipt(
    client_for, member, treasurer, group, cash, monkeypatch
) -> None:
    import weasyprint

    drawn: list[str] = []

    class Recording(weasyprint.HTML):  # the HTML each PDF is drawn from, as WeasyPrint receives it
        def __init__(self, *args, **kwargs) -> None:
            drawn.append(kwargs.get("string", ""))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", Recording)
    e = services.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 5),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("1250.50"),
        account=cash,
    )
    reversal = services.reverse_entry(entry=e, reason="พิมพ์ผิด", by=treasurer)
    c = client_for(member)
    page = c.get(f"/groups/{group.pk}/books/entries/{e.pk}/").content.decode()
    assert 'id="cancelled"' in page and f"ยกเลิกแล้วโดยรายการเลขที่ {reversal.number}" in page
    pdf = c.get(f"/groups/{group.pk}/books/entries/{e.pk}/receipt.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert "ยกเลิก" in drawn[-1] and f"ยกเลิกโดยรายการเลขที่ {reversal.number}" in drawn[-1]
    assert "(หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์)" in drawn[-1]

    page = c.get(f"/groups/{group.pk}/books/entries/{reversal.pk}/").content.decode()
    assert "-1,250.50" in page and "ลบหนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์" in page
    assert 'id="cancelled"' not in page
    c.get(f"/groups/{group.pk}/books/entries/{reversal.pk}/receipt.pdf")
    assert "-1,250.50" in drawn[-1] and "(ลบหนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์)" in drawn[-1]
    assert f"ยกเลิกรายการเลขที่ {e.number}" in drawn[-1]


def test_year_page_reads_the_year_with_its_close_approval_and_run(
    client_for, officer, group, year_2025
) -> None:
    c = client_for(officer)
    c.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(f"/groups/{group.pk}/years/{year_2025.pk}/").status_code == 200
    # session, user, group, postings, subdistricts, the year (with its close, approval and run), category
    # totals and balances (one GROUP BY), the charter with its funds, accounts
    print([q["sql"][:90] for q in ctx.captured_queries])
    assert len(ctx.captured_queries) == 9


def test_work_page_lists_from_its_own_rows_and_the_30_latest(
    client_for, production, member, officer, group, task
) -> None:
    from django.urls import reverse

    from sammachip.bookkeeping.forms import WorkForm
    from sammachip.groups.models import Membership

    idle = services.add_work_task(group=group, name="เลิกทำ", unit="hours", weight=Decimal(1), by=officer)
    WorkTask.objects.filter(pk=idle.pk).update(is_active=False)
    lead = Membership.objects.get(group=group, person__user=production)
    for n in range(33):
        services.record_work(
            group=group, membership=lead, task=task, date=dt.date(2025, 1, 1) + dt.timedelta(days=n),
            quantity=Decimal(n % 20 + 1), by=officer, note=f"ครั้ง {n}",
        )  # fmt: skip
    c = client_for(production)
    connection.queries_log.clear()  # a full log (9,000 queries) miscounts a capture
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(f"/groups/{group.pk}/work/")
    recent = list(r.context["recent"])
    assert [w.date for w in recent] == [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(32, 2, -1)]
    assert (
        len(ctx.captured_queries) == 10
    )  # was 14: the form's member and task lists asked again; her membership and seats in one; the members
    # with their work in one (services.members_work)
    # The form drawn from the page's rows is the form drawn from its querysets, option for option.
    asked = WorkForm(group=group, initial={"date": dt.date(2026, 11, 25)})
    drawn = r.context["form"]
    for name in ("membership", "task"):
        assert str(drawn[name]) == str(asked[name])
    assert "เลิกทำ" not in str(drawn["task"]) and "เลิกทำ" in r.content.decode()  # listed, not offered
    cancel = reverse("books:work_cancel", args=[group.pk, recent[0].pk])
    assert f'href="{cancel}"' in r.content.decode() and c.get(cancel).status_code == 200
    own = Membership.objects.get(group=group, person__user=member)
    pending = services.record_work(
        group=group, membership=own, task=task, date=dt.date(2025, 3, 1), quantity=Decimal(1), by=member
    )  # a member's own record waits for the lead
    confirm = reverse("books:work_confirm", args=[group.pk, pending.pk])
    assert (
        pending.status == "pending"
        and f'action="{confirm}"' in c.get(f"/groups/{group.pk}/work/").content.decode()
    )
    m = client_for(member)
    m.get("/")  # the session is made before counting
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        page = m.get(f"/groups/{group.pk}/work/").content.decode()
    # session, user, group, postings, her membership and seats, the years, the members with their work and
    # the group's (one statement), the kinds of work, her latest records: her own option in the form comes
    # from the members (was 11: asked again; 10 with the totals apart)
    assert len(ctx.captured_queries) == 9
    assert f'<option value="{own.pk}" selected>{own.number}. {own.person.full_name}</option>' in page
