"""Community plans, projects, proposals and community forums: every write checked, in one transaction,
audited. A proposal moves only along its status path; an approved project becomes a group in one step,
keeping the trail back to the survey and the forum."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammachip.core.clock import today
from sammachip.core.models import record_event
from sammachip.groups import services as group_services
from sammachip.groups.models import OccupationGroup
from sammachip.households.models import Household, NeedsAnswer, Person
from sammachip.places.models import PartnerAgency, Village

from .models import (
    CommunityForum,
    CommunityPlan,
    CoordinationNote,
    ForumPresentation,
    Project,
    Proposal,
    ProposalDocument,
    ProposalEvent,
    ProspectiveMember,
)

S = Proposal.Status
NEXT: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SUBMITTED,),
    S.SUBMITTED: (S.UNDER_REVIEW, S.APPROVED, S.REJECTED),
    S.UNDER_REVIEW: (S.APPROVED, S.REJECTED),
    S.APPROVED: (S.FUNDED,),
    S.REJECTED: (),
    S.FUNDED: (),
}
DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _not_future(day: dt.date, field: str) -> None:
    if day > today():
        raise ValidationError({field: _("This date is in the future.")})


@transaction.atomic
def open_plan(*, village: Village, year: int, by: Any) -> CommunityPlan:
    if year > 2400:
        year -= 543
    if not 2000 <= year <= today().year + 5:
        raise ValidationError({"year": _("Enter a year such as %(year)s.") % {"year": today().year + 543}})
    plan, created = CommunityPlan.objects.get_or_create(village=village, year=year)
    if created:
        record_event(target=plan, verb="plans.plan.opened", actor=by, data={"year": year})
    return plan


def _check_project(project: Project) -> None:
    if project.kind == Project.Kind.OCCUPATION and project.occupation_id is None:
        raise ValidationError({"occupation": _("An occupation project names its occupation.")})
    if project.funding == Project.Funding.PARTNER and project.partner_id is None:
        raise ValidationError({"partner": _("Name the partner agency that funds it.")})
    district_id = project.plan.village.subdistrict.district_id
    if project.partner is not None and project.partner.district_id != district_id:
        raise ValidationError({"partner": _("Choose a partner agency of this district.")})
    project.full_clean()


@transaction.atomic
def add_project(*, plan: CommunityPlan, by: Any, **fields: Any) -> Project:
    project = Project(plan=plan, **fields)
    _check_project(project)
    project.save()
    record_event(target=project, verb="plans.project.added", actor=by, data={"title": project.title})
    return project


@transaction.atomic
def update_project(*, project: Project, by: Any, **fields: Any) -> Project:
    changed = [k for k, v in fields.items() if getattr(project, k) != v]
    for k, v in fields.items():
        setattr(project, k, v)
    _check_project(project)
    project.save()
    record_event(target=project, verb="plans.project.updated", actor=by, data={"fields": changed})
    return project


@transaction.atomic
def set_project_status(*, project: Project, status: str, by: Any) -> Project:
    if status not in Project.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if hasattr(project, "group") and status != Project.Status.DONE:
        raise ValidationError({"status": _("This project is already a group; it can only be marked done.")})
    old = project.status
    project.status = status
    project.save(update_fields=["status"])
    record_event(target=project, verb="plans.project.status", actor=by, data={"from": old, "to": status})
    return project


@transaction.atomic
def add_prospective_member(
    *,
    project: Project,
    household: Household,
    first_name: str,
    last_name: str,
    wants: str,
    by: Any,
) -> ProspectiveMember:
    if household.village_id != project.plan.village_id:
        raise ValidationError({"household": _("Choose a household of this village.")})
    if hasattr(project, "group"):
        raise ValidationError(_("This project is already a group: add members on the group's page."))
    first_name, last_name = first_name.strip(), last_name.strip()
    person = Person.objects.filter(household=household, first_name=first_name, last_name=last_name).first()
    if person is None:
        person = Person(
            first_name=first_name, last_name=last_name, village=household.village, household=household
        )
        person.full_clean(exclude=["user"])
        person.save()
    if project.prospective_members.filter(person=person).exists():
        raise ValidationError({"first_name": _("This person is already on the list.")})
    need = NeedsAnswer.objects.filter(household=household, occupation_id=project.occupation_id).first()
    member = ProspectiveMember.objects.create(
        project=project, person=person, household=household, need=need, wants=wants.strip()
    )
    if project.occupation_id:
        person.chosen_occupations.add(project.occupation_id)
    record_event(
        target=project,
        verb="plans.prospective_member.added",
        actor=by,
        data={"person_id": person.pk, "house_no": household.house_no},
    )
    return member


@transaction.atomic
def remove_prospective_member(*, member: ProspectiveMember, by: Any) -> None:
    project = member.project
    if hasattr(project, "group"):
        raise ValidationError(_("This project is already a group."))
    person_id = member.person_id
    member.delete()
    record_event(
        target=project, verb="plans.prospective_member.removed", actor=by, data={"person_id": person_id}
    )


@transaction.atomic
def create_proposal(
    *, project: Project, partner: PartnerAgency, amount_requested: Decimal, on: dt.date, note: str, by: Any
) -> Proposal:
    _not_future(on, "on")
    if partner.district_id != project.plan.village.subdistrict.district_id:
        raise ValidationError({"partner": _("Choose a partner agency of this district.")})
    if amount_requested <= 0:
        raise ValidationError({"amount_requested": _("The amount requested must be more than zero.")})
    proposal = Proposal(
        project=project, partner=partner, amount_requested=amount_requested, status_since=on, created_by=by
    )
    proposal.full_clean(exclude=["created_by"])
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal, status=S.DRAFT, on=on, amount=amount_requested, note=note, by=by
    )
    record_event(
        target=proposal,
        verb="plans.proposal.created",
        actor=by,
        data={"partner": partner.name, "amount": str(amount_requested)},
    )
    return proposal


@transaction.atomic
def change_proposal_status(
    *, proposal: Proposal, status: str, on: dt.date, amount: Decimal | None, note: str, by: Any
) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if status not in NEXT.get(proposal.status, ()):
        raise ValidationError(
            {
                "status": _("A proposal that is “%(now)s” cannot become “%(next)s”.")
                % {"now": proposal.get_status_display(), "next": dict(S.choices).get(status, status)}
            }
        )
    _not_future(on, "on")
    if on < proposal.status_since:
        raise ValidationError({"on": _("This date is before the proposal's last step.")})
    if status == S.APPROVED:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Enter the amount approved.")})
        if amount > proposal.amount_requested:
            raise ValidationError({"amount": _("The amount approved is more than was requested.")})
        proposal.amount_approved = amount
    elif status == S.FUNDED:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Enter the amount received.")})
        if proposal.amount_approved is not None and amount > proposal.amount_approved:
            raise ValidationError({"amount": _("The amount funded is more than was approved.")})
        proposal.amount_funded = amount
    elif amount is not None:
        raise ValidationError({"amount": _("An amount is given only when approved or funded.")})
    old = proposal.status
    proposal.status = status
    proposal.status_since = on
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal, status=status, on=on, amount=amount, note=note.strip(), by=by
    )
    project = proposal.project
    if status == S.SUBMITTED and project.status == Project.Status.PLANNED:
        project.status = Project.Status.PROPOSED
        project.save(update_fields=["status"])
    elif status == S.APPROVED and project.status in (Project.Status.PLANNED, Project.Status.PROPOSED):
        project.status = Project.Status.APPROVED
        project.save(update_fields=["status"])
    record_event(
        target=proposal,
        verb="plans.proposal.status",
        actor=by,
        data={"from": old, "to": status, "amount": str(amount) if amount is not None else None},
    )
    return proposal


@transaction.atomic
def attach_document(*, proposal: Proposal, upload: Any, by: Any) -> ProposalDocument:
    import os

    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in DOCUMENT_TYPES:
        raise ValidationError({"file": _("Attach a PDF, a photo (JPG, PNG), a Word or an Excel file.")})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    head = upload.read(8)
    upload.seek(0)
    signatures = {
        ".pdf": (b"%PDF",),
        ".jpg": (b"\xff\xd8\xff",),
        ".jpeg": (b"\xff\xd8\xff",),
        ".png": (b"\x89PNG",),
        ".docx": (b"PK",),
        ".xlsx": (b"PK",),
        ".doc": (b"\xd0\xcf\x11\xe0",),
        ".xls": (b"\xd0\xcf\x11\xe0",),
    }
    if not head.startswith(signatures[ext]):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    document = ProposalDocument(proposal=proposal, name=name, size=upload.size, uploaded_by=by)
    upload.name = f"proposal-{proposal.pk}{ext}"  # the stored name never comes from the user
    document.file = upload
    document.save()
    record_event(target=proposal, verb="plans.proposal.document", actor=by, data={"name": name})
    return document


@transaction.atomic
def add_coordination_note(
    *, partner: PartnerAgency, on: dt.date, note: str, proposal: Proposal | None, by: Any
) -> CoordinationNote:
    _not_future(on, "on")
    if proposal is not None and proposal.partner_id != partner.pk:
        raise ValidationError({"proposal": _("This proposal went to another agency.")})
    entry = CoordinationNote(partner=partner, on=on, note=note.strip(), proposal=proposal, by=by)
    entry.full_clean(exclude=["by"])
    entry.save()
    record_event(target=partner, verb="plans.coordination.noted", actor=by, data={"on": on.isoformat()})
    return entry


@transaction.atomic
def hold_community_forum(
    *, village: Village, held_on: dt.date, place: str, note: str, by: Any
) -> CommunityForum:
    _not_future(held_on, "held_on")
    forum = CommunityForum(village=village, held_on=held_on, place=place.strip(), note=note, created_by=by)
    forum.full_clean(exclude=["created_by"])
    forum.save()
    record_event(
        target=forum, verb="plans.community_forum.held", actor=by, data={"held_on": held_on.isoformat()}
    )
    return forum


@transaction.atomic
def present_project(
    *, forum: CommunityForum, project: Project, outcome: str, note: str, by: Any
) -> ForumPresentation:
    if project.plan.village.subdistrict_id != forum.village.subdistrict_id:
        raise ValidationError({"project": _("Choose a project of this subdistrict.")})
    presentation, _created = ForumPresentation.objects.update_or_create(
        forum=forum, project=project, defaults={"outcome": outcome, "note": note.strip()}
    )
    presentation.full_clean()
    record_event(
        target=forum,
        verb="plans.community_forum.presented",
        actor=by,
        data={"project": project.title, "outcome": outcome},
    )
    return presentation


@transaction.atomic
def create_group_from_project(
    *, project: Project, name: str, founded_on: dt.date, by: Any
) -> OccupationGroup:
    """One action: the group, its founding members from the project's list, and the link back."""
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("plan__village", "occupation")
        .get(pk=project.pk)
    )
    if OccupationGroup.objects.filter(project=project).exists():
        raise ValidationError(_("This project is already a group."))
    if project.kind != Project.Kind.OCCUPATION or project.occupation is None:
        raise ValidationError(_("Only an occupation project becomes a group."))
    if project.status not in (Project.Status.APPROVED, Project.Status.UNDER_WAY):
        raise ValidationError(_("The project must be approved before it becomes a group."))
    members = list(project.prospective_members.select_related("person"))
    if not members:
        raise ValidationError(_("Write down the founding members first."))
    group = group_services.create_group(
        name=name,
        village=project.plan.village,
        occupation=project.occupation,
        founded_on=founded_on,
        description=project.objective,
        by=by,
    )
    group.project = project
    group.save(update_fields=["project"])
    for member in members:
        group_services.add_member(
            group=group,
            by=by,
            joined_on=founded_on,
            is_founding=True,
            person=member.person,
            chosen_occupations=[project.occupation],
        )
    project.status = Project.Status.UNDER_WAY
    project.save(update_fields=["status"])
    record_event(
        target=project,
        verb="plans.project.became_group",
        actor=by,
        group_id=group.pk,
        data={"group": group.name, "members": len(members)},
    )
    return group


def waiting_on(proposal: Proposal) -> str:
    """Whose move it is: the village and officer (draft), the agency (submitted … approved), nobody."""
    if proposal.status == S.DRAFT:
        return _("the village and the officer, to send it")
    if proposal.status in (S.SUBMITTED, S.UNDER_REVIEW):
        return _("%(agency)s, to decide") % {"agency": proposal.partner.name}
    if proposal.status == S.APPROVED:
        return _("%(agency)s, to pay the funds") % {"agency": proposal.partner.name}
    return ""
