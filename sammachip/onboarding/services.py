"""The steps of an import: read the file and match its columns, check every row in a dry run (the preview
is the real run, rolled back), let the officer correct a refused row, then confirm — all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammachip.accounts.models import User
from sammachip.core.models import record_event
from sammachip.core.tabular import TableError, raw_table, text
from sammachip.places.models import District

from .kinds import KINDS, Column, Context, RowProblem, raise_as_row, squash
from .models import ImportBatch


def cell_text(value: Any) -> str:
    """A cell as text to keep on the batch: Excel dates as ISO (which every date column reads)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return text(value)


def guess_mapping(columns: list[Column], headers: list[str]) -> dict[str, int]:
    """Our column → the file's column, by our header, the English key or a name officers use for it."""
    found: dict[str, int] = {}
    squashed = [squash(h).rstrip("*") for h in headers]
    for column in columns:
        names = {squash(n) for n in (column.header, column.key, *column.aliases)}
        for index, header in enumerate(squashed):
            if header in names and index not in found.values():
                found[column.key] = index
                break
    return found


def missing_columns(batch: ImportBatch) -> list[Column]:
    return [c for c in KINDS[batch.kind].columns if c.required and c.key not in batch.mapping]


@transaction.atomic
def start(*, district: District, kind: str, name: str, content: bytes, by: User) -> ImportBatch:
    """Read the file into a batch; raises TableError when the file itself cannot be read."""
    if kind not in KINDS:
        raise TableError(_("Choose what the file holds."))
    values = raw_table(name, content)
    headers = [cell_text(h) for h in values[0]]
    rows = [
        [number, [cell_text(v) for v in raw]]
        for number, raw in enumerate(values[1:], start=2)
        if any(cell_text(v) for v in raw)
    ]
    if not rows:
        raise TableError(
            _("The file has no rows to import (cells with formulas count as empty: paste values).")
        )
    batch = ImportBatch(
        district=district, kind=kind, file_name=name[:200], sha256=hashlib.sha256(content).hexdigest(),
        headers=headers, rows=rows, created_by=by,
    )  # fmt: skip
    batch.mapping = guess_mapping(KINDS[kind].columns, headers)
    batch.save()
    return batch


def ready(batch: ImportBatch) -> bool:
    """Every needed column matched: the rows can be checked."""
    return not missing_columns(batch)


def set_mapping(*, batch: ImportBatch, mapping: dict[str, int]) -> ImportBatch:
    """Keep the officer's matching of the file's columns; the rows are checked next (`check`)."""
    batch.mapping = {k: i for k, i in mapping.items() if 0 <= i < len(batch.headers)}
    used = list(batch.mapping.values())
    if len(used) != len(set(used)):
        raise ValidationError(_("One column of the file is matched twice."))
    missing = missing_columns(batch)
    if missing:
        raise ValidationError(
            _("Match these columns: %(columns)s") % {"columns": ", ".join(c.header for c in missing)}
        )
    batch.save(update_fields=["mapping"])
    return batch


def row_values(batch: ImportBatch, cells: list[str]) -> dict[str, str]:
    return {key: cells[i] if i < len(cells) else "" for key, i in batch.mapping.items()}


@dataclass
class RowOutcome:
    row: int
    action: str  # created, updated, unchanged or refused
    label: str
    column: str = ""
    message: str = ""
    values: dict[str, str] = field(default_factory=dict)


T = TypeVar("T")
STEP = 50  # rows between two progress reports


def drain(steps: Generator[tuple[int, int], None, T]) -> T:
    """Run a step generator to its end without reporting progress; its result."""
    while True:
        try:
            next(steps)
        except StopIteration as end:
            return end.value  # type: ignore[no-any-return]


