"""Every page and endpoint refuses people outside the group or area with 404, and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.core.models import AuditEvent

GROUP_PAGES = [
    "/groups/{g}/", "/groups/{g}/stage/", "/groups/{g}/members/", "/groups/{g}/members/add/",
    "/groups/{g}/members/{m}/", "/groups/{g}/members/{m}/edit/", "/groups/{g}/members/{m}/leave/",
    "/groups/{g}/members/{m}/login/",
    "/groups/{g}/committee/", "/groups/{g}/committee/{s}/end/", "/groups/{g}/activities/", "/groups/{g}/charter/",
    "/groups/{g}/charter/draft/", "/groups/{g}/history/",
    "/groups/{g}/books/", "/groups/{g}/books/settings/", "/groups/{g}/books/import/", "/groups/{g}/books/import/template.xlsx",
    "/groups/{g}/books/entries/{e}/", "/groups/{g}/books/entries/{e}/receipt.pdf",
    "/groups/{g}/books/entries/{e}/receipt-photo/", "/groups/{g}/work/", "/groups/{g}/work/day/",
    "/groups/{g}/work/{w}/confirm/", "/groups/{g}/work/{w}/cancel/", "/groups/{g}/years/", "/groups/{g}/years/{y}/", "/groups/{g}/years/{y}/close/",
    "/groups/{g}/years/{y}/report.pdf", "/groups/{g}/years/{y}/dividends/",
    "/groups/{g}/years/{y}/dividends/pay/", "/groups/{g}/years/{y}/dividends.xlsx", "/groups/{g}/years/{y}/dividends/{d}/slip.pdf",
    "/groups/{g}/meetings/", "/groups/{g}/meetings/{mt}/", "/groups/{g}/meetings/{mt}/open/", "/groups/{g}/meetings/{mt}/attendance/",
    "/groups/{g}/meetings/{mt}/agenda/", "/groups/{g}/meetings/{mt}/minutes/", "/groups/{g}/meetings/{mt}/minutes.pdf",
    "/groups/{g}/meetings/{mt}/close/", "/groups/{g}/meetings/{mt}/resolutions/", "/groups/{g}/votes/new/",
    "/groups/{g}/resolutions/{r}/", "/groups/{g}/resolutions/{r}/vote/", "/groups/{g}/resolutions/{r}/witness/",
    "/groups/{g}/resolutions/{r}/hands/",
    "/groups/{g}/resolutions/{r}/close/", "/groups/{g}/resolutions/{r}/withdraw/", "/groups/{g}/ideas/", "/groups/{g}/ideas/{i}/outcome/", "/groups/{g}/duties/",
    "/groups/{g}/duties/{du}/finish/", "/groups/{g}/inspections/", "/groups/{g}/participation/",
    "/groups/{g}/passbook/{m}/", "/groups/{g}/passbook/{m}/passbook.pdf", "/groups/{g}/passbooks.pdf",
    "/groups/{g}/work/sheet.pdf", "/groups/{g}/books/sheet.pdf", "/groups/{g}/meetings/{mt}/sign-in.pdf",
    "/groups/{g}/resolutions/{r}/tally.pdf",
]  # fmt: skip
PLACE_PAGES = [
    "/places/districts/9611/", "/districts/9611/start/", "/districts/9611/imports/",
    "/districts/9611/imports/template-groups.xlsx", "/imports/{ib}/",
    "/places/districts/9611/partners/", "/places/partners/{p}/edit/", "/places/districts/9611/staff/",
    "/places/districts/9611/staff/{o}/end/", "/district/9611/", "/province/96/",
]  # fmt: skip
API = [
    "/api/v1/groups/{g}", "/api/v1/groups/{g}/members", "/api/v1/groups/{g}/committee",
    "/api/v1/groups/{g}/activities", "/api/v1/groups/{g}/charter", "/api/v1/groups/{g}/members/{m}/leave",
    "/api/v1/places/districts/9611/villages", "/api/v1/places/districts/9611/partners",
    "/api/v1/groups/{g}/entries", "/api/v1/groups/{g}/work", "/api/v1/groups/{g}/years", "/api/v1/groups/{g}/years/{y}",
    "/api/v1/groups/{g}/entries/{e}/reverse", "/api/v1/groups/{g}/meetings", "/api/v1/groups/{g}/meetings/{mt}",
    "/api/v1/groups/{g}/resolutions/{r}", "/api/v1/groups/{g}/ideas", "/api/v1/groups/{g}/work/{w}/cancel",
    "/api/v1/groups/{g}/resolutions/{r}/withdraw", "/api/v1/groups/{g}/meetings/{mt}/attendance",
    "/api/v1/groups/{g}/work/day", "/api/v1/groups/{g}/resolutions/{r}/hands",
    "/api/v1/groups/{g}/members/{m}/passbook",
]  # fmt: skip


# A body each write endpoint accepts, built from the objects made below, so that an outsider is refused
# for who she is (404) and never merely for a malformed body (422, which the API checks first).
API_BODIES = {
    "/api/v1/groups/{g}/members": lambda v: {
        "first_name": "สมใจ", "last_name": "ทดสอบ", "joined_on": "2026-11-01", "chosen_occupations": [v["occ"]],
    },
    "/api/v1/groups/{g}/committee": lambda v: {"member_id": v["m"], "role": "vice_chair", "starts_on": "2026-11-01"},
    "/api/v1/groups/{g}/activities": lambda v: {
        "name": "x", "need": "x", "proposed_by_id": v["m"], "started_on": "2026-11-01",
    },
    "/api/v1/groups/{g}/members/{m}/leave": lambda v: {"left_on": "2026-11-01", "reason": "moved"},
    "/api/v1/places/districts/9611/villages": lambda v: {"subdistrict_code": "961104", "moo": 99, "name": "บ้านใหม่"},
    "/api/v1/groups/{g}/entries": lambda v: {
        "date": "2026-11-01", "category_id": v["cat"], "amount": "10", "account_id": v["acc"],
    },
    "/api/v1/groups/{g}/work": lambda v: {"member_id": v["m"], "date": "2026-11-01", "task_id": v["task"], "quantity": "1"},
    "/api/v1/groups/{g}/entries/{e}/reverse": lambda v: {"reason": "x"},
    "/api/v1/groups/{g}/ideas": lambda v: {"text": "x"},
    "/api/v1/villages/{v}/households": lambda v: {"house_no": "2", "head_name": "x"},
    "/api/v1/forums/{f}/spending": lambda v: {"household_id": v["hh"], "month": "10/2569", "amounts": {str(v["item"]): "10"}},
    "/api/v1/proposals/{po}/status": lambda v: {"status": "submitted", "on": "2026-11-01"},
    "/api/v1/groups/{g}/products": lambda v: {"name": "z", "price": "5"},
    "/api/v1/groups/{g}/resolutions/{r}/votes": lambda v: {"member_id": v["m"], "choice": "yes"},
    "/api/v1/groups/{g}/placements/{pc}/settle": lambda v: {"on": "2026-11-01", "sold": 1, "amount": "5"},
    "/api/v1/groups/{g}/work/{w}/cancel": lambda v: {"reason": "พิมพ์ผิด"},
    "/api/v1/groups/{g}/resolutions/{r}/withdraw": lambda v: {"reason": "เปิดผิด"},
    "/api/v1/groups/{g}/meetings/{mt}/attendance": lambda v: {"marks": [{"member_id": v["m"], "status": "present"}]},
    "/api/v1/groups/{g}/work/day": lambda v: {"date": "2026-11-01", "rows": [{"member_id": v["m"], "task_id": v["task"], "quantity": "1"}]},
    "/api/v1/groups/{g}/resolutions/{r}/hands": lambda v: {"counts": {"yes": 1}},
}  # fmt: skip


def api_body(path: str, values: dict) -> dict:
    """The valid body for a write endpoint; {} for an address that takes no body (GET only: 405)."""
    make = API_BODIES.get(path)
    return make(values) if make else {}


@pytest.fixture
def ids(group, chair, officer, sungai_padi, treasurer):
    import datetime as dt
    from decimal import Decimal

    from sammachip.bookkeeping import services as books
    from sammachip.bookkeeping.models import Category, DividendRun

    books.ensure_books(group)
    cash = group.money_accounts.get()
    sales = Category.objects.get(group__isnull=True, code="sales")
    entry = books.record_entry(
        group=group,
        by=treasurer,
        date=dt.date(2025, 3, 1),
        kind="income",
        category=sales,
        amount=Decimal("100.00"),
        account=cash,
        receipt_photo=_png(),  # so the photo's address has something to refuse
    )
    task = books.add_work_task(group=group, name="งาน", unit="hours", weight=Decimal(1), by=treasurer)
    work = books.record_work(  # the treasurer's own: it waits for the production lead
        group=group,
        membership=group.memberships.get(person__user=treasurer),
        task=task,
        date=dt.date(2025, 3, 1),
        quantity=Decimal(1),
        by=treasurer,
    )
    year = entry.fiscal_year
    run = DividendRun.objects.create(
        fiscal_year=year,
        pool=Decimal(0),
        total_work=Decimal(1),
        work_unit="hours",
        dividend_percent=Decimal(60),
        created_by=treasurer,
    )
    share = run.shares.create(
        membership=group.memberships.first(),
        member_name="x",
        member_number=1,
        work=Decimal(1),
        amount=Decimal(0),
    )
    from sammachip.meetings import services as meetings

    meeting = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2024, 6, 1), place="x", agenda=["a"], by=chair
    )
    meetings.open_meeting(meeting=meeting, by=chair)
    meetings.record_attendance(
        meeting=meeting, marks={m.pk: ("present", None) for m in group.memberships.all()}, by=chair
    )
    resolution = meetings.propose_resolution(group=group, meeting=meeting, question="q", by=chair)
    first = group.memberships.order_by("number")[0]
    idea = meetings.raise_idea(group=group, author=first, kind="idea", text="x", by=chair)
    duty = meetings.assign_duty(group=group, assignee=first, title="x", due_on=dt.date(2024, 7, 1), by=chair)
    extra = {"mt": meeting.pk, "r": resolution.pk, "i": idea.pk, "du": duty.pk}
    return (
        _ids(group, chair, officer, sungai_padi)
        | {"e": entry.pk, "w": work.pk, "y": year.pk, "d": share.pk}
        | {"cat": sales.pk, "acc": cash.pk, "task": task.pk, "occ": group.occupation.name}
        | extra
    )


def _png():  # type: ignore[no-untyped-def]
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG")
    return SimpleUploadedFile("a.png", out.getvalue())


def _ids(group, chair, officer, sungai_padi):
    from sammachip.groups import services
    from sammachip.places.models import PartnerAgency

    charter = services.draft_charter(group=group, own_rules=[], settings={}, by=officer)
    partner = PartnerAgency.objects.create(name="อบต.", kind="lao", district=sungai_padi)
    from sammachip.onboarding.models import ImportBatch

    batch = ImportBatch.objects.create(
        district=sungai_padi, kind="groups", file_name="f.csv", sha256="0" * 64, headers=["ชื่อกลุ่ม"],
        rows=[[2, ["x"]]], created_by=officer,
    )  # fmt: skip
    return {
        "ib": batch.pk,
        "g": group.pk,
        "m": group.memberships.first().pk,
        "s": group.committee_seats.first().pk,
        "c": charter.pk,
        "p": partner.pk,
        "o": officer.postings.get().pk,
    }


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize("path", GROUP_PAGES + PLACE_PAGES)
def test_pages_answer_404_to_outsiders(request, client_for, ids, who, path) -> None:
    c = client_for(request.getfixturevalue(who))
    url = path.format(**ids)
    before = AuditEvent.objects.count()
    assert c.get(url).status_code in (404, 405)
    assert c.post(url, {"name": "x", "stage": "dissolved", "role": "chair"}).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize("path", API)
def test_api_answers_404_to_outsiders(request, ids, who, path) -> None:
    _t, key = ApiToken.issue(user=request.getfixturevalue(who), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = path.format(**ids)
    before = AuditEvent.objects.count()
    r = c.get(url)
    assert r.status_code in (404, 405)
    if r.status_code == 404:
        assert set(r.json()) == {"detail", "errors"}
    r = c.post(url, api_body(path, ids), content_type="application/json")
    assert r.status_code in (404, 405), (r.status_code, r.content[:300])
    assert (r.status_code == 404) == (path in API_BODIES)  # a write is refused, not merely unsupported
    assert AuditEvent.objects.count() == before


def test_anonymous_is_sent_to_login(ids) -> None:
    r = Client().get(f"/groups/{ids['g']}/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_outsider_sees_no_groups(client_for, outsider, group) -> None:
    assert group.name not in client_for(outsider).get("/groups/").content.decode()
    assert client_for(outsider).get("/groups/new/").status_code == 404


PREPARATION_PAGES = [
    "/villages/{v}/", "/villages/{v}/forums/new/", "/villages/{v}/survey/", "/villages/{v}/survey/import/",
    "/survey-answers/{a}/remove/", "/forums/{f}/", "/forums/{f}/import/", "/forums/{f}/sheet.pdf", "/districts/9611/households/import/",
    "/analysis/village/{v}/", "/analysis/subdistrict/961104/", "/analysis/district/9611/", "/analysis/province/96/",
    "/analysis/village/{v}/?format=xlsx", "/analysis/district/9611/?format=pdf", "/analysis/nowhere/1/",
    "/villages/{v}/plans/", "/villages/{v}/community-forums/new/", "/plans/{pl}/", "/projects/{pr}/",
    "/projects/{pr}/edit/", "/proposals/{po}/", "/proposal-documents/{d}/", "/districts/9611/proposals/",
    "/partners/{p}/log/", "/community-forums/{cf}/",
]  # fmt: skip
PREPARATION_API = [
    "/api/v1/villages/{v}/households", "/api/v1/forums/{f}/spending", "/api/v1/analysis/village/{v}",
    "/api/v1/analysis/district/9611", "/api/v1/districts/9611/proposals", "/api/v1/proposals/{po}/status",
]  # fmt: skip


@pytest.fixture
def prep_ids(officer, village, sungai_padi):
    import datetime as dt
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from sammachip.households import services as hh
    from sammachip.households.models import OccupationType, SpendingItem
    from sammachip.places.models import PartnerAgency
    from sammachip.plans import services as plans

    house = hh.add_household(village=village, house_no="1", head_name="x", consent=True, by=officer)
    forum = hh.create_forum(village=village, held_on=dt.date(2026, 10, 1), participants=1, by=officer)
    rice = SpendingItem.objects.get(name="ข้าวสาร")
    hh.record_spending(
        forum=forum, household=house, month=dt.date(2026, 10, 1), amounts={rice: Decimal(10)}, by=officer
    )
    occupation = OccupationType.objects.create(name="อาชีพทดสอบ")
    answer = hh.save_need(
        household=house,
        occupation=occupation,
        people=1,
        skills="",
        hours_per_week=None,
        surveyed_on=dt.date(2026, 10, 1),
        by=officer,
    )
    partner = PartnerAgency.objects.get_or_create(name="อบต.", kind="lao", district=sungai_padi)[0]
    plan = plans.open_plan(village=village, year=2026, by=officer)
    project = plans.add_project(
        plan=plan,
        by=officer,
        title="x",
        objective="x",
        kind="occupation",
        occupation=occupation,
        target_households=1,
        budget=Decimal(10),
        funding="village",
    )
    proposal = plans.create_proposal(
        project=project,
        partner=partner,
        amount_requested=Decimal(10),
        on=dt.date(2026, 10, 1),
        note="",
        by=officer,
    )
    document = plans.attach_document(
        proposal=proposal, upload=SimpleUploadedFile("a.pdf", b"%PDF-1"), by=officer
    )
    cf = plans.hold_community_forum(
        village=village, held_on=dt.date(2026, 10, 1), place="x", note="", by=officer
    )
    return {"v": village.pk, "f": forum.pk, "a": answer.pk, "pl": plan.pk, "pr": project.pk, "po": proposal.pk,
            "d": document.pk, "p": partner.pk, "cf": cf.pk, "hh": house.pk, "item": rice.pk}  # fmt: skip


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize("path", PREPARATION_PAGES)
def test_preparation_pages_answer_404_to_outsiders(request, client_for, prep_ids, who, path) -> None:
    from sammachip.households.models import NeedsAnswer, SpendingLine
    from sammachip.plans.models import Project

    c = client_for(request.getfixturevalue(who))
    url = path.format(**prep_ids)
    before = (
        AuditEvent.objects.count(),
        SpendingLine.objects.count(),
        NeedsAnswer.objects.count(),
        Project.objects.count(),
    )
    assert c.get(url).status_code in (404, 405)
    post = {"year": "2569", "action": "status", "status-status": "submitted", "status-on": "01/11/2569",
            "house_no": "2", "hh-house_no": "2", "hh-head_name": "x", "hh-member_count": "1", "note": "x", "on": "01/11/2569"}  # fmt: skip
    assert c.post(url, post).status_code == 404
    after = (
        AuditEvent.objects.count(),
        SpendingLine.objects.count(),
        NeedsAnswer.objects.count(),
        Project.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize("path", PREPARATION_API)
def test_preparation_api_answers_404_to_outsiders(request, prep_ids, who, path) -> None:
    _t, key = ApiToken.issue(user=request.getfixturevalue(who), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = path.format(**prep_ids)
    before = AuditEvent.objects.count()
    r = c.get(url)
    assert r.status_code in (404, 405)
    r = c.post(url, api_body(path, prep_ids), content_type="application/json")
    assert r.status_code in (404, 405), (r.status_code, r.content[:300])
    assert (r.status_code == 404) == (path in API_BODIES)
    if r.status_code == 404:
        assert set(r.json()) == {"detail", "errors"}
    assert AuditEvent.objects.count() == before


def test_the_public_plan_is_the_one_page_open_to_anyone(prep_ids) -> None:
    assert Client().get(f"/public/plans/{prep_ids['pl']}/").status_code == 200
    assert Client().get(f"/villages/{prep_ids['v']}/").status_code == 302


FOLLOW_UP_PAGES = [
    "/groups/{g}/visits/", "/groups/{g}/visits/{vi}/", "/groups/{g}/visit-photos/{ph}/", "/groups/{g}/actions/{ac}/done/",
    "/groups/{g}/health/", "/groups/{g}/reports/", "/stage-proposals/{sp}/decide/", "/district/9611/agenda/",
    "/district/9611/reports/", "/district/9611/follow-up-settings/", "/district/9611/?format=xlsx",
    "/district/9611/?format=pdf", "/agenda/?officer={of}",
]  # fmt: skip


@pytest.fixture
def follow_ids(officer, group):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from sammachip.visits import services
    from sammachip.visits.models import StageProposal

    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG")
    visit = services.record_visit(
        group=group, by=officer, visited_on=group.founded_on, purpose="follow_up",
        actions=[services.ActionIn("x", "y", group.founded_on)], photos=[SimpleUploadedFile("a.png", out.getvalue())],
    )  # fmt: skip
    proposal = services.propose_stage(group=group, reason="x", by=officer)
    return {"g": group.pk, "vi": visit.pk, "ph": visit.photos.get().pk, "ac": visit.actions.get().pk,
            "sp": proposal.pk, "of": officer.pk, "_sp": StageProposal}  # fmt: skip


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize("path", FOLLOW_UP_PAGES)
def test_follow_up_pages_answer_404_to_outsiders(request, client_for, follow_ids, who, path) -> None:
    from sammachip.visits.models import AnnualReport, Visit

    c = client_for(request.getfixturevalue(who))
    url = path.format(**follow_ids)
    before = (AuditEvent.objects.count(), Visit.objects.count(), AnnualReport.objects.count())
    assert c.get(url).status_code in (404, 405)
    post = {"visited_on": "01/11/2569", "purpose": "follow_up", "people_present": "1", "approve": "1",
            "fiscal_year_start": "2025-01-01", "income": "1", "expense": "1", "reason": "x", "weekly_weeks": "10",
            "report_due_days": "30", "version": "1"}  # fmt: skip
    assert c.post(url, post).status_code == 404
    assert (AuditEvent.objects.count(), Visit.objects.count(), AnnualReport.objects.count()) == before
    assert follow_ids["_sp"].objects.get().decision == "pending"


def test_plain_members_cannot_decide_or_change_settings(client_for, member, follow_ids) -> None:
    c = client_for(member)
    assert c.post(f"/stage-proposals/{follow_ids['sp']}/decide/", {"approve": "1"}).status_code == 404
    assert c.get("/district/9611/follow-up-settings/").status_code == 404
    assert c.get("/agenda/").status_code == 404
    assert c.post(f"/groups/{follow_ids['g']}/actions/{follow_ids['ac']}/done/").status_code == 404


MARKET_PAGES = [
    "/groups/{g}/market/", "/groups/{g}/market/page/", "/groups/{g}/market/products/new/",
    "/groups/{g}/market/products/{pr}/", "/groups/{g}/market/inquiries/{iq}/handled/", "/groups/{g}/market/shops/",
    "/groups/{g}/market/booths/", "/groups/{g}/market/study-visits/",
]  # fmt: skip


@pytest.fixture
def market_ids(officer, group):
    import datetime as dt
    from decimal import Decimal

    from sammachip.market import services
    from sammachip.market.models import Product

    services.save_profile(group=group, by=officer, slug="g1", story="x", is_published=False)
    product = Product.objects.create(group=group, name="x", price=5, stock=10)
    inquiry = services.submit_inquiry(
        group=group, kind="order", address="1.2.3.4", name="x", phone="0812345678"
    )
    shop = services.add_shop(group=group, name="ร้านค้า", by=officer)
    placement = services.place_goods(
        group=group, shop=shop, product=product, quantity=10, unit_price=Decimal(5),
        placed_on=dt.date(2026, 11, 1), by=officer,
    )  # fmt: skip
    return {"g": group.pk, "pr": product.pk, "iq": inquiry.pk, "pc": placement.pk}


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize("path", MARKET_PAGES)
def test_market_pages_answer_404_to_outsiders(request, client_for, market_ids, who, path) -> None:
    from sammachip.market.models import Inquiry, Product

    c = client_for(request.getfixturevalue(who))
    url = path.format(**market_ids)
    before = (AuditEvent.objects.count(), Product.objects.count(), Inquiry.objects.get().status)
    assert c.get(url).status_code in (404, 405)
    post = {"action": "shop", "shop-name": "x", "name": "y", "price": "5", "unit": "u", "stock": "1", "otop_stars": "0",
            "slug": "z", "event": "e", "place": "p", "starts_on": "01/11/2569", "ends_on": "01/11/2569", "sales": "5"}  # fmt: skip
    assert c.post(url, post).status_code == 404
    assert (AuditEvent.objects.count(), Product.objects.count(), Inquiry.objects.get().status) == before


def test_an_unpublished_page_is_404_to_everyone(market_ids) -> None:
    assert Client().get("/g/g1/").status_code == 404
    assert Client().get("/g/g1/flyer.pdf").status_code == 404
    assert Client().get(f"/g/g1/photo/{market_ids['pr']}/small.jpg").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
@pytest.mark.parametrize(
    "path", ["/api/v1/groups/{g}/products", "/api/v1/groups/{g}/placements", "/api/v1/groups/{g}/promptpay"]
)
def test_market_api_answers_404_to_outsiders(request, market_ids, who, path) -> None:
    from sammachip.market.models import Product

    _t, key = ApiToken.issue(user=request.getfixturevalue(who), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = path.format(**market_ids)
    assert c.get(url).status_code == 404
    r = c.post(url, api_body(path, market_ids), content_type="application/json")
    assert r.status_code in (404, 405) and Product.objects.count() == 1
    assert (r.status_code == 404) == (path in API_BODIES)


@pytest.mark.parametrize("who", ["outsider", "other_district_officer", "other_group_chair"])
def test_privacy_pages_answer_404_to_outsiders(request, client_for, ids, officer, village, who) -> None:
    from sammachip.households import services as hh
    from sammachip.households.models import ConsentRecord
    from sammachip.privacy.models import DataRequest

    c = client_for(request.getfixturevalue(who))
    house = hh.add_household(village=village, house_no="1", head_name="x", consent=True, by=officer)
    before = (
        AuditEvent.objects.count(),
        DataRequest.objects.count(),
        ConsentRecord.objects.filter(withdrawn_on__isnull=False).count(),
    )
    for url in (f"/groups/{ids['g']}/members/{ids['m']}/export.json", f"/groups/{ids['g']}/members/{ids['m']}/erase/",
                "/privacy/breaches/", f"/households/{house.pk}/withdraw-consent/"):  # fmt: skip
        assert c.get(url).status_code in (404, 405)
        assert c.post(url, {"decision": "erase", "reason": "x", "description": "x"}).status_code == 404
    after = (
        AuditEvent.objects.count(),
        DataRequest.objects.count(),
        ConsentRecord.objects.filter(withdrawn_on__isnull=False).count(),
    )
    assert after == before
