"""Community plans (แผนชุมชน), their projects, proposals to partner agencies and community forums."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammachip.core.money import MoneyField
from sammachip.households.models import Household, NeedsAnswer, OccupationType, Person, SpendingItem
from sammachip.places.models import PartnerAgency, Village


class CommunityPlan(models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year (C.E.)"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="plan_unique_year")]

    def __str__(self) -> str:
        return f"{self.village} {self.year + 543}"


class Project(models.Model):
    class Kind(models.TextChoices):
        OCCUPATION = "occupation", _("Occupation")
        OTHER = "other", _("Other")

    class Funding(models.TextChoices):
        VILLAGE = "village", _("The village itself")
        PARTNER = "partner", _("A partner agency")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PROPOSED = "proposed", _("Proposed to a partner")
        APPROVED = "approved", _("Approved")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(CommunityPlan, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("project"), max_length=200)
    objective = models.TextField(_("objective"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OCCUPATION)
    occupation = models.ForeignKey(
        OccupationType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("occupation"),
    )
    item = models.ForeignKey(
        SpendingItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("spending it answers"),
    )
    forum = models.ForeignKey(
        "households.ExpenditureForum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("expenditure forum it came from"),
    )
    target_households = models.PositiveIntegerField(_("target households"), default=0)
    budget = MoneyField(_("budget"), default=0)
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding.choices)
    partner = models.ForeignKey(
        PartnerAgency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("responsible agency"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    expectations = models.TextField(_("what the members want from the group"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="occupation") | Q(occupation__isnull=False),
                name="project_occupation_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProspectiveMember(models.Model):
    """A founding member of the group the project will become, written down before the proposal goes out."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="prospective_members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    need = models.ForeignKey(NeedsAnswer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wants = models.TextField(_("what they want from the group"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="prospective_member_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        FUNDED = "funded", _("Funded")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="proposals")
    partner = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("partner agency")
    )
    amount_requested = MoneyField(_("amount requested"))
    amount_approved = MoneyField(_("amount approved"), null=True, blank=True)
    amount_funded = MoneyField(_("amount funded"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_since = models.DateField(_("since"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-status_since", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="proposal_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_funded__isnull=True)
                | Q(amount_approved__isnull=False, amount_funded__lte=models.F("amount_approved")),
                name="proposal_funded_within_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.partner}"


class ProposalEvent(models.Model):
    """The status history of a proposal: every step with its date, amount and who recorded it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Proposal.Status.choices)
    on = models.DateField(_("date"))
    amount = MoneyField(_("amount"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal} {self.status} {self.on}"


class ProposalDocument(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="proposals/%Y/")
    name = models.CharField(_("document"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CoordinationNote(models.Model):
    """The coordination log with one partner agency."""

    partner = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="coordination_notes")
    on = models.DateField(_("date"))
    note = models.TextField(_("what was discussed"))
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordination_notes",
        verbose_name=_("proposal"),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} {self.on}"


class CommunityForum(models.Model):
    """เวทีประชาคม: villagers hear the projects of the community plan and decide on them."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="community_forums")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.village} {self.held_on}"


class ForumPresentation(models.Model):
    class Outcome(models.TextChoices):
        SUPPORTED = "supported", _("Supported by the forum")
        REVISE = "revise", _("To be revised")
        NOT_SUPPORTED = "not_supported", _("Not supported")

    forum = models.ForeignKey(CommunityForum, on_delete=models.CASCADE, related_name="presentations")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="presentations")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["forum", "project"], name="forum_presentation_unique")]

    def __str__(self) -> str:
        return f"{self.forum} {self.project}"
