"""Sessions in the database, kept in the worker's memory between requests while nothing has been written.

Every signed-in request loads its session and its user; on PostgreSQL each is a round trip to the server,
and for a page served from the page cache (sammachip.core.pagecache) they were two of its three queries.
Both are now kept in the worker under the write stamp, the same one the pages are kept under: the stamp is
read once at the start of the request, and a session (or user) read after it is used again only while it has
not moved. Any write, anywhere — a session saved or deleted at sign-out, a password changed, an account
closed — moves the stamp, so what is kept is never older than the database. A session is not used past its
expiry time. `SAMMACHIP_PAGE_CACHE=0` turns this off with the page cache.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import caches
from django.utils import timezone

from sammachip.core.pagecache import request_stamp


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        stamp = request_stamp()  # read before the session, so what is kept is at least this new
        if stamp is None or not self.session_key:
            return super()._get_session_from_db()  # type: ignore[misc]  # (not in the stubs)
        # The key of a session is its secret: kept under its digest, not as it is.
        name = "session:" + hashlib.sha256(self.session_key.encode()).hexdigest()
        kept = caches["memo"].get(name)
        if kept is not None and kept[0] == stamp and kept[2] > timezone.now():
            return self.model(session_key=self.session_key, session_data=kept[1], expire_date=kept[2])
        found = super()._get_session_from_db()  # type: ignore[misc]
        if found is not None:
            caches["memo"].set(name, (stamp, found.session_data, found.expire_date))
        return found
