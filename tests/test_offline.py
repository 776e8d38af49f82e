"""The server's side of offline field work: the service worker at the site root, the manifest, what each role
keeps on the phone (and nobody else's), pages kept with every national ID masked, and forms that still post as
they always did."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client

from sammachip.core.middleware import CONTENT_SECURITY_POLICY
from sammachip.core.models import PersonalDataAccess
from sammachip.groups import services as group_services
from sammachip.groups.models import Role
from sammachip.meetings import services as meetings
from tests.conftest import _login_member

FULL_ID = re.compile(r"(?<!\d)\d{13}(?!\d)")


def test_the_worker_is_served_at_the_root_for_every_page(client) -> None:
    r = client.get("/sw.js")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/javascript")
    assert r["Service-Worker-Allowed"] == "/"
    assert r["Cache-Control"] == "no-cache"
    assert (
        r["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    )  # the worker's own fetches stay on our origin
    body = r.content.decode()
    assert "__VERSION__" not in body and "__ASSETS__" not in body
    assets = json.loads(re.search(r"ASSETS = (\[.*?\])", body).group(1))  # type: ignore[union-attr]
    assert "/static/core/offline.js" in assets and "/static/vendor/htmx.min.js" in assets
    # the Thai font, as app.css names it (a file `make assets` does not copy would fail the whole install)
    assert {a for a in assets if "/fonts/" in a} == {
        "/static/vendor/fonts/sarabun-thai-400-normal.woff2",
        "/static/vendor/fonts/sarabun-thai-700-normal.woff2",
    }
    assert all(a.startswith("/static/") for a in assets)  # nothing from elsewhere
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_the_manifest_names_the_app_in_thai_and_its_icons_are_ours(client) -> None:
    r = client.get("/manifest.webmanifest")
    assert r.status_code == 200 and r["Content-Type"] == "application/manifest+json"
    data = json.loads(r.content)
    assert data["short_name"] == "สัมมาชีพ" and data["start_url"] == "/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512", "any"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_pages_link_the_manifest_and_name_the_person_only_when_signed_in(client, client_for, officer) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="manifest"' in page and "sammachip-person" not in page and "offline-text" not in page
    page = client_for(officer).get("/").content.decode()
    assert re.search(r'<meta name="sammachip-person" content="[a-p]{24}">', page)
    assert 'id="outbox-count"' in page and "data-signout" in page


def state(c: Client) -> dict:
    r = c.get("/offline/state.json")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    return json.loads(r.content)


def test_nobody_signed_in_keeps_nothing(client) -> None:
    assert state(client) == {"person": None}


def test_the_officer_keeps_the_agenda_its_groups_villages_and_forums(
    client_for, officer, group, forum
) -> None:
    s = state(client_for(officer))
    g = group.pk
    assert s["csrf"] and len(s["person"]) == 24
    assert {
        "/agenda/",
        f"/groups/{g}/",
        f"/groups/{g}/members/",
        f"/groups/{g}/visits/",
        f"/groups/{g}/health/",
    } <= set(s["pages"])
    assert {f"/villages/{group.village_id}/", f"/forums/{forum.pk}/", "/outbox/", "/offline/"} <= set(
        s["pages"]
    )
    assert len(s["pages"]) == len(set(s["pages"]))


def test_each_person_has_an_opaque_id_of_their_own(client_for, officer, treasurer, member) -> None:
    ids = {state(client_for(u))["person"] for u in (officer, treasurer, member)}
    assert len(ids) == 3
    assert all(str(u.pk) != i for u in (officer, treasurer, member) for i in ids)


def test_a_treasurer_keeps_the_books_and_a_production_lead_the_members_and_work(
    client_for, group, treasurer, production
) -> None:
    g = group.pk
    books = state(client_for(treasurer))["pages"]
    assert f"/groups/{g}/books/" in books and "/agenda/" not in books
    work = state(client_for(production))["pages"]
    assert {f"/groups/{g}/members/", f"/groups/{g}/work/"} <= set(work)
    assert f"/groups/{g}/books/" not in work


def test_a_chair_keeps_the_meetings_of_the_coming_week(client_for, group, chair, officer) -> None:
    soon = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2026, 11, 28), place="ศาลา", agenda=["วาระ"], by=officer
    )
    later = meetings.schedule_meeting(
        group=group, kind="monthly", date=dt.date(2027, 1, 28), place="ศาลา", agenda=["วาระ"], by=officer
    )
    pages = state(client_for(chair))["pages"]
    assert f"/groups/{group.pk}/meetings/{soon.pk}/" in pages
    assert f"/groups/{group.pk}/meetings/{later.pk}/" not in pages


def test_an_outsider_keeps_no_group_and_a_plain_member_no_books(client_for, group, outsider, member) -> None:
    assert state(client_for(outsider))["pages"] == ["/", "/outbox/", "/offline/"]
    assert not any(f"/groups/{group.pk}/" in p for p in state(client_for(member))["pages"])


def test_a_seat_in_another_group_keeps_only_that_group(client_for, group, other_group_chair) -> None:
    assert not any(f"/groups/{group.pk}/" in p for p in state(client_for(other_group_chair))["pages"])


def test_a_kept_page_shows_no_full_national_id_and_logs_no_viewing(client_for, officer, group) -> None:
    c = client_for(officer)
    online = c.get(f"/groups/{group.pk}/members/").content.decode()
    assert FULL_ID.search(online)  # the area's officer sees full IDs online
    PersonalDataAccess.objects.all().delete()
    for path in [f"/groups/{group.pk}/members/", f"/groups/{group.pk}/", f"/villages/{group.village_id}/"]:
        r = c.get(path, HTTP_X_SAMMACHIP_KEEP="1")
        assert r.status_code == 200 and "X-Sammachip-Keep" in r["Vary"]
        page = r.content.decode()
        assert not FULL_ID.search(page), path
        assert not re.search(r"\d-\d{4}-\d{5}-\d{2}-\d", page), path
    kept = c.get(f"/groups/{group.pk}/members/", HTTP_X_SAMMACHIP_KEEP="1").content.decode()
    assert "x-xxxx-xxxx" in kept
    assert not PersonalDataAccess.objects.exists()  # nobody was shown a full ID


def test_a_member_kept_page_masks_her_own_id_too(client_for, group, member) -> None:
    m = group.memberships.get(person__user=member)
    path = f"/groups/{group.pk}/members/{m.pk}/"
    assert m.person.national_id in client_for(member).get(path).content.decode()
    assert (
        m.person.national_id not in client_for(member).get(path, HTTP_X_SAMMACHIP_KEEP="1").content.decode()
    )


def test_a_kept_copy_leaves_the_persons_messages_for_the_page_they_open(client_for, officer, group) -> None:
    c = client_for(officer)
    c.cookies["messages"] = CookieStorage(None)._encode([_message("บันทึกการเยี่ยมแล้ว")])  # type: ignore[arg-type, attr-defined]
    c.get("/agenda/", HTTP_X_SAMMACHIP_KEEP="1")
    assert "บันทึกการเยี่ยมแล้ว" in c.get("/agenda/").content.decode()


def _message(text: str):  # type: ignore[no-untyped-def]
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, text)


def test_the_outbox_and_offline_pages_need_a_sign_in(client, client_for, outsider) -> None:
    for path in ["/outbox/", "/offline/"]:
        assert client.get(path).status_code == 302
        page = client_for(outsider).get(path).content.decode()
        assert 'id="outbox-waiting"' in page or 'id="kept-pages"' in page


def test_the_offline_forms_still_post_as_before(
    client_for, officer, group, forum, treasurer, production, task
) -> None:
    """Marked for the outbox, and nothing more: without JavaScript they post to the same place as ever."""
    g = group.pk
    for user, path, form_id in [
        (officer, f"/groups/{g}/visits/", "visit-form"),
        (officer, f"/forums/{forum.pk}/", "spending-form"),
        (treasurer, f"/groups/{g}/books/", "entry-form"),
        (production, f"/groups/{g}/work/", "work-form"),
    ]:
        page = client_for(user).get(path).content.decode()
        tag = re.search(rf'<form [^>]*id="{form_id}"[^>]*>', page)
        assert tag and "data-outbox" in tag.group(0) and 'method="post"' in tag.group(0), path
        assert "submission_key" in page


def test_the_same_outbox_record_sent_twice_is_made_once(client_for, group, treasurer, cash) -> None:
    from sammachip.bookkeeping.models import Entry
    from tests.bookkeeping.conftest import category

    c = client_for(treasurer)
    data = {
        "date": "20/11/2569", "category": category("income", "sales").pk, "amount": "450", "account": cash.pk,
        "submission_key": "outbox-key-0123456789",
    }  # fmt: skip
    first = c.post(f"/groups/{group.pk}/books/", data, HTTP_X_SAMMACHIP_OUTBOX="1")
    again = c.post(f"/groups/{group.pk}/books/", data, HTTP_X_SAMMACHIP_OUTBOX="1")
    assert first.status_code == again.status_code == 302 and again["X-Submission-Replayed"] == "1"
    assert Entry.objects.filter(group=group).count() == 1


def test_the_production_lead_role_comes_from_the_seat(client_for, group, officer, add_members) -> None:
    """A member given the production seat later keeps the work page from then on."""
    m = add_members(group, 1)[0]
    user = _login_member(m, "newlead")
    assert f"/groups/{group.pk}/work/" not in state(client_for(user))["pages"]
    group_services.appoint_committee_member(
        group=group, membership=m, role=Role.PRODUCTION, starts_on=dt.date(2026, 11, 1), by=officer
    )
    assert f"/groups/{group.pk}/work/" in state(client_for(user))["pages"]


def test_the_person_id_survives_the_masking_of_a_kept_page(client_for, officer, treasurer, member) -> None:
    """A run of 13 digits in a kept page is masked as a national ID; the person's id has no digits to lose."""
    for user in (officer, treasurer, member):
        c = client_for(user)
        person = state(c)["person"]
        assert re.fullmatch(r"[a-p]{24}", person)
        kept = c.get("/", HTTP_X_SAMMACHIP_KEEP="1").content.decode()
        assert f'<meta name="sammachip-person" content="{person}">' in kept
