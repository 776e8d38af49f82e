from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sammachip.accounts.access import can_manage_staff, sees_national_ids_in_district
from sammachip.accounts.models import StaffPosting
from sammachip.accounts.types import AuthedRequest
from sammachip.bookkeeping.models import Entry
from sammachip.core.tabular import TableError
from sammachip.core.thaiid import mask_national_id, normalize_national_id
from sammachip.core.views_util import xlsx_response
from sammachip.groups.models import SINGLE_ROLES, Charter, CommitteeSeat, OccupationGroup
from sammachip.places.access import access_district
from sammachip.places.models import District, Village

from . import services
from .access import access_batch, visible_batches
from .forms import UploadForm
from .kinds import KINDS
from .models import ImportBatch

# The order a district brings its records in: each import finds what the one before it created.
ORDER = ["villages", "groups", "members", "committee", "charters", "opening", "work"]


def _steps(district: District, *, can_head: bool) -> list[dict]:
    """Each step links to the page that does it; inviting officers is the district head's, so an officer
    reads who does it instead of a link to a page they may not open."""
    groups = OccupationGroup.objects.filter(village__subdistrict__district=district).active()
    n_groups = groups.count()
    villages = Village.objects.in_district(district).count()
    officers = (
        StaffPosting.objects.current()  # type: ignore[attr-defined]
        .filter(district=district, role=StaffPosting.Role.OFFICER)
        .count()
    )
    members = groups.aggregate(n=Count("memberships", filter=Q(memberships__left_on__isnull=True)))["n"]
    full = (
        CommitteeSeat.objects.filter(group__in=groups, ended_on__isnull=True, role__in=[r.value for r in SINGLE_ROLES])
        .values("group_id").annotate(n=Count("role", distinct=True)).filter(n=len(SINGLE_ROLES)).count()
    )  # fmt: skip
    charters = Charter.objects.filter(group__in=groups, status=Charter.Status.ADOPTED).count()
    # A group's books have begun once they hold a balance brought forward or any entry (a group that held
    # no money starts with its first entry).
    books_begun = Entry.objects.filter(group__in=groups).values("group_id").distinct().count()
    imports = reverse("onboarding:imports", args=[district.code])
    return [
        {"key": "villages", "done": villages > 0, "figure": villages, "of": None,
         "href": reverse("places:district", args=[district.code]), "text": _("Villages entered")},
        {"key": "officers", "done": officers > 0, "figure": officers, "of": None,
         "href": reverse("staff", args=[district.code]) if can_head else "",
         "by": "" if can_head else _("The district head invites the officers."),
         "text": _("Officers invited, each with their subdistricts")},
        {"key": "groups", "done": n_groups > 0, "figure": n_groups, "of": None, "href": imports + "?kind=groups",
         "text": _("Groups brought in from the office's sheets")},
        {"key": "members", "done": n_groups > 0 and members >= n_groups * settings.SAMMACHIP_MIN_MEMBERS,
         "figure": members, "of": None, "href": imports + "?kind=members", "text": _("Members of every group")},
        {"key": "committee", "done": n_groups > 0 and full == n_groups, "figure": full, "of": n_groups,
         "href": imports + "?kind=committee", "text": _("Groups with every committee seat filled")},
        {"key": "charters", "done": n_groups > 0 and charters == n_groups, "figure": charters, "of": n_groups,
         "href": imports + "?kind=charters", "text": _("Groups with a charter in force")},
        {"key": "opening", "done": n_groups > 0 and books_begun == n_groups, "figure": books_begun, "of": n_groups,
         "href": imports + "?kind=opening",
         "text": _("Groups whose books have begun: the money they held brought forward, or their first entry")},
    ]  # fmt: skip


def checklist(request: AuthedRequest, code: str) -> HttpResponse:
    """A new district office's first steps, each with what is done and a link to the page that does it."""
    district = access_district(request.user, code, manage=True)
    can_head = can_manage_staff(request.user, district.pk)
    steps = _steps(district, can_head=can_head)
    done = sum(1 for s in steps if s["done"])
    return render(
        request,
        "onboarding/checklist.html",
        {
            "district": district,
            "steps": steps,
            "done": done,
            "can_head": can_head,
        },
    )


