"""The smaller findings of the security assessment: a Content-Security-Policy that every page meets (nothing
inline), the API docs from our own static files, no browser keeping a signed-in answer (full national IDs),
spreadsheet exports that never run a cell as a formula, the entries API holding partner agencies to the
page's rule, and the import preview masking national IDs from anyone but the area's officer."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from sammachip.accounts.models import ApiToken
from sammachip.core.middleware import CONTENT_SECURITY_POLICY
from sammachip.core.views_util import xlsx_response
from tests.test_outsiders import (
    FOLLOW_UP_PAGES,
    GROUP_PAGES,
    MARKET_PAGES,
    PLACE_PAGES,
    PREPARATION_PAGES,
    follow_ids,  # noqa: F401 - fixtures
    ids,  # noqa: F401
    market_ids,  # noqa: F401
    prep_ids,  # noqa: F401
)

INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "a style element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"""\sstyle\s*=\s*["']""", re.I),
    "an event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "an htmx handler (evaluated code)": re.compile(r"""\shx-on[:\-]""", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


def test_every_page_has_the_policy_and_nothing_inline_it_would_refuse(
    client_for,
    officer,
    ids,  # noqa: F811 - the fixtures imported above
    prep_ids,  # noqa: F811
    follow_ids,  # noqa: F811
    market_ids,  # noqa: F811
    group,
    client,
) -> None:
    from sammachip.market import services as market

    values = {**ids, **prep_ids, **follow_ids, **market_ids}
    c = client_for(officer)
    checked, found = 0, []
    pages = [
        *GROUP_PAGES,
        *PLACE_PAGES,
        *PREPARATION_PAGES,
        *FOLLOW_UP_PAGES,
        *MARKET_PAGES,
        "/",
        "/help/",
        "/agenda/",
    ]
    for path in pages:
        try:
            url = path.format(**values)
        except KeyError:
            continue
        r = c.get(url)
        if r.status_code != 200 or not r["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        assert r["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        body = r.content.decode()
        found += [(url, what) for what, pattern in INLINE.items() if pattern.search(body)]
    market.save_profile(group=group, by=officer, slug="g1", story="เรื่องของเรา", is_published=True)
    for public in ("/g/g1/", "/accounts/login/", "/privacy/"):
        r = client.get(public)
        assert r.status_code == 200 and r["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, public
        found += [(public, what) for what, pattern in INLINE.items() if pattern.search(r.content.decode())]
    assert checked > 40 and not found, found


def test_the_api_docs_load_only_our_own_scripts(client) -> None:
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    body = r.content.decode()
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", body)
    styles = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", body)
    assert scripts and all(s.startswith("/static/") for s in scripts + styles), (scripts, styles)
    assert "cdn" not in body.lower() and "https://" not in body
    for path in scripts:
        assert client.get(path).status_code == 200, path  # served by us


def test_signed_in_answers_are_kept_by_no_browser(
    client_for, officer, member, group, client, settings
) -> None:
    """Pages, API answers and exports that show full national IDs (to the area's officer and the member)."""
    me = group.memberships.get(person__user=member)
    c = client_for(officer)
    urls = [
        f"/groups/{group.pk}/members/",
        f"/groups/{group.pk}/members/{me.pk}/",
        f"/groups/{group.pk}/members/{me.pk}/export.json",
        "/district/9611/?format=xlsx",
    ]
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200 and r["Cache-Control"] == "no-store", (url, r.get("Cache-Control"))
    assert me.person.national_id in c.get(urls[0]).content.decode()  # the officer sees the full ID
    own = client_for(member).get(urls[1])
    assert own.status_code == 200 and own["Cache-Control"] == "no-store"
    _token, key = ApiToken.issue(user=officer, name="t")
    api = client.get(f"/api/v1/groups/{group.pk}/members", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200 and me.person.national_id in api.content.decode()
    assert api["Cache-Control"] == "no-store"
    # Public answers keep their own caching: the group's public page, static files.
    from sammachip.market import services as market

    market.save_profile(group=group, by=officer, slug="g1", story="เรื่องของเรา", is_published=True)
    public = client.get("/g/g1/")
    assert public.status_code == 200 and "no-store" not in public.get("Cache-Control", "")
    assert "no-store" not in client.get("/static/core/app.css").get("Cache-Control", "")


def test_exports_write_formula_like_text_as_text(client_for, officer, group) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    risky = ['=HYPERLINK("http://x","ดู")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
    ws.append([*risky, -5, -2.5, "ปกติ", "1-2"])
    got = load_workbook(io.BytesIO(xlsx_response(wb, "x.xlsx").content)).active
    cells = list(got.iter_rows(values_only=False))[0]
    read_back = [v.replace("\r", "\n") for v in risky]  # (XML reads a carriage return as a line feed)
    assert [c.value for c in cells] == [*read_back, -5, -2.5, "ปกติ", "1-2"]
    assert [c.data_type for c in cells] == ["s"] * 6 + ["n", "n", "s", "s"]
    assert all(c.quotePrefix for c in cells[:6]) and not any(c.quotePrefix for c in cells[6:])
    # Through the interface: a group named like a formula, in the district's export.
    group.name = '=HYPERLINK("http://evil.example","คลิก")'
    group.save(update_fields=["name"])
    r = client_for(officer).get("/district/9611/?format=xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    named = [c for row in sheet.iter_rows() for c in row if c.value == group.name]
    assert named and all(c.data_type == "s" for c in named)


def _partner(district, name: str, active: bool = True):  # type: ignore[no-untyped-def]
    from sammachip.places.models import PartnerAgency

    return PartnerAgency.objects.create(name=name, kind="lao", district=district, is_active=active)


def test_the_entries_api_refuses_a_partner_agency_the_page_would_not_offer(
    client_for, treasurer, group, cash
) -> None:
    from sammachip.bookkeeping.models import Category, Entry
    from sammachip.places.models import District

    grant = Category.objects.get(group__isnull=True, kind="income", code="grant")
    own = _partner(group.village.subdistrict.district, "อบต.สากอ")
    elsewhere = _partner(District.objects.get(code="9610"), "เทศบาลเมืองสุไหงโก-ลก")
    ended = _partner(group.village.subdistrict.district, "อบต.เก่า", active=False)
    c = client_for(treasurer)
    url = f"/api/v1/groups/{group.pk}/entries"
    body = {"date": "2026-11-01", "category_id": grant.pk, "amount": "500", "account_id": cash.pk}
    for partner in (elsewhere, ended):
        r = c.post(url, {**body, "partner_id": partner.pk}, content_type="application/json")
        assert r.status_code == 422, r.content
        assert r.json()["errors"] == [{"field": "partner_id", "message": "กรุณาเลือกภาคีของอำเภอที่กลุ่มนี้ตั้งอยู่"}]
    assert not Entry.objects.exists()
    r = c.post(url, {**body, "partner_id": own.pk}, content_type="application/json")
    assert r.status_code == 201 and Entry.objects.get().partner_id == own.pk
    # The service holds the same rule for any other caller.
    from django.core.exceptions import ValidationError

    from sammachip.bookkeeping import services

    with pytest.raises(ValidationError) as refused:
        services.record_entry(
            group=group, by=treasurer, date=dt.date(2026, 11, 2), kind="income", category=grant,
            amount=__import__("decimal").Decimal("1.00"), account=cash, partner=elsewhere,
        )  # fmt: skip
    assert "partner" in refused.value.message_dict


def test_the_import_preview_masks_national_ids_from_the_district_head(
    client_for, officer, district_head, group
) -> None:
    from tests.conftest import make_national_id
    from tests.onboarding.test_imports import upload, xlsx

    valid = make_national_id(700001)
    typo = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    rows = [
        ["ชื่อกลุ่ม", "ชื่อ-นามสกุล", "เลขบัตรประชาชน", "วันที่สมัคร"],
        ["กลุ่มที่ไม่มี", "นางสาวมาลี ดี", valid, "15/01/2567"],  # refused: no such group
        [group.name, "นายสมชาย ขยัน", typo, "15/01/2567"],  # refused: the check digit
    ]
    batch = upload(client_for(officer), "members", xlsx(rows))
    assert batch.preview["counts"]["refused"] == 2
    officers = client_for(officer).get(f"/imports/{batch.pk}/").content.decode()
    assert valid in officers and typo in officers  # the area's officer sees what the file holds
    head = client_for(district_head)
    page = head.get(f"/imports/{batch.pk}/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    assert valid not in body and typo not in body
    assert f"x-xxxx-xxxx{valid[9]}-{valid[10:12]}-{valid[12]}" in body
    # Correcting the row without touching the masked ID keeps the file's ID (it is not replaced by the mask).
    fixed = head.post(
        f"/imports/{batch.pk}/",
        {"action": "fix", "row": "2", "cell_group": group.name, "cell_full_name": "นางสาวมาลี ดี",
         "cell_national_id": f"x-xxxx-xxxx{valid[9]}-{valid[10:12]}-{valid[12]}", "cell_joined_on": "15/01/2567"},
    )  # fmt: skip
    assert fixed.status_code == 302
    batch.refresh_from_db()
    row = next(r for r in batch.preview["rows"] if r["row"] == 2)
    # (Checked as the head, who adds no members himself: refused for that, never for the ID.)
    assert row["values"]["national_id"] == valid and row["column"] != "national_id"
    assert batch.rows[0][1][2] == valid and batch.rows[0][1][0] == group.name
