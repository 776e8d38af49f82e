from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.access import can_manage_staff, can_see_province, visible_district_ids
from sammachip.accounts.models import StaffPosting
from sammachip.accounts.types import AuthedRequest
from sammachip.core import clock, thaidate
from sammachip.core.templatetags.share import line_share
from sammachip.core.templatetags.thai import baht
from sammachip.core.thaitext import thai_key
from sammachip.core.views_util import apply_errors, private_file, xlsx_response
from sammachip.groups.access import Can, access_group
from sammachip.places.access import access_district
from sammachip.places.models import Province

from . import agenda, health, reports, services
from . import calculations as calc
from .forms import ReportForm, SettingsForm, StageProposalForm, VisitEditForm, VisitForm
from .labels import AREAS, CADENCES, LEVELS, WARNINGS, indicators
from .models import AnnualReport, FollowUpSettings, Problem, StageProposal, Visit, VisitPhoto
from .templatetags import visitlog


@require_http_methods(["GET", "POST"])
def district_view(request: AuthedRequest, code: str) -> HttpResponse:
    """Every group of the district with its health level and warnings (today's kept scorecards; a button
    recomputes them now); a subdistrict filter to drill down; Excel and PDF of the same table."""
    district = access_district(request.user, code)
    today = timezone.localdate()
    if request.method == "POST":
        n = health.store_snapshots(agenda.groups_in_area(Q(village__subdistrict__district=district)), today)
        messages.success(request, _("Health of %(n)s groups recomputed from their data.") % {"n": n})
        return redirect(request.get_full_path())
    qs = reports.district_groups(district, today=today)
    subdistrict = district.subdistricts.filter(code=request.GET.get("subdistrict", "")).first()
    if subdistrict is not None:
        qs = qs.filter(village__subdistrict=subdistrict)
    # by subdistrict, then in Thai order of the name (the query's order by code alone)
    groups = sorted(qs, key=lambda g: (g.village.subdistrict.code, thai_key(g.name), g.pk))
    summary = reports.district_summary(groups, today)
    active = [g for g in groups if g.stage != "dissolved"]
    cards = health.todays_cards(active, today) if active else {}
    levels: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for g in active:
        card = cards[g.pk]
        g.card = card  # type: ignore[attr-defined]
        g.earning = card.earning  # type: ignore[attr-defined]
        levels[card.level] = levels.get(card.level, 0) + 1
        for w in card.warnings:
            warnings[w] = warnings.get(w, 0) + 1
    summary["earning"] = sum(c.earning for c in cards.values())
    summary["grants"] = sum((c.grants for c in cards.values()), start=Decimal("0.00"))
    summary["as_of"] = min((c.computed_at for c in cards.values()), default=None)
    largest = max(levels.values(), default=0)
    context = {
        "district": district, "groups": groups, "summary": summary, "subdistrict": subdistrict,
        "subdistricts": district.subdistricts.all(),
        "level_bars": [(k, LEVELS[k], levels.get(k, 0), round(levels.get(k, 0) * 100 / largest) if largest else 0) for k in LEVELS],
        "warnings": [(WARNINGS[k], n) for k, n in sorted(warnings.items(), key=lambda kv: -kv[1])],
        "level_labels": LEVELS, "warning_labels": WARNINGS,
        "compliance": agenda.district_compliance(district, today) if subdistrict is None else [],
        "can_head": can_manage_staff(request.user, district.pk),
        "pending": agenda.pending_proposals([district.pk], today),
        "can_see_province": can_see_province(request.user, district.province_id),
    }  # fmt: skip
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _district_xlsx(context)
    if fmt == "pdf":
        from sammachip.core.pdf import render_pdf

        return render_pdf(request, "visits/district_pdf.html", context, f"district-{district.code}.pdf")
    return render(request, "visits/district.html", context)


def _district_xlsx(context: dict) -> HttpResponse:

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "กลุ่ม"
    ws.append(["กลุ่ม", "ตำบล", "หมู่บ้าน", "ระยะ", "ระดับ", "คะแนน (%)", "สมาชิก", "สมาชิกที่มีงาน 12 เดือน",
               "ยอดขายของกลุ่ม 12 เดือน (บาท)", "ประชุมล่าสุด", "สัญญาณเตือน"])  # fmt: skip
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for g in context["groups"]:
        card = getattr(g, "card", None)
        ws.append([
            g.name, g.village.subdistrict.name_th, str(g.village), str(g.get_stage_display()),
            str(LEVELS[card.level]) if card else "", card.score if card else None, g.member_count,
            getattr(g, "earning", 0), g.sales, g.last_meeting,
            ", ".join(str(WARNINGS[w]) for w in card.warnings) if card else "",
        ])  # fmt: skip
        ws.cell(ws.max_row, 9).number_format = "#,##0.00"
    ws.column_dimensions["A"].width = 40
    return xlsx_response(wb, f"district-{context['district'].code}.xlsx")


