"""Sessions in the database, read from it on every request.

Each session row names its user (accounts.models.Session), so that all of a person's sessions can be ended
at once when her password changes, her account closes or her posting ends (accounts.services.end_access):
deleting them is a write, so no worker serves them from memory afterwards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from .models import Session

        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        from .models import Session

        session = super().create_model_instance(data)
        assert isinstance(session, Session)
        session.user_id = Session.user_id_in(data)
        return session


def end_at_the_set_time(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A session ends SESSION_COOKIE_AGE (SAMMACHIP_SESSION_HOURS) after signing in, however often it is saved
    since: Django's own expiry would start again at every save of the session."""
    request.session.set_expiry(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))
