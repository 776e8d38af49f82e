"""Proposals over the API: the area's list with whose move it is, and the next status step."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from sammachip.accounts.types import AuthedRequest
from sammachip.core.money import parse_amount
from sammachip.places.access import access_district

from . import services
from .access import access_proposal, area_proposals
from .models import Proposal

router = Router(tags=["plans"])


class ProposalOut(Schema):
    id: int
    project_id: int
    project: str
    village: str
    partner: str
    status: str
    status_since: dt.date
    amount_requested: str
    amount_approved: str | None
    amount_funded: str | None
    waiting_on: str


class StatusIn(Schema):
    status: str
    on: dt.date
    amount: str | None = None
    note: str = ""


def _out(p: Proposal) -> dict:
    return {
        "id": p.pk,
        "project_id": p.project_id,
        "project": p.project.title,
        "village": str(p.project.plan.village),
        "partner": p.partner.name,
        "status": p.status,
        "status_since": p.status_since,
        "amount_requested": str(p.amount_requested),
        "amount_approved": None if p.amount_approved is None else str(p.amount_approved),
        "amount_funded": None if p.amount_funded is None else str(p.amount_funded),
        "waiting_on": services.waiting_on(p),
    }


@router.get("/districts/{code}/proposals", response=list[ProposalOut])
def proposals(request: AuthedRequest, code: str) -> list[dict]:
    district = access_district(request.user, code)
    return [_out(p) for p in area_proposals(request.user, district)]


@router.post("/proposals/{proposal_id}/status", response=ProposalOut)
def proposal_status(request: AuthedRequest, proposal_id: int, payload: StatusIn) -> dict:
    proposal = access_proposal(request.user, proposal_id, manage=True)
    amount = None
    if payload.amount not in (None, ""):
        from django.core.exceptions import ValidationError

        from sammachip.core.money import AmountError

        try:
            amount = parse_amount(payload.amount or "")
        except AmountError as exc:
            raise ValidationError({"amount": str(exc)}) from exc
    proposal = services.change_proposal_status(
        proposal=proposal,
        status=payload.status,
        on=payload.on,
        amount=amount,
        note=payload.note,
        by=request.user,
    )
    return _out(access_proposal(request.user, proposal.pk))
