"""Community plan pages, projects, proposals and their history, coordination logs, community forums."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sammachip.accounts.access import can_manage_district
from sammachip.accounts.types import AuthedRequest
from sammachip.core.pdf import render_pdf
from sammachip.core.views_util import apply_errors, private_file
from sammachip.households.access import access_village
from sammachip.households.models import ExpenditureForum, OccupationType
from sammachip.places.access import access_district, access_partner

from . import services
from .access import access_community_forum, access_plan, access_project, access_proposal, area_proposals
from .forms import (
    CommunityForumForm,
    CoordinationForm,
    DocumentForm,
    GroupFromProjectForm,
    PresentationForm,
    ProjectForm,
    ProjectStatusForm,
    ProposalForm,
    ProposalStatusForm,
    ProspectiveMemberForm,
)
from .models import CommunityPlan, Project, Proposal, ProposalDocument

ZERO = Decimal("0.00")


@require_http_methods(["GET", "POST"])
def plan_open(request: AuthedRequest, village_id: int) -> HttpResponse:
    village = access_village(request.user, village_id, manage=True)
    this_year = services.today().year + 543
    if request.method == "POST":
        raw = (request.POST.get("year") or "").strip()
        try:
            plan = services.open_plan(village=village, year=int(raw), by=request.user)
        except (ValueError, ValidationError):
            messages.error(request, _("Enter a year such as %(year)s.") % {"year": this_year})
            return redirect("households:village", village.pk)
        query = {k: request.POST[k] for k in ("occupation", "forum") if request.POST.get(k, "").isdigit()}
        target = f"/plans/{plan.pk}/"
        if query:
            target += "?" + "&".join(f"{k}={v}" for k, v in query.items()) + "#new-project"
        return redirect(target)
    return render(
        request,
        "plans/plan_open.html",
        {
            "village": village,
            "year": this_year,
            "occupation": request.GET.get("occupation", ""),
            "forum": request.GET.get("forum", ""),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    village = plan.village
    district = village.subdistrict.district
    can_manage = can_manage_district(request.user, district.pk)
    initial: dict[str, Any] = {"funding": Project.Funding.PARTNER}
    occupation_id = request.GET.get("occupation", "")
    if occupation_id.isdigit():
        occupation = OccupationType.objects.filter(pk=occupation_id).first()
        if occupation:
            item = occupation.items.filter(can_make_locally=True).first()
            initial |= {"occupation": occupation, "title": occupation.name, "item": item}
    form = ProjectForm(request.POST or None, district=district, initial=initial)
    if request.method == "POST":
        plan = access_plan(request.user, plan_id, manage=True)
        if form.is_valid():
            forum_id = request.POST.get("forum", "")
            forum = (
                ExpenditureForum.objects.filter(pk=forum_id, village=village).first()
                if forum_id.isdigit()
                else None
            )
            try:
                project = services.add_project(plan=plan, by=request.user, forum=forum, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Project added to the plan."))
                return redirect("plans:project", project.pk)
    projects = plan.projects.select_related("occupation", "partner").annotate(
        proposal_count=Count("proposals")
    )
    context = {
        "plan": plan,
        "village": village,
        "projects": projects,
        "form": form,
        "can_manage": can_manage,
        "forum_id": request.GET.get("forum", ""),
    }
    return render(request, "plans/plan.html", context, status=422 if form.errors else 200)


def _public_plan(plan_id: int) -> CommunityPlan:
    plan = (
        CommunityPlan.objects.select_related("village__subdistrict__district__province")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@login_not_required
def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The community plan as the seed asks: viewable at any time, by anyone, read-only."""
    plan = _public_plan(plan_id)
    projects = plan.projects.select_related("occupation", "partner")
    context = {"plan": plan, "village": plan.village, "projects": projects, "public": True}
    if request.GET.get("format") == "pdf":
        return render_pdf(request, "plans/plan_pdf.html", context, f"community-plan-{plan.pk}.pdf")
    return render(request, "plans/public_plan.html", context)


