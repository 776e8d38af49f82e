"""The demo loader and the scale generator write invented people into the database they are pointed at: both
refuse a database that holds anything they did not create (a district's real members, say), whatever
SQLITE_PATH or DATABASE_URL happens to say."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sammachip.accounts.models import User
from sammachip.core.models import AuditEvent, record_event
from sammachip.groups.models import OccupationGroup
from sammachip.households.models import Household
from sammachip.places.models import Village


def holds_data() -> bool:
    """People's data, as opposed to what the migrations load (the country's areas, standard lists)."""
    return any(m.objects.exists() for m in (User, Village, Household, OccupationGroup))


def loaded_by(command: str) -> bool:
    return AuditEvent.objects.filter(verb=f"scale.{command}.loaded").exists()


def refuse_foreign_data(command: str) -> None:
    if holds_data() and not loaded_by(command):
        raise CommandError(
            _(
                "This database already holds data that `sammachip %(command)s` did not create: it writes "
                "invented people and will not mix them with real ones. Point it at a new database "
                "(SQLITE_PATH=var/%(command)s.sqlite3, or another DATABASE_URL)."
            )
            % {"command": command}
        )


def mark_loaded(command: str, target: Village | OccupationGroup) -> None:
    record_event(target=target, verb=f"scale.{command}.loaded", actor=None)
