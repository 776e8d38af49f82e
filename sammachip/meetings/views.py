from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.core.pagecache import kept_until_written
from sammachip.core.pdf import render_pdf
from sammachip.core.types import AuthedRequest
from sammachip.core.views_util import apply_errors
from sammachip.groups.access import Can, GroupAccess, access_group
from sammachip.groups.models import Membership, OccupationGroup

from . import forms, services
from .models import Attendance, Duty, Idea, Inspection, Meeting, Resolution


def _meeting(group: OccupationGroup, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(group=group, pk=meeting_id).select_related("called_by__person").first()
    if meeting is None:
        raise Http404
    return meeting


def _resolution(group: OccupationGroup, resolution_id: int) -> Resolution:
    resolution = (
        Resolution.objects.filter(group=group, pk=resolution_id)
        .select_related("meeting", "charter", "fiscal_year")
        .first()
    )
    if resolution is None:
        raise Http404
    return resolution


def _errors(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_http_methods(["GET", "POST"])
@kept_until_written
def meeting_list(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_run = access.allows(Can.RUN_MEETINGS)
    form = forms.MeetingForm(
        request.POST or None, group=group, initial={"date": services.today(), "kind": "monthly"}
    )
    if request.method == "POST":
        if not can_run:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.schedule_meeting(
                    group=group, kind=data["kind"], date=data["date"], place=data["place"], called_by=data["called_by"],
                    agenda=data["agenda"].splitlines(), by=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Meeting scheduled."))
                return redirect("meetings:meeting", group.pk, meeting.pk)
    services.close_due_online_votes(group)
    context = {
        "group": group,
        "form": form,
        "can_run": can_run,
        "meetings": group.meetings.select_related("called_by__person")[:60],
        "missing_months": services.months_without_meeting(group),
        "online": group.resolutions.filter(online=True).order_by("-number")[:20],
    }
    return render(request, "meetings/meeting_list.html", context)


def _meeting_context(
    request: AuthedRequest, group: OccupationGroup, meeting: Meeting, access: GroupAccess
) -> dict[str, Any]:
    eligible = services.eligible_members(meeting)
    marks = {a.membership_id: a for a in meeting.attendance.all()}
    resolutions = list(meeting.resolutions.prefetch_related("votes"))
    minutes = meeting.minutes.order_by("-version").first()
    items = list(meeting.items.all())
    for item in items:
        item.minutes_text = minutes.body.get(str(item.pk), "") if minutes else ""  # type: ignore[attr-defined]
    return {
        "group": group,
        "meeting": meeting,
        "items": items,
        "rows": [{"m": m, "a": marks.get(m.pk)} for m in eligible],
        "quorum": services.quorum(meeting, eligible=len(eligible)),
        "resolutions": resolutions,
        "minutes": minutes,
        "can_run": access.allows(Can.RUN_MEETINGS),
        "own": access.membership,
        "agenda_form": forms.AgendaForm(group=group),
        "resolution_form": forms.ResolutionForm(
            group=group, meeting=meeting, initial={"threshold": "majority"}
        ),
        "statuses": Attendance.Status.choices,
        "duties": meeting.duties.select_related("assignee__person"),
    }


@kept_until_written
def meeting_detail(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    meeting = _meeting(group, meeting_id)
    return render(request, "meetings/meeting.html", _meeting_context(request, group, meeting, access))


def _run(request: AuthedRequest, group_id: int, meeting_id: int) -> tuple[OccupationGroup, Meeting]:
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    return group, _meeting(group, meeting_id)


@require_POST
def meeting_open(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, meeting = _run(request, group_id, meeting_id)
    try:
        services.open_meeting(meeting=meeting, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("meetings:meeting", group.pk, meeting.pk)


@require_POST
def meeting_attendance(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, meeting = _run(request, group_id, meeting_id)
    marks: dict[int, tuple[str, int | None]] = {}
    for m in services.eligible_members(meeting):
        status = request.POST.get(f"status_{m.pk}")
        if status:
            rep = request.POST.get(f"rep_{m.pk}") or None
            marks[m.pk] = (status, int(rep) if rep and rep.isdigit() else None)
    try:
        services.record_attendance(meeting=meeting, marks=marks, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        q = services.quorum(meeting)
        messages.success(request, _("Attendance saved: %(present)s of %(eligible)s; quorum %(needed)s.") % q)
    return redirect("meetings:meeting", group.pk, meeting.pk)


@require_POST
def meeting_agenda(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, meeting = _run(request, group_id, meeting_id)
    form = forms.AgendaForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.add_agenda_item(
                meeting=meeting,
                title=form.cleaned_data["title"],
                idea=form.cleaned_data["idea"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Write the agenda item."))
    return redirect("meetings:meeting", group.pk, meeting.pk)


@require_POST
def meeting_minutes(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, meeting = _run(request, group_id, meeting_id)
    body = {str(item.pk): request.POST.get(f"item_{item.pk}", "") for item in meeting.items.all()}
    try:
        version = services.write_minutes(
            meeting=meeting, body=body, general=request.POST.get("general", ""), by=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Minutes saved (version %(v)s).") % {"v": version.version})
    return redirect("meetings:meeting", group.pk, meeting.pk)


@require_POST
def meeting_close(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, meeting = _run(request, group_id, meeting_id)
    try:
        services.close_meeting(meeting=meeting, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Meeting closed. Its minutes are approved at the next meeting."))
    return redirect("meetings:meeting", group.pk, meeting.pk)


def minutes_pdf(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    meeting = _meeting(group, meeting_id)
    context = _meeting_context(request, group, meeting, access)
    return render_pdf(request, "meetings/minutes_pdf.html", context, f"minutes-{meeting.date:%Y%m%d}.pdf")


def _propose(
    request: AuthedRequest, group: OccupationGroup, meeting: Meeting | None
) -> tuple[forms.ResolutionForm, Resolution | None]:
    form = forms.ResolutionForm(request.POST, group=group, meeting=meeting)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        resolution = services.propose_resolution(
            group=group, meeting=meeting, question=data["question"], kind=data["kind"], mode=data["mode"],
            options=data["options"].splitlines(), threshold=data["threshold"], charter=data["charter"],
            fiscal_year=data["fiscal_year"], minutes=data["minutes"], spend_amount=data["spend_amount"],
            spend_purpose=data["spend_purpose"], closes_at=data.get("closes_at"), by=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        apply_errors(form, exc)
        return form, None
    return form, resolution


@require_POST
def meeting_resolution(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    meeting = _meeting(group, meeting_id)
    form, resolution = _propose(request, group, meeting)
    if resolution is not None:
        return redirect("meetings:resolution", group.pk, resolution.pk)
    context = _meeting_context(request, group, meeting, access) | {"resolution_form": form}
    return render(request, "meetings/meeting.html", context, status=422)


@require_http_methods(["GET", "POST"])
def online_vote_new(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    form = forms.ResolutionForm(None, group=group, meeting=None, initial={"threshold": "majority"})
    if request.method == "POST":
        form, resolution = _propose(request, group, None)
        if resolution is not None:
            return redirect("meetings:resolution", group.pk, resolution.pk)
    return render(request, "meetings/online_new.html", {"group": group, "form": form})


def _voters(resolution: Resolution) -> Any:
    if resolution.meeting is not None:
        return Membership.objects.filter(
            attendance__meeting=resolution.meeting,
            attendance__status__in=[Attendance.Status.PRESENT, Attendance.Status.REPRESENTED],
        ).exclude(votes__resolution=resolution)
    return resolution.group.memberships.current().exclude(votes__resolution=resolution)


def resolution_detail(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    services.close_due_online_votes(group)
    resolution = _resolution(group, resolution_id)
    votes = list(resolution.votes.select_related("membership__person", "recorded_by"))
    own = access.membership
    own_vote = next((v for v in votes if own and v.membership_id == own.pk), None)
    waiting = _voters(resolution)
    can_run = access.allows(Can.RUN_MEETINGS)
    recorders = services.hand_recorders(resolution)
    context = {
        "group": group,
        "r": resolution,
        "votes": votes,
        "own": own,
        "own_vote": own_vote,
        "can_vote_self": own is not None
        and own_vote is None
        and waiting.filter(pk=own.pk).exists()
        and resolution.status == "open",
        "can_run": can_run,
        "hands_form": forms.VoteForm(resolution=resolution, members=waiting)
        if can_run and not resolution.online
        else None,
        "own_form": forms.VoteForm(
            resolution=resolution, members=waiting.filter(pk=own.pk) if own else waiting.none()
        ),
        "needs_witness": bool(recorders) and resolution.witnessed_by_id is None,
        "can_witness": bool(recorders)
        and request.user.pk not in recorders
        and (own is not None or access.is_officer),
        "labels": {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")},
    }
    return render(request, "meetings/resolution.html", context)


@require_POST
def resolution_vote(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    resolution = _resolution(group, resolution_id)
    form = forms.VoteForm(request.POST, resolution=resolution, members=resolution.group.memberships.all())
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        is_own = access.membership is not None and membership.pk == access.membership.pk
        if not is_own and not access.allows(Can.RUN_MEETINGS):
            raise Http404
        try:
            services.cast_vote(
                resolution=resolution,
                membership=membership,
                choice=form.cleaned_data["choice"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Vote recorded."))
    else:
        messages.error(request, _("Choose the member and the answer."))
    return redirect("meetings:resolution", group.pk, resolution.pk)


@require_POST
def resolution_witness(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    if access.membership is None and not access.is_officer:
        raise Http404
    resolution = _resolution(group, resolution_id)
    try:
        services.witness_tally(resolution=resolution, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("You witnessed the count."))
    return redirect("meetings:resolution", group.pk, resolution.pk)


@require_POST
def resolution_close(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    resolution = _resolution(group, resolution_id)
    try:
        resolution = services.close_resolution(resolution=resolution, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Counted: %(status)s.") % {"status": resolution.get_status_display()})
    return redirect("meetings:resolution", group.pk, resolution.pk)


@require_http_methods(["GET", "POST"])
def ideas(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    form = forms.IdeaForm(request.POST or None)
    if request.method == "POST":
        if access.membership is None:
            raise Http404
        if form.is_valid():
            try:
                services.raise_idea(
                    group=group, author=access.membership, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Thank you. It waits for the next meeting's agenda."))
                return redirect("meetings:ideas", group.pk)
    items = group.ideas.select_related("author__person", "agenda_item__meeting")
    context = {"group": group, "form": form, "items": items, "can_raise": access.membership is not None,
               "can_run": access.allows(Can.RUN_MEETINGS), "outcome_form": forms.OutcomeForm()}  # fmt: skip
    return render(request, "meetings/ideas.html", context)


@require_POST
def idea_outcome(request: AuthedRequest, group_id: int, idea_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    idea = Idea.objects.filter(group=group, pk=idea_id).first()
    if idea is None:
        raise Http404
    try:
        services.record_outcome(idea=idea, outcome=request.POST.get("outcome", ""), by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("meetings:ideas", group.pk)


@require_http_methods(["GET", "POST"])
def duties(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_run = access.allows(Can.RUN_MEETINGS)
    form = forms.DutyForm(request.POST or None, group=group, initial={"due_on": services.today()})
    if request.method == "POST":
        if not can_run:
            raise Http404
        if form.is_valid():
            try:
                services.assign_duty(group=group, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Duty assigned."))
                return redirect("meetings:duties", group.pk)
    items = group.duties.select_related("assignee__person", "meeting")
    return render(
        request,
        "meetings/duties.html",
        {"group": group, "form": form, "items": items, "can_run": can_run, "own": access.membership},
    )


@require_POST
def duty_finish(request: AuthedRequest, group_id: int, duty_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    duty = Duty.objects.filter(group=group, pk=duty_id).first()
    if duty is None:
        raise Http404
    if not (
        access.allows(Can.RUN_MEETINGS) or (access.membership and duty.assignee_id == access.membership.pk)
    ):
        raise Http404
    try:
        services.finish_duty(duty=duty, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("meetings:duties", group.pk)


@require_http_methods(["GET", "POST"])
def inspections(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    form = forms.InspectionForm(request.POST or None, initial={"date": services.today()})
    if request.method == "POST":
        if access.membership is None:
            raise Http404
        if form.is_valid():
            try:
                services.record_inspection(
                    group=group, inspector=access.membership, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect("meetings:inspections", group.pk)
    items = Inspection.objects.filter(group=group).select_related("inspector__person")
    return render(
        request,
        "meetings/inspections.html",
        {"group": group, "form": form, "items": items, "can_record": access.membership is not None},
    )


def participation(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    stats = services.participation(group)
    members = {m.pk: m for m in group.memberships.current().select_related("person")}
    sees_all = access.allows(Can.RUN_MEETINGS) or access.is_area_staff
    rows = [
        {"m": members[k], **v}
        for k, v in sorted(stats.items(), key=lambda kv: members[kv[0]].number)
        if sees_all
    ]
    own = stats.get(access.membership.pk) if access.membership else None
    rates = [v["rate"] for v in stats.values() if v["rate"] is not None]
    summary = {
        "members": len(stats),
        "rate": round(sum(rates) / len(rates)) if rates else None,
        "votes": sum(v["votes"] for v in stats.values()),
        "ideas": sum(v["ideas"] for v in stats.values()),
        "duties_done": sum(v["duties_done"] for v in stats.values()),
        "voting_members": sum(1 for v in stats.values() if v["votes"]),
    }
    return render(
        request, "meetings/participation.html", {"group": group, "rows": rows, "own": own, "summary": summary}
    )
