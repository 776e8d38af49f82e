"""Writes for follow-up: visits with their problems, agreed actions and photos; annual reports; stage
proposals; district settings. Each in one transaction with an audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.bookkeeping.models import FiscalYear
from sammachip.core.clock import today
from sammachip.core.images import reencode
from sammachip.core.models import record_event
from sammachip.groups import services as group_services
from sammachip.groups.models import OccupationGroup
from sammachip.places.models import District

from . import agenda, health
from .models import AgreedAction, AnnualReport, FollowUpSettings, Problem, StageProposal, Visit, VisitPhoto

MAX_PHOTO_SIDE = 1600
NEXT_STAGE = {"forming": "supported", "supported": "self_reliant"}


@dataclass
class ActionIn:
    description: str
    owner: str
    due_on: dt.date


def _check_day(day: dt.date, field: str, group: OccupationGroup) -> None:
    if day > today():
        raise ValidationError({field: _("This date is in the future.")})
    if day < group.founded_on:
        raise ValidationError({field: _("This date is before the group was founded.")})


@transaction.atomic
def record_visit(
    *,
    group: OccupationGroup,
    by: Any,
    visited_on: dt.date,
    purpose: str,
    present: str = "",
    people_present: int = 0,
    observed: str = "",
    advice: str = "",
    new_problems: list[str] | None = None,
    solved: dict[int, str] | None = None,
    actions: list[ActionIn] | None = None,
    photos: list[Any] | None = None,
) -> Visit:
    _check_day(visited_on, "visited_on", group)
    visit = Visit(
        group=group, officer=by, visited_on=visited_on, purpose=purpose, present=present.strip(),
        people_present=people_present, observed=observed.strip(), advice=advice.strip(),
    )  # fmt: skip
    visit.full_clean(exclude=["officer"])
    encoded = [reencode(p, field="photos", max_side=MAX_PHOTO_SIDE) for p in photos or []]
    visit.save()
    for text in new_problems or []:
        if text.strip():
            Problem.objects.create(
                group=group, raised_at=visit, description=text.strip(), opened_on=visited_on
            )
    for problem_id, solution in (solved or {}).items():
        problem = Problem.objects.filter(pk=problem_id, group=group, status=Problem.Status.OPEN).first()
        if problem is None:
            raise ValidationError({"solved": _("This problem is not open in this group.")})
        if visited_on < problem.opened_on:
            raise ValidationError({"solved": _("A problem cannot be solved before it was found.")})
        problem.status, problem.solved_on, problem.solved_at = Problem.Status.SOLVED, visited_on, visit
        problem.solution = solution.strip()
        problem.save()
    for action in actions or []:
        if action.due_on < visited_on:
            raise ValidationError({"actions": _("An agreed action is due after the visit.")})
        AgreedAction.objects.create(
            visit=visit, group=group, description=action.description.strip(), owner=action.owner.strip(),
            due_on=action.due_on,
        )  # fmt: skip
    for content, width, height in encoded:
        VisitPhoto.objects.create(visit=visit, image=content, width=width, height=height)
    record_event(
        target=visit,
        verb="visits.visit.recorded",
        actor=by,
        group_id=group.pk,
        data={
            "visited_on": visited_on.isoformat(),
            "problems": len([t for t in new_problems or [] if t.strip()]),
            "solved": len(solved or {}),
            "actions": len(actions or []),
            "photos": len(encoded),
        },
    )
    health.refresh(group, today())
    return visit


@transaction.atomic
def update_visit(*, visit: Visit, version: int, by: Any, **fields: Any) -> Visit:
    """Change a visit's notes; if someone saved it since `version` was read, refuse instead of overwriting."""
    _check_day(fields.get("visited_on", visit.visited_on), "visited_on", visit.group)
    changed = Visit.objects.filter(pk=visit.pk, version=version).update(
        **fields, version=version + 1, updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(
            _(
                "Someone else saved this visit while you were editing. Reload it to see their changes, then edit again."
            )
        )
    visit.refresh_from_db()
    record_event(
        target=visit,
        verb="visits.visit.updated",
        actor=by,
        group_id=visit.group_id,
        data={"fields": sorted(fields)},
    )
    health.refresh(visit.group, today())
    return visit


@transaction.atomic
def finish_action(*, action: AgreedAction, on: dt.date, by: Any) -> AgreedAction:
    if action.done_on:
        raise ValidationError(_("This action is already done."))
    if on > today() or on < action.visit.visited_on:
        raise ValidationError({"on": _("Enter the day it was done, from the visit until today.")})
    action.done_on = on
    action.save(update_fields=["done_on"])
    record_event(
        target=action,
        verb="visits.action.done",
        actor=by,
        group_id=action.group_id,
        data={"on": on.isoformat()},
    )
    health.refresh(action.group, today())
    return action


def figures_from_books(group: OccupationGroup, fiscal_year_start: dt.date) -> dict[str, Decimal] | None:
    year = FiscalYear.objects.filter(group=group, starts_on=fiscal_year_start).select_related("close").first()
    if year is None or not hasattr(year, "close"):
        return None
    c = year.close
    return {
        "income": c.income, "expense": c.expense, "net_profit": c.net_profit, "own_sales": c.own_sales,
        "grants": c.grants, "dividends_paid": c.dividends_paid,
    }  # fmt: skip


@transaction.atomic
def submit_annual_report(
    *,
    group: OccupationGroup,
    fiscal_year_start: dt.date,
    by: Any,
    income: Decimal | None = None,
    expense: Decimal | None = None,
    own_sales: Decimal | None = None,
    grants: Decimal | None = None,
    dividends_paid: Decimal | None = None,
    note: str = "",
) -> AnnualReport:
    """The group's profit report for a fiscal year: from the closed books when the year is closed there,
    otherwise the figures the group gives (from its paper ledger)."""
    if fiscal_year_start > today():
        raise ValidationError({"fiscal_year_start": _("This year has not started yet.")})
    if AnnualReport.objects.filter(group=group, fiscal_year_start=fiscal_year_start).exists():
        raise ValidationError({"fiscal_year_start": _("The report for this year is already submitted.")})
    figures = figures_from_books(group, fiscal_year_start)
    from_books = figures is not None
    if figures is None:
        if income is None or expense is None:
            raise ValidationError(
                {"income": _("The books of this year are not closed: enter its income and expense.")}
            )
        for name, value in (
            ("income", income),
            ("expense", expense),
            ("own_sales", own_sales),
            ("grants", grants),
            ("dividends_paid", dividends_paid),
        ):
            if value is not None and value < 0:
                raise ValidationError({name: _("An amount cannot be negative.")})
        if (own_sales or 0) + (grants or 0) > income:
            raise ValidationError({"own_sales": _("Own sales and grants add up to more than the income.")})
        figures = {
            "income": income, "expense": expense, "net_profit": income - expense, "own_sales": own_sales or Decimal(0),
            "grants": grants or Decimal(0), "dividends_paid": dividends_paid or Decimal(0),
        }  # fmt: skip
    report = AnnualReport.objects.create(
        group=group, fiscal_year_start=fiscal_year_start, from_books=from_books, note=note.strip(),
        submitted_on=today(), submitted_by=by, **figures,
    )  # fmt: skip
    record_event(
        target=report,
        verb="visits.report.submitted",
        actor=by,
        group_id=group.pk,
        data={
            "year": fiscal_year_start.isoformat(),
            "net_profit": str(report.net_profit),
            "from_books": from_books,
        },
    )
    health.refresh(group, today())
    return report


@transaction.atomic
def propose_stage(*, group: OccupationGroup, reason: str, by: Any) -> StageProposal:
    to_stage = NEXT_STAGE.get(group.stage)
    if to_stage is None:
        raise ValidationError(_("This group has no next stage."))
    if StageProposal.objects.filter(group=group, decision=StageProposal.Decision.PENDING).exists():
        raise ValidationError(_("A proposal for this group is already waiting for the district head."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the group is ready.")})
    proposal = StageProposal.objects.create(
        group=group, from_stage=group.stage, to_stage=to_stage, reason=reason.strip(), proposed_by=by,
        proposed_on=today(),
    )  # fmt: skip
    record_event(
        target=proposal, verb="visits.stage.proposed", actor=by, group_id=group.pk, data={"to": to_stage}
    )
    return proposal


@transaction.atomic
def decide_stage(*, proposal: StageProposal, approve: bool, note: str, by: Any) -> StageProposal:
    proposal = StageProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decision != StageProposal.Decision.PENDING:
        raise ValidationError(_("This proposal is already decided."))
    if proposal.proposed_by_id == getattr(by, "pk", None):
        raise ValidationError(_("The district head decides, not the officer who proposed it."))
    proposal.decision = StageProposal.Decision.APPROVED if approve else StageProposal.Decision.DECLINED
    proposal.decided_by, proposal.decided_on, proposal.decision_note = by, today(), note.strip()
    proposal.save()
    if approve:
        group_services.change_stage(group=proposal.group, stage=proposal.to_stage, on=today(), by=by)
    record_event(
        target=proposal,
        verb="visits.stage.decided",
        actor=by,
        group_id=proposal.group_id,
        data={"to": proposal.to_stage, "approved": approve},
    )
    if approve:
        health.refresh(proposal.group, today())
    return proposal


@transaction.atomic
def save_settings(
    *, district: District, weekly_weeks: int, report_due_days: int, by: Any
) -> FollowUpSettings:
    s, _created = FollowUpSettings.objects.get_or_create(district=district)
    s.weekly_weeks, s.report_due_days = weekly_weeks, report_due_days
    s.full_clean()
    s.save()
    record_event(
        target=s, verb="visits.settings.changed", actor=by,
        data={"weekly_weeks": weekly_weeks, "report_due_days": report_due_days},
    )  # fmt: skip
    groups = agenda.groups_in_area(Q(village__subdistrict__district=district))
    health.store_snapshots(groups, today())  # every group's visit schedule follows the new setting
    return s
