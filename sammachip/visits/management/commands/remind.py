"""`sammachip remind`: for a daily (or more frequent) timer. Lists each officer's overdue and due visits,
agreed actions due and late annual reports (and e-mails them with --email), keeps today's health snapshot of
every group (the scorecard history and the province overview read them), and counts every online vote whose
closing time has passed. With --line (a LINE Official Account set up), each officer's agenda and each group's
meeting reminders (meetings today and tomorrow, to every current member) go to the people who linked LINE;
when LINE refuses (429: the month's quota spent) the officer's agenda goes by e-mail instead and the refusal
is logged."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import activate
from django.utils.translation import gettext as _

from sammachip.accounts.models import StaffPosting
from sammachip.core import submissions
from sammachip.core.thaidate import format_date
from sammachip.line import client as line
from sammachip.line.models import LineLink
from sammachip.meetings.models import Meeting
from sammachip.meetings.services import close_due_online_votes
from sammachip.places.models import District
from sammachip.visits import agenda, health

log = logging.getLogger("sammachip.line")


class Command(BaseCommand):
    help = "List (and e-mail) due and overdue visits and late reports per officer; keep today's health snapshots."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--district", help="only this district (code, e.g. 9611)")
        parser.add_argument("--email", action="store_true", help="e-mail each officer who has an address")
        parser.add_argument(
            "--line",
            action="store_true",
            help="send agendas and meeting reminders on LINE to those who linked it (needs the LINE settings)",
        )
        parser.add_argument(
            "--no-snapshots", action="store_true", help="do not store today's health snapshots"
        )
        parser.add_argument(
            "--votes-only",
            action="store_true",
            help="only count the online votes past their closing time (for a timer every few minutes)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        activate("th")
        if options["votes_only"]:
            self.stdout.write(f"votes counted: {close_due_online_votes()}")
            return
        today = timezone.localdate()
        if options["line"] and not line.configured():
            raise CommandError(
                "--line needs SAMMACHIP_LINE_CHANNEL_SECRET and SAMMACHIP_LINE_CHANNEL_TOKEN (a LINE Official Account)"
            )
        self.line_links = (
            dict(LineLink.objects.values_list("user_id", "line_user_id")) if options["line"] else {}
        )
        self.pushed = self.refused = 0
        districts = District.objects.filter(
            pk__in=StaffPosting.objects.current().filter(role=StaffPosting.Role.OFFICER).values("district_id")  # type: ignore[attr-defined]
        )
        if options["district"]:
            districts = District.objects.filter(code=options["district"])
            if not districts.exists():
                raise CommandError(f"No district with code {options['district']}")
        sent = snapshots = 0
        for district in districts.order_by("code"):
            groups = agenda.groups_in_area(Q(village__subdistrict__district=district))
            late = (
                {
                    g.pk
                    for g, f in zip(groups, health.facts_for(groups, today).values(), strict=True)
                    if f.report_late
                }
                if groups
                else set()
            )
            if not options["no_snapshots"] and groups:
                snapshots += health.store_snapshots(groups, today)
            postings = (
                StaffPosting.objects.current()  # type: ignore[attr-defined]
                .filter(district=district, role=StaffPosting.Role.OFFICER)
                .select_related("user")
                .prefetch_related("subdistricts")
            )
            for posting in postings:
                mine = [g for g in groups if _in_posting(posting, g)]
                result = agenda.build(mine, today)
                lines = self.lines(result, [g for g in mine if g.pk in late])
                name = posting.user.get_full_name() or posting.user.username
                self.stdout.write(f"== {name} · {_('District')} {district.name_th} ==")
                self.stdout.write("\n".join(lines) if lines else _("Nothing due."))
                subject = _("Sammachip: visits due %(day)s") % {"day": format_date(today)}
                on_line = bool(lines) and self.push(posting.user_id, [subject, "\n".join(lines)])
                # By e-mail when asked, and whenever LINE was to carry it and refused (its quota spent).
                refused_on_line = bool(lines) and posting.user_id in self.line_links and not on_line
                if (options["email"] or refused_on_line) and posting.user.email and lines:
                    send_mail(
                        subject=subject,
                        message="\n".join(lines),
                        from_email=None,
                        recipient_list=[posting.user.email],
                    )
                    sent += 1
            if options["line"]:
                self.meeting_reminders(district, today)
        # Online votes close on time whatever pages are opened: the daily run counts every one that is due.
        counted = close_due_online_votes()
        self.stdout.write(f"snapshots: {snapshots} · e-mails: {sent} · votes counted: {counted}")
        if options["line"]:
            self.stdout.write(f"LINE messages: {self.pushed} · refused by LINE: {self.refused}")
        if not options["district"]:
            self.stdout.write(f"submission keys forgotten: {submissions.forget_old()}")

    def push(self, user_id: int, texts: list[str]) -> bool:
        """Send to the user's linked LINE account; False when they have none or LINE refused (logged)."""
        to = self.line_links.get(user_id)
        if not to:
            return False
        try:
            line.push(to, texts)
        except line.QuotaSpent as exc:
            self.refused += 1
            log.warning("LINE refused a push (quota spent, 429): %s", exc.body[:200])
            self.stderr.write(f"LINE: quota spent (429) — user {user_id} gets e-mail instead")
            return False
        except (line.LineRefused, OSError) as exc:
            self.refused += 1
            log.warning("LINE refused a push: %s", exc)
            self.stderr.write(f"LINE: refused for user {user_id}: {exc}")
            return False
        self.pushed += 1
        return True

    def meeting_reminders(self, district: District, today: dt.date) -> None:
        """Each group's meetings today and tomorrow, to every current member who linked LINE."""
        meetings = (
            Meeting.objects.filter(
                group__village__subdistrict__district=district,
                status=Meeting.Status.PLANNED,
                date__range=(today, today + dt.timedelta(days=1)),
            )
            .select_related("group")
            .prefetch_related("items")
            .order_by("date", "pk")
        )
        for meeting in meetings:
            text = meeting_text(meeting, today)
            users = meeting.group.memberships.filter(
                left_on__isnull=True, person__user__isnull=False
            ).values_list("person__user_id", flat=True)
            for user_id in users:
                self.push(user_id, [text])

    def lines(self, result: agenda.Agenda, late_groups: list) -> list[str]:
        out = []
        for label, rows in (
            (_("Overdue"), result.overdue),
            (_("Due today"), result.today),
            (_("This week"), result.week),
        ):
            for r in rows:
                extra = f" ({r.overdue_days} {_('days overdue')})" if r.overdue_days else ""
                out.append(
                    f"{label}: {r.group.name} · {r.group.village} · {format_date(r.due.next_due)}{extra}"
                )
        for a in result.actions:
            out.append(
                f"{_('Agreed action')}: {a.group.name} · {a.description} · {a.owner} · {format_date(a.due_on)}"
            )
        for g in late_groups:
            out.append(f"{_('Annual report late')}: {g.name}")
        return out


def _in_posting(posting: StaffPosting, group: Any) -> bool:
    subs = {s.pk for s in posting.subdistricts.all()}
    return not subs or group.village.subdistrict_id in subs


def meeting_text(meeting: Meeting, today: dt.date) -> str:
    when = _("Today") if meeting.date == today else _("Tomorrow")
    head = _("%(when)s: %(kind)s of %(group)s, %(day)s at %(place)s") % {
        "when": when,
        "kind": meeting.get_kind_display(),
        "group": meeting.group.name,
        "day": format_date(meeting.date),
        "place": meeting.place,
    }
    items = [f"{i.position}. {i.title}" for i in meeting.items.all()]
    return "\n".join([head, *([_("Agenda:"), *items] if items else [])])
