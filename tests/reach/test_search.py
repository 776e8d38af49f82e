"""One search for staff across their area, and a committee's within its group: Thai typed any usual way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sammachip.core.thaitext import search_key, search_words
from sammachip.groups import services
from sammachip.groups.models import OccupationGroup
from sammachip.households.models import Household
from sammachip.market.services import save_product
from sammachip.places.models import Village

pytestmark = pytest.mark.django_db

SARA_AM_SPLIT = "น\u0e4d\u0e49\u0e32"  # น + nikhahit + mai tho + sara aa, as some keyboards and PDFs give it
SARA_AM = "น้ำ"


@pytest.fixture
def people(group: OccupationGroup, officer: Any) -> dict[str, Any]:
    somsri = services.add_member(
        group=group, by=officer, joined_on=dt.date(2026, 1, 10), is_founding=False,
        chosen_occupations=[group.occupation],
        person_data={"first_name": "สมศรี", "last_name": "น้ำใจดี", "national_id": "", "phone": "0812345678"},
    )  # fmt: skip
    house = Household.objects.create(village=group.village, house_no="45/2", head_name="นายเกื้อ ทองคำ")
    product = save_product(group=group, by=officer, name="น้ำยาล้างจานมะกรูด", price=Decimal("35.00"))
    return {"somsri": somsri, "house": house, "product": product}


def found(client: Any, url: str, q: str) -> str:
    r = client.get(url, {"q": q})
    assert r.status_code == 200
    return r.content.decode()


def test_search_key_variants_are_one() -> None:
    assert search_key(SARA_AM_SPLIT) == search_key(SARA_AM) == SARA_AM
    assert search_key("น\u0e33\u0e49") == SARA_AM  # sara am typed before the tone mark
    assert search_key("ก\u0e48\u0e34น") == search_key("กิ่น")  # tone typed before the upper vowel
    assert search_key("สม\u200bศรี") == "สมศรี"  # a zero-width space from a copied name
    assert search_key("๐๘๑-๒๓๔-๕๖๗๘") == search_key("081 234 5678") == "0812345678"
    assert search_words("  น้ำยา   มะกรูด ") == ["น้ำยา", "มะกรูด"]
    # parts are joined without gluing their numbers together
    assert search_key("12", "0812") == "12 0812"


@pytest.mark.parametrize(
    "q",
    [
        SARA_AM_SPLIT + "ใจ",  # sara am as two characters
        "น\u0e33\u0e49ใจ",  # tone and vowel swapped
        "สม\u200bศรี",  # zero-width space inside
        "สมศรี ใจดี",  # two words, both required, parts of words
        "๐๘๑๒๓๔๕๖๗๘",  # Thai digits
        "081-234-5678",  # phone with dashes
        "0812345678",
        "345",  # any part of a number
    ],
)
def test_officer_finds_a_member_typed_any_way(client_for: Any, officer: Any, people: dict, q: str) -> None:
    page = found(client_for(officer), reverse("search:search"), q)
    somsri = people["somsri"]
    assert reverse("groups:member", args=[somsri.group_id, somsri.pk]) in page
    assert "สมศรี" in page


def test_every_word_is_required(client_for: Any, officer: Any, people: dict) -> None:
    page = found(client_for(officer), reverse("search:search"), "สมศรี ทองคำ")
    assert "สมศรี" not in page.split('id="results"')[1]


def test_results_grouped_by_kind(client_for: Any, officer: Any, people: dict, group: OccupationGroup) -> None:
    page = found(client_for(officer), reverse("search:search"), SARA_AM_SPLIT)
    # the group (กลุ่มน้ำยาล้างจาน), its member (น้ำใจดี), its product — all from one typing of น้ำ
    assert reverse("groups:detail", args=[group.pk]) in page
    assert reverse("market:product", args=[group.pk, people["product"].pk]) in page
    for heading in ("กลุ่ม", "สมาชิก", "สินค้า"):
        assert heading in page
    house = found(client_for(officer), reverse("search:search"), "๔๕/๒ เกื้อ")
    assert "นายเกื้อ ทองคำ" in house
    village = found(client_for(officer), reverse("search:search"), "สากอ")
    assert reverse("households:village", args=[group.village_id]) in village


def test_group_list_search_takes_thai_typing(client_for: Any, officer: Any, group: OccupationGroup) -> None:
    r = client_for(officer).get(reverse("groups:list"), {"q": SARA_AM_SPLIT + "ยา ล้าง"})
    assert group.name in r.content.decode()
    r = client_for(officer).get(reverse("groups:list"), {"q": SARA_AM_SPLIT + "ยา ทอผ้า"})
    assert group.name not in r.content.decode().split('id="group-table"')[1]


def test_outsiders_find_nothing(
    client_for: Any, outsider: Any, other_district_officer: Any, member: Any, people: dict
) -> None:
    # no area at all: the page does not exist for them
    assert client_for(outsider).get(reverse("search:search"), {"q": "สมศรี"}).status_code == 404
    assert client_for(member).get(reverse("search:search"), {"q": "สมศรี"}).status_code == 404
    # another district's officer searches their own area only
    page = found(client_for(other_district_officer), reverse("search:search"), "สมศรี")
    assert "สมศรี" not in page.split('id="results"')[1]
    page = found(client_for(other_district_officer), reverse("search:search"), SARA_AM)
    assert "น้ำยาล้างจาน" not in page.split('id="results"')[1]


def test_search_api(client_for: Any, officer: Any, outsider: Any, people: dict) -> None:
    r = client_for(officer).get("/api/v1/search", {"q": "081-234-5678"})
    assert r.status_code == 200
    kinds = {k["kind"]: k for k in r.json()}
    assert [h["title"] for h in kinds["members"]["hits"]] == ["สมศรี น้ำใจดี"]
    assert client_for(outsider).get("/api/v1/search", {"q": "สมศรี"}).status_code == 404


def test_committee_searches_its_group(
    client_for: Any, chair: Any, member: Any, outsider: Any, other_group_chair: Any,
    group: OccupationGroup, people: dict,
) -> None:  # fmt: skip
    url = reverse("search:group", args=[group.pk])
    page = found(client_for(chair), url, "๐๘๑ ๒๓๔")
    assert "สมศรี" in page
    assert "น้ำยาล้างจานมะกรูด" in found(client_for(chair), url, "มะกรูด")
    api = client_for(chair).get(f"/api/v1/groups/{group.pk}/search", {"q": SARA_AM_SPLIT + "ใจ"})
    assert api.status_code == 200 and api.json()[0]["hits"][0]["title"] == "สมศรี น้ำใจดี"
    # a member without a seat, another group's chair and an outsider are refused
    for user in (member, other_group_chair, outsider):
        assert client_for(user).get(url, {"q": "สมศรี"}).status_code == 404
        assert client_for(user).get(f"/api/v1/groups/{group.pk}/search", {"q": "ส"}).status_code == 404


def test_query_count_is_constant(
    client_for: Any, officer: Any, group: OccupationGroup, add_members: Any, people: dict,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    client = client_for(officer)
    url = reverse("search:search")
    client.get(url, {"q": "ทดสอบ"})  # warm the session and the page stamp
    with django_assert_num_queries(QUERIES):
        client.get(url, {"q": "ทดสอบ"})
    add_members(group, 15)
    for n in range(10):
        Village.objects.create(subdistrict=group.village.subdistrict, moo=40 + n, name=f"บ้านทดสอบ {n}")
    client.get(url, {"q": "ทดสอบ"})
    with django_assert_num_queries(QUERIES):
        r = client.get(url, {"q": "ทดสอบ"})
    assert r.content.decode().count("บ้านทดสอบ") == 10
    assert r.content.decode().count("ทดสอบ</a>") == 20  # the first 20 members of 20


# the session, the user, the postings with their subdistricts, the area's villages; one a kind, the members' groups
QUERIES = 11


def test_stored_form_follows_edits(officer: Any, people: dict) -> None:
    person = people["somsri"].person
    services.update_person(person=person, data={"phone": "0899999999"}, by=officer, group_id=None)
    person.refresh_from_db()
    assert "0899999999" in person.search_text and "0812345678" not in person.search_text


def test_a_member_links_only_to_groups_the_searcher_sees(
    client_for: Any, officer: Any, other_district_officer: Any, other_village: Any, occupation: Any,
    people: dict,
) -> None:  # fmt: skip
    """She lives here and also belongs to a group of another district: the officer here is sent to her page
    in this district's group, never to the other one (which would answer 404)."""
    elsewhere = services.create_group(
        name="กลุ่มอำเภออื่น", village=other_village, occupation=occupation, founded_on=dt.date(2024, 1, 15),
        by=other_district_officer,
    )  # fmt: skip
    person = people["somsri"].person
    services.add_member(
        group=elsewhere, by=other_district_officer, joined_on=dt.date(2026, 1, 10), person=person,
        chosen_occupations=[occupation],
    )  # fmt: skip
    page = found(client_for(officer), reverse("search:search"), "สมศรี")
    assert f"/groups/{elsewhere.pk}/" not in page and "กลุ่มอำเภออื่น" not in page
    assert reverse("groups:member", args=[people["somsri"].group_id, people["somsri"].pk]) in page
