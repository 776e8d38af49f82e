from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db.models import Q
from django.http import HttpRequest

from sammachip.accounts.models import User
from sammachip.core.pagecache import request_stamp
from sammachip.core.thaiid import THAI_DIGITS


class UsernameOrPhoneBackend(ModelBackend):
    """Officers log in with a username, members with the phone number on their record."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kw: Any
    ) -> User | None:
        if not username or not password:
            return None
        login = username.strip().translate(THAI_DIGITS)
        phone = login.replace("-", "").replace(" ", "")
        user = User.objects.filter(Q(username__iexact=login) | Q(phone=phone)).first()
        if user is None:
            User().set_password(password)  # same work either way, so timing does not reveal accounts
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        """The signed-in user of a request, kept in the worker while nothing has been written (as the session
        is: sammachip.accounts.sessions). Each request gets its own copy, as from the database."""
        stamp = request_stamp()  # read before the user, so what is kept is at least this new
        name = f"user:{user_id}"
        kept = caches["memo"].get(name) if stamp is not None else None
        if kept is not None and kept[0] == stamp:
            user = kept[1]
        else:
            try:
                user = User._default_manager.get(pk=user_id)
            except User.DoesNotExist:
                return None
            if stamp is not None:
                caches["memo"].set(name, (stamp, user))
        return user if self.user_can_authenticate(user) else None
