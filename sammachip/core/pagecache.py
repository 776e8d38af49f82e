"""Read pages drawn once for a session and served again until anything is written to the database.

A page that shows a group's data costs 8–17 queries and a translated template; served again from memory it
costs one read of the *write stamp* (the session and the user are kept under it too: accounts.sessions). The
stamp is a counter in the database that moves whenever any statement writes anything, through any part of the
app, on any server: every connection watches its own statements (an execute wrapper) and moves the stamp when
one inserts, updates or deletes — at once, and again after the transaction commits, so a page drawn from the
data before the commit is never kept under the stamp that follows it. A page is kept with the stamp it was
drawn under and served only while the stamp is unchanged, the same day, for the same session, CSRF cookie,
language and address — so it can never be older than the last write made through the app, nor shown to anyone
else. (A fix made past the app, in psql, ends with `SELECT nextval('core_page_stamp')`; on SQLite `UPDATE
core_page_stamp SET n = n + 1`.) The memory is each worker's own (a bounded local cache): it is a memo checked
against the database on every request, so two servers never disagree.

Not kept: anything but a 200 answer to a signed-in GET; a page with a message waiting to be shown; an
answer that sets a cookie or saves the session; a page whose drawing wrote anything (the log of who saw a
national ID is written on every view, so such a page is drawn every time).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

STAMP = "core_page_stamp"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "MERGE")
P = ParamSpec("P")
# With at most 200 pages a worker (settings.CACHES["pages"]), a worker keeps at most 50 MB of them; a page
# larger than this (a whole province's table) is drawn every time.
MAX_PAGE_BYTES = 256 * 1024


def stamp_exists(connection: BaseDatabaseWrapper) -> bool:
    """Whether the stamp exists yet (not while the first migrations run); remembered once it does."""
    if getattr(connection, "_page_stamp_ready", False):
        return True
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'S'", [STAMP])
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [STAMP])
        ready = cursor.fetchone() is not None
    setattr(connection, "_page_stamp_ready", ready)  # noqa: B010
    return ready


class _Request(threading.local):
    """Whether this thread is serving a request, and the stamp as that request first read it (request_stamp)."""

    serving: bool = False
    seen: dict[str, int]

    def __init__(self) -> None:
        self.seen = {}


_request = _Request()


def request_stamp(using: str = "default") -> int | None:
    """The stamp as this request first read it — one query a request, shared by the session, the user and the
    page — or None outside a request, while the stamp does not exist yet, or with the memory turned off
    (SAMMACHIP_PAGE_CACHE). Read again after this request has written anything (every write forgets it).

    Anything kept in a worker's memory under this stamp was read from the database after the stamp was: it is
    at least as new as the stamp says, and it is used again only while the stamp has not moved."""
    if not settings.SAMMACHIP_PAGE_CACHE or not _request.serving:
        return None
    if using in _request.seen:
        return _request.seen[using]
    if not stamp_exists(connections[using]):
        return None
    stamp = _request.seen[using] = read_stamp(using)
    return stamp


def _bump(connection: BaseDatabaseWrapper) -> None:
    _request.seen.pop(connection.alias, None)
    if not stamp_exists(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A sequence: moved without a lock, seen by every session at once.
            cursor.execute(f"SELECT nextval('{STAMP}')")  # noqa: S608 - a constant
        else:
            # SQLite writes one at a time anyway; inside the writer's transaction, so it is seen with it.
            cursor.execute(f"UPDATE {STAMP} SET n = n + 1")  # noqa: S608 - a constant


def read_stamp(using: str = "default") -> int:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value FROM {STAMP}")  # noqa: S608 - a constant
        else:
            cursor.execute(f"SELECT n FROM {STAMP}")  # noqa: S608 - a constant
        row = cursor.fetchone()
    return int(row[0]) if row else 0


class _Moved:
    """Marks, in a transaction's on-commit list, that the stamp has moved for it in this request; after the
    commit it moves the stamp again on PostgreSQL (the data is visible only now)."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.epoch = getattr(connection, "_page_stamp_epoch", 0)

    def __call__(self) -> None:
        if self.connection.vendor == "postgresql":
            _bump(self.connection)


