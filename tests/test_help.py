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
