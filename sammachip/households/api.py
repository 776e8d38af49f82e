"""Households, forum spending and the analysis over the API: the same services and checks as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field, StringConstraints

from sammachip.accounts.types import AuthedRequest
from sammachip.core import thaidate
from sammachip.core.money import AmountError, parse_amount

from . import services
from .access import access_forum, access_village
from .models import Household, SpendingItem
from .views import build_analysis

router = Router(tags=["households"])


class HouseholdOut(Schema):
    id: int
    house_no: str
    head_name: str
    member_count: int
    jpt_code: str


class HouseholdIn(Schema):
    house_no: str
    head_name: str
    member_count: int = 1
    jpt_code: str = ""
    consent: bool = False  # the household agreed after hearing the privacy notice (/privacy/)


class SpendingIn(Schema):
    household_id: int
    month: str
    # item id → amount; the document says keys are ids and nothing else is accepted
    amounts: dict[Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}$")], str] = Field(
        json_schema_extra={"additionalProperties": False}
    )


class SpendingOut(Schema):
    forum_id: int
    household_count: int
    month_count: int
    total: str


class CategoryOut(Schema):
    category: str
    per_year: str
    per_household: str
    percent: str


class ItemOut(Schema):
    item_id: int
    name: str
    category: str
    can_make_locally: bool
    households: int
    per_year: str
    per_household: str
    wanted_by: int


class WantOut(Schema):
    occupation_id: int
    occupation: str
    items: list[str]
    buyers: int
    per_year: str
    households: int
    people: int


class AnalysisOut(Schema):
    level: str
    code: str
    title: str
    forums: int
    households: int
    per_year: str
    per_household: str
    local_per_year: str
    categories: list[CategoryOut]
    items: list[ItemOut]
    occupations: list[WantOut]


def _household(h: Household) -> dict:
    return {
        "id": h.pk,
        "house_no": h.house_no,
        "head_name": h.head_name,
        "member_count": h.member_count,
        "jpt_code": h.jpt_code,
    }


@router.get("/villages/{village_id}/households", response=list[HouseholdOut])
def households(request: AuthedRequest, village_id: int) -> list[dict]:
    village = access_village(request.user, village_id)
    return [_household(h) for h in village.households.all()]


@router.post("/villages/{village_id}/households", response={201: HouseholdOut})
def household_create(request: AuthedRequest, village_id: int, payload: HouseholdIn) -> Status:
    village = access_village(request.user, village_id, manage=True)
    household = services.add_household(village=village, by=request.user, **payload.dict())
    return Status(201, _household(household))


@router.post("/forums/{forum_id}/spending", response=SpendingOut)
def spending(request: AuthedRequest, forum_id: int, payload: SpendingIn) -> dict:
    """Set one household's spending for one month: `amounts` maps item id to an amount such as "1,250.50"."""
    forum = access_forum(request.user, forum_id, manage=True)
    household = Household.objects.filter(pk=payload.household_id, village=forum.village).first()
    if household is None:
        raise ValidationError({"household_id": _("No such household in the forum's village.")})
    try:
        month = thaidate.parse_month(payload.month)
    except ValueError as exc:
        raise ValidationError({"month": _("Enter a month such as 10/2569.")}) from exc
    given = {int(key): raw for key, raw in payload.amounts.items()}
    items = SpendingItem.objects.in_bulk(list(given))
    amounts: dict[SpendingItem, Decimal] = {}
    errors = {}
    for item_id, raw in given.items():
        if item_id not in items:
            errors[f"amounts.{item_id}"] = _("This item is not on the item list.")
            continue
        try:
            amounts[items[item_id]] = parse_amount(raw)
        except AmountError as exc:
            errors[f"amounts.{item_id}"] = str(exc)
    if errors:
        raise ValidationError(errors)
    try:
        services.record_spending(
            forum=forum, household=household, month=month, amounts=amounts, by=request.user
        )
    except ValidationError as exc:
        raise ValidationError(
            {k.replace("item_", "amounts."): v for k, v in exc.message_dict.items()}
        ) from exc
    forum.refresh_from_db()
    return {
        "forum_id": forum.pk,
        "household_count": forum.household_count,
        "month_count": forum.month_count,
        "total": str(forum.total),
    }


@router.get("/analysis/{level}/{code}", response=AnalysisOut)
def area_analysis(request: AuthedRequest, level: str, code: str) -> dict:
    """The expenditure analysis of a village (its latest forum), subdistrict, district or province."""
    context = build_analysis(request, level, code)
    r = context["result"]
    return {
        "level": level,
        "code": code,
        "title": context["title"],
        "forums": r.forums,
        "households": r.households,
        "per_year": str(r.per_year),
        "per_household": str(r.per_household),
        "local_per_year": str(r.local_per_year),
        "categories": [
            {
                "category": c.category,
                "per_year": str(c.per_year),
                "per_household": str(c.per_household),
                "percent": str(c.percent),
            }
            for c in r.categories
        ],
        "items": [
            {
                "item_id": i.item_id,
                "name": i.name,
                "category": i.category,
                "can_make_locally": i.can_make_locally,
                "households": i.households,
                "per_year": str(i.per_year),
                "per_household": str(i.per_household),
                "wanted_by": i.wanted_by,
            }
            for i in r.items
            if not i.suppressed
        ],
        "occupations": [
            {
                "occupation_id": w.occupation_id,
                "occupation": w.occupation,
                "items": w.items,
                "buyers": w.buyers,
                "per_year": str(w.per_year),
                "households": w.households,
                "people": w.people,
            }
            for w in context["wants"]
        ],
    }
