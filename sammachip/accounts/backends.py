from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from sammachip.accounts.models import User
from sammachip.core.thaiid import THAI_DIGITS


def login_forms(name: str) -> tuple[str, str]:
    """What a typed sign-in name is taken as: a username (any case) and a phone number (Thai digits, dashes
    and spaces allowed)."""
    login = name.strip().translate(THAI_DIGITS)
    return login, login.replace("-", "").replace(" ", "")


def find_account(name: str) -> User | None:
    """The account a typed sign-in name stands for — by the backend, and by the sign-in throttle, which locks
    the account however its name is written."""
    login, phone = login_forms(name)
    if not login:
        return None
    return User.objects.filter(Q(username__iexact=login) | Q(phone=phone)).first()


class UsernameOrPhoneBackend(ModelBackend):
    """Officers log in with a username, members with the phone number on their record."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kw: Any
    ) -> User | None:
        if not username or not password:
            return None
        user = find_account(username)
        if user is None:
            User().set_password(password)  # same work either way, so timing does not reveal accounts
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user with her member record, if she has one, in the same query: every group page asks
        whether she is a member of the group, and staff without a member record need not ask the database."""
        user = User._default_manager.select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