def province_view(request: AuthedRequest, code: str) -> HttpResponse:
    province = Province.objects.filter(code=code).first()
    user = request.user
    if province is None or not can_see_province(user, province.pk):
        raise Http404
    rows = reports.province_rows(province)
    totals = {k: sum(r[k] for r in rows) for k in ("groups", "members", "sales", "overdue")}
    as_of = reports.province_levels(province, rows)
    level_totals = {k: sum(r["levels"].get(k, 0) for r in rows) for k in LEVELS}
    ids = visible_district_ids(user)
    if request.GET.get("format") == "xlsx":
        return _province_xlsx(province, rows)
    if request.GET.get("format") == "pdf":
        from sammachip.core.pdf import render_pdf

        return render_pdf(
            request, "visits/province_pdf.html",
            {"province": province, "rows": rows, "totals": totals, "as_of": as_of, "level_labels": LEVELS,
             "level_totals": level_totals},
            f"province-{province.code}.pdf",
        )  # fmt: skip
    return render(
        request,
        "visits/province.html",
        {"province": province, "rows": rows, "totals": totals, "all": ids is None, "as_of": as_of,
         "level_labels": LEVELS, "level_totals": level_totals},
    )  # fmt: skip


def _province_xlsx(province: Province, rows: list[dict]) -> HttpResponse:

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "อำเภอ"
    ws.append(["อำเภอ", "กลุ่ม", "สมาชิก", "ยอดขายของกลุ่ม 12 เดือน (บาท)", "ไม่มีการประชุมเดือนที่แล้ว",
               *[str(label) for label in LEVELS.values()]])  # fmt: skip
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r["district"].name_th, r["groups"], r["members"], r["sales"], r["overdue"],
                   *[r["levels"].get(k, 0) for k in LEVELS]])  # fmt: skip
        ws.cell(ws.max_row, 4).number_format = "#,##0.00"
    ws.column_dimensions["A"].width = 24
    return xlsx_response(wb, f"province-{province.code}.xlsx")


# --- follow-up: visits, agenda, reports, health ----------------------------------------------------


VISITS_PAGE = 10
_MARK = 987654321  # an id no row has, to find where a row's id goes in an address


