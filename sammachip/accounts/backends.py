from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from sammachip.accounts.models import User
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