def move_past(stamp: int, using: str = "default") -> None:
    """Move the stamp beyond `stamp` and beyond where it is (after a restore has put back an older one; the
    database is looked at anew, as a restore may have just created the stamp)."""
    connection = connections[using]
    setattr(connection, "_page_stamp_ready", False)  # noqa: B010
    _request.seen.pop(using, None)
    if not stamp_exists(connection):
        return
    now = read_stamp(using)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT setval('{STAMP}', %s)", [max(now, stamp) + 1])  # noqa: S608 - a constant
        else:
            cursor.execute(f"UPDATE {STAMP} SET n = %s", [max(now, stamp) + 1])  # noqa: S608 - a constant


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if STAMP not in sql and sql.lstrip()[:8].upper().startswith(_WRITES):
        connection = context["connection"]
        if not connection.in_atomic_block:
            _bump(connection)
        else:
            epoch = getattr(connection, "_page_stamp_epoch", 0)
            if not any(
                isinstance(f, _Moved) and f.epoch == epoch for _sids, f, _robust in connection.run_on_commit
            ):
                # Once per transaction (and per request: a test's requests share one transaction that never
                # commits). Commit and rollback empty the list; a rolled-back savepoint drops its marks.
                _bump(connection)
                transaction.on_commit(_Moved(connection), using=connection.alias)
    return result


def _install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _next_request(**kwargs: Any) -> None:
    _request.serving = True
    _request.seen = {}
    for connection in connections.all(initialized_only=True):
        setattr(connection, "_page_stamp_epoch", getattr(connection, "_page_stamp_epoch", 0) + 1)  # noqa: B010


def _request_done(**kwargs: Any) -> None:
    _request.serving = False
    _request.seen = {}


def install() -> None:
    connection_created.connect(_install, dispatch_uid="sammachip-page-stamp")
    request_started.connect(_next_request, dispatch_uid="sammachip-page-stamp")
    request_finished.connect(_request_done, dispatch_uid="sammachip-page-stamp")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)


def _key(request: HttpRequest) -> str | None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not session_key or not csrf:
        return None
    parts = [
        request.get_full_path(),
        session_key,
        csrf,
        getattr(request, "LANGUAGE_CODE", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        timezone.localdate().isoformat(),
    ]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def kept_until_written(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Serve a signed-in GET page from memory while nothing has been written since it was drawn."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        assert isinstance(request, HttpRequest)
        if (
            not settings.SAMMACHIP_PAGE_CACHE
            or request.method != "GET"
            or not request.user.is_authenticated
            or len(messages.get_messages(request)) > 0
        ):
            return view(*args, **kwargs)
        key = _key(request)
        if key is None:
            return view(*args, **kwargs)
        cache = caches["pages"]
        stamp = request_stamp()
        if stamp is None:  # the stamp not made yet (a database being migrated)
            return view(*args, **kwargs)
        kept = cache.get(key)
        if kept is not None and kept[0] == stamp:
            response = HttpResponse(kept[1])
            for header, value in kept[2]:
                response[header] = value
            return response
        response = view(*args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and len(response.content) <= MAX_PAGE_BYTES
            and not response.cookies
            # The page's forms carry a token for the CSRF cookie the request came with (not a new one).
            and request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)
            and not request.session.modified
            # A page whose drawing wrote something (the personal-data access log of a list showing national
            # IDs) is drawn again every time: its write is part of showing it.
            and read_stamp() == stamp
        ):
            headers = list(response.headers.items())  # the view's own: its type, a download's name, htmx's
            cache.set(key, (stamp, response.content, headers))
        return response

    return wrapped
