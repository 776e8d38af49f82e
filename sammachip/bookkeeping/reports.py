"""The statement of a year (stored when closed, live while open) and the Excel export of a dividend run."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sammachip.groups.models import OccupationGroup

from . import calculations, services
from .models import DividendRun, FiscalYear


@dataclass
class Statement:
    closed: bool
    income: list[dict[str, Any]]
    expense: list[dict[str, Any]]
    income_total: Decimal
    expense_total: Decimal
    net_profit: Decimal
    own_sales: Decimal
    grants: Decimal
    balances: list[dict[str, Any]]
    split: list[dict[str, Any]]
    split_error: str = ""

    @property
    def grant_share(self) -> Decimal | None:
        return calculations.percent_of(self.grants, self.income_total)

    @property
    def sales_share(self) -> Decimal | None:
        return calculations.percent_of(self.own_sales, self.income_total)


def _split_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "percent": Decimal(str(r["percent"])), "amount": Decimal(str(r["amount"]))} for r in rows]


def statement(year: FiscalYear) -> Statement:
    if year.is_closed:
        close = year.close
        st = close.statement
        return Statement(
            closed=True,
            income=[{**r, "total": Decimal(r["total"])} for r in st["income"]],
            expense=[{**r, "total": Decimal(r["total"])} for r in st["expense"]],
            income_total=close.income, expense_total=close.expense, net_profit=close.net_profit,
            own_sales=close.own_sales, grants=close.grants,
            balances=[{**b, "balance": Decimal(b["balance"])} for b in st["balances"]],
            split=_split_rows(st["split_rows"]),
        )  # fmt: skip
    pnl = calculations.profit_and_loss(services.category_totals(year))
    split: list[dict[str, Any]] = []
    error = ""
    try:
        _charter, parts = services.charter_split(year.group)
        amounts = calculations.split_profit(pnl.net_profit, {k: p for k, _label, p in parts})
        split = [{"key": k, "label": label, "percent": p, "amount": amounts[k]} for k, label, p in parts]
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return Statement(
        closed=False,
        income=[{"name": t.name, "role": t.role, "total": t.total} for t in pnl.income],
        expense=[{"name": t.name, "role": t.role, "total": t.total} for t in pnl.expense],
        income_total=pnl.income_total, expense_total=pnl.expense_total, net_profit=pnl.net_profit,
        own_sales=pnl.own_sales, grants=pnl.grants, balances=services.balances(year.group, year.ends_on),
        split=split, split_error=error,
    )  # fmt: skip


def dividends_workbook(group: OccupationGroup, year: FiscalYear, run: DividendRun) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101
    ws.title = f"ปันผล {year.label}"
    ws.append([group.name])
    ws.append([_("Fiscal year"), year.label, _("Pool"), run.pool, _("Total work"), run.total_work])
    ws.append([])
    header = [
        _("No."),
        _("Member"),
        _("Work"),
        _("Share of work %"),
        _("Dividend (baht)"),
        _("Paid"),
        _("By work"),
        _("Shares"),
        _("On shares"),
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for share in run.shares.select_related("payment").order_by("member_number"):
        pct = calculations.percent_of(share.work, run.total_work) or Decimal(0)
        ws.append(
            [
                share.member_number,
                share.member_name,
                share.work,
                pct,
                share.amount,
                _("yes") if share.payment_id else "",
            ]
        )
    ws.append([])
    ws.append(["", _("Total"), run.total_work, Decimal("100.00"), run.pool])
    for row in ws.iter_rows(min_row=5, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "#,##0.00"
    ws.column_dimensions["B"].width = 32
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
