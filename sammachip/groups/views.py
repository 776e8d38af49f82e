from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.access import area_q
from sammachip.accounts.types import AuthedRequest
from sammachip.core.clock import today
from sammachip.core.models import AuditEvent, log_personal_access
from sammachip.core.thaidate import format_date
from sammachip.core.thaitext import in_order, thai_ordered_ids
from sammachip.core.views_util import apply_errors
from sammachip.households.models import OccupationType, Person
from sammachip.places.models import Village

from . import forms, services
from .access import Can, access_group, covers_person, may_edit_person, visible_groups, visible_memberships
from .models import SINGLE_ROLES, Charter, CommitteeSeat, Membership, OccupationGroup, Role
from .summary import summarise

PAGE_SIZE = 50


def group_list(request: AuthedRequest) -> HttpResponse:
    groups = visible_groups(request.user).with_place().with_member_counts()
    q = request.GET.get("q", "").strip()
    stage = request.GET.get("stage", "")
    if q:
        groups = groups.search(q)
    if stage in OccupationGroup.Stage.values:
        groups = groups.filter(stage=stage)
    # Thai order over the whole list, then the page: sorting a page alone would split the order
    page = Paginator(thai_ordered_ids(groups), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = in_order(groups.filter(pk__in=list(page.object_list)), list(page.object_list))
    context = {
        "page": page,
        "q": q,
        "stage": stage,
        "stages": OccupationGroup.Stage.choices,
        "can_create": area_q(request.user, "") is not None,
    }
    template = "groups/group_list.html#group-table" if request.htmx else "groups/group_list.html"
    return render(request, template, context)


def _area_villages(request: AuthedRequest):
    q = area_q(request.user, "subdistrict__")
    if q is None:
        raise Http404
    return Village.objects.filter(q)


@require_http_methods(["GET", "POST"])
def group_create(request: AuthedRequest) -> HttpResponse:
    villages = _area_villages(request)
    form = forms.GroupForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        occupation = data["occupation"] or OccupationType.named(data["new_occupation"])
        try:
            group = services.create_group(
                name=data["name"],
                village=data["village"],
                occupation=occupation,
                founded_on=data["founded_on"],
                description=data["description"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Group created. Next: add its founding members."))
            return redirect("groups:detail", group.pk)
    return render(request, "groups/group_form.html", {"form": form})


def group_detail(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    info = summarise(group)
    summary = info.five_k
    roles = dict(Role.choices)
    rank = {role: i for i, role in enumerate(roles)}
    context = {
        "group": group,
        "access": access,
        "five_k": summary,
        "member_count": info.member_count,
        "founding_count": info.founding_count,
        # Each seat's role and holder, in the order of the roles: the labels looked up once, not a
        # get_role_display (which rebuilds and translates every role) per seat.
        "seats": [(roles[role], name) for role, name in sorted(info.seats, key=lambda seat: rank[seat[0]])],
        "empty_roles": [Role(r).label for r in summary.committee.missing],
        "activities": info.activities[:5],
        "charter": info.charter,
        "last_meeting": info.last_meeting,
        "months_without_meeting": info.months_without_meeting,
        "min_members": settings.SAMMACHIP_MIN_MEMBERS,
        "recent_events": AuditEvent.objects.for_group(group.pk)[:5],
        "can_manage": access.allows(Can.MANAGE_MEMBERS),
        "can_edit_group": access.allows(Can.EDIT_GROUP),
    }
    return render(request, "groups/group_detail.html", context)


@require_http_methods(["GET", "POST"])
def group_stage(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.EDIT_GROUP)
    form = forms.StageForm(request.POST or None, initial={"stage": group.stage, "on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_stage(
                group=group, stage=form.cleaned_data["stage"], on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Stage changed."))
            return redirect("groups:detail", group.pk)
    return render(
        request, "groups/simple_form.html", {"group": group, "form": form, "title": _("Change stage")}
    )


def member_list(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    show = request.GET.get("show", "current")
    members = Membership.objects.filter(group=group).select_related("person").order_by("number")
    if show != "all":
        members = members.current()
    # Each member's current seats, in the committee's own order, as labels: one query, no model rows.
    seats = CommitteeSeat.objects.filter(group=group).current().order_by("role", "-starts_on")
    roles: dict[int, list[str]] = {}
    for membership_id, role in seats.values_list("membership_id", "role"):
        roles.setdefault(membership_id, []).append(str(Role(role).label))
    # What each row shows, worked out here once rather than by per-row tags and filters in the template.
    prefix = reverse("groups:members", args=[group.pk])
    rows, shown = [], []
    for m in members:
        person = m.person
        show_id = access.sees_national_id_of(m)
        if show_id and person.national_id:
            shown.append(m.person_id)
        national_id = person.national_id if show_id else person.masked_national_id
        rows.append(
            {
                "number": m.number,
                "name": person.full_name,
                "url": f"{prefix}{m.pk}/",
                "founding": m.is_founding,
                "teaches": person.can_teach,
                "skills": person.skills,
                "national_id": national_id or "—",
                "phone": person.phone or "—",
                "joined": format_date(m.joined_on),
                "left": format_date(m.left_on),
                "roles": ", ".join(roles.get(m.pk, [])) or "—",
            }
        )
    if shown:
        log_personal_access(request.user, shown, "view_id", request.path)
    context = {
        "group": group,
        "rows": rows,
        "show": show,
        "can_manage": access.allows(Can.MANAGE_MEMBERS),
        "can_print_passbooks": access.sees_every_passbook,
    }
    template = "groups/member_list.html#member-table" if request.htmx else "groups/member_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def member_add(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.MANAGE_MEMBERS)
    form = forms.MemberAddForm(request.POST or None, initial={"joined_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        known = bool(data["national_id"]) and Person.objects.filter(national_id=data["national_id"]).exists()
        try:
            membership = services.add_member(
                group=group,
                by=request.user,
                joined_on=data["joined_on"],
                is_founding=data["is_founding"],
                person_data=form.person_data(),
                chosen_occupations=data["chosen_occupations"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            names = {"name": membership.person.full_name, "number": membership.number}
            if known:  # what was typed beyond the name is not hers to change here
                messages.success(
                    request,
                    _(
                        "%(name)s was already on record: joined as member no. %(number)s with the details on "
                        "record; only the officer corrects them."
                    )
                    % names,
                )
            else:
                messages.success(request, _("%(name)s joined as member no. %(number)s.") % names)
            return redirect("groups:members", group.pk)
    return render(request, "groups/member_form.html", {"group": group, "form": form})


def _membership(group: OccupationGroup, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("person__village").filter(group=group, pk=membership_id).first()
    )
    if membership is None:
        raise Http404
    return membership


def member_detail(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    # Every membership of the person behind this one, with each group's place, in one query: the page's
    # membership, the groups `covers_person` looks at, and her other groups.
    person_id = Membership.objects.filter(group=group, pk=membership_id).values("person_id")
    held = list(
        Membership.objects.filter(person_id=Subquery(person_id))
        .select_related("person__village", "group__village__subdistrict__district")
        .order_by("group__name", "number")
    )
    membership = next((m for m in held if m.pk == membership_id), None)
    if membership is None:
        raise Http404
    person = membership.person
    show_id = access.sees_national_id_of(membership)
    if show_id and person.national_id:
        log_personal_access(request.user, [membership.person_id], "view_id", request.path)
    covers = covers_person(request.user, person, held)
    is_self = person.user_id == request.user.pk
    # Her other groups only as far as the viewer may see them: joining a group shows nothing of the others.
    others = [m for m in visible_memberships(request.user, held) if m.pk != membership.pk]
    context = {
        "group": group,
        "membership": membership,
        "person": person,
        "show_id": show_id,
        "seats": membership.seats.order_by("-starts_on"),
        "other_groups": others,
        "duties": membership.duties.order_by("status", "due_on")[:20],  # type: ignore[attr-defined]
        "can_manage": access.allows(Can.MANAGE_MEMBERS),
        "can_edit_person": is_self or covers,
        "can_give_login": covers,
        "can_export": is_self or (covers and access.is_officer),
        "can_see_passbook": access.sees_passbook_of(membership),
        "can_erase": covers and access.is_officer,
        # staff of this group who do not cover all of hers: say why the buttons are not there
        "elsewhere_note": access.is_area_staff and not covers,
        "has_login": person.user_id is not None,
        "one_time": _pop_one_time_password(request, membership),
    }
    return render(request, "groups/member_detail.html", context)


def _pop_one_time_password(request: AuthedRequest, membership: Membership) -> dict | None:
    shown = request.session.get("one_time_password")
    if shown and shown.get("membership") == membership.pk:
        del request.session["one_time_password"]
        return shown
    return None


@require_POST
def member_login(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id)
    membership = _membership(group, membership_id)
    if not covers_person(request.user, membership.person):
        raise Http404
    try:
        user, password = services.grant_member_login(membership=membership, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        request.session["one_time_password"] = {
            "membership": membership.pk,
            "login": user.phone,
            "password": password,
        }
    return redirect("groups:member", group.pk, membership.pk)


@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    membership = _membership(group, membership_id)
    person = membership.person
    if not may_edit_person(request.user, person):
        raise Http404
    initial = {
        k: getattr(person, k)
        for k in [
            "title",
            "first_name",
            "last_name",
            "national_id",
            "phone",
            "address",
            "skills",
            "can_teach",
        ]
    }
    form = forms.PersonEditForm(request.POST or None, initial=initial)
    if not (access.sees_national_id_of(membership) and covers_person(request.user, person)):
        del form.fields["national_id"]  # who may not see the ID may not change it, nor she herself
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        if "national_id" in data:
            data["national_id"] = data["national_id"] or None
        try:
            services.update_person(person=person, data=data, by=request.user, group_id=group.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("groups:member", group.pk, membership.pk)
    return render(
        request, "groups/member_form.html", {"group": group, "form": form, "membership": membership}
    )


@require_http_methods(["GET", "POST"])
def member_leave(request: AuthedRequest, group_id: int, membership_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.MANAGE_MEMBERS)
    membership = _membership(group, membership_id)
    form = forms.LeaveForm(request.POST or None, membership=membership, initial={"left_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_membership(
                membership=membership,
                on=data["left_on"],
                reason=data["leave_reason"],
                note=data["leave_note"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has left the group. The record is kept.") % {"name": membership.person.full_name},
            )
            return redirect("groups:members", group.pk)
    title = _("%(name)s leaves the group") % {"name": membership.person.full_name}
    return render(request, "groups/simple_form.html", {"group": group, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def committee(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_manage = access.allows(Can.MANAGE_COMMITTEE)
    form = forms.AppointForm(request.POST or None, group=group, initial={"starts_on": today()})
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                seat = services.appoint_committee_member(
                    group=group,
                    membership=data["membership"],
                    role=data["role"],
                    starts_on=data["starts_on"],
                    term_ends_on=data["term_ends_on"],
                    replace=data["replace"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is now %(role)s.")
                    % {"name": seat.membership.person.full_name, "role": seat.get_role_display()},
                )
                return redirect("groups:committee", group.pk)
    seats = group.committee_seats.select_related("membership__person")
    current = sorted(seats.current(), key=lambda s: list(Role.values).index(s.role))
    filled = {s.role for s in current}
    context = {
        "group": group,
        "form": form,
        "current": current,
        "empty_roles": [r.label for r in SINGLE_ROLES if r.value not in filled],
        "history": seats.filter(ended_on__isnull=False).order_by("-ended_on")[:50],
        "can_manage": can_manage,
    }
    return render(request, "groups/committee.html", context)


@require_http_methods(["GET", "POST"])
def committee_end(request: AuthedRequest, group_id: int, seat_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.MANAGE_COMMITTEE)
    seat = group.committee_seats.current().select_related("membership__person").filter(pk=seat_id).first()
    if seat is None:
        raise Http404
    form = forms.EndSeatForm(request.POST or None, initial={"ended_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_committee_seat(seat=seat, on=form.cleaned_data["ended_on"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Seat ended."))
            return redirect("groups:committee", group.pk)
    title = _("End the seat: %(seat)s") % {"seat": seat}
    return render(request, "groups/simple_form.html", {"group": group, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def activities(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_manage = access.allows(Can.MANAGE_ACTIVITIES)
    form = forms.ActivityForm(request.POST or None, group=group, initial={"started_on": today()})
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.add_activity(group=group, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Activity added."))
                return redirect("groups:activities", group.pk)
    items = group.activities.select_related("proposed_by__person")
    return render(
        request,
        "groups/activities.html",
        {"group": group, "form": form, "items": items, "can_manage": can_manage},
    )


def charter(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    versions = list(group.charters.prefetch_related("rules", "funds").select_related("drafted_by"))
    current = next((c for c in versions if c.status == Charter.Status.ADOPTED), None)
    draft = next((c for c in versions if c.status == Charter.Status.DRAFT), None)
    context = {
        "group": group,
        "current": current,
        "draft": draft,
        "versions": versions,
        "can_edit": access.allows(Can.EDIT_CHARTER),
        "can_put_to_vote": access.allows(Can.RUN_MEETINGS),
    }
    return render(request, "groups/charter.html", context)


@require_http_methods(["GET", "POST"])
def charter_draft(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.EDIT_CHARTER)
    # Start from the draft if there is one, else from the version in force ("draft" sorts after "adopted").
    base = (
        group.charters.filter(status__in=[Charter.Status.DRAFT, Charter.Status.ADOPTED])
        .order_by("-status")
        .first()
    )
    initial: dict[str, object] = {k: getattr(base or Charter(), k) for k in services.CHARTER_SETTINGS}
    funds = [(f.name, f.percent) for f in base.funds.all()] if base is not None else services.DEFAULT_FUNDS
    initial["funds"] = "\n".join(f"{n} = {p.normalize()}" for n, p in funds)
    if base is not None:
        initial["own_rules"] = "\n".join(r.text for r in base.rules.all() if not r.standing_key)
    form = forms.CharterDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        settings_ = {k: data[k] for k in services.CHARTER_SETTINGS}
        try:
            services.draft_charter(
                group=group,
                own_rules=data["own_rules"].splitlines(),
                settings=settings_,
                funds=data["funds"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Adopt it when the members have agreed to it."))
            return redirect("groups:charter", group.pk)
    from .standing_rules import STANDING_RULES

    return render(
        request,
        "groups/charter_form.html",
        {"group": group, "form": form, "standing": STANDING_RULES},
        status=422 if form.errors else 200,
    )


def history(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id)
    events = AuditEvent.objects.for_group(group.pk).select_related("actor")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "groups/history.html", {"group": group, "page": page})
