"""Human labels for audit verbs, so the history reads as sentences, not codes."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "groups.group.created": _("group created"),
    "groups.group.stage_changed": _("stage changed"),
    "groups.member.added": _("member added"),
    "groups.member.updated": _("member details changed"),
    "groups.member.left": _("member left"),
    "groups.committee.appointed": _("committee seat appointed"),
    "groups.committee.ended": _("committee seat ended"),
    "groups.activity.added": _("activity added"),
    "groups.charter.drafted": _("charter drafted"),
    "groups.charter.adopted": _("charter adopted"),
    "places.village.added": _("village added"),
    "places.village.imported": _("villages imported"),
    "places.partner.added": _("partner agency added"),
    "places.partner.updated": _("partner agency changed"),
    "accounts.member_login.granted": _("member given a login"),
    "accounts.member_login.reset": _("member's password reset"),
    "accounts.password.changed": _("password changed"),
    "accounts.staff.invited": _("officer invited"),
    "accounts.staff.ended": _("posting ended"),
    "accounts.token.created": _("API token created"),
    "accounts.token.revoked": _("API token revoked"),
}