@require_http_methods(["GET", "POST"])
def project_detail(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id)
    village = project.plan.village
    district = village.subdistrict.district
    can_manage = can_manage_district(request.user, district.pk)
    member_form = ProspectiveMemberForm(None, village=village, prefix="member")
    proposal_form = ProposalForm(
        None,
        district=district,
        prefix="proposal",
        initial={
            "partner": project.partner,
            "amount_requested": project.budget or None,
            "on": services.today(),
        },
    )
    group_form = GroupFromProjectForm(
        None, prefix="group", initial={"name": f"กลุ่ม{project.title}", "founded_on": services.today()}
    )
    status_form = ProjectStatusForm(None, prefix="status", initial={"status": project.status})
    if request.method == "POST":
        project = access_project(request.user, project_id, manage=True)
        action = request.POST.get("action")
        try:
            if action == "member":
                member_form = ProspectiveMemberForm(request.POST, village=village, prefix="member")
                if member_form.is_valid():
                    services.add_prospective_member(
                        project=project, by=request.user, **member_form.cleaned_data
                    )
                    messages.success(request, _("Added to the founding members."))
                    return redirect("plans:project", project.pk)
            elif action == "remove_member":
                member = project.prospective_members.filter(pk=request.POST.get("member", "0") or 0).first()
                if member is None:
                    raise Http404
                services.remove_prospective_member(member=member, by=request.user)
                messages.success(request, _("Removed."))
                return redirect("plans:project", project.pk)
            elif action == "proposal":
                proposal_form = ProposalForm(request.POST, district=district, prefix="proposal")
                if proposal_form.is_valid():
                    proposal = services.create_proposal(
                        project=project, by=request.user, **proposal_form.cleaned_data
                    )
                    messages.success(request, _("Proposal drafted. Attach its documents and send it."))
                    return redirect("plans:proposal", proposal.pk)
            elif action == "group":
                group_form = GroupFromProjectForm(request.POST, prefix="group")
                if group_form.is_valid():
                    group = services.create_group_from_project(
                        project=project, by=request.user, **group_form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("The group is set up with its founding members. Next: its committee and charter."),
                    )
                    return redirect("groups:detail", group.pk)
            elif action == "status":
                status_form = ProjectStatusForm(request.POST, prefix="status")
                if status_form.is_valid():
                    services.set_project_status(project=project, by=request.user, **status_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("plans:project", project.pk)
            else:
                raise Http404
        except ValidationError as exc:
            target = {
                "member": member_form,
                "proposal": proposal_form,
                "group": group_form,
                "status": status_form,
            }[action]  # type: ignore[index]
            apply_errors(target, exc)
    members = project.prospective_members.select_related("person", "household")
    asked = []
    if project.occupation_id:
        asked = list(
            project.occupation.needs.filter(household__village=village)  # type: ignore[union-attr]
            .select_related("household")
            .exclude(household__in=[m.household_id for m in members if m.household_id])
        )
    proposals = list(project.proposals.select_related("partner"))
    for p in proposals:
        p.waiting = services.waiting_on(p)  # type: ignore[attr-defined]
    context = {
        "project": project,
        "plan": project.plan,
        "village": village,
        "can_manage": can_manage,
        "members": members,
        "asked": asked,
        "member_form": member_form,
        "proposal_form": proposal_form,
        "group_form": group_form,
        "status_form": status_form,
        "proposals": proposals,
        "presentations": project.presentations.select_related("forum"),
        "group": getattr(project, "group", None),
        "can_become_group": project.kind == Project.Kind.OCCUPATION
        and project.status in (Project.Status.APPROVED, Project.Status.UNDER_WAY)
        and not hasattr(project, "group"),
    }
    bad = any(f.errors for f in (member_form, proposal_form, group_form, status_form))
    return render(request, "plans/project.html", context, status=422 if bad else 200)


@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, manage=True)
    district = project.plan.village.subdistrict.district
    fields = list(ProjectForm.base_fields)
    form = ProjectForm(
        request.POST or None, district=district, initial={f: getattr(project, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:project", project.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": project.title, "back": f"/projects/{project.pk}/"},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def proposal_detail(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    district = proposal.project.plan.village.subdistrict.district
    can_manage = can_manage_district(request.user, district.pk)
    allowed = services.NEXT.get(proposal.status, ())
    status_form = ProposalStatusForm(None, allowed=allowed, prefix="status", initial={"on": services.today()})
    document_form = DocumentForm(None, prefix="doc")
    if request.method == "POST":
        proposal = access_proposal(request.user, proposal_id, manage=True)
        action = request.POST.get("action")
        try:
            if action == "status":
                status_form = ProposalStatusForm(request.POST, allowed=allowed, prefix="status")
                if status_form.is_valid():
                    services.change_proposal_status(
                        proposal=proposal, by=request.user, **status_form.cleaned_data
                    )
                    messages.success(request, _("Status recorded."))
                    return redirect("plans:proposal", proposal.pk)
            elif action == "document":
                document_form = DocumentForm(request.POST, request.FILES, prefix="doc")
                if document_form.is_valid():
                    services.attach_document(
                        proposal=proposal, upload=document_form.cleaned_data["file"], by=request.user
                    )
                    messages.success(request, _("Document attached."))
                    return redirect("plans:proposal", proposal.pk)
            else:
                raise Http404
        except ValidationError as exc:
            apply_errors(
                status_form if action == "status" else document_form, exc, {"on": "on", "file": "file"}
            )
    context = {
        "proposal": proposal,
        "project": proposal.project,
        "events": proposal.events.select_related("by"),
        "documents": proposal.documents.all(),
        "notes": proposal.coordination_notes.all(),
        "status_form": status_form,
        "document_form": document_form,
        "can_manage": can_manage,
        "allowed": allowed,
        "waiting": services.waiting_on(proposal),
    }
    bad = status_form.errors or document_form.errors
    return render(request, "plans/proposal.html", context, status=422 if bad else 200)


@login_not_required  # private_file answers 404, not the login page, to nobody logged in
def document_download(request: AuthedRequest, document_id: int) -> FileResponse:
    document = ProposalDocument.objects.filter(pk=document_id).first()
    if document is None or not request.user.is_authenticated:
        raise Http404
    access_proposal(request.user, document.proposal_id)
    return private_file(request, document.file, download_name=document.name)


def district_proposals(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    proposals = list(area_proposals(request.user, district).order_by("status_since", "pk"))
    today = services.today()
    open_rows: list[Proposal] = []
    done_rows: list[Proposal] = []
    for p in proposals:
        p.waiting = services.waiting_on(p)  # type: ignore[attr-defined]
        p.days = (today - p.status_since).days  # type: ignore[attr-defined]
        (open_rows if p.waiting else done_rows).append(p)  # type: ignore[attr-defined]
    totals = {
        "requested": sum((p.amount_requested for p in proposals), start=ZERO),
        "approved": sum((p.amount_approved or ZERO for p in proposals), start=ZERO),
        "funded": sum((p.amount_funded or ZERO for p in proposals), start=ZERO),
    }
    return render(
        request,
        "plans/district_proposals.html",
        {"district": district, "open_rows": open_rows, "done_rows": done_rows[::-1], "totals": totals},
    )


@require_http_methods(["GET", "POST"])
def partner_log(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = access_partner(request.user, partner_id)
    can_manage = can_manage_district(request.user, partner.district_id)
    # The agency serves the whole district; its proposals and notes about them are shown, and offered, only
    # as far as the reader's posting reaches (an officer of some subdistricts sees theirs).
    visible = area_proposals(request.user, partner.district).filter(partner=partner)
    form = CoordinationForm(request.POST or None, proposals=visible, initial={"on": services.today()})
    if request.method == "POST":
        partner = access_partner(request.user, partner_id, manage=True)
        if form.is_valid():
            try:
                services.add_coordination_note(partner=partner, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:partner_log", partner.pk)
    proposals = list(visible)
    for p in proposals:
        p.waiting = services.waiting_on(p)  # type: ignore[attr-defined]
    return render(
        request,
        "plans/partner_log.html",
        {
            "partner": partner,
            "notes": partner.coordination_notes.filter(
                Q(proposal__isnull=True) | Q(proposal__in=visible.values("pk"))
            ).select_related("proposal__project", "by"),
            "proposals": proposals,
            "form": form,
            "can_manage": can_manage,
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def community_forum_new(request: AuthedRequest, village_id: int) -> HttpResponse:
    village = access_village(request.user, village_id, manage=True)
    form = CommunityForumForm(
        request.POST or None, initial={"held_on": services.today(), "place": f"ศาลาประชาคม{village.name}"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.hold_community_forum(village=village, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Community forum recorded. Add the projects presented."))
            return redirect("plans:community_forum", forum.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("Record a community forum"), "back": f"/villages/{village.pk}/"},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def community_forum(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum = access_community_forum(request.user, forum_id)
    can_manage = can_manage_district(request.user, forum.village.subdistrict.district_id)
    form = PresentationForm(request.POST or None, subdistrict=forum.village.subdistrict)
    if request.method == "POST":
        forum = access_community_forum(request.user, forum_id, manage=True)
        if form.is_valid():
            try:
                services.present_project(forum=forum, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:community_forum", forum.pk)
    return render(
        request,
        "plans/community_forum.html",
        {
            "forum": forum,
            "presentations": forum.presentations.select_related("project__plan__village"),
            "form": form,
            "can_manage": can_manage,
        },
        status=422 if form.errors else 200,
    )
