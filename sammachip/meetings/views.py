from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.types import AuthedRequest
from sammachip.core.forms import NOT_CONFIRMED, confirmed
from sammachip.core.pdf import render_pdf
from sammachip.core.qr import page_qr
from sammachip.core.templatetags.share import line_share
from sammachip.core.thaidate import format_date
from sammachip.core.views_util import apply_errors
from sammachip.groups.access import Can, GroupAccess, access_group
from sammachip.groups.models import Membership, OccupationGroup

from . import forms, services
from .models import Attendance, Duty, Idea, Inspection, Meeting, Resolution
from .templatetags import meetinglist


def _meeting(group: OccupationGroup, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(group=group, pk=meeting_id).select_related("called_by__person").first()
    if meeting is None:
        raise Http404
    meeting.group = group  # the group just loaded with its place, not asked for again
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


MEETINGS_PAGE = 12  # a year of monthly meetings


@require_http_methods(["GET", "POST"])
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
                messages.success(request, _("Meeting scheduled. On the day, open it here and mark who came."))
                return redirect("meetings:meeting", group.pk, meeting.pk)
    online = list(group.resolutions.filter(online=True).order_by("-number")[:20])
    context = {
        "group": group,
        "form": form,
        "can_run": can_run,
        # A page of meetings at a time, newest first (the list once stopped at 60 and hid the older ones): the
        # model's order without its first key, the group's name (a join, for one group's meetings); each
        # meeting read as the values its row shows.
        "meetings": Paginator(
            group.meetings.order_by("-date", "-id").values(*meetinglist.MEETING_ROW), MEETINGS_PAGE
        ).get_page(request.GET.get("page")),
        # Looked up once for the table, not per row: get_FOO_display rebuilds (and translates) every choice.
        "kind_labels": dict(Meeting.Kind.choices),
        "status_labels": dict(Meeting.Status.choices),
        "list_url": reverse("meetings:list", args=[group.pk]),  # a meeting's page is list_url + its id
        "missing_months": services.months_without_meeting(group),
        "online": online,
    }
    return render(request, "meetings/meeting_list.html", context)


def _meeting_context(
    request: AuthedRequest,
    group: OccupationGroup,
    meeting: Meeting,
    access: GroupAccess,
    posted: dict[int, tuple[str, int | None]] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    eligible = services.eligible_members(meeting)
    marks = {a.membership_id: a for a in meeting.attendance.select_related("represented_by__person")}
    posted, errors = posted or {}, errors or {}
    labels = dict(Attendance.Status.choices)  # once, not a get_status_display (all the choices) per member

    def row(m: Membership) -> dict[str, Any]:
        a = marks.get(m.pk)
        # Not marked yet: present, so the chair taps only the members who are not here.
        status, rep = posted.get(m.pk) or ((a.status, a.represented_by_id) if a else ("present", None))
        return {
            "m": m,
            "a": a,
            "label": labels.get(a.status) if a else None,
            "status": status,
            "rep": rep,
            "errors": errors.get(services.status_field(m.pk), [])
            + errors.get(services.proxy_field(m.pk), []),
        }

    rows = [row(m) for m in eligible]
    resolutions = list(meeting.resolutions.prefetch_related("votes"))
    can_run = access.allows(Can.RUN_MEETINGS)
    if can_run and meeting.status == Meeting.Status.OPEN and not resolutions:
        # The roll: each member's "represented by" list holds every other member. Written here once per row
        # rather than by a template loop inside the members' loop (30 members: 900 options through the
        # template engine).
        names = [(m.pk, f"{m.number}. {m.person.first_name}") for m in eligible]
        for r in rows:
            r["proxies"] = format_html_join(
                "",
                '<option value="{}" {}>{}</option>',
                ((pk, "selected" if r["rep"] == pk else "", name) for pk, name in names if pk != r["m"].pk),
            )
    minutes = meeting.minutes.order_by("-version").first()
    items = list(meeting.items.all())
    for item in items:
        item.minutes_text = minutes.body.get(str(item.pk), "") if minutes else ""  # type: ignore[attr-defined]
    return {
        "group": group,
        "meeting": meeting,
        "items": items,
        "rows": rows,
        "attendance_errors": [r for r in rows if r["errors"]],
        "quorum": services.quorum(
            meeting, eligible=len(eligible), present=sum(a.status in services.PRESENT for a in marks.values())
        ),
        "resolutions": resolutions,
        "minutes": minutes,
        "can_run": can_run,
        "own": access.membership,
        # Made only where the page shows them (the template's own conditions): not on a closed meeting.
        "agenda_form": forms.AgendaForm(group=group)
        if can_run and meeting.status != Meeting.Status.CLOSED
        else None,
        "resolution_form": forms.ResolutionForm(
            group=group, meeting=meeting, initial={"threshold": "majority"}
        )
        if can_run and meeting.status == Meeting.Status.OPEN
        else None,
        "statuses": Attendance.Status.choices,
        "duties": meeting.duties.select_related("assignee__person"),
        # For the members' LINE chat: what, when, where, the agenda and the link (the meeting has a date, no hour).
        "line_share": line_share(
            f"{meeting.get_kind_display()} · {group.name}",
            f"{format_date(meeting.date)} · {meeting.place}",
            *(f"{i.position}. {i.title}" for i in items),
            request.build_absolute_uri(),
        ),
    }


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
        if not hasattr(exc, "error_dict"):
            _errors(request, exc)
            return redirect("meetings:meeting", group.pk, meeting.pk)
        # A refused proxy is shown on that member's field, with what was typed kept.
        access = GroupAccess(request.user, group)
        context = _meeting_context(request, group, meeting, access, posted=marks, errors=exc.message_dict)
        return render(request, "meetings/meeting.html", context, status=422)
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
            attendance__status__in=services.PRESENT,
        ).exclude(votes__resolution=resolution)
    return resolution.group.memberships.current().exclude(votes__resolution=resolution)


def resolution_detail(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    resolution = _resolution(group, resolution_id)
    return render(
        request, "meetings/resolution.html", _resolution_context(request, group, access, resolution)
    )


def _resolution_context(
    request: AuthedRequest, group: OccupationGroup, access: GroupAccess, resolution: Resolution
) -> dict[str, Any]:
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
        and resolution.voting_open
        and resolution.hands_counted_by_id is None,
        "cast_so_far": len(votes) + sum(int(n) for n in (resolution.hand_counts or {}).values()),
        "can_withdraw": can_run and resolution.online and resolution.voting_open,
        "can_run": can_run,
        "hands_form": forms.VoteForm(resolution=resolution, members=waiting)
        if can_run and not resolution.online and resolution.hands_counted_by_id is None
        else None,
        "count_form": forms.HandsForm(resolution=resolution)
        if can_run and not resolution.online and resolution.hands_counted_by_id is None
        else None,
        "left_to_vote": waiting.count() if resolution.meeting is not None else None,
        "own_form": forms.VoteForm(
            resolution=resolution, members=waiting.filter(pk=own.pk) if own else waiting.none()
        ),
        "needs_witness": bool(recorders) and resolution.witnessed_by_id is None,
        "can_witness": bool(recorders) and request.user.pk not in recorders and access.may_witness(),
        "labels": {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")},
        "line_share": line_share(
            _("Online vote") + f" · {group.name}",
            resolution.question,
            _("Closes %(when)s") % {"when": format_date(resolution.closes_at)}
            if resolution.closes_at
            else "",
            request.build_absolute_uri(),
        )
        if resolution.online
        else "",
    }
    return context


@require_POST
def resolution_vote(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    resolution = _resolution(group, resolution_id)
    form = forms.VoteForm(request.POST, resolution=resolution, members=resolution.group.memberships.all())
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        if not access.may_vote_for(membership):
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
def resolution_hands(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    """A show of hands for everyone present at once: the counts of each answer, in one form."""
    group, access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    resolution = _resolution(group, resolution_id)
    form = forms.HandsForm(request.POST, resolution=resolution)
    if form.is_valid():
        try:
            services.count_hands(resolution=resolution, counts=form.counts(), by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Show of hands recorded. A second person now witnesses the count."))
            return redirect("meetings:resolution", group.pk, resolution.pk)
    context = _resolution_context(request, group, access, resolution) | {"count_form": form}
    return render(request, "meetings/resolution.html", context, status=422)


@require_POST
def resolution_witness(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    if not access.may_witness():
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
def resolution_withdraw(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    resolution = _resolution(group, resolution_id)
    try:
        services.withdraw_resolution(
            resolution=resolution, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The vote is withdrawn; nobody can vote on it."))
    return redirect("meetings:resolution", group.pk, resolution.pk)


@require_POST
def resolution_close(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id, Can.RUN_MEETINGS)
    resolution = _resolution(group, resolution_id)
    if not confirmed(request.POST):  # a count cannot be undone: the page's box says what it does
        context = _resolution_context(request, group, access, resolution) | {"close_error": NOT_CONFIRMED}
        return render(request, "meetings/resolution.html", context, status=422)
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
        if not access.may_raise_ideas():
            raise Http404
        assert access.membership is not None
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
    context = {"group": group, "form": form, "items": items, "can_raise": access.may_raise_ideas(),
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
                messages.success(request, _("Duty assigned. The member marks it done on this page."))
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
    if not access.may_finish_duty(duty.assignee_id):
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


# --- paper sheets: the same rows and fields as the screens, for a meeting without phones --------------


def sign_in_pdf(request: AuthedRequest, group_id: int, meeting_id: int) -> HttpResponse:
    """The sign-in sheet and agenda: one row per member the attendance form lists, with its choices in its
    order, a proxy and a signature; then the agenda items as the minutes form lists them."""
    group, _access = access_group(request.user, group_id)
    meeting = _meeting(group, meeting_id)
    context = {
        "group": group,
        "meeting": meeting,
        "members": services.eligible_members(meeting),
        "statuses": Attendance.Status.choices,
        "items": list(meeting.items.all()),
        "qr": page_qr(request, reverse("meetings:meeting", args=[group.pk, meeting.pk])),
    }
    return render_pdf(request, "meetings/sign_in_pdf.html", context, f"sign-in-{meeting.date:%Y%m%d}.pdf")


def tally_pdf(request: AuthedRequest, group_id: int, resolution_id: int) -> HttpResponse:
    """A show of hands on paper: a row per member who may still vote, in the hands form's order, a box per
    answer in the form's order, and the lines for the recorder and the witness."""
    group, _access = access_group(request.user, group_id)
    resolution = _resolution(group, resolution_id)
    form = forms.VoteForm(resolution=resolution, members=_voters(resolution))
    context = {
        "group": group,
        "r": resolution,
        "members": list(form.fields["membership"].queryset),  # type: ignore[attr-defined]
        "choices": list(form.fields["choice"].choices),  # type: ignore[attr-defined]
        "labels": {name: f.label for name, f in form.fields.items()},
        "qr": page_qr(request, reverse("meetings:resolution", args=[group.pk, resolution.pk])),
    }
    return render_pdf(request, "meetings/tally_pdf.html", context, f"tally-{resolution.pk}.pdf")
