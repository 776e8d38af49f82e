from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sammachip.bookkeeping import services
from sammachip.bookkeeping.models import Category, FiscalYear, WorkTask
from sammachip.groups import services as group_services
from sammachip.groups.models import Role

YEAR_START = dt.date(2025, 1, 1)


@pytest.fixture
def charter(group, officer):
    from tests.conftest import pass_resolution

    draft = group_services.draft_charter(group=group, own_rules=[], settings={}, by=officer)  # 10/60/10/10/10
    pass_resolution(group, officer, kind="adopt_charter", charter=draft, question="รับรองกฎกติกา")
    draft.refresh_from_db()
    return draft


@pytest.fixture
def production(group, officer, add_members):
    from tests.conftest import _login_member

    m = group.memberships.order_by("number")[3]
    group_services.appoint_committee_member(
        group=group, membership=m, role=Role.PRODUCTION, starts_on=dt.date(2024, 1, 15), by=officer
    )
    return _login_member(m, "production")


@pytest.fixture
def cash(group):
    services.ensure_books(group)
    return group.money_accounts.get()


def category(kind: str, code: str) -> Category:
    return Category.objects.get(group__isnull=True, kind=kind, code=code)


@pytest.fixture
def task(group, officer) -> WorkTask:
    return services.add_work_task(
        group=group, name="ผลิตน้ำยาล้างจาน", unit="hours", weight=Decimal(1), by=officer
    )


@pytest.fixture
def year_2025(group, cash, treasurer, task, production, charter) -> FiscalYear:
    """A year of books: 10,000 sales, 2,000 grant, 4,000 materials; work by three members."""
    members = list(group.memberships.order_by("number"))
    rec = services.record_entry
    rec(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="income",
        category=category("income", "sales"),
        amount=Decimal("10000.00"),
        account=cash,
    )
    partner = _partner(group)
    rec(
        group=group,
        by=treasurer,
        date=dt.date(2025, 4, 1),
        kind="income",
        category=category("income", "grant"),
        amount=Decimal("2000.00"),
        account=cash,
        partner=partner,
    )
    rec(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 2),
        kind="expense",
        category=category("expense", "raw_materials"),
        amount=Decimal("4000.00"),
        account=cash,
    )
    for m, hours in zip(members[:3], ["10", "20", "30"], strict=True):
        services.record_work(
            group=group,
            membership=m,
            task=task,
            date=dt.date(2025, 5, 1),
            quantity=Decimal(hours),
            by=production,
            day_limit=False,  # the year's hours on one date, as an old ledger brings them
        )
    return FiscalYear.objects.get(group=group, starts_on=YEAR_START)


def _partner(group):
    from sammachip.places.models import PartnerAgency

    return PartnerAgency.objects.get_or_create(
        name="อบต.สากอ", kind="lao", district=group.village.subdistrict.district
    )[0]
