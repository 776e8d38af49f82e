"""Search (`/search/`): server time and queries of a few usual searches by an officer and by the province office,
each as a ratio of the group list drawn for the same user in the same run (the baseline: one paged list of the
same area, whose figure moves with the machine exactly as the search's does). Part of `make bench`; alone, on a
generated database: `SQLITE_PATH=var/bench-district.sqlite3 python -m bench.search_run`."""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sammachip.accounts.models import User
from sammachip.households.models import Household, Person

REPEAT = 15

# น + ํ + ้ + า as separate characters, as some keyboards and copied PDFs give น้ำ.
SARA_AM_SPLIT = "น\u0e4d\u0e49\u0e32"


def _time(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm
    samples = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], queries


def run() -> list[str]:
    person = Person.objects.exclude(phone="").order_by("id").first()
    household = Household.objects.order_by("id").first()
    if person is None or household is None:
        return ["Search: no people in this database."]
    district = person.village.subdistrict.district
    users = [("officer", User.objects.get(username=f"officer-{district.code}"))]
    province = User.objects.filter(username=f"province-{district.province.code}").first()
    if province is not None:
        users.append(("province office", province))
    searches = [
        ("a first name", person.first_name),
        ("first and last name", f"{person.first_name} {person.last_name}"),
        ("part of a phone, dashed", f"{person.phone[:3]}-{person.phone[3:6]}"),
        ("น้ำ typed as น+ํ+้+า", SARA_AM_SPLIT),
        ("house number and head", f"{household.house_no} {household.head_name.split()[0]}"),
        ("nothing matches", "ซซซซ"),
    ]
    lines = [
        "Search (`/search/?q=…`), 15 requests each after a warm-up; ÷ is the search's median over the group",
        "list's (`/groups/`, the same user's area) in this run.",
        "",
        "| user | search | median ms | p95 ms | queries | ÷ group list |",
        "|---|---|---|---|---|---|",
    ]
    for who, user in users:
        client = Client()
        client.force_login(user)
        base, base95, base_q = _time(client, "/groups/")
        lines.append(f"| {who} | (baseline: group list) | {base:.1f} | {base95:.1f} | {base_q} | 1.00 |")
        for label, q in searches:
            med, p95, queries = _time(client, "/search/?" + urlencode({"q": q}))
            lines.append(f"| {who} | {label} | {med:.1f} | {p95:.1f} | {queries} | {med / base:.2f} |")
    return lines
