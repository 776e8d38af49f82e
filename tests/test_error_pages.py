"""Error pages are Thai, in the site's layout, and offer a way back; a page one may not open looks missing."""

from __future__ import annotations

from django.test import Client, override_settings


def test_a_missing_page_and_a_forbidden_one_look_the_same(
    client_for, member, group, other_group_chair
) -> None:
    c = client_for(other_group_chair)
    missing = c.get("/groups/987654/", HTTP_REFERER="http://testserver/groups/")
    forbidden = c.get(f"/groups/{group.pk}/", HTTP_REFERER="http://testserver/groups/")
    for r in (missing, forbidden):
        page = r.content.decode()
        assert r.status_code == 404 and 'id="not-found"' in page and "ไม่พบหน้านี้" in page
        assert 'href="/groups/"' in page and 'class="brand"' in page  # back, and the site's own header
    assert missing.content.replace(b"987654", b"").count(b"<") == forbidden.content.replace(
        str(group.pk).encode(), b""
    ).count(b"<")
    assert (
        'href="http://elsewhere.example/'
        not in c.get("/nowhere/", HTTP_REFERER="http://elsewhere.example/x").content.decode()
    )


@override_settings(DEBUG=False)
def test_unknown_addresses_answer_in_thai_even_signed_out() -> None:
    r = Client().get("/no-such-page/")
    assert r.status_code == 404 and "ไม่พบหน้านี้" in r.content.decode()


def test_an_expired_form_says_so_in_thai(client_for, treasurer, group) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(treasurer)
    r = c.post(f"/groups/{group.pk}/books/", {"amount": "1"})
    assert r.status_code == 403 and "แบบฟอร์มหมดอายุ" in r.content.decode()
