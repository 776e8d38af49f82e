"""Plans, projects, proposals and community forums belong to a village: its area's staff see them,
its district's officers and head change them. Missing and forbidden both give 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sammachip.accounts.access import area_q
from sammachip.accounts.models import User
from sammachip.households.access import check_village
from sammachip.places.models import District

from .models import CommunityForum, CommunityPlan, Project, Proposal

VILLAGE = "village__subdistrict__district__province"


def access_plan(user: User, plan_id: int, *, manage: bool = False) -> CommunityPlan:
    plan = CommunityPlan.objects.select_related(VILLAGE).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    check_village(user, plan.village, manage)
    return plan


def access_project(user: User, project_id: int, *, manage: bool = False) -> Project:
    project = (
        Project.objects.select_related(f"plan__{VILLAGE}", "occupation", "partner", "item")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404
    check_village(user, project.plan.village, manage)
    return project


def access_proposal(user: User, proposal_id: int, *, manage: bool = False) -> Proposal:
    proposal = (
        Proposal.objects.select_related(f"project__plan__{VILLAGE}", "partner").filter(pk=proposal_id).first()
    )
    if proposal is None:
        raise Http404
    check_village(user, proposal.project.plan.village, manage)
    return proposal


def access_community_forum(user: User, forum_id: int, *, manage: bool = False) -> CommunityForum:
    forum = CommunityForum.objects.select_related(VILLAGE).filter(pk=forum_id).first()
    if forum is None:
        raise Http404
    check_village(user, forum.village, manage)
    return forum


def area_proposals(user: User, district: District) -> QuerySet[Proposal]:
    """The district's proposals in the user's area (an officer posted to some subdistricts sees theirs)."""
    q = area_q(user, "project__plan__village__subdistrict__")
    return (
        Proposal.objects.filter(project__plan__village__subdistrict__district=district)
        .filter(q if q is not None else Q(pk__in=[]))
        .select_related("project__plan__village", "partner")
    )
