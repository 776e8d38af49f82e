from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sammachip.accounts.types import AuthedRequest

from . import services
from .access import access_district, posting_subdistricts, visible_districts
from .models import District, PartnerAgency, Province, Subdistrict, Village

router = Router(tags=["places"])


class AreaOut(Schema):
    code: str
    name_th: str
    name_en: str


class VillageOut(Schema):
    id: int
    subdistrict_code: str
    moo: int
    name: str
    code: str | None


class VillageIn(Schema):
    subdistrict_code: str
    moo: int
    name: str
    code: str | None = None


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    district_code: str
    subdistrict_codes: list[str]
    contact_name: str
    phone: str
    email: str
    is_active: bool


@router.get("/provinces", response=list[AreaOut])
def provinces(request: AuthedRequest) -> list[Province]:
    return list(Province.objects.all())


@router.get("/provinces/{code}/districts", response=list[AreaOut])
def districts(request: AuthedRequest, code: str) -> list[District]:
    return list(District.objects.filter(province__code=code))


@router.get("/districts/{code}/subdistricts", response=list[AreaOut])
def subdistricts(request: AuthedRequest, code: str) -> list[Subdistrict]:
    return list(Subdistrict.objects.filter(district__code=code))


def _village_out(v: Village) -> dict:
    return {"id": v.pk, "subdistrict_code": v.subdistrict.code, "moo": v.moo, "name": v.name, "code": v.code}


@router.get("/districts/{code}/villages", response=list[VillageOut])
@paginate(PageNumberPagination, page_size=100)
def villages(request: AuthedRequest, code: str) -> list[dict]:
    district = access_district(request.user, code)
    return [_village_out(v) for v in Village.objects.in_district(district).select_related("subdistrict")]


@router.post("/districts/{code}/villages", response={201: VillageOut})
def village_create(request: AuthedRequest, code: str, payload: VillageIn) -> Status:
    district = access_district(request.user, code, manage=True)
    subdistrict = posting_subdistricts(request.user, district).filter(code=payload.subdistrict_code).first()
    if subdistrict is None:
        raise ValidationError({"subdistrict_code": _("Unknown subdistrict in this district.")})
    village = services.add_village(
        subdistrict=subdistrict, moo=payload.moo, name=payload.name, code=payload.code, by=request.user
    )
    return Status(201, _village_out(village))


@router.get("/districts/{code}/partners", response=list[PartnerOut])
def partners(request: AuthedRequest, code: str) -> list[dict]:
    district = access_district(request.user, code)
    qs = PartnerAgency.objects.filter(district=district).prefetch_related("subdistricts")
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "district_code": district.code,
            "subdistrict_codes": [s.code for s in p.subdistricts.all()],
            "contact_name": p.contact_name,
            "phone": p.phone,
            "email": p.email,
            "is_active": p.is_active,
        }
        for p in qs
    ]


@router.get("/districts", response=list[AreaOut])
def my_districts(request: AuthedRequest) -> list[District]:
    return list(visible_districts(request.user))
