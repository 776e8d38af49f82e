"""Households, spending, analysis and proposals through the API: same rules, same error shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.households.models import Household, SpendingLine
from sammachip.places.models import PartnerAgency
from sammachip.plans import services as plans

from .conftest import item


@pytest.fixture
def api(officer) -> Client:
    _t, key = ApiToken.issue(user=officer, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_households_and_spending_over_the_api(api, village, forum, houses) -> None:
    r = api.post(
        f"/api/v1/villages/{village.pk}/households",
        {"house_no": "77", "head_name": "นายเอ", "consent": True},
        content_type="application/json",
    )
    assert r.status_code == 201 and Household.objects.filter(house_no="77").exists()
    r = api.post(
        f"/api/v1/villages/{village.pk}/households",
        {"house_no": "77", "head_name": "ซ้ำ", "consent": True},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "house_no"
    assert len(api.get(f"/api/v1/villages/{village.pk}/households").json()) == 6
    soap, rice = item("น้ำยาล้างจาน"), item("ข้าวสาร")
    payload = {
        "household_id": houses[0].pk,
        "month": "10/2569",
        "amounts": {str(soap.pk): "1,250.50", str(rice.pk): "๑๐๐"},
    }
    r = api.post(f"/api/v1/forums/{forum.pk}/spending", payload, content_type="application/json")
    assert r.status_code == 200 and r.json()["total"] == "1350.50"
    bad = payload | {"amounts": {str(soap.pk): "-1", str(rice.pk): "1.234"}}
    r = api.post(f"/api/v1/forums/{forum.pk}/spending", bad, content_type="application/json")
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {f"amounts.{rice.pk}"}
    r = api.post(
        f"/api/v1/forums/{forum.pk}/spending",
        payload | {"amounts": {str(soap.pk): "-1"}},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == f"amounts.{soap.pk}"
    assert SpendingLine.objects.count() == 2
    analysis = api.get(f"/api/v1/analysis/village/{village.pk}").json()
    assert analysis["per_year"] == "16206.00" and analysis["households"] == 1
    assert [i["name"] for i in analysis["items"]] == ["น้ำยาล้างจาน", "ข้าวสาร"]
    assert api.get("/api/v1/analysis/district/9611").json()["per_year"] == "16206.00"


def test_proposals_over_the_api(api, officer, village, sungai_padi) -> None:
    partner = PartnerAgency.objects.create(name="เกษตรอำเภอ", kind="agriculture", district=sungai_padi)
    plan = plans.open_plan(village=village, year=2569, by=officer)
    project = plans.add_project(
        plan=plan,
        by=officer,
        title="ปุ๋ย",
        objective="x",
        kind="other",
        target_households=3,
        budget=Decimal(500),
        funding="partner",
        partner=partner,
    )
    proposal = plans.create_proposal(
        project=project,
        partner=partner,
        amount_requested=Decimal(500),
        on=dt.date(2026, 11, 1),
        note="",
        by=officer,
    )
    rows = api.get("/api/v1/districts/9611/proposals").json()
    assert rows[0]["waiting_on"].startswith("หมู่บ้านและพัฒนากร")
    url = f"/api/v1/proposals/{proposal.pk}/status"
    assert (
        api.post(url, {"status": "funded", "on": "2026-11-02"}, content_type="application/json").status_code
        == 422
    )
    r = api.post(url, {"status": "submitted", "on": "2026-11-02"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["waiting_on"] == "เกษตรอำเภอ พิจารณา"
    r = api.post(
        url, {"status": "approved", "on": "2026-11-03", "amount": "400"}, content_type="application/json"
    )
    assert r.json()["amount_approved"] == "400.00"
