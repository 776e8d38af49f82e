"""Concurrent writers through a real server: two treasurers recording at once never lose or duplicate an
entry; two officers saving one visit at once — one wins, the other is told, nothing is overwritten.
Runs on SQLite and on PostgreSQL (CI's second pass)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client

from sammachip.accounts.models import ApiToken
from sammachip.bookkeeping.models import Category, Entry
from sammachip.groups import services as group_services
from sammachip.groups.models import Role
from sammachip.visits import services as visit_services
from sammachip.visits.models import Visit

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "c" * 32  # a CSRF secret set as the cookie and sent with the form


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # report the 302 itself


def _post(url: str, data: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _together(calls: list) -> list[int]:  # type: ignore[type-arg]
    start = threading.Barrier(len(calls))
    results: list[int] = [0] * len(calls)

    def run(i: int, call) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_treasurers_recording_at_once_lose_nothing(live_server, group, officer, treasurer, cash) -> None:
    from tests.conftest import _login_member

    m = group.memberships.order_by("number")[3]
    group_services.appoint_committee_member(
        group=group, membership=m, role=Role.ASSISTANT_TREASURER, starts_on=group.founded_on, by=officer
    )
    assistant = _login_member(m, "assistant")
    sales = Category.objects.get(group__isnull=True, code="sales")
    keys = [ApiToken.issue(user=u, name="t")[1] for u in (treasurer, assistant)]
    url = f"{live_server.url}/api/v1/groups/{group.pk}/entries"

    def entry(key: str, n: int):  # type: ignore[no-untyped-def]
        body = json.dumps(
            {"date": "2026-11-20", "category_id": sales.pk, "amount": f"{100 + n}.00", "account_id": cash.pk}
        ).encode()
        return lambda: _post(
            url, body, {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        )

    statuses = _together([entry(keys[i % 2], i) for i in range(8)])
    assert statuses == [201] * 8
    numbers = sorted(Entry.objects.filter(group=group).values_list("number", flat=True))
    assert numbers == list(range(1, 9))
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [100 + n for n in range(8)]


def test_two_officers_saving_one_visit_at_once(live_server, group, officer, district_head) -> None:
    visit = visit_services.record_visit(
        group=group, by=officer, visited_on=group.founded_on, purpose="follow_up"
    )
    url = f"{live_server.url}/groups/{group.pk}/visits/{visit.pk}/"

    def save(user, text: str):  # type: ignore[no-untyped-def]
        c = Client()
        c.force_login(user)
        cookie = f"sessionid={c.cookies['sessionid'].value}; csrftoken={CSRF}"
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": CSRF,
                "version": "1",
                "present": "",
                "people_present": "2",
                "observed": text,
                "advice": "",
            }
        ).encode()
        return lambda: _post(
            url, body, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        )

    statuses = _together([save(officer, "บันทึกของพัฒนากร"), save(district_head, "บันทึกของหัวหน้า")])
    assert sorted(statuses) == [302, 422]
    visit.refresh_from_db()
    winner = "บันทึกของพัฒนากร" if statuses[0] == 302 else "บันทึกของหัวหน้า"
    assert (visit.observed, visit.version) == (winner, 2)
    assert Visit.objects.count() == 1