@require_http_methods(["GET", "POST"])
def imports(request: AuthedRequest, code: str) -> HttpResponseBase:
    district = access_district(request.user, code, manage=True)
    kind = request.GET.get("kind", "groups")
    form = UploadForm(request.POST or None, request.FILES or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.start(
                district=district, kind=form.cleaned_data["kind"], name=upload.name, content=upload.read(),
                by=request.user,
            )  # fmt: skip
        except TableError as exc:
            form.add_error("file", str(exc))
        else:
            url = reverse("onboarding:batch", args=[batch.pk])
            if not services.ready(batch):
                return redirect(url)
            return _run(request, services.check_steps(batch, request.user), lambda _b: url)
    kinds = [(k, label, [c for c in KINDS[k].columns]) for k, label in ImportBatch.Kind.choices if k in KINDS]
    recent = visible_batches(request.user, district)[:20]
    return render(
        request, "onboarding/imports.html",
        {"district": district, "form": form, "kinds": kinds, "recent": recent, "kind": kind},
        status=422 if form.errors else 200,
    )  # fmt: skip


def template(request: AuthedRequest, code: str, kind: str) -> HttpResponse:
    """The Excel template of an import: our Thai headers (required ones marked *) and an example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    district = access_district(request.user, code, manage=True)
    if kind not in KINDS:
        raise Http404
    columns = KINDS[kind].columns
    wb = Workbook()
    ws = wb.active
    ws.title = str(ImportBatch.Kind(kind).label)[:30]
    ws.append([c.header + (" *" if c.required else "") for c in columns])
    ws.append([c.example for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(
            12, len(c.header) + 6, len(c.example) + 2
        )
    return xlsx_response(wb, f"{district.code}-{kind}-template.xlsx")


@require_http_methods(["GET", "POST"])
def batch_page(request: AuthedRequest, batch_id: int) -> HttpResponseBase:
    """One import: match the file's columns, read the preview, correct refused rows, confirm."""
    batch = access_batch(request.user, batch_id)
    columns = KINDS[batch.kind].columns
    sees_ids = sees_national_ids_in_district(request.user, batch.district_id)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if batch.status == ImportBatch.Status.DONE:
                raise ValidationError(_("This file is already imported."))
            here = reverse("onboarding:batch", args=[batch.pk])
            if action == "mapping":
                mapping = {}
                for c in columns:
                    raw = request.POST.get(f"map_{c.key}", "")
                    if raw.isdigit():
                        mapping[c.key] = int(raw)
                services.set_mapping(batch=batch, mapping=mapping)
                return _run(request, services.check_steps(batch, request.user), lambda _b: here)
            elif action == "fix":
                row = int(request.POST.get("row", "0") or 0)
                values = {
                    c.key: request.POST.get(f"cell_{c.key}", "") for c in columns if c.key in batch.mapping
                }
                if not sees_ids:
                    _keep_masked_id(batch, row, values)
                services.fix_row(batch=batch, row=row, values=values)
                return _run(request, services.check_steps(batch, request.user), lambda _b: here)
            elif action == "confirm":
                if _progress_wanted(request):
                    return _stream(
                        services.confirm_steps(batch=batch, by=request.user), lambda _c: here, here
                    )
                counts = services.confirm(batch=batch, by=request.user)
                messages.success(
                    request,
                    _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s already there.")
                    % counts,
                )
                return redirect(_next_page(batch))
            else:
                raise Http404
        except ValidationError as exc:
            error = " ".join(exc.messages)
    remap = request.GET.get("remap") == "1" or batch.status == ImportBatch.Status.MAPPING
    context = {
        "batch": batch, "district": batch.district, "columns": columns, "error": error,
        "remap": remap and batch.status != ImportBatch.Status.DONE,
        "missing": services.missing_columns(batch), "counts": batch.preview.get("counts", {}),
        "next_page": _next_page(batch),
        "rows": _preview_rows(batch, sees_ids), "mapped": [c for c in columns if c.key in batch.mapping],
    }  # fmt: skip
    return render(request, "onboarding/batch.html", context, status=422 if error else 200)


def _progress_wanted(request: AuthedRequest) -> bool:
    """The page's script asks for progress while a long file runs; without it the answer is a redirect."""
    return request.headers.get("X-Progress") == "1"


def _stream(
    steps: Iterator[tuple[int, int]], finish: Callable[[Any], str], failed: str
) -> StreamingHttpResponse:
    """One long run, still one request and one transaction, reporting as it goes: lines "progress <done>
    <total>", then "go <url>" — the page to open next (`failed` when the run refused the file)."""

    def lines() -> Iterator[str]:
        try:
            while True:
                try:
                    done, total = next(steps)
                except StopIteration as end:
                    yield f"go {finish(end.value)}\n"
                    return
                yield f"progress {done} {total}\n"
        except ValidationError:
            yield f"go {failed}\n"

    response = StreamingHttpResponse(lines(), content_type="text/plain; charset=utf-8")
    response["X-Progress-Stream"] = "1"
    response["X-Accel-Buffering"] = "no"  # a reverse proxy passes each line on at once
    response["Cache-Control"] = "no-store"
    return response


def _run(
    request: AuthedRequest, steps: Generator[tuple[int, int], None, Any], finish: Callable[[Any], str]
) -> HttpResponseBase:
    if _progress_wanted(request):
        return _stream(steps, finish, finish(None))
    return redirect(finish(services.drain(steps)))


def _preview_rows(batch: ImportBatch, sees_ids: bool) -> list[dict]:
    """Refused rows first (they need the officer), then the rest in file order; at most 500 shown. National
    IDs masked (in the row and in the reason) for anyone who would not see them on the member page."""
    rows = list(batch.preview.get("rows", []))
    rows.sort(key=lambda r: (r["action"] != "refused", r["row"]))
    return [r if sees_ids else _masked(r) for r in rows[:500]]


def _masked(row: dict) -> dict:
    given = row.get("values", {}).get("national_id", "")
    if not given:
        return row
    masked = mask_national_id(normalize_national_id(given))
    message = row.get("message", "").replace(given, masked).replace(normalize_national_id(given), masked)
    return {**row, "values": {**row["values"], "national_id": masked}, "message": message}


def _keep_masked_id(batch: ImportBatch, row: int, values: dict[str, str]) -> None:
    """A correction posted by someone who saw the ID masked: the masked text sent back means "as it was"."""
    index = batch.mapping.get("national_id")
    if index is None or "national_id" not in values:
        return
    cells: list[str] = next((cells for number, cells in batch.rows if number == row), [])
    current = cells[index] if index < len(cells) else ""
    if current and values["national_id"].strip() == mask_national_id(normalize_national_id(current)):
        values["national_id"] = current


def _next_page(batch: ImportBatch) -> str:
    following = ORDER[ORDER.index(batch.kind) + 1 :] if batch.kind in ORDER else []
    url = reverse("onboarding:checklist", args=[batch.district.code])
    return url + (f"#{following[0]}" if following else "")
