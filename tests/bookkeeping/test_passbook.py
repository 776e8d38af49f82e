"""The member's passbook (สมุดสมาชิก): three years of one member's history — shares brought forward and paid,
a reversed payment, fees, work of two kinds, two dividend runs with both parts, the payments — read through
the page, the PDF and the API, and checked to the satang against the books and the runs' stored rows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import DividendShare, Entry
from sammachip.groups import services as group_services
from tests.bookkeeping.conftest import category
from tests.conftest import pass_resolution

CENT = Decimal("0.01")


@pytest.fixture
def history(group, officer, treasurer, production, member, cash):
    """Member no. 3 (the `member` persona) over the fiscal years 2567, 2568 and 2569 (C.E. 2024–2026)."""
    draft = group_services.draft_charter(
        group=group, own_rules=[], by=officer,
        settings={"dividend_percent": Decimal(50), "share_dividend_percent": Decimal(10)},
    )  # fmt: skip
    pass_resolution(group, officer, kind="adopt_charter", charter=draft, question="รับรองกฎกติกา")
    ms = list(group.memberships.order_by("number"))
    her, other = ms[2], ms[0]
    sew = services.add_work_task(group=group, name="เย็บ", unit="hours", weight=Decimal("1.237"), by=officer)
    pack = services.add_work_task(group=group, name="บรรจุ", unit="hours", weight=Decimal(1), by=officer)

    def rec(day, code, amount, kind="income", m=None):
        return services.record_entry(
            group=group, by=treasurer, date=day, kind=kind, category=category(kind, code),
            amount=Decimal(amount), account=cash, membership=m,
        )  # fmt: skip

    def work(m, day, task, quantity, confirmed=True):
        # the production lead's count at once; her own record waits for the lead
        return services.record_work(
            group=group, membership=m, task=task, date=day, quantity=Decimal(quantity),
            by=production if confirmed else m.person.user, day_limit=False,  # a year's work on a few dates
        )  # fmt: skip

    def close_and_pay(year, approve_on, pay_on):
        services.close_year(year=year, by=treasurer)
        run = services.create_dividend_run(year=year, by=treasurer)
        pass_resolution(group, treasurer, on=approve_on, kind="approve_year", fiscal_year=year)
        run.refresh_from_db()
        services.pay_dividends(run=run, on=pay_on, account=cash, by=treasurer)

    # 2567: shares brought forward, a fee, sales, work of two kinds
    rec(dt.date(2024, 1, 20), "opening_shares", "1250.50", m=her)
    rec(dt.date(2024, 1, 20), "opening_shares", "700.00", m=other)
    rec(dt.date(2024, 3, 1), "sales", "9876.54")
    rec(dt.date(2024, 3, 5), "member_fees", "100.10", m=her)
    work(her, dt.date(2024, 5, 1), sew, "12.50")
    work(her, dt.date(2024, 5, 2), pack, "3.25")
    work(other, dt.date(2024, 5, 1), sew, "20.33")
    close_and_pay(
        group.fiscal_years.get(starts_on=dt.date(2024, 1, 1)), dt.date(2025, 1, 5), dt.date(2025, 1, 10)
    )
    # 2568: shares paid, a wrong payment reversed, a cancelled work record, a record never confirmed
    rec(dt.date(2025, 2, 1), "shares", "1000.20", m=her)
    wrong = rec(dt.date(2025, 2, 2), "shares", "333.33", m=her)
    services.reverse_entry(entry=wrong, reason="ลงซ้ำ", by=treasurer)
    rec(dt.date(2025, 3, 1), "sales", "5432.10")
    work(her, dt.date(2025, 6, 1), sew, "7.77")
    cancelled = work(her, dt.date(2025, 6, 2), sew, "100")
    services.cancel_work(record=cancelled, reason="ผิดคน", by=production)
    work(other, dt.date(2025, 6, 1), pack, "9.99")
    close_and_pay(
        group.fiscal_years.get(starts_on=dt.date(2025, 1, 1)), dt.date(2026, 1, 5), dt.date(2026, 1, 10)
    )
    # 2569 (open): a little more share money and a fee; work confirmed and waiting
    rec(dt.date(2026, 2, 1), "shares", "0.30", m=her)
    rec(dt.date(2026, 2, 2), "member_fees", "50.05", m=her)
    work(her, dt.date(2026, 3, 1), pack, "3")
    work(her, dt.date(2026, 3, 2), pack, "8", confirmed=False)
    return her


def _formula(pool: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    return (pool * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def test_the_passbook_equals_the_books_and_the_runs_to_the_satang(client_for, member, history, group) -> None:
    her = history
    data = client_for(member).get(f"/api/v1/groups/{group.pk}/members/{her.pk}/passbook").json()
    assert [y["year"] for y in data["years"]] == ["2567", "2568", "2569"]
    y67, y68, y69 = data["years"]
    # share money: brought forward, paid, the reversal subtracted, a running balance on every line
    assert [(s["amount"], s["balance"], s["brought_forward"]) for s in y67["shares"]] == [
        ("1250.50", "1250.50", True)
    ]
    assert [(s["amount"], s["balance"]) for s in y68["shares"]] == [
        ("1000.20", "2250.70"), ("333.33", "2584.03"), ("-333.33", "2250.70"),
    ]  # fmt: skip
    assert y69["totals"]["shares_brought_forward"] == "2250.70"
    assert y69["totals"]["shares_carried_forward"] == "2251.00"
    booked = Entry.objects.filter(membership=her, category__code__in=["shares", "opening_shares"])
    assert Decimal(y69["totals"]["shares_carried_forward"]) == sum(e.amount for e in booked)
    assert services.capital_by_member(group, dt.date(2026, 11, 25))[her.pk] == Decimal("2251.00")
    # fees
    assert [f["amount"] for f in y67["fees"] + y69["fees"]] == ["100.10", "50.05"]
    assert y69["totals"]["fees_to_date"] == "150.15"
    # work by kind, with the unit; the cancelled record adds up to nothing, the unconfirmed one is not counted
    assert {(w["task"], w["quantity"], w["weighted"]) for w in y67["work"]} == {
        ("เย็บ", "12.50", "15.46250"), ("บรรจุ", "3.25", "3.25000"),
    }  # fmt: skip
    assert y67["work"][0]["unit"] == "ชั่วโมง"
    assert [(w["task"], w["quantity"]) for w in y68["work"]] == [("เย็บ", "7.77")]
    assert [(w["task"], w["quantity"]) for w in y69["work"]] == [("บรรจุ", "3.00")]
    # each run's two parts, as stored, and reproducible from the stored figures
    paid = Decimal(0)
    for y in (y67, y68):
        share = DividendShare.objects.get(
            membership=her, run__fiscal_year__ends_on__year=int(y["year"]) - 543
        )
        run, d = share.run, y["dividend"]
        assert Decimal(y["work_total"]) == share.work  # the passbook's work is the work the run divided by
        assert (d["pool"], d["total_work"], d["work"]) == (
            str(run.pool),
            str(run.total_work),
            str(share.work),
        )
        assert (d["work_amount"], d["capital_amount"], d["amount"]) == (
            str(share.work_amount), str(share.capital_amount), str(share.amount),
        )  # fmt: skip
        assert (d["share_pool"], d["total_capital"], d["capital"]) == (
            str(run.share_pool), str(run.total_capital), str(share.capital),
        )  # fmt: skip
        assert (
            _formula(run.pool, share.work, run.total_work) + Decimal(d["work_rounding"]) == share.work_amount
        )
        assert (
            _formula(run.share_pool, share.capital, run.total_capital) + Decimal(d["capital_rounding"])
            == share.capital_amount
        )
        assert share.capital_amount > 0 and share.work_amount > 0
        assert share.payment is not None and d["paid_on"] == share.payment.date.isoformat()
        paid += share.amount
    assert y67["dividend"]["capital"] == "1250.50"  # her shares at the year's end
    assert y68["dividend"]["capital"] == "2250.70"
    assert y69["dividend"] is None
    # payments received: the two dividends, in the years they were paid
    assert [r["amount"] for r in y67["received"]] == []
    received = [Decimal(r["amount"]) for r in y68["received"] + y69["received"]]
    assert received == [
        e.amount for e in Entry.objects.filter(membership=her, kind="expense").order_by("date")
    ]
    assert Decimal(y69["totals"]["received_to_date"]) == paid == Decimal(y69["totals"]["dividends_to_date"])


def test_the_page_shows_the_same_figures(client_for, member, history, group) -> None:
    her = history
    r = client_for(member).get(f"/groups/{group.pk}/passbook/{her.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    totals = dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html.split('id="pb-year')[0]))
    assert totals["shares"] == "2,251.00" and totals["fees"] == "150.15"
    shares = DividendShare.objects.filter(membership=her)
    assert totals["dividends"] == f"{sum(s.amount for s in shares):,.2f}"
    for s in shares:
        block = html.split(f'id="pb-year-{s.run.fiscal_year.label}"')[1].split('id="pb-year')[0]
        assert f'data-figure="amount">{s.amount:,.2f}<' in block
        assert f'data-figure="work_amount">{s.work_amount:,.2f}<' in block
        assert f'data-figure="capital_amount">{s.capital_amount:,.2f}<' in block
        assert f"{s.run.pool:,.2f} × {s.work.normalize():f} ÷" in block
    assert "1,250.50" in html and "1,000.20" in html and "2,250.70" in html
    assert "2567" in html and "2569" in html  # years in พ.ศ.


def test_pdf_a5_phone_and_every_member(client_for, member, treasurer, history, group) -> None:
    her = history
    for url in (f"/groups/{group.pk}/passbook/{her.pk}/passbook.pdf", "?size=phone"):
        full = url if url.startswith("/") else f"/groups/{group.pk}/passbook/{her.pk}/passbook.pdf{url}"
        r = client_for(member).get(full)
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF") and len(r.content) < 200_000  # light on a cheap phone
    every = client_for(treasurer).get(f"/groups/{group.pk}/passbooks.pdf")
    assert every.status_code == 200 and every.content.startswith(b"%PDF")


def test_the_pdf_source_has_signature_lines_and_every_member(
    client_for, treasurer, history, group, monkeypatch
) -> None:
    import weasyprint

    seen: list[str] = []

    class Html:
        def __init__(self, string: str, base_url: str | None = None) -> None:
            seen.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-"

    monkeypatch.setattr(weasyprint, "HTML", Html)
    assert client_for(treasurer).get(f"/groups/{group.pk}/passbooks.pdf").status_code == 200
    html = seen.pop()
    ids = [int(i) for i in re.findall(r'id="passbook-(\d+)"', html)]
    assert ids == list(group.memberships.current().order_by("number").values_list("pk", flat=True))
    assert "size: A5" in html and "เหรัญญิก" in html and "สมาชิก" in html
    assert html.count('class="sign"') >= 3  # one per year of each member's passbook


def test_who_sees_a_passbook(
    client_for, history, group, member, chair, officer, district_head, outsider, other_district_officer,
    other_group_chair, treasurer,
) -> None:  # fmt: skip
    her = history
    someone_else = group.memberships.order_by("number")[4]
    urls = [
        f"/groups/{group.pk}/passbook/{her.pk}/",
        f"/groups/{group.pk}/passbook/{her.pk}/passbook.pdf",
        f"/api/v1/groups/{group.pk}/members/{her.pk}/passbook",
    ]
    for user in (outsider, other_district_officer, other_group_chair):
        c = client_for(user)
        for url in [*urls, f"/groups/{group.pk}/passbooks.pdf"]:
            assert c.get(url).status_code == 404, (user, url)
    for user in (member, chair, officer, district_head):
        assert client_for(user).get(urls[0]).status_code == 200, user
        assert client_for(user).get(urls[2]).status_code == 200, user
    # a member sees her own, never another member's, nor everyone's
    c = client_for(member)
    assert c.get(f"/groups/{group.pk}/passbook/{someone_else.pk}/").status_code == 404
    assert c.get(f"/api/v1/groups/{group.pk}/members/{someone_else.pk}/passbook").status_code == 404
    assert c.get(f"/groups/{group.pk}/passbooks.pdf").status_code == 404
    # a membership of another group is missing here
    assert client_for(chair).get(f"/groups/{group.pk}/passbook/999999/").status_code == 404


def test_links_on_her_home_and_on_the_member_page(client_for, member, chair, history, group) -> None:
    her = history
    url = f"/groups/{group.pk}/passbook/{her.pk}/"
    assert url in client_for(member).get("/").content.decode()
    assert url in client_for(chair).get(f"/groups/{group.pk}/members/{her.pk}/").content.decode()
    other = group.memberships.order_by("number")[4]
    page = client_for(member).get(f"/groups/{group.pk}/members/{other.pk}/").content.decode()
    assert f"/passbook/{other.pk}/" not in page


def test_everyones_passbooks_are_linked_on_the_member_list_for_the_committee(
    client_for, chair, member, group
) -> None:
    url = f"/groups/{group.pk}/passbooks.pdf"
    assert url in client_for(chair).get(f"/groups/{group.pk}/members/").content.decode()
    assert url not in client_for(member).get(f"/groups/{group.pk}/members/").content.decode()


def test_an_empty_passbook_says_so(client_for, member, group) -> None:
    own = group.memberships.get(person__user=member)
    r = client_for(member).get(f"/groups/{group.pk}/passbook/{own.pk}/")
    assert r.status_code == 200 and "บัญชีของกลุ่มยังไม่มีปีบัญชี" in r.content.decode()
    data = client_for(member).get(f"/api/v1/groups/{group.pk}/members/{own.pk}/passbook").json()
    assert data["years"] == [] and data["member_number"] == own.number


def test_a_run_awaiting_the_general_meeting_is_shown_but_not_yet_counted(
    year_2025, treasurer, member, group
) -> None:
    from tests.test_api import bearer

    services.close_year(year=year_2025, by=treasurer)
    run = services.create_dividend_run(year=year_2025, by=treasurer)
    own = group.memberships.get(person__user=member)
    share = run.shares.get(membership=own)
    assert run.status == "draft" and share.amount > 0
    body = bearer(member).get(f"/api/v1/groups/{group.pk}/members/{own.pk}/passbook").json()
    year = next(y for y in body["years"] if y["dividend"] is not None and y["dividend"]["status"] == "draft")
    assert year["dividend"]["amount"] == str(share.amount)  # on its line, marked as waiting
    assert year["totals"]["dividends_to_date"] == "0.00"  # not hers until the meeting approves it
