"""Reading a page writes nothing: every page about a group, a place, a forum or a plan, opened by the people
who may open it, runs no INSERT, UPDATE or DELETE — except the log of who saw a national ID, which the
personal data law asks for. (A vote past its time shows closed and is counted by the job; a group's health
is kept by the job, a visit or the recompute button, never by viewing.)"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.test_every_role import prep_ids_household
from tests.test_outsiders import (  # noqa: F401 - the fixtures that build what is read
    FOLLOW_UP_PAGES,
    GROUP_PAGES,
    MARKET_PAGES,
    PLACE_PAGES,
    PREPARATION_PAGES,
    follow_ids,
    ids,
    market_ids,
    prep_ids,
)

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
ALLOWED = ("core_personaldataaccess",)  # the law's own log of who saw a national ID


@pytest.mark.parametrize("who", ["officer", "district_head", "chair", "treasurer", "member"])
def test_no_page_writes_when_read(request, who, ids, prep_ids, follow_ids, market_ids) -> None:  # noqa: F811
    user = request.getfixturevalue(who)
    values = {**ids, **prep_ids, **follow_ids, **market_ids, "h": prep_ids_household(prep_ids)}
    c = Client()
    c.force_login(user)
    c.get("/")  # the session and the CSRF cookie are made before counting
    opened, writes = 0, []
    for path in GROUP_PAGES + PLACE_PAGES + PREPARATION_PAGES + FOLLOW_UP_PAGES + MARKET_PAGES:
        url = path.format(**values)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
        opened += r.status_code == 200
        writes += [
            (url, q["sql"][:120])
            for q in ctx.captured_queries
            if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in ALLOWED)
        ]
    assert opened >= 10, opened  # the sweep read real pages, not only refusals
    assert writes == []


def test_a_new_group_s_books_are_open_so_its_treasurer_reads_them_without_a_write(
    client_for, officer, village, occupation, add_members
) -> None:
    """The books used to be opened (settings, a cash box) by the treasurer's first look at them."""
    from sammachip.bookkeeping.models import BookSettings, MoneyAccount
    from sammachip.groups import services
    from sammachip.groups.models import Role
    from tests.conftest import FOUNDED, _login_member

    group = services.create_group(
        name="กลุ่มใหม่", village=village, occupation=occupation, founded_on=FOUNDED, by=officer
    )
    assert BookSettings.objects.filter(group=group).count() == 1
    assert list(MoneyAccount.objects.filter(group=group).values_list("type", "name")) == [("cash", "เงินสด")]
    [m] = add_members(group, 1)
    services.appoint_committee_member(
        group=group, membership=m, role=Role.TREASURER, starts_on=FOUNDED, by=officer
    )
    c = client_for(_login_member(m, "new-treasurer"))
    c.get("/")
    for url in (
        f"/groups/{group.pk}/books/",
        f"/groups/{group.pk}/books/settings/",
        f"/groups/{group.pk}/books/sheet.pdf",
    ):
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
        assert r.status_code == 200, url
        assert [q["sql"][:80] for q in ctx.captured_queries if WRITE.match(q["sql"])] == [], url
    page = c.get(f"/groups/{group.pk}/books/")
    assert 'name="account"' in page.content.decode() and "เงินสด" in page.content.decode()
