"""The statement of a year (stored when closed, live while open) and the Excel export of a dividend run."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sammachip.core.views_util import workbook_bytes
from sammachip.groups.models import OccupationGroup

from . import calculations, services
from .models import DividendRun, DividendShare, FiscalYear

ZERO = Decimal("0.00")


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
    totals, balances = services.year_figures(year)
    pnl = calculations.profit_and_loss(totals)
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
        own_sales=pnl.own_sales, grants=pnl.grants, balances=balances,
        split=split, split_error=error,
    )  # fmt: skip


def share_figures(run: DividendRun, share: DividendShare) -> dict[str, Decimal]:
    """What a slip, the Excel export and the API show beside a share so it can be recomputed from them:
    each formula rounded half up, and the satang the largest-remainder rounding gave or took."""
    work_formula = share.work_amount - calculations.rounding_of(
        run.pool, share.work, run.total_work, share.work_amount
    )
    capital_formula = (
        share.capital_amount
        - calculations.rounding_of(run.share_pool, share.capital, run.total_capital, share.capital_amount)
        if run.share_pool > 0 and run.total_capital > 0
        else share.capital_amount
    )
    return {
        "work_formula": work_formula,
        "work_rounding": share.work_amount - work_formula,
        "capital_formula": capital_formula,
        "capital_rounding": share.capital_amount - capital_formula,
    }


def dividends_workbook(group: OccupationGroup, year: FiscalYear, run: DividendRun) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101
    ws.title = f"ปันผล {year.label}"
    ws.append([group.name])
    ws.append(
        [
            _("Fiscal year"), year.label, _("Pool"), run.pool, _("Total work"), run.total_work,
            _("Dividends on shares"), run.share_pool, _("paid-up shares"), run.total_capital,
        ]
    )  # fmt: skip
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
        _("Rounding by work"),
        _("Rounding on shares"),
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for share in run.shares.select_related("payment").order_by("member_number"):
        pct = calculations.percent_of(share.work, run.total_work) or Decimal(0)
        figures = share_figures(run, share)
        ws.append(
            [
                share.member_number, share.member_name, share.work, pct, share.amount,
                _("yes") if share.payment_id else "", share.work_amount, share.capital, share.capital_amount,
                figures["work_rounding"], figures["capital_rounding"],
            ]
        )  # fmt: skip
    ws.append([])
    ws.append(["", _("Total"), run.total_work, Decimal("100.00"), run.pool + run.share_pool])
    # Shown with every decimal they have: work to five places, money to the satang.
    ws["F2"].number_format = "#,##0.00000"
    for cell in (ws["D2"], ws["H2"], ws["J2"]):
        cell.number_format = "#,##0.00"
    for row in ws.iter_rows(min_row=5):
        row[2].number_format = "#,##0.00000"
        for cell in (row[4], *row[6:]):
            cell.number_format = "#,##0.00"
    ws.column_dimensions["B"].width = 32
    return workbook_bytes(wb)