@require_http_methods(["GET", "POST"])
def group_visits(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    can_follow = access.allows(Can.FOLLOW_UP)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        initial={"visited_on": clock.today(), "purpose": "follow_up"},
    )
    open_problems = list(group.problems.filter(status=Problem.Status.OPEN))
    if request.method == "POST":
        group, access = access_group(request.user, group_id, Can.FOLLOW_UP)
        if form.is_valid():
            data = form.cleaned_data
            solved = {
                p.pk: request.POST.get(f"solution_{p.pk}", "")
                for p in open_problems
                if request.POST.get(f"solved_{p.pk}")
            }
            actions = [
                services.ActionIn(data[f"action_{n}"], data[f"owner_{n}"], data[f"due_{n}"])
                for n in (1, 2)
                if data.get(f"action_{n}")
            ]
            try:
                services.record_visit(
                    group=group, by=request.user, visited_on=data["visited_on"], purpose=data["purpose"],
                    present=data["present"], people_present=data["people_present"], observed=data["observed"],
                    advice=data["advice"], new_problems=data["new_problems"].splitlines(), solved=solved,
                    actions=actions, photos=data["photos"],
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc, {"solved": "new_problems", "actions": "action_1"})
            else:
                messages.success(request, _("Visit recorded."))
                return redirect("visits:group_visits", group.pk)
    # The log a page at a time, newest first: a group visited every week for years has hundreds. Each visit is
    # read as the values its card shows; of its photos, only how many (a subquery the paginator's count leaves
    # out).
    photos = VisitPhoto.objects.filter(visit=OuterRef("pk")).order_by().values("visit").annotate(n=Count("*"))
    log = group.visits.annotate(photo_count=Subquery(photos.values("n"))).values(*visitlog.SHOWN)
    visits = Paginator(log, VISITS_PAGE).get_page(request.GET.get("page"))
    visits.object_list = shown = list(visits.object_list)
    # The newest visit heads the first page: the last visit the schedule counts from, without asking again.
    if visits.number == 1:
        last_visit = shown[0]["visited_on"] if shown else None
    else:
        last_visit = health.last_visits([group.pk]).get(group.pk)
    context = {
        "group": group,
        "access": access,
        "tab": "visits",
        "can_follow": can_follow,
        "form": form,
        "visits": visits,
        # Once for the log, not per visit: get_purpose_display rebuilds (and translates) every choice.
        "purpose_labels": dict(Visit.Purpose.choices),
        "list_url": reverse("visits:group_visits", args=[group.pk]),  # a visit's page is list_url + its id
        # Each agreed action's "done" address around its id, made once rather than by a {% url %} per action.
        "done_url": reverse("visits:action_done", args=[group.pk, _MARK]).rpartition(str(_MARK))[::2],
        "open_problems": open_problems,
        "solved_problems": group.problems.filter(status=Problem.Status.SOLVED).order_by("-solved_on")[:10],
        "open_actions": group.agreed_actions.filter(done_on__isnull=True),
        "today": clock.today(),
        "cadence_labels": CADENCES,
        "due": agenda.next_due(group, clock.today(), last_visit),
    }
    return render(request, "visits/group_visits.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def visit_detail(request: AuthedRequest, group_id: int, visit_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    visit = group.visits.select_related("officer").filter(pk=visit_id).first()
    if visit is None:
        raise Http404
    fields = ["present", "people_present", "observed", "advice"]
    form = VisitEditForm(
        request.POST or None, initial={"version": visit.version} | {f: getattr(visit, f) for f in fields}
    )
    if request.method == "POST":
        access_group(request.user, group_id, Can.FOLLOW_UP)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_visit(
                    visit=visit, version=data["version"], by=request.user, **{f: data[f] for f in fields}
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("visits:visit", group.pk, visit.pk)
    context = {
        "group": group, "access": access, "tab": "visits", "visit": visit, "form": form,
        "can_follow": access.allows(Can.FOLLOW_UP), "photos": visit.photos.all(), "actions": visit.actions.all(),
        "raised": visit.problems_raised.all(), "solved": visit.problems_solved.all(),
    }  # fmt: skip
    return render(request, "visits/visit.html", context, status=422 if form.errors else 200)


@require_POST
def action_done(request: AuthedRequest, group_id: int, action_id: int) -> HttpResponse:
    group, _access = access_group(request.user, group_id, Can.FOLLOW_UP)
    action = group.agreed_actions.select_related("visit").filter(pk=action_id).first()
    if action is None:
        raise Http404
    try:
        services.finish_action(action=action, on=clock.today(), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked done."))
    back = (
        "/agenda/"
        if request.POST.get("next") == "/agenda/"
        else reverse("visits:group_visits", args=[group.pk])
    )
    return redirect(back)


@login_not_required  # private_file answers 404, not the login page, to nobody logged in
def visit_photo(request: AuthedRequest, group_id: int, photo_id: int) -> FileResponse:
    if not request.user.is_authenticated:
        raise Http404
    group, _access = access_group(request.user, group_id)
    photo = VisitPhoto.objects.filter(pk=photo_id, visit__group=group).first()
    if photo is None:
        raise Http404
    return private_file(request, photo.image, content_type="image/jpeg")


def my_agenda(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.current_postings and not user.is_superuser:
        raise Http404
    target = user
    officer_id = request.GET.get("officer", "")
    if officer_id.isdigit() and int(officer_id) != user.pk:
        postings = list(
            StaffPosting.objects.current()  # type: ignore[attr-defined]
            .filter(user_id=int(officer_id), role=StaffPosting.Role.OFFICER)
            .select_related("user")
        )
        # The agenda spans all of the officer's postings: the head sees it only if they head every one.
        if not postings or any(
            not p.district_id or not can_manage_staff(user, p.district_id) for p in postings
        ):
            raise Http404
        target = postings[0].user
    result = agenda.for_user(target, clock.today())
    return render(request, "visits/agenda.html", {"agenda": result, "who": target, "today": clock.today()})


def district_agenda(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    if not can_manage_staff(request.user, district.pk) and not request.user.is_superuser:
        raise Http404
    rows = agenda.district_compliance(district, clock.today())
    pending = agenda.pending_proposals([district.pk], clock.today())
    return render(
        request, "visits/district_agenda.html", {"district": district, "rows": rows, "pending": pending}
    )


@require_http_methods(["GET", "POST"])
def group_reports(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    reports = list(group.annual_reports.select_related("submitted_by"))
    done = {r.fiscal_year_start for r in reports}
    start_month = getattr(getattr(group, "book_settings", None), "fiscal_start_month", 1)
    today = clock.today()
    years: list[tuple[str, str]] = []
    start, end = health.last_ended_fiscal_year(start_month, today)
    while end >= group.founded_on and len(years) < 10:
        if start not in done:
            years.append((start.isoformat(), f"{thaidate.format_date(start)} – {thaidate.format_date(end)}"))
        start, end = start.replace(year=start.year - 1), start - dt.timedelta(days=1)
    form = ReportForm(request.POST or None, years=years)
    if request.method == "POST":
        group, access = access_group(request.user, group_id, Can.SUBMIT_REPORT)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_annual_report(
                    group=group,
                    by=request.user,
                    fiscal_year_start=dt.date.fromisoformat(data.pop("fiscal_year_start")),
                    **data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Annual report submitted to the officer."))
                return redirect("visits:group_reports", group.pk)
    page_url = request.build_absolute_uri(reverse("visits:group_reports", args=[group.pk]))
    title, year_from = _("Annual profit report"), _("Fiscal year from")
    income, expense, net = _("Income"), _("Expense"), _("Net profit")
    for r in reports:  # each year's summary, to send to the group's LINE chat
        r.line_share = line_share(  # type: ignore[attr-defined]
            f"{title} · {group.name}",
            f"{year_from} {thaidate.format_date(r.fiscal_year_start)}",
            f"{income} ฿{baht(r.income)} · {expense} ฿{baht(r.expense)} · {net} ฿{baht(r.net_profit)}",
            page_url,
        )
    context = {
        "group": group, "access": access, "tab": "reports", "reports": reports, "form": form,
        "can_submit": access.allows(Can.SUBMIT_REPORT) and bool(years),
    }  # fmt: skip
    return render(request, "visits/group_reports.html", context, status=422 if form.errors else 200)


def district_reports(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    today = clock.today()
    groups = agenda.groups_in_area(Q(village__subdistrict__district=district))
    facts = health.facts_for(groups, today) if groups else {}
    latest = dict(
        AnnualReport.objects.filter(group__in=groups).values("group_id").annotate(d=Max("fiscal_year_start")).values_list("group_id", "d").order_by()
    )  # fmt: skip
    rows = [{"group": g, "late": facts[g.pk].report_late, "latest": latest.get(g.pk)} for g in groups]
    rows.sort(key=lambda r: (not r["late"], str(r["group"])))
    return render(
        request, "visits/district_reports.html",
        {"district": district, "rows": rows, "late": sum(1 for r in rows if r["late"])},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def group_health(request: AuthedRequest, group_id: int) -> HttpResponse:
    group, access = access_group(request.user, group_id)
    today = clock.today()
    if request.method == "POST" and "recompute" in request.POST:
        # Keep today's snapshot from the data now, so the district view shows what the officer sees here.
        group, access = access_group(request.user, group_id, Can.FOLLOW_UP)
        health.refresh(group, today)
        messages.success(
            request, _("Health recomputed from the group's data and kept for the district view.")
        )
        return redirect("visits:group_health", group.pk)
    # Computed from the data on every visit to this page; reading it keeps nothing.
    card, facts = health.compute(group, today)
    form = StageProposalForm(request.POST or None)
    if request.method == "POST":
        group, access = access_group(request.user, group_id, Can.FOLLOW_UP)
        if form.is_valid():
            try:
                services.propose_stage(group=group, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Proposal sent to the district head."))
                return redirect("visits:group_health", group.pk)
    # The level over time reads the day, the level and the score: not each day's indicators and figures.
    history = list(
        group.health_snapshots.order_by("-computed_on").only("group", "computed_on", "level", "score")[:24]
    )
    context = {
        "group": group, "access": access, "tab": "health", "card": card, "history": history,
        "definitions": indicators(), "warning_labels": WARNINGS, "level_labels": LEVELS,
        "areas": AREAS, "form": form, "can_propose": access.allows(Can.FOLLOW_UP) and group.stage in services.NEXT_STAGE,
        "can_recompute": access.allows(Can.FOLLOW_UP),
        "proposals": group.stage_proposals.select_related("proposed_by")[:5],  # who decided is not shown
        "lacks": agenda.lacks_of(facts.five_k, facts.members) if facts.five_k else [],
        "can_decide": can_manage_staff(request.user, group.village.subdistrict.district_id),
        "warnings_from": calc.warnings_start(group.founded_on),
        "today": today,
    }  # fmt: skip
    return render(request, "visits/health.html", context, status=422 if form.errors else 200)


@require_POST
def decide_stage(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = (
        StageProposal.objects.select_related("group__village__subdistrict").filter(pk=proposal_id).first()
    )
    if proposal is None or not can_manage_staff(request.user, proposal.group.village.subdistrict.district_id):
        raise Http404
    try:
        services.decide_stage(
            proposal=proposal,
            approve=request.POST.get("approve") == "1",
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("visits:group_health", proposal.group_id)


@require_http_methods(["GET", "POST"])
def follow_up_settings(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code)
    if not can_manage_staff(request.user, district.pk):
        raise Http404
    current = FollowUpSettings.objects.filter(district=district).first()
    initial = {
        "weekly_weeks": current.weekly_weeks if current else health.DEFAULT_WEEKLY_WEEKS,
        "report_due_days": current.report_due_days if current else health.DEFAULT_REPORT_DAYS,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_settings(district=district, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("visits:district_agenda", district.code)
    return render(
        request,
        "visits/settings.html",
        {"district": district, "form": form},
        status=422 if form.errors else 200,
    )
