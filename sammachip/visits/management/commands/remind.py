"""`sammachip remind`: for a daily timer. Lists each officer's overdue and due visits, agreed actions
due and late annual reports (and e-mails them with --email), and keeps today's health snapshot of every
group (the scorecard history and the province overview read them)."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import activate
from django.utils.translation import gettext as _

from sammachip.accounts.models import StaffPosting
from sammachip.core.thaidate import format_date
from sammachip.places.models import District
from sammachip.visits import agenda, health


class Command(BaseCommand):
    help = "List (and e-mail) due and overdue visits and late reports per officer; keep today's health snapshots."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--district", help="only this district (code, e.g. 9611)")
        parser.add_argument("--email", action="store_true", help="e-mail each officer who has an address")
        parser.add_argument(
            "--no-snapshots", action="store_true", help="do not store today's health snapshots"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        activate("th")
        today = timezone.localdate()
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
                if options["email"] and posting.user.email and lines:
                    send_mail(
                        subject=_("Sammachip: visits due %(day)s") % {"day": format_date(today)},
                        message="\n".join(lines),
                        from_email=None,
                        recipient_list=[posting.user.email],
                    )
                    sent += 1
        self.stdout.write(f"snapshots: {snapshots} · e-mails: {sent}")

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
