"""`sammachip changepassword <username>`: Django's own command (asks twice, checks the password rules), and
then, as every other way a password changes or is reset, the person's API tokens and sessions end
(accounts.services.end_access). An administrator who resets a password from the server because a phone was
lost must not leave that phone's token or session working. sammachip.accounts is listed before
django.contrib.auth in INSTALLED_APPS so this command is the one that runs."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.management.commands.changepassword import Command as DjangoChangePassword

from sammachip.accounts.models import User
from sammachip.accounts.services import end_access


class Command(DjangoChangePassword):
    help = "Change a user's password; her API tokens and her sessions end."

    def handle(self, *args: Any, **options: Any) -> str:
        message = super().handle(*args, **options) or ""  # raises CommandError unless the password changed
        username = options["username"] or getpass.getuser()
        user = User.objects.using(options["database"]).get(username=username)
        end_access(user=user, reason="password_reset", by=None)
        return f"{message}\nHer API tokens are revoked and her sessions ended."
