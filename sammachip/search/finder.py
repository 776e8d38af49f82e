"""One search across what a user may see: groups, members, households, villages and products — and, for a
group's committee, within its group; and who can teach a skill across a district.

Everything is matched on the stored search column (core.thaitext.search_key) with every word of the query
required, any part of a word; the access helpers give the rows a user may see before any word is matched.
Each kind is one query (members two: their current groups come in one more), whatever the results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from sammachip.accounts.access import area_q
from sammachip.accounts.models import User
from sammachip.core.thaitext import search_words, thai_key
from sammachip.groups.access import visible_groups
from sammachip.groups.models import Membership, OccupationGroup
from sammachip.households.models import Household, Person
from sammachip.market.models import Product
from sammachip.places.models import District, Village

LIMIT = 20


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Kind:
    key: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more rows matched than are shown: add a word


def _words(qs: QuerySet, words: list[str], column: str = "search_text") -> QuerySet:
    for word in words:
        qs = qs.filter(**{f"{column}__contains": word})
    return qs


def _take(key: str, rows: list[Any], hit: Any, name: Any) -> Kind:
    shown = sorted(rows[:LIMIT], key=lambda r: thai_key(name(r)))
    return Kind(key=key, hits=[hit(r) for r in shown], more=len(rows) > LIMIT)


def _current_groups(where: Q | None = None) -> Prefetch:
    """A person's current groups (those matching `where`: the searcher's area, so no link leads to a 404)."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.current()
        .filter(where or Q())
        .select_related("group")
        .order_by("group__name"),
        to_attr="current",
    )


def _person_hit(person: Person, group_ids: set[int] | None = None) -> Hit:
    mine = [m for m in person.current if group_ids is None or m.group_id in group_ids]  # type: ignore[attr-defined]
    groups = ", ".join(m.group.name for m in mine)
    url = (
        reverse("groups:member", args=[mine[0].group_id, mine[0].pk])
        if mine
        else reverse("households:village", args=[person.village_id])
    )
    return Hit(person.full_name, url, " · ".join(p for p in (str(person.village), groups) if p))


def is_staff(user: User) -> bool:
    return area_q(user, "") is not None


# Up to this many villages the area goes into the queries as a list of ids (a province has hundreds to a few
# thousand); a larger area (the nation's staff) as a subquery.
AREA_IDS = 5000


def _area_villages(user: User) -> Q | None:
    """The filter on `village` for the user's area. The villages' ids are read first (one query) and given as a
    list: joined through subdistrict and district instead, PostgreSQL guessed a province's 600 villages to be 8
    and walked every household of each one (300 ms at province scale) instead of the trigram index (1 ms)."""
    area = area_q(user, "subdistrict__")
    if area is None:
        return None
    if user.is_superuser:
        return Q()
    ids = list(Village.objects.filter(area).order_by().values_list("pk", flat=True)[: AREA_IDS + 1])
    if len(ids) > AREA_IDS:
        return Q(village__in=Village.objects.filter(area).values("pk"))
    return Q(village_id__in=ids)


def search_area(user: User, query: str) -> list[Kind]:
    """What a staff user finds in their area (the caller refuses anyone without one). No order is asked of the
    database: it stops at the first rows that match (a common name matches thousands at province scale), and
    the rows shown are put in Thai order here."""
    words = search_words(query)
    area = _area_villages(user) if words else None
    if area is None:
        return []
    groups = list(
        visible_groups(user).with_place().search(query).order_by()[: LIMIT + 1]  # type: ignore[attr-defined]
    )
    villages = list(
        _words(Village.objects.filter(area_q(user, "subdistrict__")), words)  # type: ignore[arg-type]
        .select_related("subdistrict__district")
        .order_by()[: LIMIT + 1]
    )
    households = list(
        _words(Household.objects.filter(area), words).select_related("village").order_by()[: LIMIT + 1]
    )
    people = list(
        _words(Person.objects.filter(area), words)
        .select_related("village")
        .prefetch_related(_current_groups(Q(group__in=visible_groups(user))))
        .order_by()[: LIMIT + 1]
    )
    products = list(
        _words(Product.objects.filter(group__in=visible_groups(user)), words)
        .select_related("group")
        .order_by()[: LIMIT + 1]
    )
    return [
        _take(
            "groups",
            groups,
            lambda g: Hit(g.name, reverse("groups:detail", args=[g.pk]), f"{g.occupation} · {g.village}"),
            lambda g: g.name,
        ),
        _take("members", people, _person_hit, lambda p: p.first_name),
        _take(
            "households",
            households,
            lambda h: Hit(
                f"{h.house_no} {h.head_name}",
                reverse("households:village", args=[h.village_id]),
                str(h.village),
            ),
            lambda h: h.head_name,
        ),
        _take(
            "villages",
            villages,
            lambda v: Hit(
                str(v),
                reverse("households:village", args=[v.pk]),
                f"ต.{v.subdistrict} อ.{v.subdistrict.district}",
            ),
            lambda v: v.name,
        ),
        _take(
            "products",
            products,
            lambda p: Hit(p.name, reverse("market:product", args=[p.group_id, p.pk]), p.group.name),
            lambda p: p.name,
        ),
    ]


def search_group(group: OccupationGroup, query: str) -> list[Kind]:
    """What a group's committee finds in its own group: its current members and its products."""
    words = search_words(query)
    if not words:
        return []
    people = list(
        _words(Person.objects.filter(memberships__group=group, memberships__left_on__isnull=True), words)
        .select_related("village")
        .prefetch_related(_current_groups())
        .order_by("pk")[: LIMIT + 1]
    )
    products = list(_words(Product.objects.filter(group=group), words).order_by("pk")[: LIMIT + 1])
    return [
        _take("members", people, lambda p: _person_hit(p, {group.pk}), lambda p: p.first_name),
        _take(
            "products",
            products,
            lambda p: Hit(p.name, reverse("market:product", args=[group.pk, p.pk]), p.unit),
            lambda p: p.name,
        ),
    ]


@dataclass
class Teacher:
    person: Person
    groups: list[OccupationGroup]


def teachers(district: District, query: str) -> tuple[list[Teacher], bool]:
    """People of the district who said they can teach what they know, whose skills (or name) hold every word:
    whom an officer asks to teach a new group. With no words, every one of them (the first page)."""
    rows = Person.objects.filter(can_teach=True, village__subdistrict__district=district).exclude(skills="")
    found = list(
        _words(rows, search_words(query))
        .select_related("village__subdistrict")
        .prefetch_related(_current_groups())
        .order_by("pk")[: LIMIT * 5 + 1]
    )
    shown = sorted(found[: LIMIT * 5], key=lambda p: thai_key(p.first_name))
    return [Teacher(p, [m.group for m in p.current]) for p in shown], len(found) > LIMIT * 5  # type: ignore[attr-defined]