def run_steps(
    batch: ImportBatch, *, by: User, commit: bool
) -> Generator[tuple[int, int], None, list[RowOutcome]]:
    """Every row through its kind's function in one transaction, each in a savepoint so a refused row
    leaves no trace; rolled back unless `commit` and no row was refused. Yields (rows done, rows) every
    STEP rows, so a long file can report its progress while it runs; returns the outcomes."""
    kind = KINDS[batch.kind]
    outcomes: list[RowOutcome] = []
    total = len(batch.rows)
    with transaction.atomic():
        ctx = Context(district=batch.district, by=by, file_name=batch.file_name, commit=commit)
        if kind.apply_many is not None:
            items = [(number, row_values(batch, cells)) for number, cells in batch.rows]
            steps = kind.apply_many(ctx, items)
            while True:
                try:
                    done = next(steps)
                except StopIteration as end:
                    results: list[str | RowProblem] = end.value
                    break
                if done % STEP == 0:
                    yield done, total
            for (number, values), result in zip(items, results, strict=True):
                label = (
                    " ".join(values.get(k, "") for k in kind.label_columns if values.get(k)) or f"#{number}"
                )
                if isinstance(result, RowProblem):
                    outcomes.append(
                        RowOutcome(number, "refused", label, result.column, result.message, values)
                    )
                else:
                    outcomes.append(RowOutcome(number, result, label, values=values))
        for done, (number, cells) in enumerate(batch.rows if kind.apply_many is None else []):
            if done % STEP == 0:
                yield done, total
            values = row_values(batch, cells)
            label = " ".join(values.get(k, "") for k in kind.label_columns if values.get(k)) or f"#{number}"
            try:
                with transaction.atomic():
                    action = kind.apply(ctx, values, number)
            except RowProblem as problem:
                outcomes.append(RowOutcome(number, "refused", label, problem.column, problem.message, values))
            except ValidationError as exc:
                found = raise_as_row(exc, {})
                outcomes.append(RowOutcome(number, "refused", label, found.column, found.message, values))
            else:
                outcomes.append(RowOutcome(number, action, label, values=values))
        refused = any(o.action == "refused" for o in outcomes)
        if commit and not refused:
            counts = summary(outcomes)
            record_event(target=batch.district, verb="onboarding.import.confirmed", actor=by,
                         data={"kind": batch.kind, "file": batch.file_name, "sha256": batch.sha256, **counts})  # fmt: skip
        else:
            transaction.set_rollback(True)
    yield total, total
    return outcomes


def run(batch: ImportBatch, *, by: User, commit: bool) -> list[RowOutcome]:
    return drain(run_steps(batch, by=by, commit=commit))


def _as_dict(o: RowOutcome) -> dict[str, Any]:
    """`asdict` without its deep copy: a row's values are plain strings."""
    return {"row": o.row, "action": o.action, "label": o.label, "column": o.column, "message": o.message,
            "values": dict(o.values)}  # fmt: skip


def summary(outcomes: list[RowOutcome]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
    for o in outcomes:
        counts[o.action] += 1
    return counts


def check_steps(batch: ImportBatch, by: User) -> Generator[tuple[int, int], None, ImportBatch]:
    """The preview: a dry run of every row, kept on the batch for the page."""
    outcomes = yield from run_steps(batch, by=by, commit=False)
    batch.preview = {"counts": summary(outcomes), "rows": [_as_dict(o) for o in outcomes]}
    batch.status = ImportBatch.Status.PREVIEW
    batch.save(update_fields=["preview", "status"])
    return batch


def check(batch: ImportBatch, by: User) -> ImportBatch:
    return drain(check_steps(batch, by))


def fix_row(*, batch: ImportBatch, row: int, values: dict[str, str]) -> ImportBatch:
    """The officer corrects a refused row on the preview; the file's other rows stay as they were."""
    for item in batch.rows:
        if item[0] == row:
            cells = list(item[1]) + [""] * (len(batch.headers) - len(item[1]))
            for key, index in batch.mapping.items():
                if key in values:
                    cells[index] = values[key].strip()
            item[1] = cells
            break
    else:
        raise ValidationError(_("This row is not in the file."))
    batch.save(update_fields=["rows"])
    return batch


def confirm_steps(*, batch: ImportBatch, by: User) -> Generator[tuple[int, int], None, dict[str, int]]:
    """Write every row, or nothing: a row refused now (someone changed the data since the preview) stops
    the whole file and the preview shows why."""
    if batch.status == ImportBatch.Status.DONE:
        raise ValidationError(_("This file is already imported."))
    outcomes = yield from run_steps(batch, by=by, commit=True)
    counts = summary(outcomes)
    batch.preview = {"counts": counts, "rows": [_as_dict(o) for o in outcomes]}
    if counts["refused"]:
        batch.save(update_fields=["preview"])
        raise ValidationError(
            _("Some rows are refused: nothing was imported. Correct them and confirm again.")
        )
    batch.status, batch.confirmed_at = ImportBatch.Status.DONE, timezone.now()
    batch.save(update_fields=["preview", "status", "confirmed_at"])
    return counts


def confirm(*, batch: ImportBatch, by: User) -> dict[str, int]:
    return drain(confirm_steps(batch=batch, by=by))
