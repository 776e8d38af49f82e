"""Village pages: households, expenditure forums, the needs survey, and the analysis for any area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sammachip.accounts.access import can_manage_district
from sammachip.accounts.types import AuthedRequest
from sammachip.core import thaidate
from sammachip.core.money import AmountError, parse_amount
from sammachip.core.pdf import render_pdf
from sammachip.core.qr import page_qr
from sammachip.core.tabular import ImportResult, template_csv
from sammachip.core.views_util import apply_errors, xlsx_response
from sammachip.places.access import access_district
from sammachip.places.models import District, Province, Subdistrict, Village

from . import analysis, imports, services
from .access import access_area, access_forum, access_village
from .calculations import bar_width, house_key
from .forms import (
    ForumForm,
    HouseholdForm,
    HouseholdImportForm,
    ImportFileForm,
    ItemForm,
    NeedForm,
    SpendingHeaderForm,
)
from .models import ExpenditureForum, NeedsAnswer, SpendingCategory, SpendingItem, SpendingLine


def _items_by_category() -> list[tuple[Any, list[SpendingItem]]]:
    items = list(SpendingItem.objects.filter(is_active=True))
    return [
        (label, [i for i in items if i.category == value])
        for value, label in SpendingCategory.choices
        if any(i.category == value for i in items)
    ]


@require_http_methods(["GET", "POST"])
def village_detail(request: AuthedRequest, village_id: int) -> HttpResponse:
    village = access_village(request.user, village_id)
    can_manage = can_manage_district(request.user, village.subdistrict.district_id)
    household_form = HouseholdForm(request.POST or None, prefix="hh")
    if request.method == "POST":
        village = access_village(request.user, village_id, manage=True)
        if household_form.is_valid():
            try:
                services.add_household(village=village, by=request.user, **household_form.cleaned_data)
            except ValidationError as exc:
                apply_errors(household_form, exc)
            else:
                messages.success(
                    request,
                    _("Household added. Next: record its spending in the village's expenditure forum."),
                )
                return redirect("households:village", village.pk)
    households = list(village.households.all())
    context = {
        "village": village,
        "can_manage": can_manage,
        "households": households,
        "household_form": household_form,
        "forum_form": ForumForm(prefix="forum"),
        "forums": village.expenditure_forums.all(),
        "plans": village.plans.all(),
        "community_forums": village.community_forums.all()[:10],
        "needs_count": NeedsAnswer.objects.filter(household__village=village).count(),
    }
    status = 422 if household_form.errors else 200
    return render(request, "households/village.html", context, status=status)


@require_POST
def forum_create(request: AuthedRequest, village_id: int) -> HttpResponse:
    village = access_village(request.user, village_id, manage=True)
    form = ForumForm(request.POST, prefix="forum")
    if form.is_valid():
        try:
            forum = services.create_forum(village=village, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Forum created. Record each household's spending."))
            return redirect("households:forum", forum.pk)
    return render(request, "households/forum_new.html", {"village": village, "form": form}, status=422)


def _month_text(month: dt.date) -> str:
    """A month as the month field takes it: 10/2569 (พ.ศ.)."""
    return f"{month.month:02d}/{month.year + 543}"


def _working_month(forum: ExpenditureForum, query: Any) -> str:
    """The month the form starts at: the one asked for (after a save, the month just recorded), else the
    latest month recorded at this forum, else the month before the forum was held."""
    try:
        return _month_text(thaidate.parse_month(query["month"]))
    except (KeyError, ValueError):
        pass
    latest = SpendingLine.objects.filter(forum=forum).aggregate(m=Max("month"))["m"]
    if latest is not None:
        return _month_text(latest)
    return _month_text(forum.held_on.replace(day=1) - dt.timedelta(days=1))


@require_http_methods(["GET", "POST"])
def forum_detail(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum = access_forum(request.user, forum_id)
    village = forum.village
    can_manage = can_manage_district(request.user, village.subdistrict.district_id)
    data = request.POST if request.method == "POST" else (request.GET if "household" in request.GET else None)
    header = SpendingHeaderForm(data, village=village, initial={"month": _working_month(forum, request.GET)})
    groups = _items_by_category()
    values: dict[int, str] = {}
    item_errors: dict[int, str] = {}
    if request.method == "GET" and header.is_valid():
        for line in SpendingLine.objects.filter(
            forum=forum, household=header.cleaned_data["household"], month=header.cleaned_data["month"]
        ):
            values[line.item_id] = f"{line.amount:,.2f}"
    if request.method == "POST":
        forum = access_forum(request.user, forum_id, manage=True)
        amounts: dict[SpendingItem, Decimal] = {}
        for _label, items in groups:
            for item in items:
                raw = request.POST.get(f"item_{item.pk}", "").strip()
                values[item.pk] = raw
                if not raw:
                    continue
                try:
                    amount = parse_amount(raw)
                except AmountError as exc:
                    item_errors[item.pk] = str(exc)
                    continue
                if amount == 0:
                    continue
                amounts[item] = amount
        if header.is_valid() and not item_errors:
            try:
                services.record_spending(
                    forum=forum,
                    household=header.cleaned_data["household"],
                    month=header.cleaned_data["month"],
                    amounts=amounts,
                    by=request.user,
                )
            except ValidationError as exc:
                for key, errs in exc.message_dict.items():
                    if key.startswith("item_"):
                        item_errors[int(key[5:])] = errs[0]
                    else:
                        header.add_error(key if key in header.fields else None, errs)
            else:
                messages.success(
                    request,
                    _("Spending saved for house %(no)s.") % {"no": header.cleaned_data["household"].house_no},
                )
                # the next household starts in the same month
                month = header.cleaned_data["month"]
                return redirect(f"{reverse('households:forum', args=[forum.pk])}?month={_month_text(month)}")
    recorded = (
        SpendingLine.objects.filter(forum=forum)
        .values("household_id", "household__house_no", "household__head_name", "month")
        .order_by("household__house_no", "month")
    )
    rows: dict[tuple[int, Any], dict[str, Any]] = {}
    for r in recorded:
        rows.setdefault((r["household_id"], r["month"]), {**r, "items": 0})["items"] += 1
    in_order = sorted(rows.values(), key=lambda r: (house_key(r["household__house_no"]), r["month"]))
    context = {
        "forum": forum,
        "village": village,
        "can_manage": can_manage,
        "header": header,
        "groups": groups,
        "values": values,
        "item_errors": item_errors,
        "recorded": in_order,
        "shown": request.method == "GET" and header.is_bound and header.is_valid(),
        "import_form": ImportFileForm(),
        # spending is recorded per household: with none in the village yet, the page points to the step before
        "no_households": not header.fields["household"].queryset.exists(),  # type: ignore[attr-defined]
    }
    status = 422 if (header.errors or item_errors) and request.method == "POST" else 200
    return render(request, "households/forum.html", context, status=status)


@require_POST
def forum_import(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum = access_forum(request.user, forum_id, manage=True)
    return _import_page(
        request,
        ImportFileForm(request.POST, request.FILES),
        lambda **file: imports.import_spending(forum=forum, **file),
        done=_("Imported: %(created)s new lines, %(updated)s changed, %(unchanged)s already there."),
        back=reverse("households:forum", args=[forum.pk]),
        title=_("Import spending"),
    )


@require_http_methods(["GET", "POST"])
def survey(request: AuthedRequest, village_id: int) -> HttpResponse:
    village = access_village(request.user, village_id)
    can_manage = can_manage_district(request.user, village.subdistrict.district_id)
    form = NeedForm(request.POST or None, village=village)
    if request.method == "POST":
        village = access_village(request.user, village_id, manage=True)
        if form.is_valid():
            try:
                services.save_need(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("households:survey", village.pk)
    answers = list(
        NeedsAnswer.objects.filter(household__village=village).select_related("household", "occupation")
    )
    by_occupation: dict[Any, list[NeedsAnswer]] = {}
    for a in answers:
        by_occupation.setdefault(a.occupation, []).append(a)
    villages = Village.objects.filter(pk=village.pk)
    _result, wants = analysis.analyse_area(villages, suppress=False)
    context = {
        "village": village,
        "can_manage": can_manage,
        "form": form,
        "by_occupation": sorted(by_occupation.items(), key=lambda kv: -len(kv[1])),
        "wants": [w for w in wants if w.households],
        "import_form": ImportFileForm(),
    }
    return render(request, "households/survey.html", context, status=422 if form.errors else 200)


@require_POST
def survey_import(request: AuthedRequest, village_id: int) -> HttpResponse:
    village = access_village(request.user, village_id, manage=True)
    return _import_page(
        request,
        ImportFileForm(request.POST, request.FILES),
        lambda **file: imports.import_survey(village=village, **file),
        done=_("Imported: %(created)s new answers, %(updated)s changed, %(unchanged)s already there."),
        back=reverse("households:survey", args=[village.pk]),
        title=_("Import the needs survey"),
    )


@require_POST
def withdraw_consent(request: AuthedRequest, household_id: int) -> HttpResponse:
    from .access import access_household

    household = access_household(request.user, household_id, manage=True)
    try:
        services.withdraw_consent(household=household, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Consent withdrawn: the household's spending and survey answers were deleted.")
        )
    return redirect("households:village", household.village_id)


@require_POST
def need_remove(request: AuthedRequest, answer_id: int) -> HttpResponse:
    answer = NeedsAnswer.objects.select_related("household").filter(pk=answer_id).first()
    if answer is None:
        raise Http404
    village = access_village(request.user, answer.household.village_id, manage=True)
    services.remove_need(answer=answer, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("households:survey", village.pk)


@require_http_methods(["GET", "POST"])
def household_import(request: AuthedRequest, code: str) -> HttpResponse:
    district = access_district(request.user, code, manage=True)
    return _import_page(
        request,
        HouseholdImportForm(request.POST or None, request.FILES or None),
        lambda **file: imports.import_households(district=district, **file),
        done=_("Imported: %(created)s new households, %(updated)s changed, %(unchanged)s already there."),
        back=reverse("places:district", args=[district.code]),
        title=_("Import households"),
        template="households",
        invalid_status=200,
    )


def _import_page(
    request: AuthedRequest,
    form: ImportFileForm,
    run: Callable[..., ImportResult],
    *,
    done: str,
    back: str,
    title: str,
    template: str = "",
    invalid_status: int = 422,
) -> HttpResponse:
    """Run an import of the posted file: on success say what changed and go back; otherwise show the file's
    refused rows (nothing was saved)."""
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = run(name=upload.name, content=upload.read(), by=request.user)
        if not result.errors:
            counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            messages.success(request, done % counts)
            return redirect(back)
    context = {"form": form, "result": result, "back": back, "title": title, "template": template}
    return render(
        request,
        "households/import_result.html",
        context,
        status=422 if result and result.errors else invalid_status,
    )


def import_template(request: AuthedRequest, kind: str) -> HttpResponse:
    if kind not in imports.TEMPLATES:
        raise Http404
    columns, example = imports.TEMPLATES[kind]
    response = HttpResponse(template_csv(columns, example), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
def item_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    can_add = user.is_superuser or any(p.district_id for p in user.current_postings)
    if not (can_add or user.current_postings):
        raise Http404
    form = ItemForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise Http404
        if form.is_valid():
            try:
                services.add_item(by=user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Item added to the list."))
                return redirect("households:items")
    return render(
        request,
        "households/items.html",
        {"groups": _items_by_category(), "form": form, "can_add": can_add},
        status=422 if form.errors else 200,
    )


def _area_villages(level: str, area: Any):
    if level == "village":
        return Village.objects.filter(pk=area.pk)
    if level == "subdistrict":
        return Village.objects.filter(subdistrict=area)
    if level == "district":
        return Village.objects.filter(subdistrict__district=area)
    return Village.objects.filter(subdistrict__district__province=area)


def area_title(level: str, area: Any) -> str:
    if isinstance(area, Village):
        return f"{area} ต.{area.subdistrict}"
    if isinstance(area, Subdistrict):
        return _("Subdistrict %(name)s") % {"name": area.name_th}
    if isinstance(area, District):
        return _("District %(name)s") % {"name": area.name_th}
    if isinstance(area, Province):
        return _("Province %(name)s") % {"name": area.name_th}
    return str(area)


def scaling_note(months: list[int]) -> str:
    """Says how a yearly figure was made when the forums recorded less (or more) than a year of spending."""
    if not months or months == [12]:
        return ""
    if len(months) == 1:
        n = months[0]
        factor = (Decimal(12) / n).quantize(Decimal("0.01")).normalize()
        return ngettext(
            "Yearly figures are the spending of the %(n)s month recorded × %(factor)s.",
            "Yearly figures are the spending of the %(n)s months recorded × 12 ÷ %(n)s (× %(factor)s).",
            n,
        ) % {"n": n, "factor": f"{factor:f}"}
    return _("Yearly figures scale each forum's recorded months to 12 months.")


def build_analysis(request: AuthedRequest, level: str, code: str) -> dict[str, Any]:
    area = access_area(request.user, level, code)
    villages = _area_villages(level, area)
    forum = None
    if level == "village":
        forums = list(area.expenditure_forums.all())  # type: ignore[attr-defined]
        chosen = request.GET.get("forum", "")
        forum = next((f for f in forums if str(f.pk) == chosen), forums[0] if forums else None)
        forum_ids = [forum.pk] if forum else []
        result, wants = analysis.analyse_forums(forum_ids, villages)
    else:
        forum_ids = analysis.latest_forums(villages)
        result, wants = analysis.analyse_forums(forum_ids, villages, suppress=True)
    if level != "village":
        result.opportunities = [i for i in result.opportunities if not i.suppressed]
    top = max((i.per_year for i in result.opportunities), default=Decimal(0))
    top_cat = max((c.per_year for c in result.categories), default=Decimal(0))
    context: dict[str, Any] = {
        "level": level,
        "area": area,
        "code": code,
        "title": area_title(level, area),
        "result": result,
        "wants": wants,
        "bars": [(i, bar_width(i.per_year, top)) for i in result.opportunities],
        "category_bars": [(c, bar_width(c.per_year, top_cat)) for c in result.categories],
        "category_labels": dict(SpendingCategory.choices),
        "forum": forum,
        "suppressed": sum(1 for i in result.items if i.suppressed),
        "small_cell": analysis.SMALL_CELL,
        "scaling_note": scaling_note(analysis.months_recorded(forum_ids)),
    }
    if level == "village":
        context["forums"] = forums
        context["comparison"] = analysis.compare_forums(area)  # type: ignore[arg-type]
        context["monthly"] = analysis.monthly(forum) if forum else []
        context["category_names"] = [label for _v, label in SpendingCategory.choices]
        context["can_manage"] = can_manage_district(request.user, area.subdistrict.district_id)  # type: ignore[attr-defined]
    return context


def area_analysis(request: AuthedRequest, level: str, code: str) -> HttpResponse:
    context = build_analysis(request, level, code)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _analysis_xlsx(context)
    if fmt == "pdf":
        return render_pdf(request, "households/analysis_pdf.html", context, f"analysis-{level}-{code}.pdf")
    return render(request, "households/analysis.html", context)


def _analysis_xlsx(context: dict[str, Any]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    result = context["result"]
    labels = context["category_labels"]
    wb = Workbook()
    ws = wb.active
    ws.title = "สรุป"
    bold = Font(bold=True)
    ws.append([context["title"]])
    ws["A1"].font = bold
    ws.append(["ครัวเรือน", result.households])
    ws.append(["รายจ่ายต่อปี (บาท)", result.per_year])
    ws.append(["รายจ่ายต่อครัวเรือนต่อปี (บาท)", result.per_household])
    ws.append(["รายจ่ายต่อเดือน (บาท)", result.per_month])
    ws.append(["สิ่งที่ผลิตเองได้ต่อปี (บาท)", result.local_per_year])
    ws.append([])
    ws.append(["หมวด", "ต่อปี (บาท)", "ต่อครัวเรือนต่อปี (บาท)", "ร้อยละ"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for c in result.categories:
        ws.append([str(labels[c.category]), c.per_year, c.per_household, float(c.percent)])
    items = wb.create_sheet("รายการ")
    items.append(
        [
            "รายการ",
            "หมวด",
            "ผลิตเองได้",
            "อาชีพ",
            "ครัวเรือนที่ซื้อ",
            "ต่อปี (บาท)",
            "ต่อครัวเรือนต่อปี (บาท)",
            "ครัวเรือนที่อยากทำ",
        ]
    )
    for cell in items[1]:
        cell.font = bold
    for i in result.items:
        if i.suppressed:
            continue
        items.append(
            [
                i.name,
                str(labels[i.category]),
                "ใช่" if i.can_make_locally else "",
                i.occupation_name,
                i.households,
                i.per_year,
                i.per_household,
                i.wanted_by,
            ]
        )
    wants = wb.create_sheet("อาชีพที่น่าทำ")
    wants.append(["อาชีพ", "รายการ", "ครัวเรือนที่ซื้อ", "ตลาดในพื้นที่ต่อปี (บาท)", "ครัวเรือนที่อยากทำ", "จำนวนคน"])
    for cell in wants[1]:
        cell.font = bold
    for w in context["wants"]:
        wants.append([w.occupation, ", ".join(w.items), w.buyers, w.per_year, w.households, w.people])
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
        sheet.column_dimensions["A"].width = 34
    if context.get("scaling_note"):
        summary = wb.worksheets[0]
        summary.append([])
        summary.append([context["scaling_note"]])
    return xlsx_response(wb, f"analysis-{context['level']}-{context['code']}.xlsx")


FORUM_SHEET_MONTHS = 3


def forum_sheet(request: AuthedRequest, forum_id: int) -> HttpResponse:
    """A household's spending on paper: the form's two header fields, then every item in the grid's order
    and groups, with a column per month (each column is one save of the form)."""
    forum = access_forum(request.user, forum_id)
    header = SpendingHeaderForm(village=forum.village)
    household = None
    if request.GET.get("household", "").isdigit():
        household = header.fields["household"].queryset.filter(pk=request.GET["household"]).first()  # type: ignore[attr-defined]
    path = reverse("households:forum", args=[forum.pk])
    if household is not None:
        path += f"?household={household.pk}"
    context = {
        "forum": forum,
        "village": forum.village,
        "household": household,
        "labels": {name: f.label for name, f in header.fields.items()},
        "groups": _items_by_category(),
        "months": range(FORUM_SHEET_MONTHS),
        "qr": page_qr(request, path),
    }
    return render_pdf(request, "households/forum_sheet_pdf.html", context, f"forum-{forum.pk}-sheet.pdf")
