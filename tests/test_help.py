"""The user guide inside the app: every page's help link opens a section that exists; screenshots only
from docs/screenshots; the guide reads without logging in."""

from __future__ import annotations

from django.test import Client
from django.urls import get_resolver

from sammachip.core import guide


def test_guide_renders_in_thai_with_its_sections(client: Client) -> None:
    r = client.get("/help/")
    body = r.content.decode()
    assert r.status_code == 200 and 'id="officer-import"' in body and "จับคู่คอลัมน์" in body
    assert '<img src="/help/img/books-phone.png"' in body and "<script" not in body.split("<main")[1]
    assert client.get("/help/img/books-phone.png")["Content-Type"] == "image/png"
    for bad in ("../README.md", "..%2Fpyproject.toml", "missing.png", "guide.md"):
        assert client.get(f"/help/img/{bad}").status_code == 404


def test_every_help_link_opens_a_section_of_the_guide(client_for, officer) -> None:
    anchors = guide.anchors()
    assert set(guide.SECTIONS.values()) <= anchors
    namespaces = {ns for ns in get_resolver().namespace_dict if ns not in ("admin", "api-1.0.0")}
    assert all(guide.section_for(ns, "") in anchors for ns in namespaces)
    page = client_for(officer).get("/districts/9611/imports/")
    assert 'href="/help/#officer-import"' in page.content.decode()
    assert 'href="/help/#officer-follow-up"' in client_for(officer).get("/agenda/").content.decode()


def test_markdown_subset_escapes_text() -> None:
    html, toc = guide.render(
        "## หัวข้อ {#a}\n\nข้อความ <script>x</script> **หนา** [ลิงก์](#a)\n\n- หนึ่ง\n- สอง\n", "/i/"
    )
    assert "&lt;script&gt;" in html and "<strong>หนา</strong>" in html and '<a href="#a">' in html
    assert "<ul><li>หนึ่ง</li><li>สอง</li></ul>" in html and toc == [(2, "a", "หัวข้อ")]


def test_books_year_group_and_head_pages_open_their_own_section(
    client_for, treasurer, district_head, group
) -> None:
    def help_of(client, path: str) -> str:  # type: ignore[no-untyped-def]
        body = client.get(path).content.decode()
        return body.split('class="help" href="/help/#', 1)[1].split('"', 1)[0]

    t = client_for(treasurer)
    assert help_of(t, f"/groups/{group.pk}/books/") == "treasurer-books"
    assert help_of(t, f"/groups/{group.pk}/years/") == "treasurer-close"
    assert help_of(t, f"/groups/{group.pk}/work/") == "member-dividend"
    assert help_of(t, f"/groups/{group.pk}/") == "group"
    assert help_of(t, f"/groups/{group.pk}/members/") == "group"
    head = client_for(district_head)
    assert help_of(head, "/district/9611/agenda/") == "head"
    assert help_of(head, "/districts/9611/proposals/") == "officer-proposals"
    body = head.get("/help/").content.decode()
    for section in ("head", "province", "officer-plan", "officer-proposals", "group"):
        assert f'id="{section}"' in body
