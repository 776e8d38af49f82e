"""Server time (median, p95) and SQL queries of the main pages and API lists, on a generated database."""

from __future__ import annotations

import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sammachip.accounts.models import ApiToken, User
from sammachip.bookkeeping import services as books
from sammachip.bookkeeping.models import FiscalYear
from sammachip.groups.models import OccupationGroup
from sammachip.meetings.models import Meeting

REPEAT = 15


def _time(client: Client, url: str) -> tuple[float, float, int, int]:
    samples = []
    queries = 0
    status = 0
    client.get(url)  # warm
    for _ in range(REPEAT):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
        status = response.status_code
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], queries, status


def prepare(group: OccupationGroup) -> FiscalYear:
    """Close the sample group's first year and run its dividends, so the dividend page has data."""
    year = group.fiscal_years.order_by("starts_on").first()
    assert year is not None
    user = User.objects.filter(username__startswith="officer-").first()
    if not year.is_closed:
        books.close_year(year=year, by=user)  # type: ignore[arg-type]
        books.create_dividend_run(year=year, by=user)  # type: ignore[arg-type]
    return year


def measure(scale: str) -> dict[str, tuple[float, float, int, int]]:
    group = OccupationGroup.objects.exclude(stage="dissolved").order_by("id")[0]
    year = prepare(group)
    district = group.village.subdistrict.district
    officer = User.objects.get(username=f"officer-{district.code}")
    province = User.objects.get(username=f"province-{district.province.code}")
    member = group.memberships.order_by("number")[0]
    meeting = Meeting.objects.filter(group=group).order_by("-date")[0]
    c = Client()
    c.force_login(officer)
    p = Client()
    p.force_login(province)
    _token, key = ApiToken.issue(user=officer, name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    pages: list[tuple[str, Client, str]] = [
        ("group page", c, f"/groups/{group.pk}/"),
        ("member list", c, f"/groups/{group.pk}/members/"),
        ("member page", c, f"/groups/{group.pk}/members/{member.pk}/"),
        ("books (daily book)", c, f"/groups/{group.pk}/books/?year={year.pk}&month={year.starts_on:%Y-%m}"),
        ("work records", c, f"/groups/{group.pk}/work/"),
        ("years", c, f"/groups/{group.pk}/years/"),
        ("year and dividend run", c, f"/groups/{group.pk}/years/{year.pk}/"),
        ("meeting", c, f"/groups/{group.pk}/meetings/{meeting.pk}/"),
        ("meetings list", c, f"/groups/{group.pk}/meetings/"),
        ("group list", c, "/groups/"),
        ("officer home", c, "/"),
        ("officer agenda", c, "/agenda/"),
        ("group health", c, f"/groups/{group.pk}/health/"),
        ("group visits", c, f"/groups/{group.pk}/visits/"),
        ("district view", c, f"/district/{district.code}/"),
        ("province view", p, f"/province/{district.province.code}/"),
        ("analysis: village", c, f"/analysis/village/{group.village_id}/"),
        ("analysis: district", c, f"/analysis/district/{district.code}/"),
        ("analysis: province", p, f"/analysis/province/{district.province.code}/"),
        ("proposals: district", c, f"/districts/{district.code}/proposals/"),
        ("API: groups", api, "/api/v1/groups"),
        ("API: members", api, f"/api/v1/groups/{group.pk}/members"),
        ("API: entries", api, f"/api/v1/groups/{group.pk}/entries"),
    ]
    return {name: _time(client, url) for name, client, url in pages}
