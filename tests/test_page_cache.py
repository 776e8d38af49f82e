"""Read pages kept per session until anything is written (sammachip.core.pagecache): served again without
drawing, never older than the last write — through a page, a service or plain SQL, in this process or
another —, never to another session, never past a message waiting to be shown, and never in place of the
log of who saw a national ID."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from sammachip.core.models import AuditEvent, PersonalDataAccess
from sammachip.core.pagecache import move_past, read_stamp
from sammachip.groups.models import OccupationGroup

ON_POSTGRESQL = bool(os.environ.get("DATABASE_URL"))


def _queries(client, url: str):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_a_page_is_served_again_until_anything_is_written(client_for, officer, group) -> None:
    c = client_for(officer)
    url = f"/groups/{group.pk}/"
    c.get(url)  # the first visit sets the CSRF cookie, so it is drawn and not kept
    drawn, drawing = _queries(c, url)
    again, serving = _queries(c, url)
    assert again.content == drawn.content
    assert drawing >= 10 and serving == 1  # the stamp: the session and the user are kept under it too
    assert again["Content-Type"] == drawn["Content-Type"]

    # A change through a page: the next view shows it.
    response = c.post(f"/groups/{group.pk}/stage/", {"stage": "supported", "on": "01/06/2567"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.stage == "supported"
    page = c.get(url).content.decode()
    assert group.get_stage_display() in page
    assert AuditEvent.objects.filter(group_id=group.pk, verb="groups.group.stage_changed").exists()

    # A change written by plain SQL, past every model and service, is seen too.
    _queries(c, url)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE groups_occupationgroup SET name = %s WHERE id = %s", ["กลุ่มชื่อใหม่", group.pk])
    page, drawing = _queries(c, url)
    assert "กลุ่มชื่อใหม่" in page.content.decode() and drawing >= 10
    assert OccupationGroup.objects.get(pk=group.pk).name == "กลุ่มชื่อใหม่"


def test_a_kept_page_is_never_shown_to_another_session(client_for, officer, outsider, chair, group) -> None:
    url = f"/groups/{group.pk}/"
    c = client_for(officer)
    c.get(url)
    c.get(url)
    assert _queries(c, url)[1] == 1
    assert client_for(outsider).get(url).status_code == 404
    # The chair sees their own page, with what a chair may do, drawn for them.
    chair_client = client_for(chair)
    chair_client.get(url)
    page, drawing = _queries(chair_client, url)
    assert drawing >= 10
    # The same officer in a second session is drawn afresh too.
    second = client_for(officer)
    second.get(url)
    assert _queries(second, url)[1] >= 10
    assert _queries(second, url)[1] == 1


def test_a_waiting_message_is_shown_not_a_kept_page(client_for, officer, group) -> None:
    c = client_for(officer)
    url = f"/groups/{group.pk}/"
    c.get(url)
    c.get(url)
    request = RequestFactory().get(url)
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "ข้อความทดสอบที่รอแสดง")
    carrier = HttpResponse()
    storage.update(carrier)
    c.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value
    page = c.get(url).content.decode()
    assert "ข้อความทดสอบที่รอแสดง" in page
    # Shown once: the next view has no message and is served from the page kept before it.
    assert "ข้อความทดสอบที่รอแสดง" not in c.get(url).content.decode()


def test_every_view_of_national_ids_is_logged_however_often(client_for, officer, group) -> None:
    c = client_for(officer)
    url = f"/groups/{group.pk}/members/"
    member = group.memberships.order_by("number")[0]
    logged = PersonalDataAccess.objects.filter(user=officer, action="view_id")
    assert member.person.national_id in c.get(url).content.decode()
    per_view = logged.count()
    assert per_view >= 1
    for _ in range(3):
        assert member.person.national_id in c.get(url).content.decode()
    assert logged.count() == 4 * per_view


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not ON_POSTGRESQL, reason="two connections at once: the PostgreSQL pass of CI")
def test_a_page_drawn_while_a_change_is_uncommitted_is_not_kept_past_the_commit(
    client_for, officer, group
) -> None:
    """Another connection writes and holds its transaction open; a view drawn meanwhile reads the old data
    under the stamp that write moved. Once the write commits, the stamp moves again and the page is drawn
    anew — without that second move the old name would be served until the next write anywhere."""
    c = client_for(officer)
    url = f"/groups/{group.pk}/"
    c.get(url)
    c.get(url)
    written, commit, done = threading.Event(), threading.Event(), threading.Event()

    def writer() -> None:
        try:
            with transaction.atomic():
                OccupationGroup.objects.filter(pk=group.pk).update(name="ชื่อที่ยังไม่ยืนยัน")
                written.set()
                assert commit.wait(10)
        finally:
            connection.close()
            done.set()

    stamp = read_stamp()
    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    assert read_stamp() > stamp
    during = c.get(url).content.decode()
    assert group.name in during and "ชื่อที่ยังไม่ยืนยัน" not in during
    commit.set()
    assert done.wait(10)
    thread.join()
    after = c.get(url).content.decode()
    assert "ชื่อที่ยังไม่ยืนยัน" in after


def test_a_restore_moves_the_stamp_past_the_one_it_brings_back(client_for, officer, group) -> None:
    """A restored database brings its own stamp, maybe behind the one pages were kept under; the restore moves
    it past both (sammachip.core.backup.restore calls move_past), so no page kept before is served after."""
    c = client_for(officer)
    url = f"/groups/{group.pk}/"
    c.get(url)
    c.get(url)
    assert _queries(c, url)[1] == 1
    now = read_stamp()
    move_past(now + 50)
    assert read_stamp() == now + 51
    move_past(now)  # a stamp behind the present one: still only forward
    assert read_stamp() == now + 52
    assert _queries(c, url)[1] >= 10


def test_a_page_too_large_to_keep_is_drawn_every_time(client_for, officer, group, monkeypatch) -> None:
    from sammachip.core import pagecache

    monkeypatch.setattr(pagecache, "MAX_PAGE_BYTES", 1000)
    c = client_for(officer)
    url = f"/groups/{group.pk}/"
    c.get(url)
    for _ in range(2):
        page, drawing = _queries(c, url)
        assert len(page.content) > 1000 and drawing >= 10


def test_the_session_and_the_user_are_kept_until_anything_is_written(client_for, officer) -> None:
    """A signed-in request reads only the stamp once its session and user are kept; any write — through a page
    or plain SQL — has both read from the database again."""
    c = client_for(officer)
    url = "/help/"  # a page that needs only the signed-in user
    c.get(url)
    served = _queries(c, url)[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET first_name = %s WHERE id = %s", ["ชื่อใหม่", officer.pk])
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "django_session" in sql and "accounts_user" in sql  # read again after the write
    with CaptureQueriesContext(connection) as ctx:
        c.get(url)
    assert "django_session" not in " ".join(q["sql"] for q in ctx.captured_queries)
    assert len(ctx.captured_queries) == served


def test_a_closed_account_or_a_changed_password_signs_out_at_once(client_for, officer, chair, group) -> None:
    url = f"/groups/{group.pk}/"
    c = client_for(officer)
    c.get(url)  # sets the CSRF cookie
    c.get(url)  # drawn and kept
    assert _queries(c, url)[1] == 1
    # The account is closed in the database (as an admin would, or in psql followed by the stamp's move).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET is_active = %s WHERE id = %s", [False, officer.pk])
    response = c.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    # A new password set elsewhere ends every other session of that user.
    other = client_for(chair)
    other.get(url)
    other.get(url)
    assert _queries(other, url)[1] == 1
    chair.set_password("a-new-password-123")
    chair.save()
    response = other.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_signed_out_elsewhere_or_expired_is_not_used(
    client_for, officer, group, monkeypatch
) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    url = f"/groups/{group.pk}/"
    c = client_for(officer)
    c.get(url)  # sets the CSRF cookie
    c.get(url)  # drawn and kept
    assert _queries(c, url)[1] == 1
    key = c.cookies["sessionid"].value
    Session.objects.filter(session_key=key).delete()  # signed out in another tab, or by an admin
    response = c.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=key).exists()

    # Past its expiry time, a kept session is not used though nothing has been written since.
    c = client_for(officer)
    c.get(url)  # sets the CSRF cookie
    c.get(url)  # drawn and kept
    assert _queries(c, url)[1] == 1
    expires = Session.objects.get(session_key=c.cookies["sessionid"].value).expire_date
    later = expires + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = c.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_without_the_memory_every_request_reads_the_session_and_the_user(
    client_for, officer, settings
) -> None:
    settings.SAMMACHIP_PAGE_CACHE = False
    c = client_for(officer)
    c.get("/help/")
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/help/").status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "django_session" in sql and "accounts_user" in sql and "core_page_stamp" not in sql
