"""The expenditure forum for a whole village (issue 20): the month already filled in, houses in the order of
their numbers (1/2 before 10/2), and a household's entries shown again when it is chosen."""

from __future__ import annotations

import re

import pytest

from sammachip.households import services
from sammachip.households.calculations import house_key

from .conftest import item
from .test_forums import record


@pytest.mark.parametrize(
    ("numbers", "ordered"),
    [
        (["10/2", "1/2", "2/2", "9", "10", "1"], ["1", "1/2", "2/2", "9", "10", "10/2"]),
        (["12/10", "12/3", "12/3 ก", "12"], ["12", "12/3", "12/3 ก", "12/10"]),
        (["๑๐/๒", "๒/๑", "3/1"], ["๒/๑", "3/1", "๑๐/๒"]),
        (["บ้านเลขที่ 5", "4/1", "ก"], ["4/1", "ก", "บ้านเลขที่ 5"]),  # numbers first, then text
    ],
)
def test_house_numbers_sort_as_numbers(numbers: list[str], ordered: list[str]) -> None:
    assert sorted(numbers, key=house_key) == ordered


def test_the_household_list_follows_the_house_numbers(client_for, officer, village, forum, houses) -> None:
    for no in ("10/2", "1/2", "2/2"):
        services.add_household(
            village=village, house_no=no, head_name="หัวหน้า", member_count=2, consent=True, by=officer
        )
    page = client_for(officer).get(f"/forums/{forum.pk}/").content.decode()
    select = page[page.index('name="household"') : page.index("</select>", page.index('name="household"'))]
    shown = [label.split()[0] for label in re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)]
    assert shown == ["1/1", "1/2", "2/1", "2/2", "3/1", "4/1", "5/1", "10/2"]


def _month_value(page: str) -> str:
    return re.search(r'name="month" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]


def test_the_month_is_filled_in_and_kept_from_one_household_to_the_next(
    client_for, officer, forum, houses
) -> None:
    c = client_for(officer)
    url = f"/forums/{forum.pk}/"
    assert _month_value(c.get(url).content.decode()) == "09/2569"  # the month before the forum (15 Oct 2569)
    r = record(c, forum, houses[0], "8/2569", {"ข้าวสาร": "900"})
    assert r.status_code == 302 and r["Location"] == f"{url}?month=08/2569"
    assert _month_value(c.get(r["Location"]).content.decode()) == "08/2569"
    assert _month_value(c.get(url).content.decode()) == "08/2569"  # the latest month recorded here
    assert _month_value(c.get(url + "?month=nonsense").content.decode()) == "08/2569"


def test_a_chosen_household_shows_its_entries_again(client_for, officer, forum, houses) -> None:
    c = client_for(officer)
    record(c, forum, houses[1], "10/2569", {"ข้าวสาร": "1,250.50", "น้ำยาล้างจาน": "120"})
    page = c.get(f"/forums/{forum.pk}/?household={houses[1].pk}&month=10/2569").content.decode()
    assert 'id="shown-lines"' in page and "2/1" in page
    assert (
        f'id="item-{item("ข้าวสาร").pk}" name="item_{item("ข้าวสาร").pk}" inputmode="decimal" value="1,250.50"'
        in page
    )
    page = c.get(f"/forums/{forum.pk}/?household={houses[2].pk}&month=10/2569").content.decode()
    assert 'id="shown-lines"' in page and 'value="1,250.50"' not in page
    # the list of what is recorded opens it too (the way without JavaScript)
    assert f'href="?household={houses[1].pk}&amp;month=10/2569"' in page
