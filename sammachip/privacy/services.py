"""A person's data on request (machine-readable), erasure as anonymisation that keeps the accounting the
law requires, refusals recorded, and the breach log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.accounts.services import end_access
from sammachip.bookkeeping.models import DividendShare, WorkRecord
from sammachip.core.models import log_personal_access, record_event
from sammachip.groups.models import CommitteeSeat, Membership
from sammachip.households.models import Person
from sammachip.line.models import LineLink, LinkCode
from sammachip.meetings.models import Attendance, Vote

from .models import Breach, DataRequest

ERASED_NAME = "ลบข้อมูลแล้ว"


def export_person(*, person: Person, by: Any) -> dict[str, Any]:
    """Everything Sammachip holds about one person, as plain JSON types."""
    memberships = list(Membership.objects.filter(person=person).select_related("group"))
    ids = [m.pk for m in memberships]
    data = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "title": person.title, "first_name": person.first_name, "last_name": person.last_name,
            "national_id": person.national_id, "phone": person.phone, "address": person.address,
            "skills": person.skills, "can_teach": person.can_teach, "village": str(person.village),
            "occupations_chosen": [o.name for o in person.chosen_occupations.all()],
        },
        "memberships": [
            {"group": m.group.name, "number": m.number, "joined_on": m.joined_on.isoformat(),
             "left_on": m.left_on.isoformat() if m.left_on else None, "founding": m.is_founding}
            for m in memberships
        ],
        "committee_seats": [
            {"group": s.group.name, "role": s.role, "starts_on": s.starts_on.isoformat(),
             "ended_on": s.ended_on.isoformat() if s.ended_on else None}
            for s in CommitteeSeat.objects.filter(membership_id__in=ids).select_related("group")
        ],
        "work": [
            {"date": w.date.isoformat(), "task": w.task.name, "quantity": str(w.quantity), "status": w.status}
            for w in WorkRecord.objects.filter(membership_id__in=ids).select_related("task").order_by("date")
        ],
        "dividends": [
            {"year": str(s.run.fiscal_year), "work": str(s.work), "amount": str(s.amount)}
            for s in DividendShare.objects.filter(membership_id__in=ids).select_related("run__fiscal_year")
        ],
        "meetings_attended": Attendance.objects.filter(membership_id__in=ids, status="present").count(),
        "votes_cast": Vote.objects.filter(membership_id__in=ids).count(),
    }  # fmt: skip
    with transaction.atomic():
        DataRequest.objects.create(
            person=person, kind=DataRequest.Kind.EXPORT, status=DataRequest.Status.DONE, handled_by=by
        )
        log_personal_access(by, [person.pk], "export")
    return data


@transaction.atomic
def erase_person(*, person: Person, reason: str, by: Any) -> Person:
    """Anonymise a person who has left every group: names, ID, phone, address and login go; the books,
    work records, votes and dividends stay (the law keeps accounting records), under a member number."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Membership.objects.filter(person=person, left_on__isnull=True).exists():
        raise ValidationError(_("This person is still a member: record their leaving first, then erase."))
    person.title, person.first_name, person.last_name = "", ERASED_NAME, f"#{person.pk}"
    person.national_id, person.phone, person.address, person.skills = None, "", "", ""
    person.household = None
    user = person.user
    person.user = None
    person.save()
    person.chosen_occupations.clear()
    if user is not None:
        user.is_active, user.first_name, user.last_name, user.email = False, "", "", ""
        user.phone = None
        user.username = f"erased-{person.pk}"
        user.set_unusable_password()
        user.save()
        # Her LINE account is hers: the link and any code go with her name.
        LineLink.objects.filter(user=user).delete()
        LinkCode.objects.filter(user=user).delete()
        end_access(user=user, reason="account_closed", by=by)
    # Paid dividend slips keep the name they were paid to: they are the payment record the law keeps
    # (the database refuses any change to a paid share). Unpaid draft shares are anonymised.
    DividendShare.objects.filter(membership__person=person, payment__isnull=True).update(
        member_name=f"{ERASED_NAME} #{person.pk}"
    )
    DataRequest.objects.create(
        person=person,
        kind=DataRequest.Kind.ERASURE,
        status=DataRequest.Status.DONE,
        reason=reason,
        handled_by=by,
    )
    log_personal_access(by, [person.pk], "erase")
    record_event(target=person, verb="privacy.person.erased", actor=by, data={"reason": reason[:200]})
    return person


@transaction.atomic
def refuse_request(*, person: Person, kind: str, reason: str, by: Any) -> DataRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is refused; the person may appeal it.")})
    request = DataRequest.objects.create(
        person=person, kind=kind, status=DataRequest.Status.REFUSED, reason=reason.strip(), handled_by=by
    )
    record_event(target=person, verb="privacy.request.refused", actor=by, data={"kind": kind})
    return request


@transaction.atomic
def record_breach(*, by: Any, **fields: Any) -> Breach:
    if fields["discovered_at"] > timezone.now():
        raise ValidationError({"discovered_at": _("This date is in the future.")})
    breach = Breach(recorded_by=by, **fields)
    breach.full_clean(exclude=["recorded_by"])
    breach.save()
    record_event(
        target=breach, verb="privacy.breach.recorded", actor=by, data={"people": breach.people_affected}
    )
    return breach


def overdue(breach: Breach, now: dt.datetime | None = None) -> bool:
    return breach.office_notified_at is None and (now or timezone.now()) > breach.deadline
