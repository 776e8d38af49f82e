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
    "/groups/{g}/charter/draft/", "/groups/{g}/charter/{c}/adopt/", "/groups/{g}/history/",
    "/groups/{g}/books/", "/groups/{g}/books/settings/", "/groups/{g}/books/import/", "/groups/{g}/books/import/template.xlsx",
    "/groups/{g}/books/entries/{e}/", "/groups/{g}/books/entries/{e}/receipt.pdf", "/groups/{g}/work/",
    "/groups/{g}/work/{w}/confirm/", "/groups/{g}/years/", "/groups/{g}/years/{y}/", "/groups/{g}/years/{y}/close/",
    "/groups/{g}/years/{y}/report.pdf", "/groups/{g}/years/{y}/dividends/",
    "/groups/{g}/years/{y}/dividends/pay/", "/groups/{g}/years/{y}/dividends.xlsx", "/groups/{g}/years/{y}/dividends/{d}/slip.pdf",
    "/groups/{g}/meetings/", "/groups/{g}/meetings/{mt}/", "/groups/{g}/meetings/{mt}/open/", "/groups/{g}/meetings/{mt}/attendance/",
    "/groups/{g}/meetings/{mt}/agenda/", "/groups/{g}/meetings/{mt}/minutes/", "/groups/{g}/meetings/{mt}/minutes.pdf",
    "/groups/{g}/meetings/{mt}/close/", "/groups/{g}/meetings/{mt}/resolutions/", "/groups/{g}/votes/new/",
    "/groups/{g}/resolutions/{r}/", "/groups/{g}/resolutions/{r}/vote/", "/groups/{g}/resolutions/{r}/witness/",
    "/groups/{g}/resolutions/{r}/close/", "/groups/{g}/ideas/", "/groups/{g}/ideas/{i}/outcome/", "/groups/{g}/duties/",
    "/groups/{g}/duties/{du}/finish/", "/groups/{g}/inspections/", "/groups/{g}/participation/",
]  # fmt: skip
PLACE_PAGES = [
    "/places/districts/9611/", "/places/districts/9611/villages/import/", "/places/districts/9611/villages/template.csv",
    "/places/districts/9611/partners/", "/places/partners/{p}/edit/", "/places/districts/9611/staff/",
    "/places/districts/9611/staff/{o}/end/", "/district/9611/", "/province/96/",
]  # fmt: skip
API = [
    "/api/v1/groups/{g}", "/api/v1/groups/{g}/members", "/api/v1/groups/{g}/committee",
    "/api/v1/groups/{g}/activities", "/api/v1/groups/{g}/charter", "/api/v1/groups/{g}/members/{m}/leave",
    "/api/v1/places/districts/9611/villages", "/api/v1/places/districts/9611/partners",
    "/api/v1/groups/{g}/entries", "/api/v1/groups/{g}/work", "/api/v1/groups/{g}/years", "/api/v1/groups/{g}/years/{y}",
    "/api/v1/groups/{g}/entries/{e}/reverse", "/api/v1/groups/{g}/meetings", "/api/v1/groups/{g}/meetings/{mt}",
    "/api/v1/groups/{g}/resolutions/{r}", "/api/v1/groups/{g}/ideas",
]  # fmt: skip


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
    )
    task = books.add_work_task(group=group, name="งาน", unit="hours", weight=Decimal(1), by=treasurer)
    work = books.record_work(
        group=group,
        membership=group.memberships.first(),
        task=task,
        date=dt.date(2025, 3, 1),
        quantity=Decimal(1),
        by=treasurer,
        confirmed=False,
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
        | extra
    )


def _ids(group, chair, officer, sungai_padi):
    from sammachip.groups import services
    from sammachip.places.models import PartnerAgency

    charter = services.draft_charter(group=group, own_rules=[], settings={}, by=officer)
    partner = PartnerAgency.objects.create(name="อบต.", kind="lao", district=sungai_padi)
    return {
        "g": group.pk,
        "m": group.memberships.first().pk,
        "s": group.committee_seats.first().pk,
        "c": charter.pk,
        "p": partner.pk,
        "o": officer.postings.get().pk,
    }


@pytest.mark.parametrize("who", ["outsider", "other_district_officer"])
@pytest.mark.parametrize("path", GROUP_PAGES + PLACE_PAGES)
def test_pages_answer_404_to_outsiders(request, client_for, ids, who, path) -> None:
    c = client_for(request.getfixturevalue(who))
    url = path.format(**ids)
    before = AuditEvent.objects.count()
    assert c.get(url).status_code in (404, 405)
    assert c.post(url, {"name": "x", "stage": "dissolved", "role": "chair"}).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["outsider", "other_district_officer"])
@pytest.mark.parametrize("path", API)
def test_api_answers_404_to_outsiders(request, ids, who, path) -> None:
    _t, key = ApiToken.issue(user=request.getfixturevalue(who), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = path.format(**ids)
    r = (
        c.get(url)
        if not url.endswith(("leave", "reverse"))
        else c.post(url, "{}", content_type="application/json")
    )
    assert r.status_code in (404, 405, 422) and r.status_code != 200
    if r.status_code != 405:
        assert set(r.json()) == {"detail", "errors"}


def test_anonymous_is_sent_to_login(ids) -> None:
    r = Client().get(f"/groups/{ids['g']}/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_outsider_sees_no_groups(client_for, outsider, group) -> None:
    assert group.name not in client_for(outsider).get("/groups/").content.decode()
    assert client_for(outsider).get("/groups/new/").status_code == 404
