"""Words for the scorecard: each indicator's name and definition, shown next to its value."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def indicators() -> dict[str, tuple[str, str]]:
    return {
        "members": (
            _("Enough members"),
            _("At least %(n)s current members.") % {"n": settings.SAMMACHIP_MIN_MEMBERS},
        ),
        "activities": (
            _("Activities from members"),
            _("At least one running activity proposed by a member."),
        ),
        "committee": (
            _("Committee complete"),
            _("Every committee seat but advisor is held by a current member."),
        ),
        "charter": (_("Charter in force"), _("A charter with the standing rules, adopted by the members.")),
        "meetings": (
            _("Monthly meetings"),
            _(
                "A members' meeting (a committee meeting does not count) held in each of the last three "
                "months, or each month since the group was founded if it is younger (months with a meeting "
                "of the months asked)."
            ),
        ),
        "attendance": (
            _("Attendance"),
            _("Members present at meetings in the last 12 months: at least 60%."),
        ),
        "votes": (
            _("Deciding together"),
            _("Members voted on at least one resolution in the last 12 months."),
        ),
        "ideas": (
            _("Thinking together"),
            _("At least one idea or problem raised by a member in the last 12 months."),
        ),
        "duties": (_("Doing together"), _("At least one duty given to a member in the last 12 months.")),
        "work": (
            _("Work recorded"),
            _("Current members with confirmed work in the last 12 months: at least 70%."),
        ),
        "dividends": (
            _("Dividends paid"),
            _(
                "The last closed year's dividends were paid to members (a year without profit has none "
                "to pay)."
            ),
        ),
        "profit_trend": (_("Profit trend"), _("The last closed year's profit is not below the year before.")),
        "own_sales": (
            _("Own sales"),
            _("Own sales are at least half of sales and grants in the last 12 months."),
        ),
        "recent_sale": (
            _("Selling lately"),
            _("A sale recorded in the last three months (months since the last sale)."),
        ),
        "visits": (_("Visits on schedule"), _("No visit overdue (days overdue).")),
        "report": (
            _("Annual report"),
            _("The last fiscal year's profit report reached the officer on time."),
        ),
        "problems": (
            _("Problems solved"),
            _("No problem found on a visit left open for more than 60 days (open problems)."),
        ),
    }


CADENCES = {
    "weekly": gettext_lazy("every week (the group's first year)"),
    "monthly": gettext_lazy("every month"),
    "quarterly": gettext_lazy("every three months (self-reliant)"),
}
AREAS = {
    "five_k": gettext_lazy("The 5 ก"),
    "five_ruam": gettext_lazy("The 5 ร่วม"),
    "money": gettext_lazy("Money"),
    "follow_up": gettext_lazy("Follow-up"),
}
LEVELS = {
    "needs_support": gettext_lazy("Needs close support"),
    "developing": gettext_lazy("Developing"),
    "self_reliant": gettext_lazy("Self-reliant"),
}
WARNINGS = {
    "no_meeting": gettext_lazy("No meeting in two months"),
    "no_sales": gettext_lazy("No sales in three months"),
    "living_on_grants": gettext_lazy("Living on grants"),
    "committee_empty": gettext_lazy("Committee seats empty"),
    "report_late": gettext_lazy("Annual report late"),
    "problems_old": gettext_lazy("Problems open too long"),
}
